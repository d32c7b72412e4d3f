using System.Buffers;
using System.Text;
using System.Text.Json;

namespace DataPlatform.Sdk.Yaml;

/// <summary>
/// The first of the read paths: a line scanner for the block-style YAML that nearly every manifest is written in —
/// block mappings and sequences, plain, quoted and literal (<c>|</c>, <c>|-</c>) scalars, one-line flow collections,
/// comments — straight from the text into JSON bytes, without tokens, events or a string per scalar. It accepts a
/// strict subset and gives up on anything else (anchors, tags, folded or multi-line scalars, tabs, CR, directives,
/// complex or duplicate keys, special floats, anything malformed): the caller then takes <see cref="FastYamlJson"/>
/// and, after it, the full reader, which reports what is wrong. Where it answers, it gives the same documents and the
/// same JSON bytes as <see cref="FastYamlJson"/> (a test compares them on real files and on mutations of them).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The writer writes to an in-memory buffer (disposing only flushes it) and is reused for the life of the thread.")]
internal sealed partial class BlockYamlJson
{
    private const int MaxKeyLength = 1024; // YAML's limit for an implicit key.
    private const int LargeBuffer = 1 << 20;

    /// <summary>Characters this scanner leaves to the others: tabs, CR, and what YAML does not allow unescaped.</summary>
    private static readonly SearchValues<char> Unsupported = SearchValues.Create(UnsupportedCharacters());

    /// <summary>One scanner per thread, reused: its buffers and key sets are the same for every file.</summary>
    [ThreadStatic]
    private static BlockYamlJson? t_idle;

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly List<KeySet> _keys = [];
    private string _text = string.Empty;
    private int _maxDepth;
    private Utf8JsonWriter? _writer;
    private StringBuilder? _builder;
    private int _pos; // The start of the current line.
    private int _depth;

    private Utf8JsonWriter Writer => _writer!;

    /// <summary>The documents of <paramref name="text"/> as JSON, or <see langword="null"/> when it is not of the subset.</summary>
    public static List<FastDocument>? TryConvert(string text, YamlReaderOptions options)
    {
        if (text.AsSpan().ContainsAny(Unsupported))
        {
            return null;
        }

        var scanner = t_idle ?? new BlockYamlJson();
        t_idle = null;
        try
        {
            scanner.Start(text, options);
            return scanner.Run();
        }
        finally
        {
            // Kept for the thread's next file, unless a large file grew its buffers (they would stay with the thread).
            scanner._text = string.Empty;
            t_idle = scanner._buffer.Capacity > LargeBuffer || scanner._builder?.Capacity > LargeBuffer ? null : scanner;
        }
    }

    private void Start(string text, YamlReaderOptions options)
    {
        _text = text;
        _pos = 0;
        _depth = 0;
        if (_writer is null || _maxDepth != options.MaxDepth)
        {
            _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true, MaxDepth = options.MaxDepth + 8 });
            _maxDepth = options.MaxDepth;
        }
    }

    private List<FastDocument>? Run()
    {
        var documents = new List<FastDocument>();
        SkipBlankLines();
        var first = true;
        while (_pos < _text.Length)
        {
            if (IsDocumentStart(_pos))
            {
                if (!ConsumeDocumentStart())
                {
                    return null;
                }
            }
            else if (!first)
            {
                return null; // Content after a document's end that is not a new document.
            }

            first = false;
            SkipBlankLines();
            if (_pos >= _text.Length || IsDocumentStart(_pos))
            {
                documents.Add(new FastDocument(documents.Count, []));
                continue;
            }

            _buffer.ResetWrittenCount();
            Writer.Reset(_buffer);
            _depth = 0;
            if (Indent(_pos) > 0 || !BlockNode(0))
            {
                return null;
            }

            Writer.Flush();
            documents.Add(new FastDocument(documents.Count, _buffer.WrittenSpan.ToArray()));
            SkipBlankLines();
        }

        return documents;
    }

    // ---- lines ----

    private int LineEnd(int from)
    {
        var n = _text.AsSpan(from).IndexOf('\n');
        return n < 0 ? _text.Length : from + n;
    }

    private int NextLine(int lineEnd) => Math.Min(_text.Length, lineEnd + 1);

    private int Indent(int lineStart)
    {
        var i = lineStart;
        while (i < _text.Length && _text[i] == ' ')
        {
            i++;
        }

        return i - lineStart;
    }

    /// <summary>Moves past empty lines and lines holding only a comment.</summary>
    private void SkipBlankLines()
    {
        while (_pos < _text.Length)
        {
            var c = _pos + Indent(_pos);
            if (c < _text.Length && _text[c] is not '\n' and not '#')
            {
                return;
            }

            _pos = NextLine(LineEnd(c));
        }
    }

    private bool IsDocumentStart(int at) => Marker(at, '-');

    private bool IsDocumentEnd(int at) => Marker(at, '.');

    private bool Marker(int at, char c) =>
        at + 2 < _text.Length && _text[at] == c && _text[at + 1] == c && _text[at + 2] == c
        && (at + 3 == _text.Length || _text[at + 3] is ' ' or '\n');

    private bool ConsumeDocumentStart()
    {
        var end = LineEnd(_pos);
        var i = SkipSpaces(_pos + 3, end);
        if (i < end && !(_text[i] == '#' && _text[i - 1] == ' '))
        {
            return false; // Content on the marker line ("--- |", "--- !tag", "--- a: b").
        }

        _pos = NextLine(end);
        return true;
    }

    private int SkipSpaces(int i, int end)
    {
        while (i < end && _text[i] == ' ')
        {
            i++;
        }

        return i;
    }

    /// <summary>Nothing but spaces and a comment from <paramref name="i"/> to the end of the line.</summary>
    private bool OnlyCommentFollows(int i, int end)
    {
        var j = SkipSpaces(i, end);
        return j == end || _text[j] == '#' && j > i;
    }

    private bool IsSequenceEntry(int at, int end) => _text[at] == '-' && (at + 1 == end || _text[at + 1] == ' ');

    /// <summary>The indentation of the next line with content in this document, or -1 at the document's end.</summary>
    private int NextContentIndent()
    {
        SkipBlankLines();
        return _pos >= _text.Length || IsDocumentStart(_pos) || IsDocumentEnd(_pos) ? -1 : Indent(_pos);
    }

    /// <summary>After a complete value: the next line must not continue it (more indented) or the scanner gives up.</summary>
    private bool NextLineEndsValue(int indent) => NextContentIndent() <= indent;

    private bool Enter()
    {
        if (++_depth > _maxDepth)
        {
            return false;
        }

        while (_keys.Count < _depth)
        {
            _keys.Add(new KeySet());
        }

        _keys[_depth - 1].Clear();
        return true;
    }

    // ---- block structure ----

    /// <summary>A block mapping or sequence whose first line (at <see cref="_pos"/>) is indented by <paramref name="indent"/>.</summary>
    private bool BlockNode(int indent)
    {
        var c = _pos + indent;
        if (IsDocumentEnd(_pos) || _text[_pos] == '%')
        {
            return false;
        }

        return IsSequenceEntry(c, LineEnd(c)) ? Sequence(indent) : Mapping(indent);
    }

    /// <summary>The value of a key or entry with nothing after it on its line: a nested block, a sequence at the key's indentation, or null.</summary>
    private bool NestedValue(int indent, bool inMapping)
    {
        var next = NextContentIndent();
        if (next > indent)
        {
            return BlockNode(next);
        }

        if (inMapping && next == indent && IsSequenceEntry(_pos + next, LineEnd(_pos + next)))
        {
            return Sequence(next);
        }

        Writer.WriteNullValue();
        return true;
    }

    /// <summary>A block mapping at <paramref name="indent"/>; its first key may follow a "- " on the current line.</summary>
    private bool Mapping(int indent)
    {
        Writer.WriteStartObject();
        if (!Enter())
        {
            return false;
        }

        var keys = _keys[_depth - 1];
        while (true)
        {
            var c = _pos + indent;
            var end = LineEnd(c);
            if (IsSequenceEntry(c, end) || !Key(c, end, keys, out var afterColon))
            {
                return false;
            }

            var v = SkipSpaces(afterColon, end);
            if (v == end || _text[v] == '#')
            {
                _pos = NextLine(end);
                if (!NestedValue(indent, inMapping: true))
                {
                    return false;
                }
            }
            else if (!InlineValue(v, end, indent) || !NextLineEndsValue(indent))
            {
                return false;
            }

            var next = NextContentIndent();
            if (next < indent)
            {
                break;
            }

            if (next > indent)
            {
                return false;
            }
        }

        Writer.WriteEndObject();
        _depth--;
        return true;
    }

    private bool Sequence(int indent)
    {
        Writer.WriteStartArray();
        if (!Enter())
        {
            return false;
        }

        while (true)
        {
            var c = _pos + indent;
            var end = LineEnd(c);
            var v = SkipSpaces(c + 1, end);
            if (v == end || _text[v] == '#')
            {
                _pos = NextLine(end);
                if (!NestedValue(indent, inMapping: false))
                {
                    return false;
                }
            }
            else if (IsSequenceEntry(v, end))
            {
                return false; // "- - a": a compact nested sequence.
            }
            else if (StartsKey(v, end))
            {
                if (!Mapping(v - _pos))
                {
                    return false;
                }
            }
            else if (!InlineValue(v, end, indent) || !NextLineEndsValue(indent))
            {
                return false;
            }

            var next = NextContentIndent();
            if (next < indent || next == indent && !IsSequenceEntry(_pos + next, LineEnd(_pos + next)))
            {
                break; // A key after a sequence at its mapping's indentation, or the end of the block.
            }

            if (next > indent)
            {
                return false;
            }
        }

        Writer.WriteEndArray();
        _depth--;
        return true;
    }

    // ---- keys ----

    /// <summary>Whether the text at <paramref name="at"/> is "key:" followed by a space or the end of the line.</summary>
    private bool StartsKey(int at, int end)
    {
        switch (_text[at])
        {
            case '"' or '\'':
                var close = QuotedEnd(at, end);
                if (close < 0)
                {
                    return false;
                }

                var j = SkipSpaces(close + 1, end);
                return j < end && _text[j] == ':' && (j + 1 == end || _text[j + 1] == ' ');
            case '[' or '{' or '|' or '>':
                return false;
            default:
                return PlainKeyEnd(at, end) >= 0;
        }
    }

    /// <summary>The index of the ':' that ends a plain key starting at <paramref name="at"/>, or -1.</summary>
    private int PlainKeyEnd(int at, int end)
    {
        for (var i = at; i < end; i++)
        {
            var c = _text[i];
            if (c == ':' && (i + 1 == end || _text[i + 1] == ' '))
            {
                return i;
            }

            if (c == '#' && i > at && _text[i - 1] == ' ')
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>Reads "key:" at <paramref name="at"/>, writes the property name and gives the index after the colon.</summary>
    private bool Key(int at, int end, KeySet keys, out int afterColon)
    {
        afterColon = 0;
        ReadOnlyMemory<char> key;
        int colon;
        if (_text[at] is '"' or '\'')
        {
            if (!Quoted(at, end, out var value, out var close))
            {
                return false;
            }

            colon = SkipSpaces(close + 1, end);
            if (colon >= end || _text[colon] != ':' || colon + 1 < end && _text[colon + 1] != ' ')
            {
                return false;
            }

            key = value;
        }
        else
        {
            colon = PlainKeyEnd(at, end);
            if (colon < 0 || !PlainStartAllowed(at, end) || _text[at] == '-')
            {
                return false;
            }

            var last = colon;
            while (last > at && _text[last - 1] == ' ')
            {
                last--;
            }

            key = _text.AsMemory(at, last - at);
            if (key.Span is "<<")
            {
                return false; // A merge key: the full reader expands it.
            }
        }

        if (key.Length > MaxKeyLength || !keys.Add(key))
        {
            return false; // Over-long or duplicate: the full reader reports it.
        }

        Writer.WritePropertyName(key.Span);
        afterColon = colon + 1;
        return true;
    }

    private static string UnsupportedCharacters()
    {
        var chars = new StringBuilder("\t\r\uFEFF\u2028\u2029\uFFFE\uFFFF");
        for (var c = '\0'; c < ' '; c++)
        {
            if (c is not '\t' and not '\n' and not '\r')
            {
                chars.Append(c);
            }
        }

        for (var c = '\u007F'; c <= '\u009F'; c++)
        {
            chars.Append(c);
        }

        return chars.ToString();
    }

    /// <summary>The keys of one mapping: compared in a short list while small, in a hash set once large.</summary>
    private sealed class KeySet
    {
        private readonly List<ReadOnlyMemory<char>> _small = [];
        private HashSet<string>? _large;

        public bool Add(ReadOnlyMemory<char> key)
        {
            if (_large is not null)
            {
                return _large.GetAlternateLookup<ReadOnlySpan<char>>().Add(key.Span);
            }

            foreach (var existing in _small)
            {
                if (existing.Span.SequenceEqual(key.Span))
                {
                    return false;
                }
            }

            _small.Add(key);
            if (_small.Count > 16)
            {
                _large = new HashSet<string>(StringComparer.Ordinal);
                foreach (var k in _small)
                {
                    _large.Add(k.ToString());
                }
            }

            return true;
        }

        public void Clear()
        {
            _small.Clear();
            _large = null;
        }
    }
}
