using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace DataPlatform.Sdk.Json;

/// <summary>
/// The System.Text.Json configuration every model is read and written with: field names only from
/// <c>[JsonPropertyName]</c>, nulls and empty lists omitted, apiVersion/kind/metadata first, and C# <c>required</c>
/// members reported as diagnostics instead of exceptions (see <see cref="IsRequired"/>).
/// </summary>
public static class ManifestJson
{
    private static readonly ConcurrentDictionary<(Type, string), bool> Required = new();

    /// <summary>The shared options (immutable once used).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Whether the model declared a JSON property as <c>required</c>.</summary>
    /// <param name="declaringType">The type that declares the property.</param>
    /// <param name="jsonName">The JSON name.</param>
    /// <returns><see langword="true"/> when required.</returns>
    public static bool IsRequired(Type declaringType, string jsonName) => Required.ContainsKey((declaringType, jsonName));

    /// <summary>The contract of a type.</summary>
    /// <param name="type">The type.</param>
    /// <returns>The contract.</returns>
    public static JsonTypeInfo TypeInfo(Type type) => Options.GetTypeInfo(type);

    private static JsonSerializerOptions CreateOptions()
    {
        // Source-generated contracts first (the engine's and each module's: every registered kind has one), then, where
        // reflection-based serialization is enabled (the JIT default; Native AOT turns it off and trims this branch),
        // reflection for everything else: a user's own model types. Note: System.Text.Json's source generator sets
        // every init-only member, passing null for absent ones, so models offered here must not rely on initialisers
        // such as '= []' (the generated Flux models use 'get => _field ?? []' instead).
        IEnumerable<IJsonTypeInfoResolver> resolvers = [CoreJsonContext.Default, .. Manifests.KindRegistry.Default.Modules.Select(m => m.TypeInfoResolver).OfType<IJsonTypeInfoResolver>()];
        if (JsonSerializer.IsReflectionEnabledByDefault)
        {
            resolvers = resolvers.Append(ReflectionResolver());
        }

        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine([.. resolvers]).WithAddedModifier(Modify),
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            MaxDepth = 256,
            WriteIndented = false,
            PropertyNameCaseInsensitive = false,
            AllowTrailingCommas = false,
            ReadCommentHandling = JsonCommentHandling.Disallow,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly();
        return options;
    }

    // JsonSerializer.IsReflectionEnabledByDefault is a feature switch (System.Text.Json.JsonSerializer.IsReflectionEnabledByDefault):
    // Native AOT publishes set it to false, so the only call above is removed as dead code and this never runs there.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Called only when reflection-based serialization is enabled (never under Native AOT).")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Called only when reflection-based serialization is enabled (never under Native AOT).")]
    private static DefaultJsonTypeInfoResolver ReflectionResolver() => new();

    private static void Modify(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var p in info.Properties)
        {
            if (p.IsExtensionData)
            {
                continue;
            }

            if (p.IsRequired)
            {
                Required[(info.Type, p.Name)] = true;
                p.IsRequired = false;
            }

            switch (p.Name)
            {
                case "apiVersion":
                    p.Order = -30;
                    break;
                case "kind":
                    p.Order = -20;
                    break;
                case "metadata":
                    p.Order = -10;
                    break;
            }

            var type = p.PropertyType;
            if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && !typeof(JsonNode).IsAssignableFrom(type) && !IsRequired(info.Type, p.Name))
            {
                p.ShouldSerialize = static (_, value) => value is not null && !(value is ICollection { Count: 0 } || value is IEnumerable e && !e.GetEnumerator().MoveNext());
            }
        }
    }
}

/// <summary>Source-generated contracts of the engine's own models.</summary>
[JsonSerializable(typeof(Manifests.GenericManifest))]
[JsonSerializable(typeof(Manifests.ObjectMeta))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class CoreJsonContext : JsonSerializerContext;
