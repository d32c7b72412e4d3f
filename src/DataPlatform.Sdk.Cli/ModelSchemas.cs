using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Manifests;

namespace DataPlatform.Sdk.Cli;

/// <summary>
/// JSON Schemas for editors (yaml-language-server), one per model the SDK reads: every registered kind (Flux kinds,
/// Kubernetes core kinds, kustomize's kustomization, Liquibase changelogs, dlt files, GitHub workflows), exported from
/// the same System.Text.Json contracts the loader reads with, so the schema says what the SDK accepts. Kestra flows
/// keep their richer schema (<c>kestra-flow</c>, polymorphic tasks).
/// </summary>
internal static class ModelSchemas
{
    /// <summary>Schema names: <c>kestra-flow</c>, each kind in lower case (<c>helmrelease</c>), and <c>group/kind</c> where a kind name is shared (<c>kustomize.toolkit.fluxcd.io/kustomization</c>).</summary>
    public static IReadOnlyDictionary<string, ManifestKind> Kinds { get; } = Build();

    /// <summary>The resource that holds the Kestra flow schema.</summary>
    public const string KestraFlowResource = "DataPlatform.Sdk.Cli.Schemas.kestra-flow.schema.json";

    /// <summary>
    /// The Kestra flow schema: DataPlatform.Sdk.Kestra.Schema generates it with NJsonSchema, which reflects and so cannot
    /// run in the native tool; the tool ships its output (<c>Schemas/kestra-flow.schema.json</c>, kept equal to the
    /// generator's by a test that also rewrites it under <c>DP_UPDATE_DOCS=1</c>).
    /// </summary>
    public static string KestraFlow()
    {
        using var stream = typeof(ModelSchemas).Assembly.GetManifestResourceStream(KestraFlowResource)
            ?? throw new InvalidOperationException($"The tool was built without its {KestraFlowResource} resource.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Every name <c>schema</c> accepts.</summary>
    public static IEnumerable<string> Names => Kinds.Keys.Prepend("kestra-flow").Order(StringComparer.Ordinal);

    /// <summary>The schema of a kind, as indented JSON with a final newline.</summary>
    public static string Generate(ManifestKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var schema = JsonSchemaExporter.GetJsonSchemaAsNode(ManifestJson.Options, kind.ClrType, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });
        if (schema is JsonObject root)
        {
            root.Insert(0, "$schema", "http://json-schema.org/draft-07/schema#");
            root.Insert(1, "title", $"{kind.Kind} ({kind.ApiVersion})");
            if (root["properties"] is JsonObject properties && !kind.ApiVersion.Contains(".io/flow", StringComparison.Ordinal) && properties.ContainsKey("apiVersion"))
            {
                properties["apiVersion"] = new JsonObject { ["const"] = kind.ApiVersion };
                properties["kind"] = new JsonObject { ["const"] = kind.Kind };
            }
        }

        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static Dictionary<string, ManifestKind> Build()
    {
        var current = KindRegistry.Default.Kinds.Where(k => k.Deprecation is null && k.ClrType != typeof(DataPlatform.Sdk.Kestra.KestraFlow)).ToList();
        var result = new Dictionary<string, ManifestKind>(StringComparer.Ordinal);
        foreach (var group in current.GroupBy(k => k.Kind.ToLowerInvariant()))
        {
            foreach (var kind in group)
            {
                result[$"{kind.Group}/{kind.Kind}".TrimStart('/').ToLowerInvariant()] = kind;
            }

            if (group.Count() == 1)
            {
                result[group.Key] = group.First();
            }
        }

        return result;
    }
}
