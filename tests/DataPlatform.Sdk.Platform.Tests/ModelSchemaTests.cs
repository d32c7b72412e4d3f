using DataPlatform.Samples.GenerateRepo;
using DataPlatform.Sdk.Cli;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Repository;
using Json.Schema;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>`dataplatform schema &lt;kind&gt;`: a schema per model, accepting what the SDK reads and rejecting wrong shapes (JsonSchema.Net).</summary>
public sealed class ModelSchemaTests
{
    [Fact]
    public void Every_kind_has_a_schema_that_accepts_the_objects_of_the_sample_repository()
    {
        var repo = GitOpsRepository.Load(SampleRepository.Build(Sdk.Sops.AgeIdentity.Generate().Recipient));
        var checkedKinds = 0;
        foreach (var group in repo.Objects.Where(o => o.Source?.Data is not null && o.Value is IManifest).GroupBy(o => o.Value.GetType()))
        {
            var kind = ModelSchemas.Kinds.Values.FirstOrDefault(k => k.ClrType == group.Key);
            if (kind is null)
            {
                continue;
            }

            var schema = JsonSchema.FromText(ModelSchemas.Generate(kind));
            foreach (var obj in group)
            {
                var result = schema.Evaluate(obj.Source!.Data!.Value, new EvaluationOptions { OutputFormat = OutputFormat.List });
                result.IsValid.ShouldBeTrue($"{obj}: {string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Value}")).Take(5))}");
            }

            checkedKinds++;
        }

        checkedKinds.ShouldBeGreaterThan(5);
        ModelSchemas.Names.ShouldContain("helmrelease");
        ModelSchemas.Names.ShouldContain("kustomize.toolkit.fluxcd.io/kustomization");
    }

    [Fact]
    public void A_schema_rejects_a_wrong_shape_and_the_wrong_kind()
    {
        var schema = JsonSchema.FromText(ModelSchemas.Generate(ModelSchemas.Kinds["helmrelease"]));
        var wrongShape = System.Text.Json.JsonDocument.Parse("""{"apiVersion":"helm.toolkit.fluxcd.io/v2","kind":"HelmRelease","metadata":{"name":"x"},"spec":"oops"}""").RootElement;
        var wrongKind = System.Text.Json.JsonDocument.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}""").RootElement;

        schema.Evaluate(wrongShape).IsValid.ShouldBeFalse();
        schema.Evaluate(wrongKind).IsValid.ShouldBeFalse();
        Should.NotThrow(() => Commands.Schema("deployment", null, TextWriter.Null));
    }
}
