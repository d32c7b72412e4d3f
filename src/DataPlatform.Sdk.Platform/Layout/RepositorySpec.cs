using System.Collections.Immutable;
using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Validation;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>The layout the builder writes.</summary>
public enum RepositoryProfile
{
    /// <summary>The seed's full layout: base/overlays per environment, tenants with RBAC, domains inside tenants.</summary>
    Standard,

    /// <summary>The seed's "smaller teams" layout: flatter tree, plain namespaces per tenant, no overlays.</summary>
    Simplified,
}

/// <summary>What a description says, as immutable records: what the layout's contributors render.</summary>
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

    /// <summary>The group of each infrastructure chart, by chart name.</summary>
    public ImmutableDictionary<string, InfrastructureGroup> InfrastructureGroups { get; init; } = ImmutableDictionary<string, InfrastructureGroup>.Empty;
}

/// <summary>Argument checks shared by the builders: they throw at the call, naming the parameter.</summary>
internal static class Names
{
    public static string Quantity(string value, string parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, parameter);
        try
        {
            _ = new k8s.Models.ResourceQuantity(value);
            return value;
        }
        catch (FormatException)
        {
            throw new ArgumentException($"'{value}' is not a Kubernetes quantity (for example 500m, 2, 4Gi).", parameter);
        }
    }

    public static void Check(string name, string parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, parameter);
        if (!ObjectNameRule.IsDns1123Label(name))
        {
            throw new ArgumentException($"'{name}' is not a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters).", parameter);
        }
    }

    public static ChartComponent Checked(ChartComponent c)
    {
        ArgumentNullException.ThrowIfNull(c);
        Check(c.Name, nameof(c.Name));
        Check(c.Namespace, nameof(c.Namespace));
        Check(c.RepositoryName, nameof(c.RepositoryName));
        if (!SemVerRange.IsExactVersion(c.Version))
        {
            throw new ArgumentException($"Chart '{c.Chart}' must be pinned to an exact version, not '{c.Version}'.", nameof(c));
        }

        return c;
    }
}
