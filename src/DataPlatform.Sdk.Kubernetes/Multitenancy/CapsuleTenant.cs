using System.Text.Json.Serialization;
using DataPlatform.Sdk.Manifests;
using k8s.Models;

namespace DataPlatform.Sdk.Kubernetes.Multitenancy;

/// <summary>
/// A Capsule <c>Tenant</c> (capsule.clastix.io/v1beta2, cluster-scoped): the tenant operator's unit of isolation. Its
/// owners administer the tenant's namespaces; Capsule copies the tenant's resource quotas, limit ranges and network
/// policies into each of them, labels them (Pod Security levels through <c>namespaceOptions.additionalMetadata</c>),
/// pins their pods to the node selector and restricts their storage classes. A namespace joins the tenant when an owner
/// creates it, or when it carries the label <see cref="TenantLabel"/>.
/// </summary>
public sealed record CapsuleTenant : IManifest
{
    /// <summary>The API version.</summary>
    public const string CurrentApiVersion = "capsule.clastix.io/v1beta2";

    /// <summary>The label that assigns a namespace created by someone else than an owner (Flux) to a tenant.</summary>
    public const string TenantLabel = "capsule.clastix.io/tenant";

    /// <inheritdoc />
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; init; } = CurrentApiVersion;

    /// <inheritdoc />
    [JsonPropertyName("kind")]
    public string Kind { get; init; } = "Tenant";

    /// <inheritdoc />
    [JsonPropertyName("metadata")]
    public required ObjectMeta Metadata { get; init; }

    /// <summary>The tenant's owners, options and policies.</summary>
    [JsonPropertyName("spec")]
    public required CapsuleTenantSpec Spec { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public ManifestOrigin Origin { get; init; }
}

/// <summary>The spec of a Capsule Tenant (the fields this SDK writes and checks; others are kept as read).</summary>
public sealed record CapsuleTenantSpec
{
    /// <summary>Who administers the tenant: users, groups or service accounts (at least one).</summary>
    [JsonPropertyName("owners")]
    public IReadOnlyList<CapsuleOwner> Owners { get; init => field = value ?? []; } = [];

    /// <summary>Namespace limits and the metadata every namespace of the tenant gets.</summary>
    [JsonPropertyName("namespaceOptions")]
    public CapsuleNamespaceOptions? NamespaceOptions { get; init; }

    /// <summary>Resource quotas, per tenant or per namespace.</summary>
    [JsonPropertyName("resourceQuotas")]
    public CapsuleResourceQuotas? ResourceQuotas { get; init; }

    /// <summary>Limit ranges copied into every namespace.</summary>
    [JsonPropertyName("limitRanges")]
    public CapsuleItems<V1LimitRangeSpec>? LimitRanges { get; init; }

    /// <summary>Network policies copied into every namespace.</summary>
    [JsonPropertyName("networkPolicies")]
    public CapsuleItems<V1NetworkPolicySpec>? NetworkPolicies { get; init; }

    /// <summary>The node selector Capsule sets on every pod of the tenant (a node pool of its own).</summary>
    [JsonPropertyName("nodeSelector")]
    public IReadOnlyDictionary<string, string>? NodeSelector { get; init; }

    /// <summary>The storage classes the tenant's claims may use (persistent volumes of its own).</summary>
    [JsonPropertyName("storageClasses")]
    public CapsuleAllowedList? StorageClasses { get; init; }

    /// <summary>Fields of the spec this model does not type, kept as read.</summary>
    [JsonExtensionData]
    public IDictionary<string, System.Text.Json.JsonElement>? Other { get; set; }
}

/// <summary>An owner of a tenant.</summary>
public sealed record CapsuleOwner
{
    /// <summary><c>User</c>, <c>Group</c> or <c>ServiceAccount</c>.</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary>The user or group name, or <c>system:serviceaccount:&lt;namespace&gt;:&lt;name&gt;</c>.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The cluster roles the owner gets in the tenant's namespaces (Capsule's default: admin and namespace deleter).</summary>
    [JsonPropertyName("clusterRoles")]
    public IReadOnlyList<string>? ClusterRoles { get; init; }

    /// <summary>An owner that is a service account.</summary>
    /// <param name="namespace">Its namespace.</param>
    /// <param name="name">Its name.</param>
    /// <returns>The owner.</returns>
    public static CapsuleOwner ServiceAccount(string @namespace, string name) => new() { Kind = "ServiceAccount", Name = $"system:serviceaccount:{@namespace}:{name}" };
}

/// <summary>Namespace options of a tenant.</summary>
public sealed record CapsuleNamespaceOptions
{
    /// <summary>The most namespaces the tenant may have.</summary>
    [JsonPropertyName("quota")]
    public int? Quota { get; init; }

    /// <summary>Labels and annotations every namespace of the tenant gets.</summary>
    [JsonPropertyName("additionalMetadata")]
    public CapsuleMetadata? AdditionalMetadata { get; init; }

    /// <summary>Other namespace options, kept as read.</summary>
    [JsonExtensionData]
    public IDictionary<string, System.Text.Json.JsonElement>? Other { get; set; }
}

/// <summary>Labels and annotations.</summary>
public sealed record CapsuleMetadata
{
    /// <summary>Labels.</summary>
    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Annotations.</summary>
    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}

/// <summary>A tenant's resource quotas: <c>Tenant</c> scope sums the usage of all its namespaces, <c>Namespace</c> scope applies to each.</summary>
public sealed record CapsuleResourceQuotas
{
    /// <summary><c>Tenant</c> (the default) or <c>Namespace</c>.</summary>
    [JsonPropertyName("scope")]
    public string? Scope { get; init; }

    /// <summary>The quotas.</summary>
    [JsonPropertyName("items")]
    public IReadOnlyList<V1ResourceQuotaSpec> Items { get; init => field = value ?? []; } = [];
}

/// <summary>A list of Kubernetes specs Capsule copies into each namespace of the tenant.</summary>
/// <typeparam name="T">The spec type.</typeparam>
public sealed record CapsuleItems<T>
{
    /// <summary>The specs.</summary>
    [JsonPropertyName("items")]
    public IReadOnlyList<T> Items { get; init => field = value ?? []; } = [];
}

/// <summary>What a tenant may use: listed names, or names matching a regex, and the default.</summary>
public sealed record CapsuleAllowedList
{
    /// <summary>Allowed names.</summary>
    [JsonPropertyName("allowed")]
    public IReadOnlyList<string>? Allowed { get; init; }

    /// <summary>A regex of allowed names.</summary>
    [JsonPropertyName("allowedRegex")]
    public string? AllowedRegex { get; init; }

    /// <summary>The default, set on claims that name none.</summary>
    [JsonPropertyName("default")]
    public string? Default { get; init; }
}

/// <summary>DPC009: a Capsule Tenant that cannot isolate anything: no owner, a malformed owner, no quota, an unknown quota scope.</summary>
public sealed class CapsuleTenantRule : Validation.ObjectRule<CapsuleTenant>
{
    /// <summary>DPC009.</summary>
    public static readonly Diagnostics.DiagnosticDescriptor InvalidTenant = new(
        "DPC009", "Invalid Capsule Tenant", Diagnostics.DiagnosticSeverity.Error,
        "Give the Tenant at least one owner (kind User, Group or ServiceAccount; a service account as system:serviceaccount:<namespace>:<name>) and a resource quota (scope Tenant or Namespace).");

    /// <inheritdoc />
    public override IReadOnlyList<Diagnostics.DiagnosticDescriptor> Descriptors => [InvalidTenant];

    /// <inheritdoc />
    protected override void Check(CapsuleTenant obj, Validation.RuleContext context)
    {
        var name = obj.Metadata.Name ?? "?";
        if (obj.Spec.Owners.Count == 0)
        {
            context.Report(InvalidTenant, $"Tenant '{name}' has no owner: nobody can administer its namespaces.", "/spec/owners");
        }

        for (var i = 0; i < obj.Spec.Owners.Count; i++)
        {
            var owner = obj.Spec.Owners[i];
            if (owner.Kind is not ("User" or "Group" or "ServiceAccount"))
            {
                context.Report(InvalidTenant, $"Owner kind '{owner.Kind}' of Tenant '{name}' is not User, Group or ServiceAccount.", $"/spec/owners/{i}/kind");
            }
            else if (owner.Kind == "ServiceAccount" && (owner.Name.Split(':') is not ["system", "serviceaccount", { Length: > 0 }, { Length: > 0 }]))
            {
                context.Report(InvalidTenant, $"Service account owner '{owner.Name}' of Tenant '{name}' is not written system:serviceaccount:<namespace>:<name>.", $"/spec/owners/{i}/name");
            }
        }

        if (obj.Spec.ResourceQuotas is not { Items.Count: > 0 } quotas)
        {
            context.Report(InvalidTenant, Diagnostics.DiagnosticSeverity.Warning, $"Tenant '{name}' has no resource quota: its namespaces can use the whole cluster.", "/spec/resourceQuotas");
        }
        else if (quotas.Scope is { } scope && scope is not ("Tenant" or "Namespace"))
        {
            context.Report(InvalidTenant, $"Resource quota scope '{scope}' of Tenant '{name}' is not Tenant or Namespace.", "/spec/resourceQuotas/scope");
        }
    }
}
