using DataPlatform.Sdk.Flux;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>Each cluster's Flux entry point (<c>clusters/&lt;env&gt;/flux-system</c>) and its first three layers.</summary>
internal sealed class ClustersContributor : ILayoutContributor
{
    public void Contribute(LayoutContext context)
    {
        var (spec, paths) = (context.Spec, context.Paths);
        foreach (var cluster in spec.Clusters)
        {
            var source = new GitRepository
            {
                Metadata = LayoutObjects.Meta("flux-system", LayoutObjects.FluxNamespace),
                Spec = new GitRepositorySpec
                {
                    Interval = "1m",
                    Url = spec.SourceUrl,
                    Ref = cluster.Tracking.Kind switch
                    {
                        "semver" => new GitRepositoryRef { Semver = cluster.Tracking.Value },
                        "tag" => new GitRepositoryRef { Tag = cluster.Tracking.Value },
                        "commit" => new GitRepositoryRef { Commit = cluster.Tracking.Value },
                        _ => new GitRepositoryRef { Branch = cluster.Tracking.Value },
                    },
                    SecretRef = new LocalObjectReference { Name = spec.SourceSecret },
                    Ignore = "# CI configuration and SOPS rules are not cluster state\n/.github/\n.sops.yaml\n",
                },
            };
            var folder = paths.ClusterFolder(cluster.Name);
            context.Files.Add($"{folder}/flux-system/gotk-sync.yaml", source, LayoutObjects.Flux("flux-system", $"./{folder}", dependsOn: null));
            context.Files.Add($"{folder}/flux-system/kustomization.yaml", LayoutContext.Kustomization("gotk-sync.yaml"));

            // The order of the seed's deployment workflow: infrastructure → platform → tenants → domains.
            context.ClusterLayers[cluster.Name].AddRange(
            [
                LayoutObjects.Flux("infrastructure", paths.InfrastructureSyncPath(cluster.Name), dependsOn: null),
                LayoutObjects.Flux("platform", paths.PlatformSyncPath(cluster.Name), dependsOn: "infrastructure"),
                .. paths.Standard
                    ? (FluxKustomization[])[LayoutObjects.Flux(TenantOperator.FluxName, "./" + TenantOperator.Folder, dependsOn: "platform"), LayoutObjects.Flux("tenants", paths.TenantsSyncPath, dependsOn: TenantOperator.FluxName)]
                    : [LayoutObjects.Flux("tenants", paths.TenantsSyncPath, dependsOn: "platform")],
            ]);
        }
    }
}
