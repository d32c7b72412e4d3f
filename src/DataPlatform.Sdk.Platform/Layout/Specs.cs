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

internal sealed record TenantSpec(string Name, string Cpu, string Memory, string DefaultCpu, string DefaultMemory, string ClusterRole)
{
    /// <summary>The node pool (workload class) the tenant's generated workloads run on, if any.</summary>
    public string? NodePool { get; init; }
}

internal sealed record DomainSpec(string Name, string Owner, ImmutableList<string> Environments, ImmutableSortedDictionary<string, string> Settings)
{
    public ImmutableList<object> Manifests { get; init; } = [];

    public ImmutableList<Kestra.KestraFlow> Flows { get; init; } = [];

    public ImmutableList<SecretSpec> Secrets { get; init; } = [];

    public MigrationSpec? Migrations { get; init; }

    public ImmutableList<Dlt.DltPipeline> Pipelines { get; init; } = [];

    public ImmutableList<ApplicationSpec> Applications { get; init; } = [];

    /// <summary>The Kestra namespace of the domain's flows (its name; sub-namespaces below it).</summary>
    public string FlowNamespace => Name;
}

/// <summary>A domain's Liquibase migrations: the changelog and the Secret holding LIQUIBASE_COMMAND_URL/USERNAME/PASSWORD.</summary>
internal sealed record MigrationSpec(Liquibase.LiquibaseChangelog Changelog, string CredentialsSecret, string Image);

/// <summary>A Secret of a domain: its values stay in memory and reach the disk only SOPS-encrypted.</summary>
internal sealed record SecretSpec(string Name, ImmutableSortedDictionary<string, string> StringData, string? Environment);

/// <summary>The keys secrets are encrypted for: age recipients for everything, and per environment extra keys.</summary>
internal sealed record SopsSpec(ImmutableList<string> Age, ImmutableSortedDictionary<string, EnvironmentKeys> Environments)
{
    public static SopsSpec Empty { get; } = new([], ImmutableSortedDictionary<string, EnvironmentKeys>.Empty.WithComparers(StringComparer.Ordinal));
}

/// <summary>Keys of one environment: age recipients, Azure Key Vault key URLs, AWS KMS ARNs.</summary>
internal sealed record EnvironmentKeys(ImmutableList<string> Age, ImmutableList<string> AzureKeyVault, ImmutableList<string> Kms);

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
    ImmutableList<DomainSpec> Domains)
{
    public SopsSpec Sops { get; init; } = SopsSpec.Empty;

    public ImmutableList<NotificationTarget> Notifications { get; init; } = [];

    public CloudProfile? Cloud { get; init; }
}

/// <summary>An application of a domain: a hardened Deployment whose image dev follows by image automation and production pins.</summary>
internal sealed record ApplicationSpec(string Name, string Image, string Tag, string SemverRange, int Port, int Replicas);

/// <summary>The cloud the clusters run on, and what that changes in the repository.</summary>
/// <param name="Provider">azure or aws.</param>
/// <param name="Registry">ACR or ECR registry host.</param>
/// <param name="IdentityAnnotation">The ServiceAccount annotation key of workload identity (Azure) or IRSA (AWS).</param>
/// <param name="IdentityValue">Its value: the managed identity client id, or the IAM role ARN.</param>
/// <param name="SopsKey">The Key Vault key URL or KMS key ARN SOPS rules add.</param>
/// <param name="LogAnalyticsWorkspace">Azure Monitor Container Insights workspace, if any.</param>
internal sealed record CloudProfile(string Provider, string Registry, string IdentityAnnotation, string IdentityValue, string SopsKey, string? LogAnalyticsWorkspace);

/// <summary>Where Flux's notification-controller sends events: a provider type, its channel or address, and the Secret with its credentials.</summary>
internal sealed record NotificationTarget(string Name, string Type, string? Channel, string? Address, string SecretName);
