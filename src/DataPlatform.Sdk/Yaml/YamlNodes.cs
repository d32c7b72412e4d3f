namespace DataPlatform.Sdk.Yaml;

/// <summary>A 1-based position in a YAML text.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public readonly record struct YamlMark(int Line, int Column)
{
    /// <summary>No position (for nodes created in code).</summary>
    public static YamlMark None => default;

    /// <summary><see langword="true"/> when the mark points into a real text.</summary>
    public bool IsKnown => Line > 0;
}

/// <summary>How a scalar was written in its file.</summary>
public enum YamlScalarStyle
{
    /// <summary>Unquoted. Its type (string, number, bool, null) is resolved from its text.</summary>
    Plain,

    /// <summary>'single quoted'. Always a string.</summary>
    SingleQuoted,

    /// <summary>"double quoted". Always a string.</summary>
    DoubleQuoted,

    /// <summary>A <c>|</c> literal block. Always a string.</summary>
    Literal,

    /// <summary>A <c>&gt;</c> folded block. Always a string.</summary>
    Folded,
}

/// <summary>
/// A node of the comment- and position-preserving YAML tree the engine reads and writes.
/// The tree is the syntax; <see cref="Json.YamlJson"/> turns it into the JSON data model.
/// </summary>
public abstract class YamlNode
{
    /// <summary>Where the node starts; <see cref="YamlMark.None"/> for nodes made in code.</summary>
    public YamlMark Start { get; init; }

    /// <summary>An explicit tag such as <c>!!str</c>, or <see langword="null"/>.</summary>
    public string? Tag { get; init; }

    /// <summary>The anchor name (<c>&amp;name</c>) when the node was anchored in its file.</summary>
    public string? Anchor { get; init; }
}

/// <summary>A scalar: its exact text and style are kept, so an unchanged value is written back exactly.</summary>
public sealed class YamlScalar : YamlNode
{
    /// <summary>Creates a scalar.</summary>
    /// <param name="value">The scalar's text (after unescaping).</param>
    /// <param name="style">The style.</param>
    public YamlScalar(string value, YamlScalarStyle style = YamlScalarStyle.Plain)
    {
        Value = value;
        Style = style;
    }

    /// <summary>The text of the scalar.</summary>
    public string Value { get; }

    /// <summary>How the scalar was written.</summary>
    public YamlScalarStyle Style { get; }

    /// <summary><see langword="true"/> for a plain scalar without a tag, whose type is resolved from its text.</summary>
    public bool IsPlainUntagged => Style == YamlScalarStyle.Plain && Tag is null;
}

/// <summary>Comments and spacing that stand before and beside an entry of a mapping or sequence.</summary>
public abstract class YamlTrivia
{
    private List<string>? _leadingComments;

    /// <summary>Full-line comments above the entry, each without the leading <c>#</c>.</summary>
    public List<string> LeadingComments => _leadingComments ??= [];

    /// <summary>Whether there are leading comments (without allocating the list).</summary>
    public bool HasLeadingComments => _leadingComments is { Count: > 0 };

    /// <summary>The comment at the end of the entry's line, without the leading <c>#</c>.</summary>
    public string? LineComment { get; set; }

    /// <summary>A blank line stood before the entry (or its comments).</summary>
    public bool BlankLineBefore { get; set; }

    /// <summary>Copies comments and spacing from another entry.</summary>
    /// <param name="other">The source.</param>
    public void CopyTriviaFrom(YamlTrivia other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.HasLeadingComments)
        {
            LeadingComments.AddRange(other.LeadingComments);
        }

        LineComment = other.LineComment;
        BlankLineBefore = other.BlankLineBefore;
    }
}

/// <summary>A key/value pair of a mapping, with its comments.</summary>
public sealed class YamlEntry : YamlTrivia
{
    /// <summary>Creates an entry.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public YamlEntry(YamlScalar key, YamlNode value)
    {
        Key = key;
        Value = value;
    }

    /// <summary>The key.</summary>
    public YamlScalar Key { get; }

    /// <summary>The value.</summary>
    public YamlNode Value { get; set; }
}

/// <summary>An item of a sequence, with its comments.</summary>
public sealed class YamlItem : YamlTrivia
{
    /// <summary>Creates an item.</summary>
    /// <param name="value">The value.</param>
    public YamlItem(YamlNode value) => Value = value;

    /// <summary>The value.</summary>
    public YamlNode Value { get; set; }
}

/// <summary>A mapping, in file order.</summary>
public sealed class YamlMapping : YamlNode
{
    /// <summary>The entries, in order. Duplicate keys are reported when reading; the last one wins.</summary>
    public List<YamlEntry> Entries { get; } = [];

    /// <summary>Comments after the last entry that belong to this mapping's indentation level.</summary>
    public List<string> TrailingComments { get; } = [];

    /// <summary>Finds the last entry with the given key.</summary>
    /// <param name="key">The key text.</param>
    /// <returns>The entry, or <see langword="null"/>.</returns>
    public YamlEntry? Find(string key)
    {
        for (var i = Entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(Entries[i].Key.Value, key, StringComparison.Ordinal))
            {
                return Entries[i];
            }
        }

        return null;
    }
}

/// <summary>A sequence, in file order.</summary>
public sealed class YamlSequence : YamlNode
{
    /// <summary>The items, in order.</summary>
    public List<YamlItem> Items { get; } = [];

    /// <summary>Comments after the last item that belong to this sequence.</summary>
    public List<string> TrailingComments { get; } = [];

    /// <summary>
    /// As a mapping value, the dashes stand at the key's column (<c>key:\n- a</c>, kubectl's and controller-gen's style)
    /// instead of indented under it. <see langword="null"/>: the document's style decides.
    /// </summary>
    public bool? Indentless { get; set; }
}

/// <summary>One document of a YAML stream, with the comments around it.</summary>
public sealed class YamlDocument
{
    /// <summary>Creates a document.</summary>
    /// <param name="root">The root node.</param>
    public YamlDocument(YamlNode? root) => Root = root;

    /// <summary>The root node; <see langword="null"/> for an empty document.</summary>
    public YamlNode? Root { get; set; }

    /// <summary>Comments before the root (file header, <c># yaml-language-server: $schema=…</c> modelines).</summary>
    public List<string> HeaderComments { get; } = [];

    /// <summary>Comments that stood before the document's explicit <c>---</c> marker.</summary>
    public List<string> PreambleComments { get; } = [];

    /// <summary>The document started with an explicit <c>---</c> marker.</summary>
    public bool ExplicitStart { get; init; }

    /// <summary>
    /// Block sequences under keys are written indentless (<c>key:\n- a</c>) unless a sequence says otherwise; set when
    /// most of the document's sequences were written that way.
    /// </summary>
    public bool IndentlessSequences { get; set; }

    /// <summary>Comments after the root.</summary>
    public List<string> FooterComments { get; } = [];

    /// <summary>Where the document starts in its file.</summary>
    public YamlMark Start { get; init; }

    /// <summary>
    /// Finds the position of the node a JSON pointer names: the key for a mapping member, the value for a sequence item.
    /// Falls back to the nearest existing ancestor, so a missing field points at its parent.
    /// </summary>
    /// <param name="pointer">A JSON pointer such as <c>/spec/sourceRef/name</c>.</param>
    /// <returns>The position, or <see cref="YamlMark.None"/> when nothing in the path has one.</returns>
    public YamlMark Locate(string pointer)
    {
        if (Root is null)
        {
            return Start;
        }

        YamlMark best = Root.Start.IsKnown ? Root.Start : Start;
        YamlNode? node = Root;
        foreach (var token in JsonPointerTokens(pointer))
        {
            switch (node)
            {
                case YamlMapping map:
                    var entry = FindWithMerges(map, token);
                    if (entry is null)
                    {
                        return best;
                    }

                    if (entry.Key.Start.IsKnown)
                    {
                        best = entry.Key.Start;
                    }

                    node = entry.Value;
                    break;
                case YamlSequence seq when int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) && i < seq.Items.Count:
                    node = seq.Items[i].Value;
                    if (node.Start.IsKnown)
                    {
                        best = node.Start;
                    }

                    break;
                default:
                    return best;
            }
        }

        return best;
    }

    /// <summary>Splits a JSON pointer into unescaped tokens.</summary>
    /// <param name="pointer">The pointer.</param>
    /// <returns>The tokens.</returns>
    public static IEnumerable<string> JsonPointerTokens(string pointer)
    {
        if (string.IsNullOrEmpty(pointer))
        {
            yield break;
        }

        foreach (var raw in pointer.TrimStart('/').Split('/'))
        {
            yield return raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        }
    }

    private static YamlEntry? FindWithMerges(YamlMapping map, string key)
    {
        var entry = map.Find(key);
        if (entry is not null)
        {
            return entry;
        }

        var merge = map.Find("<<");
        return merge?.Value switch
        {
            YamlMapping m => FindWithMerges(m, key),
            YamlSequence s => s.Items.Select(i => i.Value).OfType<YamlMapping>().Select(m => FindWithMerges(m, key)).FirstOrDefault(e => e is not null),
            _ => null,
        };
    }
}
