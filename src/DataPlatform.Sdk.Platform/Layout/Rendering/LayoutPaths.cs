namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// Where each part of the repository lives, per profile: the one place that knows the standard layout (base and
/// overlays per environment, tenants under <c>tenants/</c>) from the simplified one (a flat tree, <c>namespaces/</c>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "One object answers every path question for its profile, the same for both.")]
internal sealed class LayoutPaths(RepositoryProfile profile)
{
    public bool Standard { get; } = profile == RepositoryProfile.Standard;

    /// <summary>Whether each environment has overlays of its own (the standard profile).</summary>
    public bool HasOverlays => Standard;

    public string InfrastructureBase => Standard ? "infrastructure/base" : "infrastructure";

    public string PlatformBase => Standard ? "platform/base" : "platform";

    public string InfrastructureOverlay(string env) => $"infrastructure/overlays/{env}";

    public string PlatformOverlay(string env) => $"platform/overlays/{env}";

    /// <summary>The SLO rules and dashboards: applied by their own Flux Kustomization, after the operator's CRDs.</summary>
    public string ObservabilityRules => Standard ? "infrastructure/base/observability/rules" : "infrastructure/observability";

    /// <summary>The cluster's file of Flux Kustomizations (the layers).</summary>
    public string ClusterLayers(string cluster) => $"clusters/{cluster}/{(Standard ? "cluster-config.yaml" : "apps.yaml")}";

    public string ClusterFolder(string cluster) => $"clusters/{cluster}";

    /// <summary>The Flux Kustomization paths of the layers a cluster applies.</summary>
    public string InfrastructureSyncPath(string cluster) => Standard ? $"./infrastructure/overlays/{cluster}" : "./infrastructure";

    public string PlatformSyncPath(string cluster) => Standard ? $"./platform/overlays/{cluster}" : "./platform";

    public string TenantsSyncPath => Standard ? "./tenants/base" : "./namespaces";

    public string DomainSyncPath(string domain, string cluster) => Standard ? $"./domains/{domain}/overlays/{cluster}" : $"./domains/{domain}";

    public string MigrationsSyncPath(string domain, string cluster) => Standard ? $"./domains/{domain}/migrations/{cluster}" : $"./domains/{domain}/migrations";

    /// <summary>The folder of a domain's base (its objects, in every environment).</summary>
    public string DomainBase(string domain) => Standard ? $"domains/{domain}/base" : $"domains/{domain}";

    public string DomainOverlay(string domain, string env) => $"domains/{domain}/overlays/{env}";

    public string MigrationsBase(string domain) => Standard ? $"domains/{domain}/migrations/base" : $"domains/{domain}/migrations";

    public string MigrationsOverlay(string domain, string env) => $"domains/{domain}/migrations/{env}";

    /// <summary>The folders CI builds with kustomize.</summary>
    public string BuiltFolders => Standard
        ? "infrastructure/overlays/* platform/overlays/* tenants/base domains/*/overlays/* domains/*/migrations/*/"
        : "infrastructure platform namespaces domains/*";
}
