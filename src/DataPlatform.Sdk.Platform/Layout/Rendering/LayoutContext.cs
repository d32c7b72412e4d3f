using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Kubernetes.Kustomize;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// What the layout's contributors share while they write: the description, the profile's paths, the files written so
/// far, and the parts one feature adds to another's (components of a layer, Flux Kustomizations of a cluster).
/// </summary>
internal sealed class LayoutContext
{
    public LayoutContext(RepositorySpec spec)
    {
        Spec = spec;
        Paths = new LayoutPaths(spec.Profile);
        Tenants = TenantsContributor.Effective(spec);
        foreach (var cluster in spec.Clusters)
        {
            ClusterLayers[cluster.Name] = [];
        }
    }

    public RepositorySpec Spec { get; }

    public LayoutPaths Paths { get; }

    public GeneratedFiles Files { get; } = new();

    /// <summary>The tenants: those declared, then one with defaults for each domain's default owner.</summary>
    public IReadOnlyList<TenantSpec> Tenants { get; }

    /// <summary>The components (folders under the layer's base) each environment's overlay of the layer includes.</summary>
    public List<string> InfrastructureComponents { get; } = [];

    /// <summary>As <see cref="InfrastructureComponents"/>, for the platform layer.</summary>
    public List<string> PlatformComponents { get; } = [];

    /// <summary>The Flux Kustomizations of each cluster, in the order the seed deploys them.</summary>
    public Dictionary<string, List<FluxKustomization>> ClusterLayers { get; } = new(StringComparer.Ordinal);

    /// <summary>The environments a domain is deployed to: those it names, else every cluster.</summary>
    public IEnumerable<string> EnvironmentsOf(DomainSpec d) => d.Environments.Count > 0 ? d.Environments : Spec.Clusters.Select(c => c.Name);

    /// <summary>Whether kube-prometheus-stack runs (the observability feature needs its CRDs).</summary>
    public bool HasPrometheus => Spec.InfrastructureCharts.Any(c => c.Name == "kube-prometheus-stack");

    public static KustomizationFile Kustomization(params string[] resources) => KustomizationFile.Create() with { Resources = resources };
}

/// <summary>One feature of the layout: writes its files (and adds its parts to other features') into the context.</summary>
internal interface ILayoutContributor
{
    void Contribute(LayoutContext context);
}
