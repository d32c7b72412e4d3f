using System.Buffers;
using System.Globalization;
using System.Text.Json;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Json;

/// <summary>
/// The bridge between YAML syntax and the JSON data model: YAML trees become JSON the way Kubernetes converts them
/// (go-yaml v2 scalar resolution, merge keys, aliases expanded within a budget), and JSON becomes YAML trees, reusing
/// the original nodes, with their comments and exact text, wherever the value did not change.
/// </summary>
public static class YamlJson
{
    /// <summary>Converts a YAML node to a JSON element.</summary>
    /// <param name="node">The node; <see langword="null"/> converts to JSON <c>null</c>.</param>
    /// <param name="diagnostics">Receives problems (alias budget, special floats); may be <see langword="null"/>.</param>
    /// <param name="filePath">The file, for diagnostics.</param>
    /// <param name="options">Limits.</param>
    /// <returns>The JSON value, or <see langword="null"/> when a limit stopped the conversion.</returns>
    public static JsonElement? ToJson(
        YamlNode? node,
        ICollection<Diagnostic>? diagnostics = null,
        string? filePath = null,
        YamlReaderOptions? options = null)
    {
        options ??= YamlReaderOptions.Default;
        var buffer = new ArrayBufferWriter<byte>(1024);
        var converter = new Converter(filePath, options, diagnostics);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, MaxDepth = options.MaxDepth + 8 }))
        {
            if (!converter.Write(writer, node, 0, string.Empty))
            {
                return null;
            }
        }

        using var doc = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = options.MaxDepth + 8 });
        return doc.RootElement.Clone();
    }

    /// <summary>Counts the nodes of a tree as written (aliases count once).</summary>
    /// <param name="node">The root.</param>
    /// <returns>The count.</returns>
    internal static int CountWritten(YamlNode? node)
    {
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<YamlNode>();
        if (node is not null)
        {
            stack.Push(node);
        }

        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (!seen.Add(n))
            {
                continue;
            }

            switch (n)
            {
                case YamlMapping m:
                    foreach (var e in m.Entries)
                    {
                        stack.Push(e.Value);
                    }

                    break;
                case YamlSequence s:
                    foreach (var i in s.Items)
                    {
                        stack.Push(i.Value);
                    }

                    break;
            }
        }

        return seen.Count;
    }

    private sealed class Converter(string? filePath, YamlReaderOptions options, ICollection<Diagnostic>? diagnostics)
    {
        private int _budget = -1;

        public bool Write(Utf8JsonWriter w, YamlNode? node, int depth, string pointer)
        {
            if (_budget < 0)
            {
                _budget = CountWritten(node) + options.MaxAliasExpansion;
            }

            if (--_budget < 0)
            {
                diagnostics?.Add(SdkDiagnostics.AliasExpansion.Create(
                    $"Aliases expand the document beyond {options.MaxAliasExpansion} extra nodes.", pointer, Loc(node)));
                return false;
            }

            if (depth > options.MaxDepth)
            {
                diagnostics?.Add(SdkDiagnostics.NestingTooDeep.Create($"Nesting is deeper than {options.MaxDepth} levels.", pointer, Loc(node)));
                return false;
            }

            switch (node)
            {
                case null:
                    w.WriteNullValue();
                    return true;
                case YamlScalar s:
                    WriteScalar(w, s, pointer);
                    return true;
                case YamlSequence seq:
                    w.WriteStartArray();
                    for (var i = 0; i < seq.Items.Count; i++)
                    {
                        if (!Write(w, seq.Items[i].Value, depth + 1, pointer + "/" + i.ToString(CultureInfo.InvariantCulture)))
                        {
                            return false;
                        }
                    }

                    w.WriteEndArray();
                    return true;
                case YamlMapping map:
                    w.WriteStartObject();
                    foreach (var (key, value) in EffectiveEntries(map))
                    {
                        w.WritePropertyName(key);
                        if (!Write(w, value, depth + 1, pointer + "/" + EscapePointer(key)))
                        {
                            return false;
                        }
                    }

                    w.WriteEndObject();
                    return true;
                default:
                    w.WriteNullValue();
                    return true;
            }
        }

        private void WriteScalar(Utf8JsonWriter w, YamlScalar s, string pointer)
        {
            if (s.Style != YamlScalarStyle.Plain || s.Tag is "!!str" || s.Tag is { } t && !t.StartsWith("!!", StringComparison.Ordinal))
            {
                w.WriteStringValue(s.Value);
                return;
            }

            var kind = YamlScalars.Resolve(s.Value, out var number, out var boolean);
            if (s.Tag is { } tag)
            {
                kind = tag switch
                {
                    "!!null" => ScalarKind.Null,
                    "!!bool" => kind == ScalarKind.Boolean ? kind : ScalarKind.String,
                    "!!int" => kind == ScalarKind.Integer ? kind : ScalarKind.String,
                    "!!float" => kind is ScalarKind.Float or ScalarKind.Integer or ScalarKind.SpecialFloat ? kind : ScalarKind.String,
                    _ => kind,
                };
            }

            switch (kind)
            {
                case ScalarKind.Null:
                    w.WriteNullValue();
                    break;
                case ScalarKind.Boolean:
                    w.WriteBooleanValue(boolean);
                    break;
                case ScalarKind.Integer or ScalarKind.Float:
                    w.WriteRawValue(number!, skipInputValidation: true);
                    break;
                case ScalarKind.SpecialFloat:
                    diagnostics?.Add(SdkDiagnostics.UnsupportedYaml.Create(
                        $"'{s.Value}' is a special float that JSON cannot represent; it is read as a string.", pointer, Loc(s)));
                    w.WriteStringValue(s.Value);
                    break;
                default:
                    w.WriteStringValue(s.Value);
                    break;
            }
        }

        private SourceLocation? Loc(YamlNode? node) =>
            filePath is null ? null : new SourceLocation(filePath, node?.Start.Line ?? 0, node?.Start.Column ?? 0);
    }

    /// <summary>The key/value pairs a mapping means: merge keys (<c>&lt;&lt;</c>) applied, the last duplicate winning.</summary>
    /// <param name="map">The mapping.</param>
    /// <returns>The pairs, in first-appearance order.</returns>
    public static IReadOnlyList<KeyValuePair<string, YamlNode>> EffectiveEntries(YamlMapping map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var hasMerge = false;
        var hasDuplicate = false;
        HashSet<string>? seen = map.Entries.Count > 8 ? new(StringComparer.Ordinal) : null;
        for (var i = 0; i < map.Entries.Count; i++)
        {
            var e = map.Entries[i];
            if (e.Key.Value == "<<" && e.Key.IsPlainUntagged)
            {
                hasMerge = true;
            }
            else if (seen is not null ? !seen.Add(e.Key.Value) : map.Entries.Take(i).Any(p => p.Key.Value == e.Key.Value))
            {
                hasDuplicate = true;
            }
        }

        if (!hasMerge && !hasDuplicate)
        {
            return [.. map.Entries.Select(e => new KeyValuePair<string, YamlNode>(e.Key.Value, e.Value))];
        }

        var order = new List<string>();
        var values = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var explicitKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in map.Entries)
        {
            if (e.Key.Value == "<<" && e.Key.IsPlainUntagged)
            {
                var sources = e.Value switch
                {
                    YamlMapping m => [m],
                    YamlSequence s => s.Items.Select(i => i.Value).OfType<YamlMapping>().ToList(),
                    _ => [],
                };
                foreach (var source in sources)
                {
                    foreach (var (k, v) in EffectiveEntries(source))
                    {
                        if (explicitKeys.Contains(k) || values.ContainsKey(k))
                        {
                            continue;
                        }

                        order.Add(k);
                        values[k] = v;
                    }
                }

                continue;
            }

            if (!values.ContainsKey(e.Key.Value))
            {
                order.Add(e.Key.Value);
            }

            values[e.Key.Value] = e.Value;
            explicitKeys.Add(e.Key.Value);
        }

        return [.. order.Select(k => new KeyValuePair<string, YamlNode>(k, values[k]))];
    }

    /// <summary>Escapes a key for use as a JSON pointer token.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The token.</returns>
    public static string EscapePointer(string key) =>
        key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>
    /// Turns a JSON value into a YAML tree. Where <paramref name="original"/> holds an equal value, the original node is
    /// reused with its comments and exact text; changed mappings keep their key order and comments, new keys are
    /// appended in the order the JSON gives them.
    /// </summary>
    /// <param name="value">The new value.</param>
    /// <param name="original">The node the value replaces, or <see langword="null"/>.</param>
    /// <param name="keepMissing">
    /// Decides, for a key the original mapping has and the new value lacks, whether to keep it (for example an empty
    /// list a typed model omits). Gets the JSON pointer of the key and the original node.
    /// </param>
    /// <returns>The YAML tree.</returns>
    public static YamlNode FromJson(JsonElement value, YamlNode? original = null, Func<string, YamlNode, bool>? keepMissing = null) =>
        Merge(value, original, null, null, keepMissing, string.Empty);

    /// <summary>
    /// Merges an edited value into the tree it was read from, three ways: <paramref name="baseline"/> is the value as the
    /// model saw it when it was read (the original data passed through the model once). Wherever the new value equals
    /// the baseline, the user changed nothing there, so the original node is kept as written — even when the model
    /// spells the value differently (a quantity <c>1000</c> the model writes as <c>1k</c>) or fills in a default the file
    /// does not have (those are never added). Keys the model does not hold are kept.
    /// </summary>
    /// <param name="value">The new value.</param>
    /// <param name="original">The node the value replaces.</param>
    /// <param name="baseline">The model's view of <paramref name="original"/>, or <see langword="null"/> for a two-way merge.</param>
    /// <param name="keepMissing">As for <see cref="FromJson(JsonElement, YamlNode?, Func{string, YamlNode, bool}?)"/>.</param>
    /// <returns>The YAML tree.</returns>
    public static YamlNode FromJson(JsonElement value, YamlNode? original, JsonElement? baseline, Func<string, YamlNode, bool>? keepMissing = null) =>
        Merge(value, original, null, baseline, keepMissing, string.Empty);

    // originalJson: the JSON of 'original' when the caller already has it (a part of its parent's JSON), so the
    // original tree is converted to JSON once, not once per nesting level. baseline: the model's view of the original
    // (see the three-way FromJson); equal to it means "unchanged".
    private static YamlNode Merge(JsonElement value, YamlNode? original, JsonElement? originalJson, JsonElement? baseline, Func<string, YamlNode, bool>? keepMissing, string pointer)
    {
        if (original is not null)
        {
            if (baseline is { } b && JsonElement.DeepEquals(b, value))
            {
                return original;
            }

            originalJson ??= ToJson(original);
            if (originalJson is { } same && JsonElement.DeepEquals(same, value))
            {
                return original;
            }
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                {
                    var map = new YamlMapping { Start = original?.Start ?? default };
                    // Properties by name, built once: JsonElement looks a property up by a linear scan, which made a mapping
                    // of many keys quadratic.
                    var newValues = Properties(value)!;
                    var originalValues = Properties(originalJson);
                    var baselineValues = Properties(baseline);
                    if (original is YamlMapping om)
                    {
                        var originalKeys = new HashSet<string>(om.Entries.Select(e => e.Key.Value), StringComparer.Ordinal);
                        var lastEntry = new Dictionary<string, YamlEntry>(StringComparer.Ordinal);
                        foreach (var e in om.Entries)
                        {
                            lastEntry[e.Key.Value] = e; // The last duplicate wins, as Find does.
                        }

                        map.TrailingComments.AddRange(om.TrailingComments);
                        var done = new HashSet<string>(StringComparer.Ordinal);
                        foreach (var e in om.Entries)
                        {
                            var key = e.Key.Value;
                            if (e.Key.IsPlainUntagged && key == "<<")
                            {
                                continue; // Merged content is written out explicitly once changed.
                            }

                            if (newValues.TryGetValue(key, out var newValue))
                            {
                                if (!done.Add(key))
                                {
                                    continue;
                                }

                                var childJson = originalValues is not null && originalValues.TryGetValue(key, out var cj) ? cj : (JsonElement?)null;
                                var child = Merge(newValue, lastEntry[key].Value, childJson, Lookup(baselineValues, key), keepMissing, pointer + "/" + EscapePointer(key));
                                var entry = new YamlEntry(e.Key, child);
                                entry.CopyTriviaFrom(e);
                                map.Entries.Add(entry);
                            }
                            else if ((baselineValues is not null && !baselineValues.ContainsKey(key)
                                      || keepMissing?.Invoke(pointer + "/" + EscapePointer(key), e.Value) == true) && done.Add(key))
                            {
                                var entry = new YamlEntry(e.Key, e.Value);
                                entry.CopyTriviaFrom(e);
                                map.Entries.Add(entry);
                            }
                        }

                        foreach (var p in value.EnumerateObject())
                        {
                            if (Lookup(baselineValues, p.Name) is { } filled && !originalKeys.Contains(p.Name) && JsonElement.DeepEquals(filled, p.Value))
                            {
                                continue; // A default the model filled in on reading, not something the user added.
                            }

                            if (done.Add(p.Name))
                            {
                                map.Entries.Add(new YamlEntry(Key(p.Name), Merge(p.Value, null, null, null, keepMissing, pointer + "/" + EscapePointer(p.Name))));
                            }
                        }

                        return map;
                    }

                    foreach (var p in value.EnumerateObject())
                    {
                        map.Entries.Add(new YamlEntry(Key(p.Name), Merge(p.Value, null, null, null, keepMissing, pointer + "/" + EscapePointer(p.Name))));
                    }

                    return map;
                }

            case JsonValueKind.Array:
                {
                    var seq = new YamlSequence { Start = original?.Start ?? default };
                    var originalItems = (original as YamlSequence)?.Items ?? [];
                    if (original is YamlSequence os)
                    {
                        seq.TrailingComments.AddRange(os.TrailingComments);
                        seq.Indentless = os.Indentless;
                    }

                    var used = new bool[originalItems.Count];
                    var itemJson = originalJson is { ValueKind: JsonValueKind.Array } oa && oa.GetArrayLength() == originalItems.Count
                        ? [.. oa.EnumerateArray().Select(e => (JsonElement?)e)]
                        : originalItems.Select(i => ToJson(i.Value)).ToArray();
                    var baseItems = baseline is { ValueKind: JsonValueKind.Array } ba && ba.GetArrayLength() == originalItems.Count
                        ? [.. ba.EnumerateArray().Select(e => (JsonElement?)e)]
                        : new JsonElement?[originalItems.Count];
                    bool Same(int j, JsonElement element) =>
                        itemJson[j] is { } candidate && JsonElement.DeepEquals(candidate, element) || baseItems[j] is { } seen && JsonElement.DeepEquals(seen, element);
                    var index = 0;
                    foreach (var element in value.EnumerateArray())
                    {
                        // Prefer an equal original item (same position first), then the item at the same position.
                        var match = -1;
                        if (index < originalItems.Count && !used[index] && Same(index, element))
                        {
                            match = index;
                        }
                        else
                        {
                            for (var j = 0; j < originalItems.Count; j++)
                            {
                                if (!used[j] && Same(j, element))
                                {
                                    match = j;
                                    break;
                                }
                            }
                        }

                        if (match < 0 && index < originalItems.Count && !used[index]
                            && element.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                            && (originalItems[index].Value is YamlMapping && element.ValueKind == JsonValueKind.Object
                                || originalItems[index].Value is YamlSequence && element.ValueKind == JsonValueKind.Array))
                        {
                            match = index;
                        }

                        YamlItem item;
                        if (match >= 0)
                        {
                            used[match] = true;
                            item = new YamlItem(Merge(element, originalItems[match].Value, itemJson[match], baseItems[match], keepMissing, pointer + "/" + index.ToString(CultureInfo.InvariantCulture)));
                            item.CopyTriviaFrom(originalItems[match]);
                        }
                        else
                        {
                            item = new YamlItem(Merge(element, null, null, null, keepMissing, pointer + "/" + index.ToString(CultureInfo.InvariantCulture)));
                        }

                        seq.Items.Add(item);
                        index++;
                    }

                    return seq;
                }

            case JsonValueKind.String:
                {
                    var s = value.GetString()!;
                    if (original is YamlScalar os && os.Value == s
                        && (os.Style != YamlScalarStyle.Plain || (os.IsPlainUntagged && YamlScalars.Resolve(s, out _, out _) is ScalarKind.Integer or ScalarKind.Float)))
                    {
                        // Same text: a quoted string, or a number that a model reads as text (Kubernetes quantities,
                        // int-or-string), which every Kubernetes reader treats alike. Keep it as written.
                        return os;
                    }

                    return new YamlScalar(s, StyleFor(s)) { Start = original?.Start ?? default };
                }

            case JsonValueKind.Number:
                return new YamlScalar(value.GetRawText()) { Start = original?.Start ?? default };
            case JsonValueKind.True:
                return new YamlScalar("true") { Start = original?.Start ?? default };
            case JsonValueKind.False:
                return new YamlScalar("false") { Start = original?.Start ?? default };
            default:
                return new YamlScalar("null") { Start = original?.Start ?? default };
        }
    }

    /// <summary>An object's properties by name (the last duplicate wins), or <see langword="null"/> for a non-object.</summary>
    private static Dictionary<string, JsonElement>? Properties(JsonElement? obj)
    {
        if (obj is not { ValueKind: JsonValueKind.Object } o)
        {
            return null;
        }

        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in o.EnumerateObject())
        {
            result[p.Name] = p.Value;
        }

        return result;
    }

    private static JsonElement? Lookup(Dictionary<string, JsonElement>? properties, string key) =>
        properties is not null && properties.TryGetValue(key, out var v) ? v : null;

    private static YamlScalar Key(string name) => new(name, YamlScalars.NeedsQuotes(name) ? YamlScalarStyle.DoubleQuoted : YamlScalarStyle.Plain);

    /// <summary>The style the engine writes a new string in: plain when safe, a literal block for multi-line text, else double-quoted.</summary>
    /// <param name="s">The string.</param>
    /// <returns>The style.</returns>
    public static YamlScalarStyle StyleFor(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Contains('\n', StringComparison.Ordinal) && YamlEmitter.CanBeLiteral(s))
        {
            return YamlScalarStyle.Literal;
        }

        return YamlScalars.NeedsQuotes(s) ? YamlScalarStyle.DoubleQuoted : YamlScalarStyle.Plain;
    }
}
