using System.Text.Json.Serialization;

namespace DataPlatform.Sdk.Sops;

/// <summary>Source-generated JSON contracts of <c>.sops.yaml</c>: read without reflection, also under Native AOT.</summary>
[JsonSerializable(typeof(SopsConfig))]
internal sealed partial class SopsJsonContext : JsonSerializerContext;
