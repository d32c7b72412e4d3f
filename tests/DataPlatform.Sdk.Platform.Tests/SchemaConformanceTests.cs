using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Sops;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>Every Flux object the layout generates (sources, Kustomizations, HelmReleases, alerts, providers, image automation) passes its CRD schema.</summary>
public class SchemaConformanceTests
{
    [Fact]
    public void Every_generated_flux_object_passes_its_crd_schema()
    {
        var files = Layout.DataPlatformRepository.Example(Layout.RepositoryProfile.Standard, AgeIdentity.Generate().Recipient).Build().Files;
        var objects = GitOpsRepository.Load(files).Objects.Where(o => Flux.Tests.CrdSchemas.Kinds.Contains((o.ApiVersion, o.Kind))).ToList();

        objects.Select(o => o.Kind).Distinct().Count().ShouldBeGreaterThanOrEqualTo(8);
        foreach (var o in objects)
        {
            Flux.Tests.CrdSchemas.Validate(ManifestSerializer.ToJsonElement(o.Value)).ShouldBeEmpty($"{o} does not pass its CRD schema");
        }
    }
}
