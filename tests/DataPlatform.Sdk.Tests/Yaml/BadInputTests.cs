using System.Diagnostics;
using System.Text;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Tests.Yaml;

public class BadInputTests
{
    private static Diagnostic Single(LoadResult result, string code)
    {
        var matches = result.Diagnostics.Diagnostics.Where(d => d.Code == code).ToList();
        matches.ShouldNotBeEmpty($"expected {code}, got:\n{result.Diagnostics}");
        return matches[0];
    }

    [Fact]
    public void Load_MalformedYaml_ReportsDps001WithLine()
    {
        var result = ManifestLoader.LoadString("a: 1\nb: [1, 2\nc: 3\n", "bad.yaml");
        var d = Single(result, "DPS001");
        d.FilePath.ShouldBe("bad.yaml");
        d.Line.ShouldBeGreaterThan(1);
        d.Severity.ShouldBe(DiagnosticSeverity.Error);
    }

    [Fact]
    public void Load_TabIndentation_ReportsDps001OnThatLine()
    {
        var result = ManifestLoader.LoadString("a:\n\tb: 1\n", "tabs.yaml");
        Single(result, "DPS001").Line.ShouldBe(2);
    }

    [Fact]
    public void Load_DuplicateKey_ReportsDps002AtSecondKey()
    {
        var result = ManifestLoader.LoadString("apiVersion: v1\nkind: Thing\nmetadata:\n  name: a\n  name: b\n", "dup.yaml");
        var d = Single(result, "DPS002");
        (d.Line, d.Column).ShouldBe((5, 3));
    }

    [Fact]
    public void Load_BillionLaughs_ReportsDps006QuicklyAndBounded()
    {
        var sb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\nl0: &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 1; i < 10; i++)
        {
            sb.Append($"l{i}: &l{i} [").Append(string.Join(",", Enumerable.Repeat($"*l{i - 1}", 9))).Append("]\n");
        }

        var watch = Stopwatch.StartNew();
        var result = ManifestLoader.LoadString(sb.ToString(), "bomb.yaml");
        watch.Stop();
        Single(result, "DPS006").Severity.ShouldBe(DiagnosticSeverity.Error);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Load_TenThousandDeepNesting_ReportsDps005()
    {
        var text = "a: " + new string('[', 10_000) + new string(']', 10_000) + "\n";
        var result = ManifestLoader.LoadString(text, "deep.yaml");
        Single(result, "DPS005").Line.ShouldBe(1);
    }

    [Fact]
    public void Load_DeepBlockNesting_ReportsDps005()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 400; i++)
        {
            sb.Append(' ', i * 2).Append("k:\n");
        }

        sb.Append(' ', 800).Append("v: 1\n");
        Single(ManifestLoader.LoadString(sb.ToString(), "deep.yaml"), "DPS005");
    }

    [Fact]
    public void Load_HugeFile_ReportsDps004WithoutReadingIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dp-huge-{Guid.NewGuid():N}.yaml");
        try
        {
            using (var fs = File.Create(path))
            {
                fs.SetLength(100L * 1024 * 1024);
            }

            var result = ManifestLoader.LoadFile(path);
            Single(result, "DPS004").Line.ShouldBe(1);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_HugeScalarInMemory_ReportsDps004()
    {
        var bytes = new byte[20 * 1024 * 1024];
        bytes.AsSpan().Fill((byte)'a');
        var result = YamlReader.ReadBytes(bytes, "big.yaml");
        result.Diagnostics.ShouldContain(d => d.Code == "DPS004");
    }

    [Fact]
    public void Read_InvalidUtf8_ReportsDps003WithLine()
    {
        var bytes = Encoding.UTF8.GetBytes("a: 1\nb: x").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\n")).ToArray();
        var result = YamlReader.ReadBytes(bytes, "enc.yaml");
        var d = result.Diagnostics.Single(x => x.Code == "DPS003");
        d.Line.ShouldBe(2);
        d.Column.ShouldBe(5);
    }

    [Fact]
    public void Read_Bom_ReportsInfoAndStillReads()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("a: 1\n")).ToArray();
        var result = YamlReader.ReadBytes(bytes, "bom.yaml");
        result.Diagnostics.ShouldContain(d => d.Code == "DPS017" && d.Severity == DiagnosticSeverity.Info);
        result.Documents.Count.ShouldBe(1);
        YamlEmitter.Emit(result.Documents).ShouldBe("a: 1\n");
    }

    [Fact]
    public void Read_CrLf_ReportsInfo()
    {
        YamlReader.ReadString("a: 1\r\n").Diagnostics.ShouldContain(d => d.Code == "DPS018");
    }

    [Fact]
    public void Load_DocumentThatIsAList_ReportsDps007()
    {
        var d = Single(ManifestLoader.LoadString("- a\n- b\n", "list.yaml"), "DPS007");
        d.Line.ShouldBe(1);
    }

    [Fact]
    public void Load_MissingKind_ReportsDps008()
    {
        Single(ManifestLoader.LoadString("apiVersion: v1\nmetadata:\n  name: x\n", "x.yaml"), "DPS008");
    }

    [Fact]
    public void Load_UnknownKind_WarnsAndKeepsContent()
    {
        var result = ManifestLoader.LoadString("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 3 # small\n", "w.yaml");
        Single(result, "DPS009").Severity.ShouldBe(DiagnosticSeverity.Warning);
        var generic = result.Objects.OfType<GenericManifest>().Single();
        generic.Kind.ShouldBe("Widget");
        ManifestSerializer.ToYaml(generic).ShouldBe("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 3 # small\n");
    }

    [Fact]
    public void Load_UndefinedAlias_ReportsDps001()
    {
        Single(ManifestLoader.LoadString("a: *nothing\n", "alias.yaml"), "DPS001");
    }

    [Fact]
    public void Load_ComplexKey_ReportsDps016()
    {
        Single(ManifestLoader.LoadString("? [a, b]\n: value\n", "complex.yaml"), "DPS016").Severity.ShouldBe(DiagnosticSeverity.Error);
    }

    [Fact]
    public void Load_SpecialFloat_WarnsAndKeepsText()
    {
        var result = ManifestLoader.LoadString("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  limit: .inf\n", "f.yaml");
        Single(result, "DPS016").Severity.ShouldBe(DiagnosticSeverity.Warning);
        ManifestSerializer.ToYaml(result.Objects.Single()).ShouldContain("limit: .inf");
    }

    [Fact]
    public void Load_MissingFile_ReportsDiagnosticNotException()
    {
        var result = ManifestLoader.LoadFile("/nonexistent/dir/file.yaml");
        result.Diagnostics.IsValid.ShouldBeFalse();
    }

    [Fact]
    public void Load_DocumentsBeforeSyntaxError_AreKept()
    {
        var result = ManifestLoader.LoadString("apiVersion: v1\nkind: A\nmetadata:\n  name: a\n---\nb: [\n", "multi.yaml");
        result.Documents.Count.ShouldBe(1);
        result.Diagnostics.Diagnostics.ShouldContain(d => d.Code == "DPS001");
    }
}
