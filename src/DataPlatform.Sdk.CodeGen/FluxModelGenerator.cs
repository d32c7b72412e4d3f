using System.Globalization;
using System.Text;
using System.Text.Json;
using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.CodeGen;

/// <summary>
/// Generates C# records, field for field, from Flux CRDs (<c>openAPIV3Schema</c>): required members, nullability,
/// XML docs from the descriptions, and the schema constraints (enum, pattern, lengths, ranges) as validation attributes.
/// </summary>
public static class FluxModelGenerator
{
    private const string DurationPattern = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";

    /// <summary>The CRD files, relative to the Flux reference folder, and the CLR type name of each kind.</summary>
    public static readonly IReadOnlyList<(string File, string TypeName)> Crds =
    [
        ("helm-controller/helm.toolkit.fluxcd.io_helmreleases.yaml", "HelmRelease"),
        ("image-automation-controller/image.toolkit.fluxcd.io_imageupdateautomations.yaml", "ImageUpdateAutomation"),
        ("image-reflector-controller/image.toolkit.fluxcd.io_imagepolicies.yaml", "ImagePolicy"),
        ("image-reflector-controller/image.toolkit.fluxcd.io_imagerepositories.yaml", "ImageRepository"),
        ("kustomize-controller/kustomize.toolkit.fluxcd.io_kustomizations.yaml", "FluxKustomization"),
        ("notification-controller/notification.toolkit.fluxcd.io_alerts.yaml", "Alert"),
        ("notification-controller/notification.toolkit.fluxcd.io_providers.yaml", "Provider"),
        ("notification-controller/notification.toolkit.fluxcd.io_receivers.yaml", "Receiver"),
        ("source-controller/source.toolkit.fluxcd.io_buckets.yaml", "Bucket"),
        ("source-controller/source.toolkit.fluxcd.io_externalartifacts.yaml", "ExternalArtifact"),
        ("source-controller/source.toolkit.fluxcd.io_gitrepositories.yaml", "GitRepository"),
        ("source-controller/source.toolkit.fluxcd.io_helmcharts.yaml", "HelmChart"),
        ("source-controller/source.toolkit.fluxcd.io_helmrepositories.yaml", "HelmRepository"),
        ("source-controller/source.toolkit.fluxcd.io_ocirepositories.yaml", "OCIRepository"),
        ("source-watcher/source.extensions.fluxcd.io_artifactgenerators.yaml", "ArtifactGenerator"),
    ];

    /// <summary>Fields holding semver ranges (Masterminds/semver constraints), by type name and JSON name.</summary>
    private static readonly HashSet<string> SemVerFields = new(StringComparer.Ordinal)
    {
        "GitRepositoryRef.semver", "OCIRepositoryRef.semver", "ImagePolicyPolicySemver.range", "HelmChartSpec.version",
        "HelmReleaseChartSpec.version",
    };

    /// <summary>Names shared object shapes get when several kinds use them.</summary>
    private static readonly Dictionary<string, string> SharedNames = new(StringComparer.Ordinal)
    {
        ["SecretRef"] = "LocalObjectReference",
        ["CertSecretRef"] = "LocalObjectReference",
        ["ProxySecretRef"] = "LocalObjectReference",
        ["ConfigMapRef"] = "LocalObjectReference",
        ["Condition"] = "Condition",
        ["Artifact"] = "Artifact",
    };

    /// <summary>Generates every file.</summary>
    /// <param name="fluxReferenceRoot">The folder holding the CRDs (<c>reference/flux</c> in this repository).</param>
    /// <returns>File name → content.</returns>
    public static IReadOnlyDictionary<string, string> Generate(string fluxReferenceRoot)
    {
        var crds = new List<CrdInfo>();
        foreach (var (file, typeName) in Crds)
        {
            var path = Path.Combine(fluxReferenceRoot, file);
            var read = YamlReader.ReadFile(path);
            if (read.HasErrors || read.Documents.Count == 0)
            {
                throw new InvalidDataException($"Cannot read {path}: {string.Join("; ", read.Diagnostics)}");
            }

            var json = YamlJson.ToJson(read.Documents[0].Root, null, path, new YamlReaderOptions { MaxFileBytes = 64L << 20, MaxDepth = 1000 })!.Value;
            var spec = json.GetProperty("spec");
            var version = spec.GetProperty("versions").EnumerateArray().First(v => v.TryGetProperty("storage", out var s) && s.GetBoolean());
            crds.Add(new CrdInfo(
                file,
                typeName,
                spec.GetProperty("group").GetString()!,
                version.GetProperty("name").GetString()!,
                spec.GetProperty("names").GetProperty("kind").GetString()!,
                spec.GetProperty("scope").GetString()!,
                version.GetProperty("schema").GetProperty("openAPIV3Schema")));
        }

        var naming = new Naming(crds);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var crd in crds)
        {
            var sb = new StringBuilder();
            Header(sb, $"{crd.Group}/{crd.Version} {crd.Kind} (CRD file {crd.File})");
            EmitRoot(sb, crd, naming, emitted);
            files[crd.TypeName + ".g.cs"] = sb.ToString();
        }

        var shared = new StringBuilder();
        Header(shared, "object shapes shared by several Flux kinds");
        foreach (var (name, schema) in naming.SharedTypes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            EmitRecord(shared, name, schema, naming, emitted, name, null);
        }

        files["Shared.g.cs"] = shared.ToString();

        var kinds = new StringBuilder();
        Header(kinds, "the list of kinds");
        kinds.Append("/// <summary>The Flux kinds generated from the CRDs.</summary>\n");
        kinds.Append("public static partial class FluxKinds\n{\n");
        kinds.Append("    /// <summary>Every current Flux kind: apiVersion, kind, CLR type and whether it is namespaced.</summary>\n");
        kinds.Append("    public static IReadOnlyList<(string ApiVersion, string Kind, Type Type, bool Namespaced)> Current { get; } =\n    [\n");
        foreach (var crd in crds.OrderBy(c => c.Group, StringComparer.Ordinal).ThenBy(c => c.Kind, StringComparer.Ordinal))
        {
            kinds.Append(CultureInfo.InvariantCulture, $"        (\"{crd.Group}/{crd.Version}\", \"{crd.Kind}\", typeof({crd.TypeName}), {(crd.Scope == "Namespaced" ? "true" : "false")}),\n");
        }

        kinds.Append("    ];\n}\n");
        files["FluxKinds.g.cs"] = kinds.ToString();

        var context = new StringBuilder();
        Header(context, "the source-generated System.Text.Json contracts");
        context.Append("/// <summary>Source-generated contracts of every Flux model: no reflection, trimming- and AOT-safe.</summary>\n");
        foreach (var crd in crds.OrderBy(c => c.TypeName, StringComparer.Ordinal))
        {
            context.Append(CultureInfo.InvariantCulture, $"[JsonSerializable(typeof({crd.TypeName}))]\n");
        }

        context.Append("internal sealed partial class FluxJsonContext : JsonSerializerContext;\n");
        files["FluxJsonContext.g.cs"] = context.ToString();

        return files;
    }

    private static void Header(StringBuilder sb, string what)
    {
        sb.Append("// <auto-generated>\n");
        sb.Append("// Generated by DataPlatform.Sdk.CodeGen from the Flux CRDs: ").Append(what).Append(".\n");
        sb.Append("// Do not edit: change the generator and run it again (see src/DataPlatform.Sdk.CodeGen).\n");
        sb.Append("// </auto-generated>\n\n");
        sb.Append("#nullable enable\n\n");
        sb.Append("using System.ComponentModel.DataAnnotations;\n");
        sb.Append("using System.Text.Json;\n");
        sb.Append("using System.Text.Json.Nodes;\n");
        sb.Append("using System.Text.Json.Serialization;\n");
        sb.Append("using DataPlatform.Sdk.Json;\n");
        sb.Append("using DataPlatform.Sdk.Manifests;\n\n");
        sb.Append("namespace DataPlatform.Sdk.Flux;\n\n");
    }

    private static void EmitRoot(StringBuilder sb, CrdInfo crd, Naming naming, HashSet<string> emitted)
    {
        var schema = crd.Schema;
        var props = schema.GetProperty("properties");
        Doc(sb, "", Description(schema) ?? $"A Flux {crd.Kind}.");
        sb.Append(CultureInfo.InvariantCulture, $"/// <remarks>Mirrors <c>{crd.Group}/{crd.Version}</c> <c>{crd.Kind}</c>, field for field (generated from the CRD).</remarks>\n");
        sb.Append(CultureInfo.InvariantCulture, $"public sealed partial record {crd.TypeName} : IManifest\n{{\n");
        sb.Append(CultureInfo.InvariantCulture, $"    /// <summary>The API group, <c>{crd.Group}</c>.</summary>\n    public const string ApiGroup = \"{crd.Group}\";\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"    /// <summary>The API version name, <c>{crd.Version}</c>.</summary>\n    public const string ApiVersionName = \"{crd.Version}\";\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"    /// <summary>The kind, <c>{crd.Kind}</c>.</summary>\n    public const string KindName = \"{crd.Kind}\";\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"    /// <summary>The current apiVersion, <c>{crd.Group}/{crd.Version}</c>.</summary>\n    public const string CurrentApiVersion = \"{crd.Group}/{crd.Version}\";\n\n");
        sb.Append("    /// <inheritdoc />\n    [JsonPropertyName(\"apiVersion\")]\n    public string ApiVersion { get; init; } = CurrentApiVersion;\n\n");
        sb.Append("    /// <inheritdoc />\n    [JsonPropertyName(\"kind\")]\n    public string Kind { get; init; } = KindName;\n\n");
        sb.Append("    /// <inheritdoc />\n    [JsonPropertyName(\"metadata\")]\n    public required ObjectMeta Metadata { get; init; }\n\n");
        var pending = new List<(string Name, JsonElement Schema)>();
        foreach (var name in new[] { "spec", "status" })
        {
            if (!props.TryGetProperty(name, out var child))
            {
                continue;
            }

            var typeName = crd.TypeName + Pascal(name);
            var required = name == "spec" && (Required(child).Count > 0 || Required(schema).Contains("spec"));
            Doc(sb, "    ", Description(child) ?? $"The {name}.");
            sb.Append(CultureInfo.InvariantCulture, $"    [JsonPropertyName(\"{name}\")]\n");
            sb.Append(CultureInfo.InvariantCulture, $"    public {(required ? "required " : string.Empty)}{typeName}{(required ? string.Empty : "?")} {Pascal(name)} {{ get; init; }}\n\n");
            pending.Add((typeName, child));
        }

        sb.Append("    /// <inheritdoc />\n    [JsonIgnore]\n    public ManifestOrigin Origin { get; init; }\n\n");
        sb.Append("    /// <summary>Fields this version of the SDK does not know, kept as read and written back.</summary>\n");
        sb.Append("    [JsonExtensionData]\n    public Dictionary<string, JsonElement>? ExtensionData { get; set; }\n}\n");
        foreach (var (typeName, child) in pending)
        {
            EmitRecord(sb, typeName, child, naming, emitted, crd.TypeName, crd);
        }
    }

    private static void EmitRecord(StringBuilder sb, string typeName, JsonElement schema, Naming naming, HashSet<string> emitted, string root, CrdInfo? crd)
    {
        if (!emitted.Add(typeName))
        {
            return;
        }

        var nested = new List<(string Name, JsonElement Schema)>();
        var required = Required(schema);
        sb.Append('\n');
        Doc(sb, "", Description(schema) ?? $"Part of <see cref=\"{root}\"/>.");
        if (schema.TryGetProperty("x-kubernetes-preserve-unknown-fields", out var pu) && pu.ValueKind == JsonValueKind.True)
        {
            sb.Append("[AllowUnknownFields]\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"public sealed partial record {typeName}\n{{\n");
        var memberNames = new HashSet<string>(StringComparer.Ordinal) { typeName, "ExtensionData" };
        foreach (var prop in schema.GetProperty("properties").EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var jsonName = prop.Name;
            var ps = prop.Value;
            var member = Pascal(jsonName);
            if (!memberNames.Add(member))
            {
                member += "Value";
                memberNames.Add(member);
            }

            var isRequired = required.Contains(jsonName);
            var (type, _, isCollection) = TypeFor(ps, typeName, jsonName, root, naming, nested, crd);
            Doc(sb, "    ", Description(ps) ?? $"The <c>{jsonName}</c> field.");
            if (ps.TryGetProperty("default", out var def))
            {
                sb.Append("    /// <value>Default: <c>").Append(Xml(def.GetRawText())).Append("</c>.</value>\n");
            }

            foreach (var attribute in Attributes(ps, typeName, jsonName))
            {
                sb.Append("    [").Append(attribute).Append("]\n");
            }

            sb.Append(CultureInfo.InvariantCulture, $"    [JsonPropertyName(\"{jsonName}\")]\n");
            if (isRequired)
            {
                sb.Append(CultureInfo.InvariantCulture, $"    public required {type} {member} {{ get; init; }}\n\n");
            }
            else if (isCollection && type.StartsWith("IReadOnlyList<", StringComparison.Ordinal))
            {
                // Never null, and safe with source-generated contracts (which pass null for absent init-only members).
                var field = "_" + char.ToLowerInvariant(member[0]) + member[1..];
                sb.Append(CultureInfo.InvariantCulture, $"    public {type} {member} {{ get => {field} ?? []; init => {field} = value; }}\n\n");
                sb.Append(CultureInfo.InvariantCulture, $"    private readonly {type}? {field};\n\n");
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"    public {type}? {member} {{ get; init; }}\n\n");
            }
        }

        sb.Append("    /// <summary>Fields this version of the SDK does not know, kept as read and written back.</summary>\n");
        sb.Append("    [JsonExtensionData]\n    public Dictionary<string, JsonElement>? ExtensionData { get; set; }\n}\n");
        foreach (var (name, child) in nested)
        {
            EmitRecord(sb, name, child, naming, emitted, root, crd);
        }
    }

    private static (string Type, bool IsValueType, bool IsCollection) TypeFor(
        JsonElement ps, string parentType, string jsonName, string root, Naming naming, List<(string, JsonElement)> nested, CrdInfo? crd)
    {
        if (ps.TryGetProperty("x-kubernetes-int-or-string", out var ios) && ios.ValueKind == JsonValueKind.True)
        {
            return ("JsonNode", false, false);
        }

        var type = ps.TryGetProperty("type", out var t) ? t.GetString() : null;
        switch (type)
        {
            case "string":
                if (ps.TryGetProperty("pattern", out var pattern) && pattern.GetString() == DurationPattern)
                {
                    return ("FluxDuration", true, false);
                }

                return ("string", false, false);
            case "boolean":
                return ("bool", true, false);
            case "integer":
                return (ps.TryGetProperty("format", out var f) && f.GetString() == "int32" ? "int" : "long", true, false);
            case "number":
                return ("double", true, false);
            case "array":
                var items = ps.GetProperty("items");
                var (itemType, _, _) = TypeFor(items, parentType, Singular(jsonName), root, naming, nested, crd);
                return ($"IReadOnlyList<{itemType}>", false, true);
            case "object":
                if (ps.TryGetProperty("properties", out _))
                {
                    var name = naming.NameFor(ps, parentType, jsonName, root);
                    if (!naming.IsShared(name))
                    {
                        nested.Add((name, ps));
                    }

                    return (name, false, false);
                }

                if (ps.TryGetProperty("additionalProperties", out var ap) && ap.ValueKind == JsonValueKind.Object)
                {
                    var (valueType, _, _) = TypeFor(ap, parentType, jsonName + "Value", root, naming, nested, crd);
                    return ($"IReadOnlyDictionary<string, {valueType}>", false, true);
                }

                return ("JsonObject", false, false);
            default:
                return ("JsonNode", false, false);
        }
    }

    private static IEnumerable<string> Attributes(JsonElement ps, string typeName, string jsonName)
    {
        if (ps.TryGetProperty("enum", out var e))
        {
            yield return "AllowedValues(" + string.Join(", ", e.EnumerateArray().Select(v => Literal(v.GetString()!))) + ")";
        }

        if (ps.TryGetProperty("pattern", out var pattern))
        {
            var p = pattern.GetString()!;
            yield return p == DurationPattern ? "GoDuration" : "RegularExpression(" + Verbatim(p) + ")";
        }

        if (SemVerFields.Contains(typeName + "." + jsonName))
        {
            yield return "SemVerRange";
        }

        var (minLength, maxLength) = (Int(ps, "minLength") ?? Int(ps, "minItems"), Int(ps, "maxLength") ?? Int(ps, "maxItems"));
        if (minLength is not null || maxLength is not null)
        {
            yield return $"SchemaLength({minLength ?? 0}, {(maxLength is { } max ? max.ToString(CultureInfo.InvariantCulture) : "int.MaxValue")})";
        }

        var (minimum, maximum) = (Int(ps, "minimum"), Int(ps, "maximum"));
        if (minimum is not null || maximum is not null)
        {
            yield return $"SchemaRange({(minimum is { } lo ? lo.ToString(CultureInfo.InvariantCulture) : "double.MinValue")}, {(maximum is { } hi ? hi.ToString(CultureInfo.InvariantCulture) : "double.MaxValue")})";
        }
    }

    private static long? Int(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? n : null;

    private static HashSet<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var r) ? [.. r.EnumerateArray().Select(x => x.GetString()!)] : [];

    private static string? Description(JsonElement schema) =>
        schema.TryGetProperty("description", out var d) && d.GetString() is { Length: > 0 } s ? s : null;

    private static void Doc(StringBuilder sb, string indent, string text)
    {
        var paragraphs = text.Replace("\r", string.Empty, StringComparison.Ordinal).Trim().Split("\n\n");
        sb.Append(indent).Append("/// <summary>\n");
        for (var i = 0; i < paragraphs.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(indent).Append("/// <para/>\n");
            }

            foreach (var line in Wrap(Xml(paragraphs[i].Replace('\n', ' ')), 110))
            {
                sb.Append(indent).Append("/// ").Append(line).Append('\n');
            }
        }

        sb.Append(indent).Append("/// </summary>\n");
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }

    private static string Xml(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Literal(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Verbatim(string s) => "@\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    internal static string Pascal(string name)
    {
        var sb = new StringBuilder();
        var upper = true;
        foreach (var ch in name)
        {
            if (!char.IsLetterOrDigit(ch))
            {
                upper = true;
                continue;
            }

            sb.Append(upper ? char.ToUpperInvariant(ch) : ch);
            upper = false;
        }

        return sb.ToString();
    }

    internal static string Singular(string name)
    {
        if (name.EndsWith("ies", StringComparison.Ordinal))
        {
            return name[..^3] + "y";
        }

        if (name.EndsWith("ches", StringComparison.Ordinal) || name.EndsWith("shes", StringComparison.Ordinal) || name.EndsWith("sses", StringComparison.Ordinal) || name.EndsWith("xes", StringComparison.Ordinal))
        {
            return name[..^2];
        }

        return name.EndsWith('s') && !name.EndsWith("ss", StringComparison.Ordinal) ? name[..^1] : name;
    }

    private sealed record CrdInfo(string File, string TypeName, string Group, string Version, string Kind, string Scope, JsonElement Schema);

    /// <summary>Names nested object types: per kind by path, and shapes used by several kinds once, by a shared name.</summary>
    private sealed class Naming
    {
        private readonly Dictionary<string, string> _sharedBySignature = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Root, string Signature), string> _perRoot = [];
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        public Naming(List<CrdInfo> crds)
        {
            // Find object shapes that recur across kinds and whose candidate names map to one shared name.
            var occurrences = new Dictionary<string, List<(string Root, string Candidate)>>(StringComparer.Ordinal);
            foreach (var crd in crds)
            {
                Collect(crd.Schema, crd.TypeName, "root", occurrences);
            }

            foreach (var (signature, list) in occurrences.OrderByDescending(p => p.Value.Count).ThenBy(p => p.Key, StringComparer.Ordinal))
            {
                if (list.Select(o => o.Root).Distinct().Count() < 2)
                {
                    continue;
                }

                // Shapes that recur across kinds get a shared name when the names they appear under agree on one.
                var candidates = list.Select(o => SharedNames.GetValueOrDefault(o.Candidate)).OfType<string>().Distinct().ToList();
                if (candidates.Count == 1 && candidates[0] is { } shared && !_sharedBySignature.ContainsValue(shared))
                {
                    _sharedBySignature[signature] = shared;
                    SharedTypes[shared] = Schemas[signature];
                }
            }

            foreach (var crd in crds)
            {
                _used.Add(crd.TypeName);
            }

            foreach (var name in SharedTypes.Keys)
            {
                _used.Add(name);
            }
        }

        public Dictionary<string, JsonElement> SharedTypes { get; } = new(StringComparer.Ordinal);

        private Dictionary<string, JsonElement> Schemas { get; } = new(StringComparer.Ordinal);

        public bool IsShared(string name) => SharedTypes.ContainsKey(name);

        public string NameFor(JsonElement schema, string parentType, string jsonName, string root)
        {
            var signature = Signature(schema);
            if (_sharedBySignature.TryGetValue(signature, out var shared))
            {
                return shared;
            }

            if (_perRoot.TryGetValue((root, signature), out var existing))
            {
                return existing;
            }

            var prefix = parentType == root + "Spec" ? root : parentType;
            var name = prefix + Pascal(jsonName);
            var unique = name;
            for (var i = 2; !_used.Add(unique); i++)
            {
                unique = name + i.ToString(CultureInfo.InvariantCulture);
            }

            _perRoot[(root, signature)] = unique;
            return unique;
        }

        private void Collect(JsonElement schema, string root, string name, Dictionary<string, List<(string, string)>> occurrences)
        {
            switch (schema.TryGetProperty("type", out var t) ? t.GetString() : null)
            {
                case "object" when schema.TryGetProperty("properties", out var props):
                    var signature = Signature(schema);
                    Schemas.TryAdd(signature, schema);
                    if (!occurrences.TryGetValue(signature, out var list))
                    {
                        occurrences[signature] = list = [];
                    }

                    list.Add((root, Pascal(name)));
                    foreach (var p in props.EnumerateObject())
                    {
                        Collect(p.Value, root, p.Name, occurrences);
                    }

                    break;
                case "object" when schema.TryGetProperty("additionalProperties", out var ap) && ap.ValueKind == JsonValueKind.Object:
                    Collect(ap, root, name + "Value", occurrences);
                    break;
                case "array" when schema.TryGetProperty("items", out var items):
                    Collect(items, root, Singular(name), occurrences);
                    break;
            }
        }

        private static string Signature(JsonElement schema)
        {
            var sb = new StringBuilder();
            Sign(schema, sb);
            return sb.ToString();
        }

        private static void Sign(JsonElement e, StringBuilder sb)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    sb.Append('{');
                    foreach (var p in e.EnumerateObject().Where(p => p.Name != "description").OrderBy(p => p.Name, StringComparer.Ordinal))
                    {
                        sb.Append(p.Name).Append(':');
                        Sign(p.Value, sb);
                        sb.Append(',');
                    }

                    sb.Append('}');
                    break;
                case JsonValueKind.Array:
                    sb.Append('[');
                    foreach (var i in e.EnumerateArray())
                    {
                        Sign(i, sb);
                        sb.Append(',');
                    }

                    sb.Append(']');
                    break;
                default:
                    sb.Append(e.GetRawText());
                    break;
            }
        }
    }
}
