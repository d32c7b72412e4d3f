using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Repository;
using k8s.Models;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>The objects several features make alike: Flux Kustomizations, namespaces, metadata.</summary>
internal static class LayoutObjects
{
    public const string FluxNamespace = "flux-system";

    /// <summary>The Secret in flux-system holding the age identity Flux decrypts with (created at bootstrap, never in git).</summary>
    public const string SopsAgeSecret = "sops-age";

    /// <summary>
    /// The Pod Security Standard each platform namespace enforces: restricted unless its workloads need more (node
    /// exporters need host access; ingress controllers and Kestra's task runners need baseline). Every namespace warns
    /// at restricted, so the gap stays visible.
    /// </summary>
    private static readonly Dictionary<string, string> PodSecurity = new(StringComparer.Ordinal)
    {
        ["monitoring"] = "privileged", ["ingress-nginx"] = "baseline", ["kestra"] = "baseline", ["superset"] = "baseline",
    };

    public static ObjectMeta Meta(string name, string ns) => new() { Name = name, Namespace = ns };

    public static V1Namespace Namespace(string name, Dictionary<string, string>? labels)
    {
        var all = new Dictionary<string, string>(labels ?? [], StringComparer.Ordinal);
        all.TryAdd("pod-security.kubernetes.io/enforce", PodSecurity.GetValueOrDefault(name, "restricted"));
        all.TryAdd("pod-security.kubernetes.io/audit", "restricted");
        all.TryAdd("pod-security.kubernetes.io/warn", "restricted");
        return new() { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = name, Labels = all } };
    }

    public static FluxKustomization Flux(string name, string path, string? dependsOn) => new()
    {
        Metadata = Meta(name, FluxNamespace),
        Spec = new FluxKustomizationSpec
        {
            Interval = "10m",
            RetryInterval = "1m",
            Timeout = "5m",
            Path = path,
            Prune = true,
            Wait = true,
            SourceRef = new FluxKustomizationSourceRef { Kind = "GitRepository", Name = "flux-system" },
            DependsOn = dependsOn is null ? [] : [new FluxKustomizationDependsOn { Name = dependsOn }],
        },
    };

    /// <summary>Flux decrypts SOPS files with the age identity of the 'sops-age' Secret (bootstrap step; never in git).</summary>
    public static FluxKustomizationDecryption Decryption() => new() { Provider = "sops", SecretRef = new LocalObjectReference { Name = SopsAgeSecret } };
}

/// <summary>Runs the features' contributors, in the order their parts depend on each other.</summary>
internal static class LayoutRenderer
{
    private static readonly ILayoutContributor[] Contributors =
    [
        new ClustersContributor(),
        new InfrastructureContributor(),
        new PlatformServicesContributor(),
        new TenantsContributor(),
        new DomainsContributor(),
        new SecretsContributor(),
        new MigrationsContributor(),
        new ObservabilityContributor(),
        new NotificationsContributor(),
        new ApplicationsContributor(),
        new PipelinesContributor(),
        new WorkflowsContributor(),
        new LayersContributor(), // last: the layers' overlays and each cluster's Flux Kustomizations, from what the others added
    ];

    public static IReadOnlyList<GeneratedFile> Render(RepositorySpec spec)
    {
        var context = new LayoutContext(spec);
        foreach (var contributor in Contributors)
        {
            contributor.Contribute(context);
        }

        return [.. context.Files.All];
    }
}
