using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DataPlatform.Sdk.Json;

namespace DataPlatform.Sdk.Manifests;

/// <summary>Kubernetes object metadata: the part of <c>metadata</c> a manifest in git carries.</summary>
/// <remarks>
/// Server-populated fields (uid, resourceVersion, managedFields, …) are not modelled; they load into
/// <see cref="ExtensionData"/> and are written back unchanged.
/// </remarks>
[AllowUnknownFields]
public sealed record ObjectMeta
{
    /// <summary>The object's name (DNS-1123 for most kinds).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>A prefix the server uses to generate a unique name.</summary>
    [JsonPropertyName("generateName")]
    public string? GenerateName { get; init; }

    /// <summary>The namespace; <see langword="null"/> for cluster-scoped objects or to use the default.</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; init; }

    /// <summary>Labels.</summary>
    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Annotations.</summary>
    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Finalizers.</summary>
    [JsonPropertyName("finalizers")]
    public IReadOnlyList<string>? Finalizers { get; init; }

    /// <summary>Any other metadata field, kept as read.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
