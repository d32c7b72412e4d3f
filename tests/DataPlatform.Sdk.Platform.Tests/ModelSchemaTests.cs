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

    [Fact]
    public async Task Fmt_modelines_point_every_single_kind_file_at_its_schema_and_are_idempotent()
    {
        var dir = Directory.CreateTempSubdirectory("dp-modelines-").FullName;
        try
        {
            var identity = Sdk.Sops.AgeIdentity.Generate();
            await Platform.Layout.DataPlatformRepository.Example(Platform.Layout.RepositoryProfile.Standard, identity.Recipient).Build().WriteAsync(dir);

            var (code, output, error) = TestCli.Run((o, e) => Commands.Format(dir, check: false, o, e, modelines: true));

            code.ShouldBe(0, error);
            output.ShouldContain("added a schema modeline to tenants/base/finance-team/kustomization.yaml");
            var kustomization = File.ReadAllText(Path.Combine(dir, "tenants/base/finance-team/kustomization.yaml"));
            kustomization.ShouldStartWith(Modelines.Prefix + "../../../.dataplatform/schemas/kustomize.config.k8s.io_kustomization.json\n");
            var flow = Directory.GetFiles(Path.Combine(dir, "pipelines"), "*.yml", SearchOption.AllDirectories).First();
            var flowModeline = File.ReadAllLines(flow)[0];
            flowModeline.ShouldStartWith(Modelines.Prefix);
            File.Exists(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(flow)!, flowModeline[Modelines.Prefix.Length..]))).ShouldBeTrue("the modeline's relative path reaches the schema");
            File.ReadAllText(Path.Combine(dir, "clusters/dev/flux-system/gotk-sync.yaml")).ShouldNotStartWith(Modelines.Prefix, customMessage: "a file of two kinds has no single schema");
            File.ReadAllText(Path.Combine(dir, "domains/marketing/base/campaign-api.sops.yaml")).ShouldNotStartWith(Modelines.Prefix, customMessage: "sops owns encrypted files");
            var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(dir, ".dataplatform/schemas/kustomize.config.k8s.io_kustomization.json")));
            var loaded = GitOpsRepository.Load(dir);
            schema.Evaluate(loaded.Files.Single(f => f.Path.Value == "tenants/base/finance-team/kustomization.yaml").Objects.Single().Source!.Data!.Value).IsValid.ShouldBeTrue();

            TestCli.Run((o, e) => Commands.Format(dir, check: true, o, e, modelines: true)).Code.ShouldBe(0, "a second run changes nothing");
            loaded.Files.ShouldNotContain(f => f.Path.Value.StartsWith(".dataplatform", StringComparison.Ordinal));
            loaded.Validate().Errors.ShouldBeEmpty();

            // Regenerating keeps the modelines: they are edits of generated files, merged.
            var again = await Platform.Layout.DataPlatformRepository.Example(Platform.Layout.RepositoryProfile.Standard, identity.Recipient).Build().WriteAsync(dir, identities: [identity]);
            again.Notices.ShouldNotContain(n => n.BlocksWrite);
            File.ReadAllText(Path.Combine(dir, "tenants/base/finance-team/kustomization.yaml")).ShouldStartWith(Modelines.Prefix);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Init_with_modelines_writes_the_schemas_and_a_second_init_keeps_the_modelines()
    {
        var dir = Path.Combine(Directory.CreateTempSubdirectory("dp-init-modelines-").FullName, "repo");
        try
        {
            var (code, output, error) = TestCli.Run((o, e) => Commands.Init(dir, Platform.Layout.RepositoryProfile.Simplified, example: false, o, e, modelines: true));

            code.ShouldBe(0, error);
            output.ShouldContain("Added schema modelines");
            File.ReadAllText(Path.Combine(dir, "infrastructure/storage/kustomization.yaml")).ShouldStartWith(Modelines.Prefix + "../../.dataplatform/schemas/kustomize.config.k8s.io_kustomization.json\n");
            TestCli.Run((o, e) => Commands.Init(dir, Platform.Layout.RepositoryProfile.Simplified, example: false, o, e)).Code.ShouldBe(0);
            File.ReadAllText(Path.Combine(dir, "infrastructure/storage/kustomization.yaml")).ShouldStartWith(Modelines.Prefix);
            TestCli.Run((o, e) => Commands.Format(dir, check: true, o, e, modelines: true)).Code.ShouldBe(0);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(dir)!, recursive: true);
        }
    }
}
