using System.Globalization;
using System.Text;

namespace DataPlatform.Sdk.Yaml;

/// <summary>
/// Writes <see cref="YamlDocument"/> trees as canonical YAML: 2-space block style, sequences indented under their key,
/// comments where they stood, literal blocks for multi-line strings, LF line ends, a final newline and <c>---</c>
/// between documents. The output depends only on the tree, never on the OS or culture.
/// </summary>
public static class YamlEmitter
{
    private const int Indent = 2;

    /// <summary>Writes several documents as one stream.</summary>
    /// <param name="documents">The documents.</param>
    /// <returns>The YAML text.</returns>
    public static string Emit(IEnumerable<YamlDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var sb = new StringBuilder();
        var first = true;
        foreach (var doc in documents)
        {
            foreach (var c in doc.PreambleComments)
            {
                sb.Append('#').Append(c.TrimEnd()).Append('\n');
            }

            if (!first || doc.ExplicitStart)
            {
                sb.Append("---\n");
            }

            first = false;
            new Writer(sb, doc.IndentlessSequences).Document(doc);
        }

        return sb.ToString();
    }

    /// <summary>Writes one document.</summary>
    /// <param name="document">The document.</param>
    /// <returns>The YAML text.</returns>
    public static string Emit(YamlDocument document) => Emit([document]);

    /// <summary>Writes one node as a document.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The YAML text.</returns>
    public static string Emit(YamlNode node) => Emit(new YamlDocument(node));

    /// <summary>
    /// <see langword="true"/> when a multi-line string can be written as a literal block and read back unchanged.
    /// </summary>
    /// <param name="s">The string.</param>
    /// <returns>Whether a literal block is safe.</returns>
    public static bool CanBeLiteral(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        foreach (var ch in s)
        {
            if (ch != '\n' && ch != '\t' && (char.IsControl(ch) || ch is '\uFEFF' or '\u2028' or '\u2029' or '\u0085'))
            {
                return false;
            }
        }

        // Lines holding only white space are read back as empty lines: they cannot be kept in a literal block.
        foreach (var line in s.Split('\n'))
        {
            if (line.Length > 0 && string.IsNullOrWhiteSpace(line))
            {
                return false;
            }
        }

        // A literal block cannot start with a tab (it is not indentation) and cannot be all line breaks.
        return s.Trim('\n').Length > 0 && s[0] != '\t';
    }

    /// <summary>
    /// Whether a string read from a block scalar can be written as one again: like <see cref="CanBeLiteral"/>, but
    /// one-line text and lines of white space (content, when they are longer than the indentation) are allowed.
    /// </summary>
    private static bool CanBeBlock(string s)
    {
        foreach (var ch in s)
        {
            if (ch != '\n' && ch != '\t' && (char.IsControl(ch) || ch is '\uFEFF' or '\u2028' or '\u2029' or '\u0085'))
            {
                return false;
            }
        }

        return s.Trim('\n').Length > 0 && s[0] != '\t';
    }

    private sealed class Writer(StringBuilder sb, bool indentlessByDefault)
    {
        private readonly HashSet<YamlNode> _anchored = new(ReferenceEqualityComparer.Instance);

        public void Document(YamlDocument doc)
        {
            foreach (var c in doc.HeaderComments)
            {
                Comment(0, c);
            }

            switch (doc.Root)
            {
                case null:
                    if (doc.HeaderComments.Count == 0 && doc.FooterComments.Count == 0)
                    {
                        sb.Append("{}\n");
                    }

                    break;
                case YamlMapping { Entries.Count: > 0 } m:
                    _anchored.Add(m); // A root anchor has nothing to refer to it from outside the root.
                    Mapping(m, 0);
                    break;
                case YamlSequence { Items.Count: > 0 } s:
                    _anchored.Add(s);
                    Sequence(s, 0);
                    break;
                case YamlScalar scalar:
                    if (!Scalar(scalar, -Indent, isKey: false, lineComment: null))
                    {
                        sb.Append('\n');
                    }

                    break;
                default:
                    sb.Append(doc.Root is YamlMapping ? "{}\n" : "[]\n");
                    break;
            }

            foreach (var c in doc.FooterComments)
            {
                Comment(0, c);
            }
        }

        private void Mapping(YamlMapping map, int indent, bool firstInline = false)
        {
            for (var i = 0; i < map.Entries.Count; i++)
            {
                var e = map.Entries[i];
                if (!(firstInline && i == 0))
                {
                    Trivia(e, indent, i == 0);
                    Pad(indent);
                }

                Scalar(e.Key, indent, isKey: true, lineComment: null);
                sb.Append(':');
                Value(e.Value, indent, e.LineComment, afterDash: false);
            }

            foreach (var c in map.TrailingComments)
            {
                Comment(indent, c);
            }
        }

        private void Sequence(YamlSequence seq, int indent, bool firstInline = false)
        {
            for (var i = 0; i < seq.Items.Count; i++)
            {
                var item = seq.Items[i];
                if (!(firstInline && i == 0))
                {
                    Trivia(item, indent, i == 0);
                    Pad(indent);
                }

                sb.Append('-');
                Value(item.Value, indent, item.LineComment, afterDash: true);
            }

            foreach (var c in seq.TrailingComments)
            {
                Comment(indent, c);
            }
        }

        /// <summary>Writes a value after "key:" or "-", including the end of the line.</summary>
        private void Value(YamlNode v, int indent, string? lineComment, bool afterDash)
        {
            if (IsAlias(v))
            {
                sb.Append(" *").Append(v.Anchor);
                LineEnd(lineComment);
                return;
            }

            var props = PropsText(v);
            switch (v)
            {
                case YamlMapping { Entries.Count: > 0 } m:
                    if (afterDash && props.Length == 0 && lineComment is null && !m.Entries[0].HasLeadingComments)
                    {
                        sb.Append(' ');
                        Mapping(m, indent + Indent, firstInline: true);
                        return;
                    }

                    sb.Append(props);
                    LineEnd(lineComment);
                    Mapping(m, indent + Indent);
                    return;
                case YamlSequence { Items.Count: > 0 } s:
                    if (afterDash && props.Length == 0 && lineComment is null && !s.Items[0].HasLeadingComments)
                    {
                        sb.Append(' ');
                        Sequence(s, indent + Indent, firstInline: true);
                        return;
                    }

                    sb.Append(props);
                    LineEnd(lineComment);
                    Sequence(s, !afterDash && (s.Indentless ?? indentlessByDefault) ? indent : indent + Indent);
                    return;
                case YamlMapping:
                    sb.Append(props).Append(" {}");
                    LineEnd(lineComment);
                    return;
                case YamlSequence:
                    sb.Append(props).Append(" []");
                    LineEnd(lineComment);
                    return;
                case YamlScalar { Value.Length: 0, Style: YamlScalarStyle.Plain, Tag: null } when props.Length == 0:
                    LineEnd(lineComment); // A null written as nothing: "key:" with no trailing space.
                    return;
                case YamlScalar scalar:
                    sb.Append(props).Append(' ');
                    if (!Scalar(scalar, indent, isKey: false, lineComment))
                    {
                        LineEnd(lineComment);
                    }

                    return;
            }
        }

        /// <summary>The anchor and tag of a collection (or the anchor of a scalar), with a leading space; marks the anchor written.</summary>
        private string PropsText(YamlNode node)
        {
            var text = string.Empty;
            if (node.Anchor is { } anchor && _anchored.Add(node))
            {
                text = " &" + anchor;
            }

            if (node.Tag is { } tag && node is not YamlScalar)
            {
                text += " " + tag;
            }

            return text;
        }

        private bool IsAlias(YamlNode node) => node.Anchor is not null && _anchored.Contains(node);

        /// <summary>Writes a scalar; returns <see langword="true"/> when it also wrote the end of the line (block scalars).</summary>
        private bool Scalar(YamlScalar s, int indent, bool isKey, string? lineComment)
        {
            if (!isKey && s.Tag is { } tag)
            {
                sb.Append(tag).Append(' ');
            }

            var style = s.Style;
            var value = s.Value;
            if (style == YamlScalarStyle.Plain && (value.Contains('\n', StringComparison.Ordinal) || value.Length == 0 && (isKey || s.Tag is not null) || value.Length > 0 && PlainIsUnsafe(value)))
            {
                // A plain scalar made in code that would not read back as the same text: quote it.
                style = YamlScalarStyle.DoubleQuoted;
            }

            if (style is YamlScalarStyle.Literal or YamlScalarStyle.Folded)
            {
                // A block scalar read from a file stays a block scalar in its style (one line or many, white-space-only
                // lines included: they are content); folded text that cannot be folded back exactly is written literal.
                if (!isKey && CanBeBlock(value))
                {
                    if (style == YamlScalarStyle.Folded && Folded(value, indent, lineComment))
                    {
                        return true;
                    }

                    Literal(value, indent, lineComment);
                    return true;
                }

                style = YamlScalars.NeedsQuotes(value) || value.Contains('\n', StringComparison.Ordinal) ? YamlScalarStyle.DoubleQuoted : YamlScalarStyle.Plain;
            }

            switch (style)
            {
                case YamlScalarStyle.Plain:
                    sb.Append(value);
                    break;
                case YamlScalarStyle.SingleQuoted when !value.Any(ch => char.IsControl(ch)):
                    sb.Append('\'').Append(value.Replace("'", "''", StringComparison.Ordinal)).Append('\'');
                    break;
                default:
                    DoubleQuoted(value);
                    break;
            }

            return false;
        }

        private static bool PlainIsUnsafe(string value) =>
            value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal) || value.EndsWith(':')
            || value[0] is '#' or '&' or '*' or '!' or '|' or '>' or '%' or '@' or '`' or '{' or '[' or ']' or '}' or ',' or '"' or '\''
            || value is "-" or "?" or ":" || value.StartsWith("- ", StringComparison.Ordinal) || value.StartsWith("? ", StringComparison.Ordinal)
            || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]) || value.Any(ch => char.IsControl(ch));

        private void Literal(string value, int indent, string? lineComment)
        {
            var trailing = value.Length - value.TrimEnd('\n').Length;
            sb.Append('|').Append(BlockHeader(value, trailing));
            LineEnd(lineComment);
            var body = trailing == 0 ? value : value[..^1];
            foreach (var line in body.Split('\n'))
            {
                if (line.Length > 0)
                {
                    Pad(indent + Indent);
                    sb.Append(line);
                }

                sb.Append('\n');
            }
        }

        /// <summary>
        /// Writes a folded block (<c>&gt;</c>) whose folding gives back exactly <paramref name="value"/>: a line break
        /// between two plain lines is written as an empty line, breaks next to more-indented or empty lines as they are.
        /// The text is checked by reading it back; returns <see langword="false"/> (nothing written) when it differs.
        /// </summary>
        private bool Folded(string value, int indent, string? lineComment)
        {
            var trailing = value.Length - value.TrimEnd('\n').Length;
            var lines = value[..^trailing].Split('\n');
            var body = new StringBuilder();
            static bool Plain(string line) => line.Length > 0 && line[0] is not ' ' and not '\t';
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0 && Plain(lines[i - 1]) && Plain(lines[i]))
                {
                    body.Append('\n'); // One break between plain lines folds to a space; an empty line keeps it.
                }

                if (lines[i].Length > 0)
                {
                    body.Append(' ', indent + Indent).Append(lines[i]);
                }

                body.Append('\n');
            }

            for (var i = 1; i < trailing; i++)
            {
                body.Append('\n');
            }

            var header = ">" + BlockHeader(value, trailing);
            if (!ReadsBack("k: " + header + "\n" + body, value))
            {
                return false;
            }

            sb.Append(header);
            LineEnd(lineComment);
            sb.Append(body);
            return true;
        }

        private static string BlockHeader(string value, int trailing) =>
            (value[0] == ' ' || value[0] == '\n' ? Indent.ToString(CultureInfo.InvariantCulture) : string.Empty)
            + trailing switch { 0 => "-", 1 => string.Empty, _ => "+" };

        private static bool ReadsBack(string yaml, string value)
        {
            try
            {
                var parser = new YamlDotNet.Core.Parser(new StringReader(yaml));
                while (parser.MoveNext())
                {
                    if (parser.Current is YamlDotNet.Core.Events.Scalar { Value: "k" })
                    {
                        return parser.MoveNext() && parser.Current is YamlDotNet.Core.Events.Scalar s && s.Value == value;
                    }
                }
            }
            catch (YamlDotNet.Core.YamlException)
            {
            }

            return false;
        }

        private void DoubleQuoted(string value)
        {
            sb.Append('"');
            foreach (var ch in value)
            {
                switch (ch)
                {
                    case '"':
                        sb.Append("\\\"");
                        break;
                    case '\\':
                        sb.Append("\\\\");
                        break;
                    case '\n':
                        sb.Append("\\n");
                        break;
                    case '\t':
                        sb.Append("\\t");
                        break;
                    case '\r':
                        sb.Append("\\r");
                        break;
                    case '\0':
                        sb.Append("\\0");
                        break;
                    default:
                        if (char.IsControl(ch) || ch is '\uFEFF' or '\u2028' or '\u2029' or '\u0085')
                        {
                            sb.Append("\\u").Append(((int)ch).ToString("X4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            sb.Append(ch);
                        }

                        break;
                }
            }

            sb.Append('"');
        }

        private void Trivia(YamlTrivia t, int indent, bool firstInBlock)
        {
            if (t.BlankLineBefore && !firstInBlock && sb.Length > 0)
            {
                sb.Append('\n');
            }

            if (!t.HasLeadingComments)
            {
                return;
            }

            foreach (var c in t.LeadingComments)
            {
                Comment(indent, c);
            }
        }

        private void Comment(int indent, string text)
        {
            Pad(indent);
            sb.Append('#').Append(text.TrimEnd()).Append('\n');
        }

        private void LineEnd(string? comment)
        {
            if (comment is not null)
            {
                sb.Append(" #").Append(comment.TrimEnd());
            }

            sb.Append('\n');
        }

        private void Pad(int n) => sb.Append(' ', n);
    }
}
