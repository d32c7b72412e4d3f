using System.Text.Json.Serialization;

namespace DataPlatform.Sdk.Dlt;

/// <summary>Source-generated JSON contracts of the dlt documents: read without reflection, also under Native AOT.</summary>
[JsonSerializable(typeof(DltConfigDocument))]
[JsonSerializable(typeof(DltSecretsDocument))]
internal sealed partial class DltJsonContext : JsonSerializerContext;
