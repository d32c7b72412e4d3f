using System.Text.Json;
using System.Text.RegularExpressions;
using DataPlatform.Sdk.Cli;
using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Tests.Shared;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Platform.Tests.Trust;

/// <summary>Issue #13: <c>fmt</c> changes layout only — never a value, never a comment, block scalars stay blocks, no trailing white space.</summary>
public sealed partial class FormatterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dp-fmt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Fmt(string target, bool check = false) => TestCli.Run((o, e) => Commands.Format(target, check, o, e));

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>The data of every document, through the engine's YAML 1.2 / Kubernetes scalar rules.</summary>
    private static List<JsonElement?> Data(string text)
    {
        var read = YamlReader.ReadString(text);
        return [.. read.Documents.Select(d => d.Root is null ? null : YamlJson.ToJson(d.Root, [], "x"))];
    }

    [Theory]
    [InlineData("corpus/liquibase-integration-tests")]
    [InlineData("corpus/kestra-tests")]
    [InlineData("corpus/flux2-multi-tenancy")]
    [InlineData("kestra/examples")]
    public void Fmt_on_a_real_corpus_changes_layout_only_and_is_idempotent(string corpus)
    {
        var source = Path.Combine(TestPaths.Reference, corpus);
        var work = Path.Combine(_dir, "work");
        CopyTree(source, work);

        Fmt(work);

        var changed = 0;
        foreach (var file in Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)))
        {
            var before = File.ReadAllText(Path.Combine(source, Path.GetRelativePath(work, file)));
            var after = File.ReadAllText(file);
            if (before == after)
            {
                continue;
            }

            changed++;
            var name = Path.GetRelativePath(work, file);
            var (a, b) = (Data(before), Data(after));
            b.Count.ShouldBe(a.Count, name);
            for (var i = 0; i < a.Count; i++)
            {
                (a[i] is null ? b[i] is null : b[i] is { } bi && JsonElement.DeepEquals(a[i]!.Value, bi)).ShouldBeTrue($"{name}: document {i + 1} changed its data:\n{after}");
            }

            foreach (Match comment in Comment().Matches(before))
            {
                after.ShouldContain("#" + comment.Groups[1].Value.TrimEnd(), Case.Sensitive, $"{name}: comment lost");
            }

            BlockScalar().Count(after).ShouldBe(BlockScalar().Count(before), $"{name}: a block scalar lost its style:\n{after}");
            var beforeLines = before.Split('\n').Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
            foreach (var line in after.Split('\n').Where(l => l.Length > 0 && char.IsWhiteSpace(l[^1])))
            {
                // Only where the data itself is white space (a block scalar line longer than its indentation).
                beforeLines.ShouldContain(line.Trim(), $"{name}: trailing white space written: '{line}'");
                before.ShouldContain(line.TrimStart() + "\n", Case.Sensitive, $"{name}: trailing white space written: '{line}'");
            }
        }

        changed.ShouldBeGreaterThan(0, "the corpus should exercise the formatter");
        var (_, again, _) = Fmt(work, check: true);
        again.ShouldBeEmpty("fmt is idempotent");
    }

    [Fact]
    public void Fmt_keeps_quantities_as_written()
    {
        const string text = "apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: q\n  namespace: a\nspec:\n  hard:\n    pods: \"1000\"\n    requests.cpu: 1000m\n    limits.cpu: 0.5\n    requests.memory: 1.5Gi\n";
        var file = Write("q.yaml", text);

        Fmt(file).Code.ShouldBe(0);

        File.ReadAllText(file).ShouldBe(text);
    }

    [Fact]
    public void Fmt_never_fills_in_defaults()
    {
        // An input without type must not gain 'type: STRING'; a task without id must not gain 'id: ""'.
        const string text = "id: f\nnamespace: company.team\ninputs:\n  - id: x\ntasks:\n  - type: io.kestra.plugin.core.log.Log\n    message: hi\n";
        var file = Write("flow.yaml", text);

        Fmt(file);

        File.ReadAllText(file).ShouldBe(text);
    }

    [Fact]
    public void Fmt_keeps_block_scalars_in_their_style()
    {
        var file = Write("flow.yaml",
            "id: f\nnamespace: company.team\ntasks:\n  - id: q\n    type: io.kestra.plugin.jdbc.postgresql.Query\n    sql: |\n      SELECT 1;\n        \n      SELECT 2;\n"
            + "    description: >-\n      folded text\n      on two lines\n  - id: w\n    type: io.kestra.plugin.core.storage.LocalFiles\n    inputs:\n      hello.txt: |\n        HELLO");

        Fmt(file);

        var after = File.ReadAllText(file);
        after.ShouldContain("    sql: |\n");
        after.ShouldContain("    description: >-\n");
        after.ShouldContain("hello.txt: |-\n        HELLO\n");
        Data(after)[0]!.Value.GetProperty("tasks")[0].GetProperty("sql").GetString().ShouldBe("SELECT 1;\n  \nSELECT 2;\n");
        Data(after)[0]!.Value.GetProperty("tasks")[0].GetProperty("description").GetString().ShouldBe("folded text on two lines");
    }

    [Fact]
    public void Fmt_writes_no_trailing_space_after_an_empty_value()
    {
        const string text = "name: ci\n\"on\":\n  workflow_dispatch:\n  push:\n    branches: [main]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n";
        var file = Write(".github/workflows/ci.yaml", text);

        Fmt(Path.Combine(_dir));

        var after = File.ReadAllText(file);
        after.ShouldContain("  workflow_dispatch:\n");
        after.Split('\n').Where(l => l.Length > 0 && char.IsWhiteSpace(l[l.Length - 1])).ShouldBeEmpty();
    }

    [Fact]
    public void A_comment_after_a_flow_collection_is_kept_and_the_file_reads()
    {
        const string text = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml, b.yaml] # the two apps\nnamespace: x\n";
        Write("k/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
        Write("k/b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");
        var file = Write("k/kustomization.yaml", text);

        YamlReader.ReadString(text).Diagnostics.ShouldBeEmpty();
        Fmt(file);

        var after = File.ReadAllText(file);
        after.ShouldContain("# the two apps");
        after.ShouldContain("namespace: x");
        Data(after)[0]!.Value.GetProperty("resources").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public void A_comment_after_a_top_level_flow_collection_is_not_a_syntax_error()
    {
        // YamlDotNet alone rejects this valid YAML ("did not find expected key").
        var read = YamlReader.ReadString("a: [x, y] # c\nb: 1\n");

        read.Diagnostics.ShouldBeEmpty();
        YamlEmitter.Emit(read.Documents).ShouldBe("a: # c\n  - x\n  - y\nb: 1\n");
    }

    [GeneratedRegex(@"(?:^|\s)#(.*)$", RegexOptions.Multiline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"(?::|^\s*-)\s+[|>][-+0-9]*\s*$", RegexOptions.Multiline)]
    private static partial Regex BlockScalar();
}
