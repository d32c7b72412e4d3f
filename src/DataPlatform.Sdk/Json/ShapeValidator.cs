using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using DataPlatform.Sdk.Diagnostics;

namespace DataPlatform.Sdk.Json;

/// <summary>A structural problem found by <see cref="ShapeValidator"/>.</summary>
/// <param name="Descriptor">The diagnostic code.</param>
/// <param name="Pointer">Where, as a JSON pointer.</param>
/// <param name="Message">What.</param>
public readonly record struct ShapeIssue(DiagnosticDescriptor Descriptor, string Pointer, string Message);

/// <summary>
/// Checks JSON against a model's contract without deserializing: unknown fields, wrong value types, missing required
/// fields, and the <c>System.ComponentModel.DataAnnotations</c> constraints on properties (allowed values, patterns,
/// lengths, ranges). Finds every problem in one pass, each with its JSON pointer.
/// </summary>
public static class ShapeValidator
{
    private static readonly ConcurrentDictionary<string, Regex> RegexCache = new(StringComparer.Ordinal);

    /// <summary>Validates a JSON value against the contract of <paramref name="type"/>.</summary>
    /// <param name="json">The value.</param>
    /// <param name="type">The model type.</param>
    /// <returns>The problems, in document order.</returns>
    public static IReadOnlyList<ShapeIssue> Validate(JsonElement json, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var issues = new List<ShapeIssue>();

        // One path per thread, reused: every object of a load is walked (a nested call takes a fresh one).
        var path = _path ?? new PointerPath();
        _path = null;
        try
        {
            Walk(json, ManifestJson.TypeInfo(type), path, issues);
        }
        finally
        {
            path.Clear();
            _path = path;
        }

        return issues;
    }

    [ThreadStatic]
    private static PointerPath? _path;

    /// <summary>
    /// <see langword="true"/> when the member a JSON pointer names is modelled by <paramref name="type"/> (or lies inside a
    /// free-form part of it); <see langword="false"/> when the model would drop it.
    /// </summary>
    /// <param name="type">The root model type.</param>
    /// <param name="pointer">The pointer.</param>
    /// <returns>Whether the model keeps that member.</returns>
    public static bool IsModelled(Type type, string pointer)
    {
        ArgumentNullException.ThrowIfNull(type);
        var info = ManifestJson.TypeInfo(type);
        foreach (var token in Yaml.YamlDocument.JsonPointerTokens(pointer))
        {
            if (IsFreeForm(info.Type))
            {
                return true;
            }

            switch (info.Kind)
            {
                case JsonTypeInfoKind.Object:
                    if (!Shape.Of(info).Members.TryGetValue(token, out var member))
                    {
                        return info.Properties.Any(x => x.IsExtensionData);
                    }

                    info = member.TypeInfo;
                    break;
                case JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary when info.ElementType is not null:
                    info = ManifestJson.TypeInfo(info.ElementType);
                    break;
                default:
                    return true;
            }
        }

        return true;
    }

    private static void Walk(JsonElement json, JsonTypeInfo info, PointerPath path, List<ShapeIssue> issues) => Walk(json, Shape.Of(info), path, issues);

    private static void Walk(JsonElement json, Shape shape, PointerPath path, List<ShapeIssue> issues)
    {
        if (shape.IsFreeForm || json.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (shape.Resolver is { } resolver && json.ValueKind == JsonValueKind.Object)
        {
            var concrete = resolver.Resolve(json);
            if (concrete != shape.Type)
            {
                Walk(json, ManifestJson.TypeInfo(concrete), path, issues);
                return;
            }
        }

        switch (shape.Info.Kind)
        {
            case JsonTypeInfoKind.Object:
                if (json.ValueKind != JsonValueKind.Object)
                {
                    issues.Add(new(SdkDiagnostics.WrongType, path.ToString(), $"Expected an object, found {Describe(json)}."));
                    return;
                }

                WalkObject(json, shape, path, issues);
                return;
            case JsonTypeInfoKind.Enumerable:
                if (json.ValueKind != JsonValueKind.Array)
                {
                    issues.Add(new(SdkDiagnostics.WrongType, path.ToString(), $"Expected a list, found {Describe(json)}."));
                    return;
                }

                var i = 0;
                foreach (var item in json.EnumerateArray())
                {
                    path.Push(i++);
                    Walk(item, shape.ElementShape!, path, issues);
                    path.Pop();
                }

                return;
            case JsonTypeInfoKind.Dictionary:
                if (json.ValueKind != JsonValueKind.Object)
                {
                    issues.Add(new(SdkDiagnostics.WrongType, path.ToString(), $"Expected a map, found {Describe(json)}."));
                    return;
                }

                var element = shape.ElementShape!;
                foreach (var p in json.EnumerateObject())
                {
                    if (element.IsTrivialFor(p.Value))
                    {
                        continue; // A string where a string goes (a ConfigMap's data): nothing to check.
                    }

                    path.Push(p);
                    Walk(p.Value, element, path, issues);
                    path.Pop();
                }

                return;
            default:
                CheckPrimitive(json, shape.Type, path, issues);
                return;
        }
    }

    private static void WalkObject(JsonElement json, Shape shape, PointerPath path, List<ShapeIssue> issues)
    {
        foreach (var member in json.EnumerateObject())
        {
            if (shape.Find(member) is not { } m)
            {
                if (!shape.IsOpen)
                {
                    issues.Add(new(SdkDiagnostics.UnknownField, path.With(member.Name), $"Unknown field '{member.Name}'{Suggest(shape.Info, member.Name)}."));
                }

                continue;
            }

            if (member.Value.ValueKind != JsonValueKind.Null && m.Attributes.Length > 0)
            {
                CheckAttributes(m.Attributes, member.Value, path.With(m.Name), issues);
            }

            var child = m.Shape;
            if (!child.IsTrivialFor(member.Value))
            {
                path.Push(m.Name);
                Walk(member.Value, child, path, issues);
                path.Pop();
            }
        }

        foreach (var required in shape.Required)
        {
            if (!json.TryGetProperty(required, out _))
            {
                issues.Add(new(SdkDiagnostics.RequiredField, path.With(required), $"Required field '{required}' is missing."));
            }
        }
    }

    /// <summary>
    /// Where the walk is, as a stack of segments: the JSON pointer is only spelled out for a finding (most objects have
    /// none), and a member's name is only read out of the document then.
    /// </summary>
    private sealed class PointerPath
    {
        private readonly List<(string? Name, JsonProperty Property, int Index)> _segments = [];

        public void Push(string name) => _segments.Add((name, default, -1));

        public void Push(JsonProperty property) => _segments.Add((null, property, -1));

        public void Push(int index) => _segments.Add((null, default, index));

        public void Pop() => _segments.RemoveAt(_segments.Count - 1);

        public void Clear() => _segments.Clear();

        public string With(string name)
        {
            Push(name);
            var pointer = ToString();
            Pop();
            return pointer;
        }

        public override string ToString()
        {
            if (_segments.Count == 0)
            {
                return string.Empty;
            }

            var sb = new System.Text.StringBuilder();
            foreach (var (name, property, index) in _segments)
            {
                sb.Append('/').Append(index >= 0 ? index.ToString(CultureInfo.InvariantCulture) : YamlJson.EscapePointer(name ?? property.Name));
            }

            return sb.ToString();
        }
    }

    /// <summary>What the validator needs to know of a contract, computed once per type.</summary>
    private sealed class Shape
    {
        private static readonly ConditionalWeakTable<JsonTypeInfo, Shape> Cache = [];

        private Shape(JsonTypeInfo info)
        {
            Info = info;
            Type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
            IsFreeForm = ShapeValidator.IsFreeForm(Type);
            if (Type.GetCustomAttributes(typeof(ShapeResolverAttribute), inherit: false) is [ShapeResolverAttribute r])
            {
                Resolver = (IShapeTypeResolver)Activator.CreateInstance(r.ResolverType)!;
            }
            if (info.Kind == JsonTypeInfoKind.Object)
            {
                IsOpen = Type.IsDefined(typeof(AllowUnknownFieldsAttribute), inherit: false);
                foreach (var p in info.Properties)
                {
                    if (p.IsExtensionData)
                    {
                        continue;
                    }

                    Members[p.Name] = new Member(p.Name, ManifestJson.TypeInfo(p.PropertyType), Attributes(p));
                    if (ManifestJson.IsRequired(info.Type, p.Name))
                    {
                        Required.Add(p.Name);
                    }
                }
            }
            else if (info.Kind is JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary && info.ElementType is { } element)
            {
                Element = ManifestJson.TypeInfo(element);
            }

            _lookup = Members.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public JsonTypeInfo Info { get; }

        public Type Type { get; }

        public bool IsFreeForm { get; }

        public bool IsOpen { get; }

        public IShapeTypeResolver? Resolver { get; }

        public Dictionary<string, Member> Members { get; } = new(StringComparer.Ordinal);

        public List<string> Required { get; } = [];

        public JsonTypeInfo? Element { get; }

        /// <summary>The shape of the elements (lists and maps), found once.</summary>
        public Shape? ElementShape => Element is null ? null : _elementShape ??= Of(Element);

        public static Shape Of(JsonTypeInfo info) => Cache.GetValue(info, static i => new Shape(i));

        /// <summary>A string where a plain string goes: nothing to check or walk.</summary>
        public bool IsTrivialFor(JsonElement value) => IsFreeForm || Info.Kind == JsonTypeInfoKind.None && value.ValueKind == JsonValueKind.String && Type == typeof(string);

        /// <summary>The member a property of the document names, without making a string of the name when it is plain.</summary>
        public Member? Find(JsonProperty property)
        {
            var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8PropertyName(property);
            if (raw.Length <= 256 && raw.IndexOf((byte)'\\') < 0)
            {
                Span<char> name = stackalloc char[raw.Length];
                var length = System.Text.Encoding.UTF8.GetChars(raw, name);
                return _lookup.TryGetValue(name[..length], out var found) ? found : null;
            }

            return Members.GetValueOrDefault(property.Name);
        }

        private Shape? _elementShape;
        private Dictionary<string, Member>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    }

    private sealed record Member(string Name, JsonTypeInfo TypeInfo, ValidationAttribute[] Attributes)
    {
        /// <summary>The member's shape, found once.</summary>
        public Shape Shape => _shape ??= Shape.Of(TypeInfo);

        private Shape? _shape;
    }

    private static void CheckPrimitive(JsonElement json, Type type, PointerPath path, List<ShapeIssue> issues)
    {
        var ok = type switch
        {
            _ when type == typeof(string) => json.ValueKind == JsonValueKind.String,
            _ when type == typeof(bool) => json.ValueKind is JsonValueKind.True or JsonValueKind.False,
            _ when type == typeof(int) => json.ValueKind == JsonValueKind.Number && json.TryGetInt32(out _),
            _ when type == typeof(long) => json.ValueKind == JsonValueKind.Number && json.TryGetInt64(out _),
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => json.ValueKind == JsonValueKind.Number,
            _ => true, // Value types with their own converters check themselves.
        };
        if (!ok)
        {
            var expected = type == typeof(string) ? "a string" : type == typeof(bool) ? "true or false" : type == typeof(int) || type == typeof(long) ? "an integer" : "a number";
            var hint = type == typeof(string) && json.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
                ? $" Quote it: \"{json.GetRawText()}\"."
                : string.Empty;
            issues.Add(new(SdkDiagnostics.WrongType, path.ToString(), $"Expected {expected}, found {Describe(json)}.{hint}"));
        }
    }

    private static void CheckAttributes(ValidationAttribute[] attributes, JsonElement value, string pointer, List<ShapeIssue> issues)
    {
        foreach (var a in attributes)
        {
            switch (a)
            {
                case JsonConstraintAttribute constraint:
                    if (constraint.Check(value, pointer) is { } issue)
                    {
                        issues.Add(issue);
                    }

                    break;
                case AllowedValuesAttribute allowed when value.ValueKind == JsonValueKind.String:
                    var s = value.GetString();
                    if (!allowed.Values.Any(v => string.Equals(v as string, s, StringComparison.Ordinal)))
                    {
                        issues.Add(new(SdkDiagnostics.NotAllowedValue, pointer, $"'{s}' is not allowed; use one of: {string.Join(", ", allowed.Values)}."));
                    }

                    break;
                case RegularExpressionAttribute regex when value.ValueKind == JsonValueKind.String:
                    var text = value.GetString()!;
                    var pattern = RegexCache.GetOrAdd(regex.Pattern, static pat => new Regex(pat, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
                    if (!pattern.IsMatch(text))
                    {
                        issues.Add(new(SdkDiagnostics.PatternMismatch, pointer, $"'{Truncate(text)}' does not match the pattern {regex.Pattern}."));
                    }

                    break;
                case MinLengthAttribute min when Length(value) is { } len && len < min.Length:
                    issues.Add(new(SdkDiagnostics.OutOfRange, pointer, $"Length {len} is below the minimum of {min.Length}."));
                    break;
                case MaxLengthAttribute max when Length(value) is { } len && len > max.Length:
                    issues.Add(new(SdkDiagnostics.OutOfRange, pointer, $"Length {len} is above the maximum of {max.Length}."));
                    break;
                case RangeAttribute range when value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d):
                    var lo = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
                    var hi = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
                    if (d < lo || d > hi)
                    {
                        issues.Add(new(SdkDiagnostics.OutOfRange, pointer, $"{value.GetRawText()} is outside the range {range.Minimum}..{range.Maximum}."));
                    }

                    break;
            }
        }
    }

    private static int? Length(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!.Length,
        JsonValueKind.Array => value.GetArrayLength(),
        _ => null,
    };

    private static ValidationAttribute[] Attributes(JsonPropertyInfo p) =>
        p.AttributeProvider?.GetCustomAttributes(typeof(ValidationAttribute), inherit: true).OfType<ValidationAttribute>().ToArray() ?? [];

    private static bool IsFreeForm(Type type) =>
        type == typeof(object) || typeof(JsonNode).IsAssignableFrom(type) || type == typeof(JsonElement) || type == typeof(JsonElement?);

    private static string Suggest(JsonTypeInfo info, string name)
    {
        var best = info.Properties.Where(p => !p.IsExtensionData)
            .Select(p => (p.Name, Distance: Spelling.Distance(p.Name, name, ignoreCase: true)))
            .Where(x => x.Distance <= Math.Max(1, name.Length / 3))
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name is null ? string.Empty : $"; did you mean '{best.Name}'?";
    }

    private static string Describe(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => $"the string \"{Truncate(json.GetString()!)}\"",
        JsonValueKind.Number => $"the number {json.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {json.GetRawText()}",
        _ => "null",
    };

    private static string Truncate(string s) => s.Length <= 80 ? s : s[..77] + "...";
}
