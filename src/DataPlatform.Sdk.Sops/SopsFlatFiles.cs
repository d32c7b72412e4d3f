using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace DataPlatform.Sdk.Sops;

/// <summary>
/// One item of a dotenv or INI file as sops sees it: a comment, a key with a string value, or (INI) a section holding
/// such items. The order is sops's tree order, which is also the MAC's order: in an INI section, the section's comment
/// first, then each key followed by the comment written above it.
/// </summary>
internal sealed class FlatItem
{
    public string? Comment { get; set; }

    public string? Key { get; init; }

    public string? Value { get; set; }

    public List<FlatItem>? Items { get; init; }

    public static FlatItem CommentItem(string text) => new() { Comment = text };
}

/// <summary>sops's dotenv files: <c>KEY=value</c> lines and <c>#</c> comments; metadata as <c>sops_…</c> keys.</summary>
internal static class DotenvFile
{
    public const string MetadataPrefix = "sops_";

    public static (List<FlatItem> Items, Dictionary<string, string> Metadata) Read(string text)
    {
        var items = new List<FlatItem>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in text.Split('\n'))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '#')
            {
                items.Add(FlatItem.CommentItem(line[1..]));
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw new SopsException(string.Create(CultureInfo.InvariantCulture, $"Line {number} of the dotenv file is neither KEY=value nor a # comment."));
            }

            var key = line[..equals];
            var value = line[(equals + 1)..].Replace("\\n", "\n", StringComparison.Ordinal);
            if (key.StartsWith(MetadataPrefix, StringComparison.Ordinal))
            {
                metadata[key[MetadataPrefix.Length..]] = value;
            }
            else
            {
                items.Add(new FlatItem { Key = key, Value = value });
            }
        }

        return (items, metadata);
    }

    public static string Write(IEnumerable<FlatItem> items, IReadOnlyList<KeyValuePair<string, string>>? metadata)
    {
        var sb = new StringBuilder();
        foreach (var item in items)
        {
            _ = item.Comment is { } comment
                ? sb.Append('#').Append(comment).Append('\n')
                : sb.Append(item.Key).Append('=').Append(item.Value!.Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        }

        foreach (var (key, value) in metadata ?? [])
        {
            sb.Append(MetadataPrefix).Append(key).Append('=').Append(value.Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        }

        return sb.ToString();
    }
}

/// <summary>
/// sops's INI files (read and written as the go-ini library sops uses does): sections of <c>key = value</c> lines,
/// <c>;</c>/<c>#</c> comments kept with the section or key below them, keys before any section in <c>DEFAULT</c>,
/// <c>"""</c>-quoted multi-line values; metadata as a <c>[sops]</c> section of flattened keys.
/// </summary>
internal static class IniFile
{
    public const string DefaultSection = "DEFAULT";

    public static (List<FlatItem> Sections, Dictionary<string, string>? Metadata) Read(string text)
    {
        var sections = new List<FlatItem> { new() { Key = DefaultSection, Items = [] } };
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var pending = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] is ';' or '#')
            {
                pending.Add(line);
                continue;
            }

            var current = sections[^1].Items!;
            if (line[0] == '[')
            {
                var close = line.IndexOf(']', StringComparison.Ordinal);
                if (close < 0)
                {
                    throw new SopsException(string.Create(CultureInfo.InvariantCulture, $"Line {i + 1} of the INI file opens a section without closing it (']')."));
                }

                var name = line[1..close].Trim();
                var section = sections.FirstOrDefault(s => s.Key == name);
                if (section is null)
                {
                    section = new FlatItem { Key = name, Items = [] };
                    sections.Add(section);
                }
                else
                {
                    sections.Remove(section);
                    sections.Add(section); // go-ini merges a repeated section into the first; keys follow in order.
                }

                if (pending.Count > 0 && (section.Items!.Count == 0 || section.Items[0].Comment is null))
                {
                    section.Items!.Insert(0, FlatItem.CommentItem(StripCommentChar(string.Join('\n', pending))));
                }

                pending.Clear();
                continue;
            }

            var separator = line.IndexOfAny(['=', ':']);
            if (separator <= 0)
            {
                throw new SopsException(string.Create(CultureInfo.InvariantCulture, $"Line {i + 1} of the INI file is neither a section, a key = value pair nor a comment."));
            }

            var key = line[..separator].Trim();
            var value = line[(separator + 1)..].Trim();
            if (value.StartsWith("\"\"\"", StringComparison.Ordinal))
            {
                var body = new StringBuilder(value[3..]);
                while (!body.ToString().EndsWith("\"\"\"", StringComparison.Ordinal))
                {
                    if (++i >= lines.Length)
                    {
                        throw new SopsException($"The INI value of '{key}' opens a \"\"\" block that never closes.");
                    }

                    body.Append('\n').Append(lines[i].TrimEnd('\r'));
                }

                value = body.ToString()[..^3];
            }
            else if (value.Length >= 2 && (value[0] == '"' && value[^1] == '"' || value[0] == '`' && value[^1] == '`'))
            {
                value = value[1..^1];
            }

            current.Add(new FlatItem { Key = key, Value = value });
            if (pending.Count > 0)
            {
                current.Add(FlatItem.CommentItem(StripCommentChar(string.Join('\n', pending))));
                pending.Clear();
            }
        }

        var sops = sections.FirstOrDefault(s => s.Key == "sops");
        Dictionary<string, string>? metadata = null;
        if (sops is not null)
        {
            sections.Remove(sops);
            metadata = sops.Items!.Where(x => x.Key is not null).ToDictionary(x => x.Key!, x => x.Value!.Replace("\\n", "\n", StringComparison.Ordinal), StringComparer.Ordinal);
        }

        return (sections, metadata);
    }

    public static string Write(IEnumerable<FlatItem> sections, IReadOnlyList<KeyValuePair<string, string>>? metadata)
    {
        var all = sections.ToList();
        if (metadata is not null)
        {
            all.Add(new FlatItem { Key = "sops", Items = [.. metadata.Select(m => new FlatItem { Key = m.Key, Value = m.Value.Replace("\n", "\\n", StringComparison.Ordinal) })] });
        }

        var sb = new StringBuilder();
        for (var s = 0; s < all.Count; s++)
        {
            var section = all[s];
            var items = section.Items!;
            if (section.Key == DefaultSection && items.Count == 0)
            {
                continue;
            }

            var first = 0;
            if (items.Count > 0 && items[0].Comment is { } sectionComment)
            {
                WriteComment(sb, sectionComment);
                first = 1;
            }

            if (!(s == 0 && section.Key == DefaultSection))
            {
                sb.Append('[').Append(section.Key).Append("]\n"); // keys before any section stay headerless, as go-ini writes them
            }
            var width = items.Where(x => x.Key is not null).Select(x => x.Key!.Length).DefaultIfEmpty(0).Max();
            for (var i = first; i < items.Count; i++)
            {
                if (items[i].Comment is not null)
                {
                    continue; // Written above the key it belongs to.
                }

                if (i + 1 < items.Count && items[i + 1].Comment is { } keyComment)
                {
                    WriteComment(sb, keyComment);
                }

                sb.Append(items[i].Key!.PadRight(width)).Append(" = ").Append(Quote(items[i].Value!)).Append('\n');
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static string Quote(string value) =>
        value.Contains('\n', StringComparison.Ordinal) || value.Contains('`', StringComparison.Ordinal) ? "\"\"\"" + value + "\"\"\""
        : value.Length > 0 && (value.IndexOfAny(['#', ';']) >= 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])) ? "`" + value + "`"
        : value;

    private static void WriteComment(StringBuilder sb, string comment)
    {
        foreach (var line in comment.Split('\n'))
        {
            sb.Append(line.StartsWith(';') || line.StartsWith('#') ? line : "; " + line).Append('\n');
        }
    }

    private static string StripCommentChar(string comment) =>
        comment.StartsWith(';') ? comment.TrimStart(';', ' ') : comment.StartsWith('#') ? comment.TrimStart('#', ' ') : comment;
}

/// <summary>sops's flattening of its metadata for formats without nesting: <c>pgp__list_0__map_fp</c>.</summary>
internal static class FlatMetadata
{
    private const string MapSeparator = "__map_";
    private const string ListSeparator = "__list_";

    /// <summary>Flattened pairs, sorted by key (byte order, as sops's Go writes them), empty values left out.</summary>
    public static List<KeyValuePair<string, string>> Flatten(JsonObject sops)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in sops)
        {
            Add(result, key, value);
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return result;
    }

    private static void Add(List<KeyValuePair<string, string>> into, string prefix, JsonNode? value)
    {
        switch (value)
        {
            case null:
                break;
            case JsonObject o:
                foreach (var (k, v) in o)
                {
                    Add(into, prefix + MapSeparator + k, v);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Add(into, prefix + ListSeparator + i.ToString(CultureInfo.InvariantCulture), a[i]);
                }

                break;
            case JsonValue v when v.TryGetValue<bool>(out var b):
                into.Add(new(prefix, b ? "true" : "false"));
                break;
            case JsonValue v when v.TryGetValue<string>(out var s):
                into.Add(new(prefix, s));
                break;
            default:
                into.Add(new(prefix, value.ToJsonString()));
                break;
        }
    }

    public static JsonObject Unflatten(IReadOnlyDictionary<string, string> flat)
    {
        var root = new JsonObject();
        foreach (var (key, value) in flat.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var tokens = Tokenize(key);
            JsonNode current = root;
            for (var i = 0; i < tokens.Count; i++)
            {
                var last = i == tokens.Count - 1;
                JsonNode? next = last ? Leaf(tokens[0] as string, value) : tokens[i + 1] is int ? new JsonArray() : new JsonObject();
                current = tokens[i] switch
                {
                    string name when current is JsonObject o => o[name] is { } existing && !last ? existing : (o[name] = next)!,
                    int index when current is JsonArray a => Slot(a, index, next, last),
                    _ => throw new SopsException($"The flattened sops metadata key '{key}' mixes lists and maps."),
                };
            }
        }

        return root;
    }

    private static JsonNode Slot(JsonArray array, int index, JsonNode? next, bool last)
    {
        if (index > 1000)
        {
            throw new SopsException("The flattened sops metadata has an implausible list index.");
        }

        while (array.Count <= index)
        {
            array.Add(null);
        }

        if (last || array[index] is null)
        {
            array[index] = next;
        }

        return array[index]!;
    }

    private static JsonValue Leaf(string? topLevel, string value) => topLevel switch
    {
        "mac_only_encrypted" => JsonValue.Create(value == "true"),
        "shamir_threshold" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
        _ => JsonValue.Create(value),
    };

    private static List<object> Tokenize(string key)
    {
        var tokens = new List<object>();
        var rest = key;
        var first = true;
        while (rest.Length > 0)
        {
            var map = rest.IndexOf(MapSeparator, first ? 0 : 1, StringComparison.Ordinal);
            var list = rest.IndexOf(ListSeparator, first ? 0 : 1, StringComparison.Ordinal);
            var cut = new[] { map, list }.Where(x => x > 0).DefaultIfEmpty(rest.Length).Min();
            var token = rest[..cut];
            if (first)
            {
                tokens.Add(token);
            }
            else if (token.StartsWith(MapSeparator, StringComparison.Ordinal))
            {
                tokens.Add(token[MapSeparator.Length..]);
            }
            else
            {
                tokens.Add(int.TryParse(token[ListSeparator.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    ? index : throw new SopsException($"The flattened sops metadata key '{key}' has a malformed list index."));
            }

            rest = rest[cut..];
            first = false;
        }

        return tokens;
    }
}
