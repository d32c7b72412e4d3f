using System.Text;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>docs/diagnostics.md lists every code of every package; regenerate with DP_UPDATE_DOCS=1.</summary>
public class DiagnosticsDocTests
{
    private const string Begin = "<!-- BEGIN GENERATED: diagnostics -->";
    private const string End = "<!-- END GENERATED: diagnostics -->";

    [Fact]
    public void DiagnosticsDoc_ListsEveryCode_WithSeverityAndFix()
    {
        var descriptors = KindRegistry.Default.Modules.SelectMany(m => m.Diagnostics)
            .GroupBy(d => d.Code).Select(g => g.First()).OrderBy(d => d.Code, StringComparer.Ordinal).ToList();
        descriptors.Select(d => d.Code[..3]).Distinct().ShouldBe(["DPC", "DPD", "DPE", "DPF", "DPK", "DPL", "DPR", "DPS", "DPW"], ignoreOrder: true);

        var table = new StringBuilder();
        table.Append("| Code | Severity | Title | Fix |\n|---|---|---|---|\n");
        foreach (var d in descriptors)
        {
            table.Append("| ").Append(d.Code).Append(" | ").Append(Diagnostic.SeverityText(d.DefaultSeverity))
                .Append(" | ").Append(d.Title).Append(" | ").Append(d.Help.Replace("|", "\\|", StringComparison.Ordinal)).Append(" |\n");
        }

        var path = Path.Combine(TestPaths.RepoRoot, "docs", "diagnostics.md");
        var text = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        var current = start >= 0 && end > start ? text[(start + Begin.Length)..end].Trim('\n') : null;
        if (Environment.GetEnvironmentVariable("DP_UPDATE_DOCS") == "1" && start >= 0 && end > start)
        {
            File.WriteAllText(path, text[..(start + Begin.Length)] + "\n" + table + text[end..]);
            return;
        }

        current.ShouldBe(table.ToString().TrimEnd('\n'), "docs/diagnostics.md is out of date: run the tests with DP_UPDATE_DOCS=1 and commit the file.");
    }
}
