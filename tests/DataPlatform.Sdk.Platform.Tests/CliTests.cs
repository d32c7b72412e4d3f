using System.Text.Json;
using DataPlatform.Sdk.Cli;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>The dataplatform command, through its command logic and as a real process.</summary>
public sealed class CliTests : IDisposable
{
    private readonly SampleRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private static (int Code, string Out, string Err) Run(Func<TextWriter, TextWriter, int> command) => TestCli.Run(command);

    private void PlantDefect() => _repo.Replace("clusters/dev/cluster-config.yaml", "./infrastructure/overlays/dev", "./infrastructure/overlays/qa");

    [Fact]
    public void Validate_CleanRepository_ExitsZero()
    {
        var (code, output, _) = Run((o, e) => Commands.Validate(_repo.Root, "text", o, e));
        code.ShouldBe(0, output);
    }

    [Fact]
    public void Validate_Errors_ExitOneWithCanonicalLines()
    {
        PlantDefect();
        var (code, output, _) = Run((o, e) => Commands.Validate(_repo.Root, "text", o, e));
        code.ShouldBe(1);
        output.ShouldContain($"clusters/dev/cluster-config.yaml({_repo.LineOf("clusters/dev/cluster-config.yaml", "overlays/qa")},3): error DPR001: ");
    }

    [Fact]
    public void Validate_Json_HasTheDocumentedShape()
    {
        PlantDefect();
        var (_, output, _) = Run((o, e) => Commands.Validate(_repo.Root, "json", o, e));
        using var doc = JsonDocument.Parse(output);
        var d = doc.RootElement.GetProperty("diagnostics").EnumerateArray().Single(x => x.GetProperty("code").GetString() == "DPR001");
        d.GetProperty("file").GetString().ShouldBe("clusters/dev/cluster-config.yaml");
        d.GetProperty("severity").GetString().ShouldBe("error");
        d.GetProperty("line").GetInt32().ShouldBeGreaterThan(0);
        d.GetProperty("pointer").GetString().ShouldBe("/spec/path");
    }

    [Fact]
    public void Validate_Sarif_IsSarif210WithRuleAndRegion()
    {
        PlantDefect();
        var (_, output, _) = Run((o, e) => Commands.Validate(_repo.Root, "sarif", o, e));
        using var doc = JsonDocument.Parse(output);
        doc.RootElement.GetProperty("version").GetString().ShouldBe("2.1.0");
        var run = doc.RootElement.GetProperty("runs")[0];
        run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ShouldContain(r => r.GetProperty("id").GetString() == "DPR001");
        var result = run.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "DPR001");
        result.GetProperty("level").GetString().ShouldBe("error");
        var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        location.GetProperty("artifactLocation").GetProperty("uri").GetString().ShouldBe("clusters/dev/cluster-config.yaml");
        location.GetProperty("region").GetProperty("startLine").GetInt32().ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Validate_GitHub_PrintsAnnotations()
    {
        PlantDefect();
        var (_, output, _) = Run((o, e) => Commands.Validate(_repo.Root, "github", o, e));
        output.ShouldContain("::error file=clusters/dev/cluster-config.yaml,line=");
        output.ShouldContain("title=DPR001::");
    }

    [Fact]
    public void Validate_IgnoreAndSeverity_FromTheCommandLineAndTheRepositorySettings()
    {
        PlantDefect(); // DPR001
        Run((o, e) => Commands.Validate(_repo.Root, "text", o, e, ignore: ["DPR001"])).Code.ShouldBe(0);
        var lowered = Run((o, e) => Commands.Validate(_repo.Root, "text", o, e, severity: ["DPR001=warning"]));
        lowered.Code.ShouldBe(0);
        lowered.Out.ShouldContain("warning DPR001");

        _repo.Write(".dataplatform.yaml", "ignore: [DPR001]\n");
        Run((o, e) => Commands.Validate(_repo.Root, "text", o, e)).Code.ShouldBe(0);
        Run((o, e) => Commands.Validate(_repo.Root, "text", o, e, severity: ["DPR001=error"])).Code.ShouldBe(1, "the command line wins over the file");

        var unknown = Run((o, e) => Commands.Validate(_repo.Root, "text", o, e, ignore: ["DPR01"]));
        unknown.Code.ShouldBe(2);
        unknown.Err.ShouldContain("did you mean DPR001?");
    }

    [Fact]
    public void Plan_ExitCode_SaysWhetherSomethingWouldChange()
    {
        var target = Path.Combine(Path.GetTempPath(), "dp-plan-" + Guid.NewGuid().ToString("N"));
        Run((o, e) => Commands.Plan(target, Layout.RepositoryProfile.Simplified, example: false, o, exitCode: true)).Code.ShouldBe(1);
        Run((o, e) => Commands.Init(target, Layout.RepositoryProfile.Simplified, example: false, o, e)).Code.ShouldBe(0);
        try
        {
            var again = Run((o, e) => Commands.Plan(target, Layout.RepositoryProfile.Simplified, example: false, o, exitCode: true));
            again.Code.ShouldBe(0, again.Out);
            again.Out.ShouldContain("0 added, 0 changed, 0 deleted");
        }
        finally
        {
            Directory.Delete(target, recursive: true);
        }
    }

    [Fact]
    public void Validate_reports_its_phases_to_a_progress_writer_only_when_given_one()
    {
        using var progress = new StringWriter();
        var quiet = Run((o, e) => Commands.Validate(_repo.Root, "text", o, e));
        var shown = Run((o, e) => Commands.Validate(_repo.Root, "text", o, e, progress: progress));

        quiet.Err.ShouldNotContain("checking the repository as a whole");
        shown.Code.ShouldBe(quiet.Code);
        shown.Out.ShouldBe(quiet.Out, "progress never mixes with the report");
        progress.ToString().ShouldContain("files in ");
        progress.ToString().ShouldContain("checking the repository as a whole");
        progress.ToString().ShouldMatch(@"checked \d+ objects");
    }

    [Fact]
    public void Validate_SingleFile_And_MissingPath()
    {
        Run((o, e) => Commands.Validate(Path.Combine(_repo.Root, "clusters/dev/cluster-config.yaml"), "text", o, e)).Code.ShouldBe(0);
        Run((o, e) => Commands.Validate(Path.Combine(_repo.Root, "nope"), "text", o, e)).Code.ShouldBe(2);
    }

    [Fact]
    public void Fmt_KeepsCommentsAndRewritesLayout_CheckReportsWithoutWriting()
    {
        var file = "tenants/base/finance-team/tenant.yaml";
        var messy = "# finance tenant\napiVersion: v1\nkind: Namespace\nmetadata: {name: finance-team, labels: {toolkit.fluxcd.io/tenant: finance-team}}   # inline\n";
        var rest = string.Join("---\n", _repo.Read(file).Split("---\n").Skip(1));
        _repo.Write(file, messy + "---\n" + rest);

        Run((o, e) => Commands.Format(_repo.Root, check: true, o, e)).Code.ShouldBe(1);
        _repo.Read(file).ShouldStartWith(messy, Case.Sensitive, "--check must not write");

        var (code, output, _) = Run((o, e) => Commands.Format(_repo.Root, check: false, o, e));
        code.ShouldBe(0);
        output.ShouldContain("reformatted " + file);
        // The comment after the one-line flow mapping stays on the line of the key that holds it.
        _repo.Read(file).ShouldStartWith("# finance tenant\napiVersion: v1\nkind: Namespace\nmetadata: # inline\n  name: finance-team\n  labels:\n    toolkit.fluxcd.io/tenant: finance-team\n---\n");
        Run((o, e) => Commands.Format(_repo.Root, check: true, o, e)).Code.ShouldBe(0);
        _repo.Validate().Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Fmt_UnreadableFile_IsLeftAloneAndReported()
    {
        _repo.Write("broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n");
        var (code, _, err) = Run((o, e) => Commands.Format(_repo.Root, check: false, o, e));
        code.ShouldBe(1);
        err.ShouldContain("broken.yaml: not formatted");
        _repo.Read("broken.yaml").ShouldBe("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n");
    }

    [Fact]
    public void Process_UsageErrorsExitTwo_AndHelpWorks()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "dataplatform.dll");
        RealTools.Run("dotnet", [dll, "validate"]).ExitCode.ShouldBe(2);
        RealTools.Run("dotnet", [dll, "validate", _repo.Root, "--format", "xml"]).ExitCode.ShouldBe(2);
        var help = RealTools.Run("dotnet", [dll, "--help"]);
        help.ExitCode.ShouldBe(0);
        help.Stdout.ShouldContain("validate");
        help.Stdout.ShouldContain("fmt");
        var run = RealTools.Run("dotnet", [dll, "validate", _repo.Root, "--format", "json"]);
        run.ExitCode.ShouldBe(0, run.Stderr);
        run.Stderr.ShouldNotContain("   at ");
    }
}
