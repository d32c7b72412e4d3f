using System.Text.Json;
using System.Text.Json.Nodes;
using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Tests.Shared;
using DataPlatform.Sdk.Yaml;
using Json.Schema;

namespace DataPlatform.Sdk.Flux.Tests;

/// <summary>
/// The upstream Flux CRD schemas from reference/ (vendored)/flux, as strict JSON Schemas: every object with declared
/// properties forbids others (unless the CRD preserves unknown fields), so an emitted object passes only when every
/// field it has is one Flux knows.
/// </summary>
internal static class CrdSchemas
{
    private static readonly Lazy<Dictionary<(string ApiVersion, string Kind), JsonSchema>> Schemas = new(Load);

    public static IReadOnlyCollection<(string ApiVersion, string Kind)> Kinds => Schemas.Value.Keys;

    /// <summary>Validates a JSON object against its CRD; returns the errors as "pointer: message".</summary>
    public static IReadOnlyList<string> Validate(JsonElement obj)
    {
        var key = (obj.GetProperty("apiVersion").GetString()!, obj.GetProperty("kind").GetString()!);
        Schemas.Value.TryGetValue(key, out var schema).ShouldBeTrue($"no CRD schema for {key}");
        var result = schema!.Evaluate(obj, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        return [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }

    private static Dictionary<(string, string), JsonSchema> Load()
    {
        var result = new Dictionary<(string, string), JsonSchema>();
        var root = Path.Combine(TestPaths.Reference, "flux");
        foreach (var file in Directory.GetFiles(root, "*.yaml", SearchOption.AllDirectories))
        {
            var read = YamlReader.ReadFile(file, options: new YamlReaderOptions { MaxFileBytes = 64L << 20, MaxDepth = 1000 });
            var crd = JsonNode.Parse(YamlJson.ToJson(read.Documents[0].Root, null, file, new YamlReaderOptions { MaxDepth = 1000 })!.Value.GetRawText())!;
            var group = crd["spec"]!["group"]!.GetValue<string>();
            var kind = crd["spec"]!["names"]!["kind"]!.GetValue<string>();
            foreach (var version in crd["spec"]!["versions"]!.AsArray())
            {
                var schema = version!["schema"]!["openAPIV3Schema"]!.DeepClone();
                Strict(schema);
                result[($"{group}/{version["name"]!.GetValue<string>()}", kind)] = JsonSchema.FromText(schema.ToJsonString());
            }
        }

        return result;
    }

    private static void Strict(JsonNode node)
    {
        if (node is not JsonObject o)
        {
            return;
        }

        var preserve = o["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        foreach (var key in o.Select(p => p.Key).Where(k => k.StartsWith("x-kubernetes-", StringComparison.Ordinal) || k == "nullable").ToList())
        {
            o.Remove(key); // OpenAPI extensions: not JSON Schema keywords.
        }

        if (o["properties"] is JsonObject props)
        {
            if (!preserve && o["additionalProperties"] is null)
            {
                o["additionalProperties"] = false;
            }

            foreach (var (_, child) in props)
            {
                Strict(child!);
            }
        }

        if (o["items"] is { } items)
        {
            Strict(items);
        }

        if (o["additionalProperties"] is JsonObject ap)
        {
            Strict(ap);
        }
    }
}
