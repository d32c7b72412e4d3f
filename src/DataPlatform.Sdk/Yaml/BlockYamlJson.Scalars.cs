using System.Text;

namespace DataPlatform.Sdk.Yaml;

/// <summary>The scalars and one-line flow collections of <see cref="BlockYamlJson"/>.</summary>
internal sealed partial class BlockYamlJson
{
    private static readonly System.Buffers.SearchValues<char> FlowIndicators = System.Buffers.SearchValues.Create("?&*!|>'\"%@`");

    // ---- scalars ----

    /// <summary>Whether a plain scalar may start at <paramref name="at"/> (no indicator character).</summary>
    private bool PlainStartAllowed(int at, int end)
    {
        var c = _text[at];
        if (c == '-')
        {
            return at + 1 < end && _text[at + 1] is not (' ' or ',' or '[' or ']' or '{' or '}');
        }

        return c is not ('?' or ':' or ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`');
    }

    /// <summary>A value on the line of its key or entry: quoted, literal, flow or plain. Leaves <see cref="_pos"/> at the next line.</summary>
    private bool InlineValue(int v, int end, int indent)
    {
        switch (_text[v])
        {
            case '"' or '\'':
                if (!Quoted(v, end, out var value, out var close) || !OnlyCommentFollows(close + 1, end))
                {
                    return false;
                }

                Writer.WriteStringValue(value.Span);
                _pos = NextLine(end);
                return true;
            case '|':
                return Literal(v, end, indent);
            case '[' or '{':
                var i = v;
                if (!Flow(ref i, end) || !OnlyCommentFollows(i, end))
                {
                    return false;
                }

                _pos = NextLine(end);
                return true;
        }

        if (!PlainStartAllowed(v, end))
        {
            return false;
        }

        var stop = end;
        for (var j = v + 1; j < end; j++)
        {
            if (_text[j] == '#' && _text[j - 1] == ' ')
            {
                stop = j;
                break;
            }
        }

        while (stop > v && _text[stop - 1] == ' ')
        {
            stop--;
        }

        var plain = _text.AsSpan(v, stop - v);
        if (plain.Contains(": ", StringComparison.Ordinal) || plain[^1] == ':' || !WritePlain(plain))
        {
            return false;
        }

        _pos = NextLine(end);
        return true;
    }

    private bool WritePlain(ReadOnlySpan<char> plain)
    {
        var c = plain[0];
        if (char.IsAsciiLetter(c) && plain.Length > 5 || !(char.IsAsciiLetterOrDigit(c) || c is '-' or '+' or '.' or '~' or '_'))
        {
            Writer.WriteStringValue(plain); // Not a null, boolean or number (those are short words or start with a digit or sign).
            return true;
        }

        var text = plain.ToString();
        switch (YamlScalars.Resolve(text, out var number, out var boolean))
        {
            case ScalarKind.Null:
                Writer.WriteNullValue();
                return true;
            case ScalarKind.Boolean:
                Writer.WriteBooleanValue(boolean);
                return true;
            case ScalarKind.Integer or ScalarKind.Float:
                Writer.WriteRawValue(number!, skipInputValidation: true);
                return true;
            case ScalarKind.SpecialFloat:
                return false;
            default:
                Writer.WriteStringValue(text);
                return true;
        }
    }

    /// <summary>The index of the quote closing the quoted scalar at <paramref name="at"/> on this line, or -1.</summary>
    private int QuotedEnd(int at, int end)
    {
        var quote = _text[at];
        for (var i = at + 1; i < end; i++)
        {
            if (quote == '"' && _text[i] == '\\')
            {
                i++;
            }
            else if (_text[i] == quote)
            {
                if (quote == '\'' && i + 1 < end && _text[i + 1] == '\'')
                {
                    i++;
                    continue;
                }

                return i;
            }
        }

        return -1;
    }

    /// <summary>A single- or double-quoted scalar that ends on its line.</summary>
    private bool Quoted(int at, int end, out ReadOnlyMemory<char> value, out int close)
    {
        value = default;
        close = QuotedEnd(at, end);
        if (close < 0)
        {
            return false; // Runs on to the next line: the other readers fold it.
        }

        var body = _text.AsMemory(at + 1, close - at - 1);
        var special = _text[at] == '"' ? '\\' : '\'';
        if (!body.Span.Contains(special))
        {
            value = body;
            return true;
        }

        var sb = _builder ??= new StringBuilder();
        sb.Clear();
        var span = body.Span;
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] != special)
            {
                sb.Append(span[i]);
            }
            else if (special == '\'')
            {
                sb.Append('\'');
                i++;
            }
            else if (!Escape(span, ref i, sb))
            {
                return false;
            }
        }

        value = sb.ToString().AsMemory();
        return true;
    }

    /// <summary>One escape of a double-quoted scalar; the common ones only (the others go to the full reader).</summary>
    private static bool Escape(ReadOnlySpan<char> span, ref int i, StringBuilder sb)
    {
        if (++i >= span.Length)
        {
            return false;
        }

        switch (span[i])
        {
            case '"' or '\\' or '/':
                sb.Append(span[i]);
                return true;
            case 'n':
                sb.Append('\n');
                return true;
            case 't':
                sb.Append('\t');
                return true;
            case 'r':
                sb.Append('\r');
                return true;
            case '0':
                sb.Append('\0');
                return true;
            case 'u' when i + 4 < span.Length && ushort.TryParse(span.Slice(i + 1, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var code) && !char.IsSurrogate((char)code):
                sb.Append((char)code);
                i += 4;
                return true;
            default:
                return false;
        }
    }

    /// <summary>A literal block scalar (<c>|</c> or <c>|-</c>) whose header is at <paramref name="at"/>.</summary>
    private bool Literal(int at, int end, int indent)
    {
        var i = at + 1;
        var strip = i < end && _text[i] == '-';
        if (strip)
        {
            i++;
        }

        if (!OnlyCommentFollows(i, end) || i < end && _text[i] != ' ')
        {
            return false; // "|+", an indentation indicator, or text after the header.
        }

        var sb = _builder ??= new StringBuilder();
        sb.Clear();
        var contentIndent = -1;
        var leadingBlank = 0;
        var pendingBreaks = 0; // Empty lines not yet written: they count only when content follows them.
        var line = NextLine(end);
        var afterContent = line;
        var lastBroken = false; // Whether the last content line ends with a line break (clipping keeps that one).
        while (line < _text.Length)
        {
            var spaces = Indent(line);
            var lineEnd = LineEnd(line);
            var blank = line + spaces == lineEnd;
            if (blank && (contentIndent < 0 || spaces <= contentIndent))
            {
                if (lineEnd == _text.Length && spaces > 0)
                {
                    return false; // Spaces at the very end, unterminated: readers disagree about them.
                }

                leadingBlank = contentIndent < 0 ? Math.Max(leadingBlank, spaces) : leadingBlank;
                pendingBreaks++;
                line = NextLine(lineEnd);
                continue;
            }

            if (contentIndent < 0)
            {
                if (spaces <= indent)
                {
                    break;
                }

                if (leadingBlank > 0)
                {
                    return false; // Leading lines of spaces before the content: readers disagree about those.
                }

                contentIndent = spaces;
                sb.Append('\n', pendingBreaks);
            }
            else if (spaces < contentIndent)
            {
                break;
            }
            else
            {
                // A content line, or a line of spaces beyond the content's indentation (those spaces are content).
                sb.Append('\n', pendingBreaks + 1);
            }

            pendingBreaks = 0;
            sb.Append(_text, line + contentIndent, lineEnd - line - contentIndent);
            lastBroken = lineEnd < _text.Length;
            line = NextLine(lineEnd);
            afterContent = line;
        }

        if (contentIndent >= 0 && !strip && lastBroken)
        {
            sb.Append('\n');
        }
        else if (contentIndent < 0)
        {
            if (leadingBlank > 0)
            {
                return false; // No content, only lines of spaces: readers disagree about those.
            }

            sb.Clear(); // No content: an empty string.
        }

        Writer.WriteStringValue(sb.ToString());
        _pos = afterContent;
        return true;
    }

    // ---- flow collections (on one line) ----

    private bool Flow(ref int i, int end)
    {
        var isMapping = _text[i] == '{';
        var close = isMapping ? '}' : ']';
        if (isMapping)
        {
            Writer.WriteStartObject();
        }
        else
        {
            Writer.WriteStartArray();
        }

        if (!Enter())
        {
            return false;
        }

        var keys = _keys[_depth - 1];
        i = SkipSpaces(i + 1, end);
        if (i < end && _text[i] == close)
        {
            i++;
            return EndFlow(isMapping);
        }

        while (i < end)
        {
            if (isMapping)
            {
                if (!FlowScalar(ref i, end, out var key, out _, isKey: true) || key.Length > MaxKeyLength || !keys.Add(key))
                {
                    return false;
                }

                i = SkipSpaces(i, end);
                if (i + 1 >= end || _text[i] != ':' || _text[i + 1] != ' ')
                {
                    return false;
                }

                Writer.WritePropertyName(key.Span);
                i = SkipSpaces(i + 1, end);
            }

            if (!FlowValue(ref i, end))
            {
                return false;
            }

            i = SkipSpaces(i, end);
            if (i < end && _text[i] == close)
            {
                i++;
                return EndFlow(isMapping);
            }

            if (i >= end || _text[i] != ',')
            {
                return false;
            }

            i = SkipSpaces(i + 1, end);
            if (i < end && _text[i] is ']' or '}' or ',')
            {
                return false; // A trailing or empty entry.
            }
        }

        return false; // Not closed on its line.
    }

    private bool EndFlow(bool isMapping)
    {
        if (isMapping)
        {
            Writer.WriteEndObject();
        }
        else
        {
            Writer.WriteEndArray();
        }

        _depth--;
        return true;
    }

    private bool FlowValue(ref int i, int end)
    {
        if (i >= end)
        {
            return false;
        }

        if (_text[i] is '[' or '{')
        {
            return Flow(ref i, end);
        }

        if (!FlowScalar(ref i, end, out var value, out var plain))
        {
            return false;
        }

        if (plain)
        {
            return WritePlain(value.Span);
        }

        Writer.WriteStringValue(value.Span);
        return true;
    }

    /// <summary>A quoted or plain scalar inside a flow collection (plain ones without ':' or '#').</summary>
    private bool FlowScalar(ref int i, int end, out ReadOnlyMemory<char> value, out bool plain, bool isKey = false)
    {
        plain = false;
        value = default;
        if (i >= end)
        {
            return false;
        }

        if (_text[i] is '"' or '\'')
        {
            if (!Quoted(i, end, out value, out var close))
            {
                return false;
            }

            i = close + 1;
            return true;
        }

        if (!PlainStartAllowed(i, end))
        {
            return false;
        }

        var start = i;
        while (i < end && _text[i] is not (',' or '[' or ']' or '{' or '}' or ':' or '#'))
        {
            i++;
        }

        if (i < end && (_text[i] is '#' or '[' or '{' || _text[i] == ':' && !isKey)
            || _text.AsSpan(start, i - start).ContainsAny(FlowIndicators))
        {
            return false; // Indicators inside a flow scalar: parsers differ on them.
        }

        var last = i;
        while (last > start && _text[last - 1] == ' ')
        {
            last--;
        }

        value = _text.AsMemory(start, last - start);
        plain = true;
        return value.Length > 0;
    }
}
