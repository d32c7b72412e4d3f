using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DataPlatform.Sdk.Json;

namespace DataPlatform.Sdk.Manifests;

/// <summary>An object of a kind the registry does not know. Everything it holds is kept and written back.</summary>
[AllowUnknownFields]
public sealed record GenericManifest : IManifest
{
    /// <inheritdoc />
    [JsonPropertyName("apiVersion")]
    public required string ApiVersion { get; init; }

    /// <inheritdoc />
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary>The metadata as read; <see langword="null"/> when the document has none.</summary>
    [JsonPropertyName("metadata")]
    public ObjectMeta? MetadataOrNull { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public ObjectMeta Metadata => MetadataOrNull ?? new ObjectMeta();

    /// <summary>All other top-level fields (spec, data, …), as read.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Content { get; set; }

    /// <inheritdoc />
    [JsonIgnore]
    public ManifestOrigin Origin { get; init; }
}
