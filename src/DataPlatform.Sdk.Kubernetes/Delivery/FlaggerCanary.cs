using System.Text.Json;
using System.Text.Json.Serialization;
using DataPlatform.Sdk.Manifests;

namespace DataPlatform.Sdk.Kubernetes.Delivery;

/// <summary>
/// A Flagger <c>Canary</c> (flagger.app/v1beta1): progressive delivery of a Deployment. Flagger makes the primary and
/// canary Services from <see cref="FlaggerCanarySpec.Service"/>, shifts traffic (canary, through a mesh or an ingress
/// controller) or switches it at once (blue/green), and rolls back when the analysis fails.
/// </summary>
public sealed record FlaggerCanary : IManifest
{
    /// <summary>The API version.</summary>
    public const string CurrentApiVersion = "flagger.app/v1beta1";

    /// <inheritdoc />
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; init; } = CurrentApiVersion;

    /// <inheritdoc />
    [JsonPropertyName("kind")]
    public string Kind { get; init; } = "Canary";

    /// <inheritdoc />
    [JsonPropertyName("metadata")]
    public required ObjectMeta Metadata { get; init; }

    /// <summary>What is rolled out and how.</summary>
    [JsonPropertyName("spec")]
    public required FlaggerCanarySpec Spec { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public ManifestOrigin Origin { get; init; }
}

/// <summary>The spec of a Flagger Canary (the fields this SDK writes; others are kept as read).</summary>
public sealed record FlaggerCanarySpec
{
    /// <summary>The traffic provider: <c>nginx</c>, <c>istio</c>, <c>linkerd</c>, …, or <c>kubernetes</c> (blue/green without traffic shifting).</summary>
    [JsonPropertyName("provider")]
    public string? Provider { get; init; }

    /// <summary>The workload rolled out (a Deployment or DaemonSet).</summary>
    [JsonPropertyName("targetRef")]
    public required FlaggerReference TargetRef { get; init; }

    /// <summary>The Ingress whose traffic a canary shifts (ingress providers).</summary>
    [JsonPropertyName("ingressRef")]
    public FlaggerReference? IngressRef { get; init; }

    /// <summary>Seconds a rollout may take before it is rolled back.</summary>
    [JsonPropertyName("progressDeadlineSeconds")]
    public int? ProgressDeadlineSeconds { get; init; }

    /// <summary>The Service Flagger makes (port and target port).</summary>
    [JsonPropertyName("service")]
    public required JsonElement Service { get; init; }

    /// <summary>The analysis: interval, threshold, steps or iterations, metrics, webhooks.</summary>
    [JsonPropertyName("analysis")]
    public required JsonElement Analysis { get; init; }

    /// <summary>Other fields, kept as read.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Other { get; set; }
}

/// <summary>A reference to a Kubernetes object by apiVersion, kind and name.</summary>
public sealed record FlaggerReference
{
    /// <summary>The API version.</summary>
    [JsonPropertyName("apiVersion")]
    public required string ApiVersion { get; init; }

    /// <summary>The kind.</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary>The name (same namespace).</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }
}
