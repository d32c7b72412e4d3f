using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>The layout the builder writes.</summary>
public enum RepositoryProfile
{
    /// <summary>The seed's full layout: base/overlays per environment, tenants with RBAC, domains inside tenants.</summary>
    Standard,

    /// <summary>The seed's "smaller teams" layout: flatter tree, plain namespaces per tenant, no overlays.</summary>
    Simplified,
}

/// <summary>How a cluster's Flux source follows the repository.</summary>
/// <param name="Kind">branch, tag, semver or commit.</param>
/// <param name="Value">The branch, tag, range or SHA.</param>
public sealed record SourceTracking(string Kind, string Value);

/// <summary>A Helm chart pinned to one version, with its repository and values.</summary>
/// <param name="Name">Component name (release and folder name).</param>
/// <param name="Namespace">Target namespace.</param>
/// <param name="RepositoryName">HelmRepository name.</param>
/// <param name="RepositoryUrl">HelmRepository URL (https:// or oci://).</param>
/// <param name="Chart">Chart name.</param>
/// <param name="Version">Exact chart version.</param>
/// <param name="Values">Helm values.</param>
public sealed record ChartComponent(string Name, string Namespace, string RepositoryName, string RepositoryUrl, string Chart, string Version, JsonObject? Values = null);

internal sealed record ClusterSpec(string Name, SourceTracking Tracking);

internal sealed record TenantSpec(string Name, string Cpu, string Memory, string DefaultCpu, string DefaultMemory, string ClusterRole);

internal sealed record DomainSpec(string Name, string Owner, ImmutableList<string> Environments, ImmutableSortedDictionary<string, string> Settings)
{
    public ImmutableList<object> Manifests { get; init; } = [];

    public ImmutableList<Kestra.KestraFlow> Flows { get; init; } = [];

    /// <summary>The Kestra namespace of the domain's flows (its name; sub-namespaces below it).</summary>
    public string FlowNamespace => Name;
}

internal sealed record RepositorySpec(
    string Name,
    RepositoryProfile Profile,
    string SourceUrl,
    string SourceSecret,
    ImmutableList<ClusterSpec> Clusters,
    ImmutableList<ChartComponent> InfrastructureCharts,
    bool StorageClasses,
    ImmutableList<ChartComponent> PlatformCharts,
    bool DltRuntime,
    bool LiquibaseRuntime,
    ImmutableList<TenantSpec> Tenants,
    ImmutableList<DomainSpec> Domains);
