using System.Text.Json;
using System.Text.Json.Nodes;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Tests.Shared;
using DataPlatform.Sdk.Validation;

namespace DataPlatform.Sdk.Kestra.Tests;

/// <summary>Kestra's own valid test flows (reference/ (vendored)/kestra/examples) load typed, round-trip and validate clean.</summary>
public class ConformanceTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPaths.Reference, "kestra", "examples")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    private static string PathOf(string name) => Path.Combine(TestPaths.Reference, "kestra", "examples", name);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_loads_as_a_typed_flow_without_errors(string name)
    {
        var result = ManifestLoader.LoadFile(PathOf(name));

        result.Documents.Count.ShouldBe(1);
        var flow = result.Documents[0].Object.ShouldBeOfType<KestraFlow>();
        flow.Id.ShouldNotBeEmpty();
        result.Diagnostics.Errors.ShouldBeEmpty(result.Diagnostics.ToText());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_round_trips_with_the_same_meaning(string name)
    {
        var text = File.ReadAllText(PathOf(name));
        var flow = (KestraFlow)ManifestLoader.LoadString(text, name).Documents[0].Object!;

        var written = ManifestSerializer.ToYaml(flow);
        var reread = ManifestLoader.LoadString(written, name).Documents[0];

        reread.Object.ShouldBeOfType<KestraFlow>();
        JsonNode.DeepEquals(Json(text, name), Json(written, name)).ShouldBeTrue($"{name} changed meaning:\n{written}");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Unchanged_example_is_written_back_as_it_was_read(string name)
    {
        var text = File.ReadAllText(PathOf(name)).Replace("\r\n", "\n", StringComparison.Ordinal);
        var flow = (KestraFlow)ManifestLoader.LoadString(text, name).Documents[0].Object!;

        var written = ManifestSerializer.ToYaml(flow);

        // Runs of blank lines collapse to one, and a blank line between a comment block and the key it precedes is
        // dropped (the engine keeps one blank line before a comment block); everything else is kept byte for byte.
        var expected = System.Text.RegularExpressions.Regex.Replace(text, "\n{3,}", "\n\n");
        expected = System.Text.RegularExpressions.Regex.Replace(expected, "(\n#[^\n]*\n)\n+", "$1");
        written.TrimEnd('\n').ShouldBe(expected.TrimEnd('\n'));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_built_again_from_its_model_keeps_its_meaning(string name)
    {
        // Writing without the original tree (as if made in code) must still give the same data.
        var text = File.ReadAllText(PathOf(name));
        var flow = (KestraFlow)ManifestLoader.LoadString(text, name).Documents[0].Object!;

        var fresh = ManifestSerializer.ToYaml(flow with { Origin = default });

        JsonNode.DeepEquals(Json(text, name), Json(fresh, name)).ShouldBeTrue($"{name} changed meaning:\n{fresh}");
    }

    [Fact]
    public void Tasks_and_triggers_load_into_their_typed_classes()
    {
        var flow = Load("switch.yaml");
        var @switch = flow.Tasks[0].ShouldBeOfType<SwitchTask>();
        @switch.Cases!["THIRD"][0].ShouldBeOfType<SequentialTask>().Errors![0].ShouldBeOfType<ReturnTask>();
        flow.Triggers[0].ShouldBeOfType<ScheduleTrigger>().Cron.ShouldBe("0 * * * *");

        var dag = Load("dag.yaml").Tasks[0].ShouldBeOfType<DagTask>();
        dag.Tasks![4].DependsOn.ShouldBe(["task4", "task3"]);

        var unknown = Load("allow-failure.yaml").Tasks[0].ShouldBeOfType<SequentialTask>().Tasks![0].ShouldBeOfType<GenericTask>();
        unknown.Type.ShouldBe("io.kestra.plugin.core.flow.AllowFailure");
        unknown["errors"].ShouldNotBeNull();
    }

    [Fact]
    public void Nested_tasks_of_untyped_flowables_are_analysed()
    {
        var analysis = FlowAnalysis.Of(Load("allow-failure.yaml"));

        analysis.Tasks.Select(t => t.Task.Id).ShouldContain("1-1-1-3");
        analysis.Find("local-error")!.IsHandler.ShouldBeTrue();
    }

    [Fact]
    public void Inputs_keep_their_types_and_required_defaults_to_unset()
    {
        var flow = Load("inputs.yaml");

        flow.Inputs.Count(i => i.Name is not null).ShouldBe(4);
        flow.Inputs.Select(i => i.Type).Distinct().Order(StringComparer.Ordinal).ShouldBe(
            ["ARRAY", "BOOLEAN", "DATE", "DATETIME", "DURATION", "ENUM", "FILE", "FLOAT", "INT", "JSON", "SECRET", "STRING", "TIME", "URI", "YAML"]);
        flow.Inputs.Single(i => i.Id == "string").Required.ShouldBeNull();
    }

    internal static KestraFlow Load(string name) => (KestraFlow)ManifestLoader.LoadFile(PathOf(name)).Documents[0].Object!;

    private static JsonNode? Json(string yaml, string name)
    {
        var result = DataPlatform.Sdk.Yaml.YamlReader.ReadString(yaml);
        var diagnostics = new List<Diagnostic>();
        var element = DataPlatform.Sdk.Json.YamlJson.ToJson(result.Documents.First(d => d.Root is not null).Root, diagnostics, name);
        return element is { } e ? JsonNode.Parse(e.GetRawText()) : null;
    }
}
