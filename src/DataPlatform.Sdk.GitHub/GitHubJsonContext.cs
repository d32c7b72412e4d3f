using System.Text.Json.Serialization;

namespace DataPlatform.Sdk.GitHub;

/// <summary>Source-generated JSON contracts of the workflow model: read without reflection, also under Native AOT.</summary>
[JsonSerializable(typeof(GitHubWorkflow))]
internal sealed partial class GitHubJsonContext : JsonSerializerContext;
