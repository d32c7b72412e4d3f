using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Tests.Shared;
using Json.Schema;

namespace DataPlatform.Sdk.Kestra.Tests;

/// <summary>The exported JSON Schema accepts Kestra's example flows and rejects broken ones (checked with JsonSchema.Net).</summary>
public class SchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(KestraSchema.Generate()));

    [Fact]
    public void Schema_is_deterministic_and_names_the_typed_tasks()
    {
        var text = KestraSchema.Generate();

        text.ShouldBe(KestraSchema.Generate());
        text.ShouldContain("io.kestra.plugin.scripts.python.Script");
        text.ShouldNotContain("\r");
    }

    [Theory]
    [MemberData(nameof(ConformanceTests.Examples), MemberType = typeof(ConformanceTests))]
    public void Example_flows_are_valid_against_the_schema(string name)
    {
        var json = Json(File.ReadAllText(Path.Combine(TestPaths.Reference, "kestra", "examples", name)));

        var result = Schema.Value.Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List });

        result.IsValid.ShouldBeTrue(string.Join("\n", (result.Details ?? []).Where(d => d.Errors is not null).Where(d => !d.EvaluationPath.ToString().Contains("/if", StringComparison.Ordinal)).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {d.EvaluationPath}: {e.Value}"))));
    }

    [Theory]
    [InlineData("id: f\nnamespace: a.b\n", "missing tasks")]
    [InlineData("id: f\nnamespace: a.b\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n", "Log without message")]
    [InlineData("id: f\nnamespace: a.b\ntasks:\n  - id: t.x\n    type: io.kestra.plugin.core.debug.Return\n", "dotted task id")]
    [InlineData("id: f\nnamespace: a.b\ntasks:\n  - id: t\n    type: Log\n    message: x\n", "type not a class name")]
    [InlineData("id: f\nnamespace: a.b\ninputs:\n  - id: i\n    type: NUMBER\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: x\n", "unknown input type")]
    public void Broken_flows_are_rejected(string yaml, string because) =>
        Schema.Value.Evaluate(Json(yaml)).IsValid.ShouldBeFalse(because);

    private static System.Text.Json.JsonElement Json(string yaml)
    {
        var doc = DataPlatform.Sdk.Yaml.YamlReader.ReadString(yaml).Documents.First(d => d.Root is not null);
        return DataPlatform.Sdk.Json.YamlJson.ToJson(doc.Root, [], "x")!.Value;
    }
}
