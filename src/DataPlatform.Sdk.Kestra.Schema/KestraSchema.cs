using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Generation;

namespace DataPlatform.Sdk.Kestra;

/// <summary>
/// Exports the flow model as a JSON Schema (draft-07) for editors: point yaml-language-server at it
/// (<c># yaml-language-server: $schema=./kestra-flow.schema.json</c>) to get completion and checks for ids, inputs,
/// and every typed task and trigger (chosen by <c>type</c>); other plugin types stay allowed.
/// </summary>
public static class KestraSchema
{
    /// <summary>Generates the schema.</summary>
    /// <returns>The schema as indented JSON (LF line ends, deterministic).</returns>
    /// <remarks>
    /// NJsonSchema reads the model by reflection, so this cannot run under Native AOT; the <c>dataplatform</c> tool
    /// ships the schema this produces as a resource instead (a test keeps the two equal).
    /// </remarks>
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode("NJsonSchema reflects over the flow model.")]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode("NJsonSchema reflects over the flow model.")]
    public static string Generate()
    {
        var settings = new SystemTextJsonSchemaGeneratorSettings
        {
            SerializerOptions = Json.ManifestJson.Options,
            SchemaType = SchemaType.JsonSchema,
            DefaultReferenceTypeNullHandling = ReferenceTypeNullHandling.NotNull,
            GenerateAbstractProperties = true,
            FlattenInheritanceHierarchy = true,
            AllowReferencesWithProperties = false,
        };
        // Free-form values: any JSON for JsonNode/JsonElement, objects and arrays for their node types.
        settings.TypeMappers.Add(new NJsonSchema.Generation.TypeMappers.PrimitiveTypeMapper(typeof(JsonNode), _ => { }));
        settings.TypeMappers.Add(new NJsonSchema.Generation.TypeMappers.PrimitiveTypeMapper(typeof(JsonElement), _ => { }));
        settings.TypeMappers.Add(new NJsonSchema.Generation.TypeMappers.PrimitiveTypeMapper(typeof(JsonObject), s => s.Type = JsonObjectType.Object));
        settings.TypeMappers.Add(new NJsonSchema.Generation.TypeMappers.PrimitiveTypeMapper(typeof(JsonArray), s => s.Type = JsonObjectType.Array));
        var schema = new JsonSchema();
        var resolver = new JsonSchemaResolver(schema, settings);
        var generator = new JsonSchemaGenerator(settings);
        generator.Generate(schema, typeof(KestraFlow), resolver);
        var tasks = KestraPlugins.TaskTypes.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var triggers = KestraPlugins.TriggerTypes.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        foreach (var (_, type) in tasks.Concat(triggers))
        {
            generator.Generate(type, resolver);
        }

        var root = JsonNode.Parse(schema.ToJson())!.AsObject();
        root["$schema"] = "http://json-schema.org/draft-07/schema#";
        root["title"] = "Kestra flow (DataPlatform.Sdk model)";
        var definitions = root["definitions"]!.AsObject();
        Polymorphic(definitions, typeof(KestraTask), tasks, nameof(GenericTask));
        Polymorphic(definitions, typeof(KestraTrigger), triggers, nameof(GenericTrigger));
        Tidy(definitions);
        Required(root, ["id", "namespace", "tasks"]);
        root["properties"]!["tasks"]!["minItems"] = 1;
        root["properties"]!["inputs"]!["items"] = InputSchema(definitions);
        root["properties"]!["labels"] = new JsonObject
        {
            ["oneOf"] = new JsonArray(
                new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string" } },
                new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object", ["required"] = new JsonArray("key", "value") } }),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = Json.ManifestJson.Options.Encoder }).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static JsonObject InputSchema(JsonObject definitions)
    {
        var input = definitions[nameof(KestraInput)]!.DeepClone().AsObject();
        input["properties"]!["type"] = new JsonObject { ["enum"] = new JsonArray([.. KestraInputTypes.All.Select(t => (JsonNode?)t)]) };
        input["anyOf"] = new JsonArray(new JsonObject { ["required"] = new JsonArray("id") }, new JsonObject { ["required"] = new JsonArray("name") });
        return input;
    }

    /// <summary>Turns a base-class definition into "one of the typed classes by type, or any other plugin".</summary>
    private static void Polymorphic(JsonObject definitions, Type baseType, List<KeyValuePair<string, Type>> typed, string genericName)
    {
        var baseName = baseType.Name;
        var options = new JsonArray();
        foreach (var (typeName, type) in typed)
        {
            if (definitions[type.Name] is not JsonObject def)
            {
                continue;
            }

            var properties = InModelOrder(def["properties"]?.AsObject() ?? [], type, baseType);
            properties["type"] = new JsonObject { ["const"] = typeName };
            def["properties"] = properties;
            var required = new List<string> { "id", "type" };
            required.AddRange(RequiredNames(type));
            def["required"] = new JsonArray([.. required.Distinct(StringComparer.Ordinal).Select(r => (JsonNode?)r)]);
            options.Add((JsonNode)new JsonObject
            {
                ["if"] = new JsonObject { ["properties"] = new JsonObject { ["type"] = new JsonObject { ["const"] = typeName } } },
                ["then"] = new JsonObject { ["$ref"] = "#/definitions/" + type.Name },
            });
        }

        definitions.Remove(genericName);
        definitions[baseName] = new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("id", "type"),
            ["properties"] = new JsonObject
            {
                ["id"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[a-zA-Z0-9][a-zA-Z0-9_-]*$" },
                ["type"] = new JsonObject
                {
                    ["type"] = "string",
                    ["pattern"] = @"^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)+$",
                    ["examples"] = new JsonArray([.. typed.Select(t => (JsonNode?)t.Key)]),
                },
            },
            ["allOf"] = options,
        };
    }

    /// <summary>
    /// The common properties (declared on <paramref name="baseType"/>) first, then the plugin's own in the model's
    /// order, however the classes nest (NJsonSchema lists an intermediate base's properties ahead of the rest).
    /// </summary>
    private static JsonObject InModelOrder(JsonObject properties, Type type, Type baseType)
    {
        var model = Json.ManifestJson.TypeInfo(type).Properties
            .Where(p => !p.IsExtensionData)
            .OrderBy(p => (p.AttributeProvider as System.Reflection.MemberInfo)?.DeclaringType == baseType ? 0 : 1)
            .Select(p => p.Name)
            .ToList();
        var names = model.Where(properties.ContainsKey).Concat(properties.Select(p => p.Key).Except(model, StringComparer.Ordinal)).ToList();
        var ordered = new JsonObject();
        foreach (var name in names)
        {
            var value = properties[name];
            properties.Remove(name);
            ordered[name] = value;
        }

        return ordered;
    }

    private static IEnumerable<string> RequiredNames(Type type)
    {
        var instance = (object?)Activator.CreateInstance(type);
        return instance switch
        {
            KestraTask t => t.RequiredProperties().Select(p => p.Name),
            KestraTrigger t => t.RequiredProperties().Select(p => p.Name),
            _ => [],
        };
    }

    /// <summary>Typed classes allow other properties (plugins evolve); nullable wrappers are unwrapped.</summary>
    private static void Tidy(JsonObject definitions)
    {
        foreach (var (_, def) in definitions)
        {
            if (def is JsonObject o && o["additionalProperties"] is not null)
            {
                o.Remove("additionalProperties");
            }
        }
    }

    private static void Required(JsonObject root, string[] names) => root["required"] = new JsonArray([.. names.Select(n => (JsonNode?)n)]);
}
