using System.Text.Json;
using DataPlatform.Sdk.Diagnostics;

namespace DataPlatform.Sdk.Tests.Diagnostics;

public class ReportTests
{
    [Fact]
    public void Report_SortsByFileLineColumnCode()
    {
        var report = new ValidationReport(
        [
            new Diagnostic("DPS002", DiagnosticSeverity.Error, "b", "", new SourceLocation("b.yaml", 1, 1)),
            new Diagnostic("DPS001", DiagnosticSeverity.Error, "a2", "", new SourceLocation("a.yaml", 3, 1)),
            new Diagnostic("DPS003", DiagnosticSeverity.Warning, "a1", "", new SourceLocation("a.yaml", 1, 5)),
        ]);
        report.Diagnostics.Select(d => d.Message).ShouldBe(["a1", "a2", "b"]);
    }

    [Fact]
    public void Diagnostic_ToString_UsesMsBuildFormat()
    {
        var d = new Diagnostic("DPF003", DiagnosticSeverity.Error, "Bad.", "/spec/interval", new SourceLocation("x.yaml", 4, 3), "Use 10m.");
        d.ToString().ShouldBe("x.yaml(4,3): error DPF003: Bad. [/spec/interval] Fix: Use 10m.");
    }

    [Fact]
    public void Report_ToJson_HasTheDocumentedShape()
    {
        var report = new ValidationReport([new Diagnostic("DPS001", DiagnosticSeverity.Error, "m", "/a", new SourceLocation("f.yaml", 2, 3))]);
        using var doc = JsonDocument.Parse(report.ToJson());
        var d = doc.RootElement.GetProperty("diagnostics")[0];
        d.GetProperty("code").GetString().ShouldBe("DPS001");
        d.GetProperty("severity").GetString().ShouldBe("error");
        d.GetProperty("file").GetString().ShouldBe("f.yaml");
        d.GetProperty("line").GetInt32().ShouldBe(2);
        d.GetProperty("column").GetInt32().ShouldBe(3);
        d.GetProperty("pointer").GetString().ShouldBe("/a");
    }

    [Fact]
    public void ThrowIfErrors_WithWarningsOnly_DoesNotThrow()
    {
        new ValidationReport([new Diagnostic("X", DiagnosticSeverity.Warning, "w")]).ThrowIfErrors();
    }
}
