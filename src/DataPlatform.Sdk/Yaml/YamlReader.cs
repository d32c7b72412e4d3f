using System.Text;
using DataPlatform.Sdk.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DataPlatform.Sdk.Yaml;

/// <summary>The result of reading a YAML stream: its documents (comments kept) and any problems found.</summary>
/// <param name="Documents">The documents read, including those before a syntax error.</param>
/// <param name="Diagnostics">Syntax, encoding and limit problems, with positions.</param>
public sealed record YamlReadResult(IReadOnlyList<YamlDocument> Documents, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary><see langword="true"/> when reading found an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>
/// Reads YAML (and JSON, which is YAML) into <see cref="YamlDocument"/> trees that keep comments, key order,
/// scalar styles and 1-based positions. Never throws for bad content: every problem becomes a <see cref="Diagnostic"/>.
/// </summary>
/// <remarks>Built on YamlDotNet's event parser, which reports comments as events and positions as 1-based marks.</remarks>
public static class YamlReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a file.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="displayPath">The path to put in diagnostics; <paramref name="path"/> when <see langword="null"/>.</param>
    /// <param name="options">Limits; <see cref="YamlReaderOptions.Default"/> when <see langword="null"/>.</param>
    /// <returns>The documents and diagnostics.</returns>
    public static YamlReadResult ReadFile(string path, string? displayPath = null, YamlReaderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= YamlReaderOptions.Default;
        displayPath ??= path.Replace('\\', '/');
        var (text, diagnostics) = DecodeFile(path, displayPath, options);
        return WithDecodeFindings(text, diagnostics, displayPath, options);
    }

    /// <summary>
    /// Decodes a file's bytes to text, reporting size, encoding, BOM and line-ending findings; the text is
    /// <see langword="null"/> when it cannot be read.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="displayPath">The path to name in diagnostics.</param>
    /// <param name="options">Limits.</param>
    /// <param name="root">The root no symbolic link may lead out of, or <see langword="null"/>.</param>
    /// <returns>The text (or <see langword="null"/>) and the findings.</returns>
    internal static (string? Text, List<Diagnostic> Diagnostics) DecodeFile(string path, string displayPath, YamlReaderOptions options, string? root = null)
    {
        var read = Files.SafeFiles.Read(path, root, options.MaxFileBytes);
        var at = new SourceLocation(displayPath, 1, 1);
        return read.Refusal switch
        {
            Files.FileRefusal.None => Decode(read.Bytes, displayPath, options),
            Files.FileRefusal.TooLarge => (null, [SdkDiagnostics.FileTooLarge.Create($"Not read: {read.Reason}", location: at)]),
            // .NET shows a name that is not valid UTF-8 with U+FFFD and then cannot open it: reported, skipped.
            Files.FileRefusal.Missing when displayPath.Contains('\uFFFD', StringComparison.Ordinal) =>
                (null, [SdkDiagnostics.FileSkipped.Create($"'{displayPath}' cannot be opened: its name is not valid UTF-8.", location: at)]),
            Files.FileRefusal.Missing => (null, [SdkDiagnostics.SyntaxError.Create($"File '{displayPath}' does not exist.", location: new SourceLocation(displayPath, 0, 0), help: "Check the path.")]),
            _ => (null, [SdkDiagnostics.FileSkipped.Create($"'{displayPath}' is not read: {read.Reason}", location: at)]),
        };
    }

    /// <summary>Decodes UTF-8 bytes to text, reporting size, encoding, BOM and line-ending findings.</summary>
    /// <param name="bytes">The content.</param>
    /// <param name="displayPath">The path to name in diagnostics.</param>
    /// <param name="options">Limits.</param>
    /// <returns>The text (or <see langword="null"/>) and the findings.</returns>
    internal static (string? Text, List<Diagnostic> Diagnostics) Decode(ReadOnlySpan<byte> bytes, string displayPath, YamlReaderOptions options)
    {
        var diagnostics = new List<Diagnostic>();
        if (bytes.Length > options.MaxFileBytes)
        {
            diagnostics.Add(SdkDiagnostics.FileTooLarge.Create($"Content is {bytes.Length} bytes; the limit is {options.MaxFileBytes}.", location: new SourceLocation(displayPath, 1, 1)));
            return (null, diagnostics);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            diagnostics.Add(SdkDiagnostics.ByteOrderMark.Create("The file starts with a UTF-8 byte order mark.", location: new SourceLocation(displayPath, 1, 1)));
            bytes = bytes[3..];
        }

        try
        {
            var text = StrictUtf8.GetString(bytes);
            if (text.Contains("\r\n", StringComparison.Ordinal))
            {
                diagnostics.Add(SdkDiagnostics.CrLf.Create("The file uses CRLF line endings.", location: new SourceLocation(displayPath, 1, 1)));
            }

            return (text, diagnostics);
        }
        catch (DecoderFallbackException ex)
        {
            var (line, col) = LineColumnOfByte(bytes, ex.Index);
            diagnostics.Add(SdkDiagnostics.InvalidEncoding.Create("The file is not valid UTF-8.", location: new SourceLocation(displayPath, line, col)));
            return (null, diagnostics);
        }
    }

    /// <summary>Reads already-decoded text into trees (no encoding findings).</summary>
    /// <param name="text">The text.</param>
    /// <param name="displayPath">The path to name in diagnostics.</param>
    /// <param name="options">Limits.</param>
    /// <returns>The documents and syntax diagnostics.</returns>
    internal static YamlReadResult ReadDecoded(string text, string displayPath, YamlReaderOptions options) => ReadCore(text, displayPath, options, reportCrLf: false);

    /// <summary>Reads UTF-8 bytes (a BOM is accepted and reported as info).</summary>
    /// <param name="bytes">The content.</param>
    /// <param name="displayPath">The path to put in diagnostics.</param>
    /// <param name="options">Limits.</param>
    /// <returns>The documents and diagnostics.</returns>
    public static YamlReadResult ReadBytes(ReadOnlySpan<byte> bytes, string displayPath = "<memory>", YamlReaderOptions? options = null)
    {
        options ??= YamlReaderOptions.Default;
        var (text, diagnostics) = Decode(bytes, displayPath, options);
        return WithDecodeFindings(text, diagnostics, displayPath, options);
    }

    private static YamlReadResult WithDecodeFindings(string? text, List<Diagnostic> findings, string displayPath, YamlReaderOptions options)
    {
        if (text is null)
        {
            return new YamlReadResult([], findings);
        }

        var result = ReadDecoded(text, displayPath, options);
        return findings.Count == 0 ? result : result with { Diagnostics = [.. findings, .. result.Diagnostics] };
    }

    /// <summary>Reads a string.</summary>
    /// <param name="text">The YAML or JSON text.</param>
    /// <param name="displayPath">The path to put in diagnostics.</param>
    /// <param name="options">Limits.</param>
    /// <returns>The documents and diagnostics.</returns>
    public static YamlReadResult ReadString(string text, string displayPath = "<memory>", YamlReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= YamlReaderOptions.Default;
        var (decoded, diagnostics) = Decode(text, displayPath, options);
        return WithDecodeFindings(decoded, diagnostics, displayPath, options);
    }

    /// <summary>
    /// Checks text that is already decoded the way <see cref="Decode(ReadOnlySpan{byte}, string, YamlReaderOptions)"/>
    /// checks bytes: size limit, a leading BOM (removed: in a string it is an encoding artefact, not the file's) and CRLF
    /// line ends.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="displayPath">The path to name in diagnostics.</param>
    /// <param name="options">Limits.</param>
    /// <returns>The text without BOM (or <see langword="null"/> when too large) and the findings.</returns>
    internal static (string? Text, List<Diagnostic> Diagnostics) Decode(string text, string displayPath, YamlReaderOptions options)
    {
        var diagnostics = new List<Diagnostic>();
        if ((long)text.Length * 3 > options.MaxFileBytes && Encoding.UTF8.GetByteCount(text) > options.MaxFileBytes)
        {
            diagnostics.Add(SdkDiagnostics.FileTooLarge.Create($"Content is larger than the limit of {options.MaxFileBytes} bytes.", location: new SourceLocation(displayPath, 1, 1)));
            return (null, diagnostics);
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        if (text.Contains("\r\n", StringComparison.Ordinal))
        {
            diagnostics.Add(SdkDiagnostics.CrLf.Create("The file uses CRLF line endings.", location: new SourceLocation(displayPath, 1, 1)));
        }

        return (text, diagnostics);
    }

    private static (int Line, int Column) LineColumnOfByte(ReadOnlySpan<byte> bytes, int index)
    {
        index = Math.Clamp(index, 0, bytes.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, index - lineStart + 1);
    }

    private static YamlReadResult ReadCore(string text, string displayPath, YamlReaderOptions options, bool reportCrLf = true)
    {
        var diagnostics = new List<Diagnostic>();
        if (reportCrLf && text.Contains("\r\n", StringComparison.Ordinal))
        {
            diagnostics.Add(SdkDiagnostics.CrLf.Create("The file uses CRLF line endings.", location: new SourceLocation(displayPath, 1, 1)));
        }

        if (YamlPrescan.FlowTooDeep(text, options.MaxDepth) is > 0 and var deepLine)
        {
            diagnostics.Add(SdkDiagnostics.NestingTooDeep.Create($"Flow collections are nested deeper than {options.MaxDepth} levels; the file is not read further.", location: new SourceLocation(displayPath, deepLine, 1)));
            return new YamlReadResult([], diagnostics);
        }

        var parsed = FlowComments.Extract(text, out var flowComments);
        var builder = new TreeBuilder(text, displayPath, options, diagnostics) { FlowComments = flowComments };
        try
        {
            var parser = new Parser(new Scanner(new StringReader(parsed), skipComments: false));
            while (parser.MoveNext())
            {
                if (!builder.Accept(parser.Current!))
                {
                    break;
                }
            }
        }
        catch (YamlException ex)
        {
            builder.Abort();
            var (line, column) = ((int)ex.Start.Line, (int)ex.Start.Column);
            if (ex.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstTabIndentedLine(text) is { } tabLine)
            {
                (line, column) = (tabLine, 1);
            }

            diagnostics.Add(SdkDiagnostics.SyntaxError.Create(
                CleanMessage(ex.Message), location: new SourceLocation(displayPath, Math.Max(1, line), Math.Max(1, column)),
                help: ex.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) ? "Indent with spaces; YAML does not allow tabs for indentation." : null));
        }
#pragma warning disable CA1031 // The parser can fail with other exception types on hostile input; it must become a diagnostic.
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
#pragma warning restore CA1031
        {
            builder.Abort();
            diagnostics.Add(SdkDiagnostics.SyntaxError.Create(
                $"The YAML parser could not read the file: {ex.Message}", location: new SourceLocation(displayPath, Math.Max(1, builder.LastLine), 1)));
        }

        return new YamlReadResult(builder.Documents, diagnostics);
    }

    private static int? FirstTabIndentedLine(string text)
    {
        var line = 1;
        var atLineStart = true;
        foreach (var ch in text)
        {
            if (ch == '\n')
            {
                line++;
                atLineStart = true;
            }
            else if (atLineStart && ch == '\t')
            {
                return line;
            }
            else if (ch != ' ')
            {
                atLineStart = false;
            }
        }

        return null;
    }

    private static string CleanMessage(string message)
    {
        // YamlDotNet prefixes "(Line: 1, Col: 2, Idx: 3) - (Line: …): "; the position is reported separately.
        var i = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && i >= 0)
        {
            message = message[(i + 3)..];
        }

        return message.TrimEnd('.') + ".";
    }

    /// <summary>Turns parser events into a tree, attaching comments to the entries they belong to.</summary>
    private sealed class TreeBuilder(string text, string path, YamlReaderOptions options, List<Diagnostic> diagnostics)
    {
        private readonly Stack<Frame> _stack = new();
        private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
        private readonly List<(string Text, bool BlankBefore)> _pendingComments = [];
        private YamlDocument? _document;
        private YamlTrivia? _lastTrivia;
        private int _lastLine;
        private int _sequenceStyles;
        private bool _skipDocument;

        public List<YamlDocument> Documents { get; } = [];

        /// <summary>Comments after flow collections, by line (see <see cref="Yaml.FlowComments"/>).</summary>
        public Dictionary<int, string>? FlowComments { get; init; }

        public int LastLine => _lastLine;

        public void Abort()
        {
            // A document cut short by a syntax error is not returned: it would be partial.
            _document = null;
            _stack.Clear();
        }

        public bool Accept(ParsingEvent ev)
        {
            switch (ev)
            {
                case DocumentStart ds:
                    _document = new YamlDocument(null) { Start = ToMark(ds.Start), ExplicitStart = !ds.IsImplicit };
                    _anchors.Clear();
                    _skipDocument = false;
                    _lastTrivia = null;
                    foreach (var (text, _) in _pendingComments)
                    {
                        (ds.IsImplicit ? _document.HeaderComments : _document.PreambleComments).Add(text);
                    }

                    _pendingComments.Clear();
                    break;
                case DocumentEnd:
                    if (_document is not null)
                    {
                        foreach (var (text, _) in _pendingComments)
                        {
                            _document.FooterComments.Add(text);
                        }

                        _pendingComments.Clear();
                        _document.IndentlessSequences = _sequenceStyles > 0;
                        _sequenceStyles = 0;
                        if (!_skipDocument)
                        {
                            Documents.Add(_document);
                        }
                    }

                    _document = null;
                    break;
                case Comment c:
                    OnComment(c);
                    break;
                case Scalar s:
                    if (!_skipDocument)
                    {
                        var node = new YamlScalar(s.Value, ToStyle(s.Style))
                        {
                            Start = ToMark(s.Start),
                            Tag = TagOf(s.Tag, s.IsPlainImplicit || s.IsQuotedImplicit),
                            Anchor = s.Anchor.IsEmpty ? null : s.Anchor.Value,
                        };
                        Register(node);
                        Attach(node, ToMark(s.Start));

                        // A literal block's end mark lies after the blank lines that follow it; its last content line is
                        // its header line plus its line count.
                        _lastLine = s.Style == YamlDotNet.Core.ScalarStyle.Literal
                            ? Math.Min((int)s.End.Line, (int)s.Start.Line + s.Value.Count(ch => ch == '\n') + (s.Value.EndsWith('\n') ? 0 : 1))
                            : (int)s.End.Line;
                    }

                    break;
                case AnchorAlias a:
                    if (!_skipDocument)
                    {
                        if (!_anchors.TryGetValue(a.Value.Value, out var target))
                        {
                            Report(SdkDiagnostics.SyntaxError.Create($"Alias '*{a.Value.Value}' refers to an anchor that is not defined before it.", location: Loc(a.Start)));
                            target = new YamlScalar(string.Empty) { Start = ToMark(a.Start) };
                        }

                        Attach(target, ToMark(a.Start));
                        _lastLine = (int)a.End.Line;
                    }

                    break;
                case MappingStart ms:
                    if (!_skipDocument)
                    {
                        var map = new YamlMapping
                        {
                            Start = ToMark(ms.Start),
                            Tag = TagOf(ms.Tag, ms.IsImplicit),
                            Anchor = ms.Anchor.IsEmpty ? null : ms.Anchor.Value,
                        };
                        Register(map);
                        Attach(map, ToMark(ms.Start));
                        Push(new Frame(map) { IsFlow = ms.Style == YamlDotNet.Core.Events.MappingStyle.Flow }, ms.Start);
                    }

                    break;
                case SequenceStart ss:
                    if (!_skipDocument)
                    {
                        var seq = new YamlSequence
                        {
                            Start = ToMark(ss.Start),
                            Tag = TagOf(ss.Tag, ss.IsImplicit),
                            Anchor = ss.Anchor.IsEmpty ? null : ss.Anchor.Value,
                        };
                        Register(seq);
                        if (_stack.Count > 0 && _stack.Peek() is { Mapping: not null, PendingKey: { } key } && ss.Style == YamlDotNet.Core.Events.SequenceStyle.Block)
                        {
                            seq.Indentless = key.Start.Column == (int)ss.Start.Column;
                            _sequenceStyles += seq.Indentless.Value ? 1 : -1;
                        }

                        Attach(seq, ToMark(ss.Start));
                        Push(new Frame(seq) { IsFlow = ss.Style == YamlDotNet.Core.Events.SequenceStyle.Flow }, ss.Start);
                    }

                    break;
                case MappingEnd or SequenceEnd:
                    if (!_skipDocument && _stack.Count > 0)
                    {
                        // Comments before a dedent stay pending and become the next entry's leading comments.
                        // A block collection's end event sits at the next token, after any blank lines: only a flow
                        // collection's end (its closing bracket) moves the last content line.
                        var closed = _stack.Pop();
                        if (closed.IsFlow)
                        {
                            _lastLine = Math.Max(_lastLine, (int)ev.End.Line);
                            if (FlowComments is not null && !_stack.Any(f => f.IsFlow) && FlowComments.Remove((int)ev.Start.Line, out var comment))
                            {
                                if (closed.Owner is { LineComment: null } owner)
                                {
                                    owner.LineComment = comment;
                                }
                                else
                                {
                                    _document?.FooterComments.Add(comment);
                                }
                            }
                        }
                    }

                    break;
            }

            return true;
        }

        private void Push(Frame frame, Mark start)
        {
            frame.Owner = _stack.Count > 0 ? _lastTrivia : null; // Attach made the entry or item that holds this collection.
            _stack.Push(frame);
            if (_stack.Count > options.MaxDepth)
            {
                Report(SdkDiagnostics.NestingTooDeep.Create($"Nesting is deeper than {options.MaxDepth} levels.", location: Loc(start)));
                _skipDocument = true;
                _stack.Clear();
            }
        }

        private void OnComment(Comment c)
        {
            var line = (int)c.Start.Line;
            var value = RawComment(c);
            if (_document is { Root: null, ExplicitStart: true } doc && _stack.Count == 0 && line < doc.Start.Line)
            {
                doc.PreambleComments.Add(value); // The parser reports comments above '---' after the document start.
                _lastLine = (int)c.End.Line;
                return;
            }
            if (c.IsInline && _lastTrivia is not null && line == _lastLine)
            {
                _lastTrivia.LineComment = value;
                return;
            }

            if (c.IsInline && _lastTrivia is not null && _lastTrivia.LineComment is null && line <= _lastLine + 1)
            {
                _lastTrivia.LineComment = value;
                return;
            }

            _pendingComments.Add((value, _lastLine > 0 && line > _lastLine + 1));
            _lastLine = (int)c.End.Line;
        }

        /// <summary>The comment's exact text after '#', read from the source (the parser trims it).</summary>
        private string RawComment(Comment c)
        {
            var start = (int)c.Start.Index;
            if (start >= 0 && start < text.Length && text[start] == '#')
            {
                var end = text.IndexOfAny(['\r', '\n'], start);
                return text[(start + 1)..(end < 0 ? text.Length : end)].TrimEnd();
            }

            return " " + c.Value;
        }

        private void Register(YamlNode node)
        {
            if (node.Anchor is { } anchor)
            {
                _anchors[anchor] = node;
            }
        }

        private void Attach(YamlNode node, YamlMark start)
        {
            if (_document is null)
            {
                return;
            }

            if (_stack.Count == 0)
            {
                _document.Root = node;
                foreach (var (text, _) in _pendingComments)
                {
                    _document.HeaderComments.Add(text);
                }

                _pendingComments.Clear();
                return;
            }

            var frame = _stack.Peek();
            if (frame.Mapping is { } map)
            {
                if (frame.PendingKey is null)
                {
                    if (node is not YamlScalar key)
                    {
                        Report(SdkDiagnostics.UnsupportedYaml.Create(
                            "A mapping key that is a mapping or sequence has no JSON equivalent.", location: new SourceLocation(path, start.Line, start.Column), severity: DiagnosticSeverity.Error));
                        _skipDocument = true;
                        return;
                    }

                    if (!(frame.Keys ??= new HashSet<string>(StringComparer.Ordinal)).Add(key.Value) && !(key.Value == "<<" && key.IsPlainUntagged))
                    {
                        Report(SdkDiagnostics.DuplicateKey.Create($"Key '{key.Value}' appears more than once in this mapping.", location: new SourceLocation(path, start.Line, start.Column)));
                    }

                    frame.PendingKey = key;
                    frame.PendingTrivia = TakeTrivia(start, frame.Scratch ??= new PendingTrivia());
                    return;
                }

                var entry = new YamlEntry(frame.PendingKey, node);
                entry.CopyTriviaFrom(frame.PendingTrivia!);
                map.Entries.Add(entry);
                frame.PendingKey = null;
                frame.PendingTrivia = null;
                _lastTrivia = entry;
            }
            else
            {
                var item = new YamlItem(node);
                item.CopyTriviaFrom(TakeTrivia(start, frame.Scratch ??= new PendingTrivia()));
                frame.Sequence!.Items.Add(item);
                _lastTrivia = item;
            }
        }

        private PendingTrivia TakeTrivia(YamlMark start, PendingTrivia? reuse = null)
        {
            var trivia = reuse ?? new PendingTrivia();
            trivia.Reset();
            if (_pendingComments.Count > 0)
            {
                trivia.BlankLineBefore = _pendingComments[0].BlankBefore;
                foreach (var (text, _) in _pendingComments)
                {
                    trivia.LeadingComments.Add(text);
                }

                _pendingComments.Clear();
            }
            else
            {
                trivia.BlankLineBefore = _lastLine > 0 && start.Line > _lastLine + 1;
            }

            _lastTrivia = trivia;
            return trivia;
        }

        private void Report(Diagnostic d) => diagnostics.Add(d);

        private SourceLocation Loc(Mark m) => new(path, Math.Max(1, (int)m.Line), Math.Max(1, (int)m.Column));

        private static YamlMark ToMark(Mark m) => new((int)m.Line, (int)m.Column);

        private static string? TagOf(TagName tag, bool isImplicit)
        {
            if (tag.IsEmpty || tag.IsNonSpecific || isImplicit && tag.IsEmpty)
            {
                return null;
            }

            var value = tag.Value;
            return value.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) ? "!!" + value["tag:yaml.org,2002:".Length..] : value;
        }

        private static YamlScalarStyle ToStyle(ScalarStyle style) => style switch
        {
            ScalarStyle.SingleQuoted => YamlScalarStyle.SingleQuoted,
            ScalarStyle.DoubleQuoted => YamlScalarStyle.DoubleQuoted,
            ScalarStyle.Literal => YamlScalarStyle.Literal,
            ScalarStyle.Folded => YamlScalarStyle.Folded,
            _ => YamlScalarStyle.Plain,
        };

        private sealed class PendingTrivia : YamlTrivia
        {
            public void Reset()
            {
                if (HasLeadingComments)
                {
                    LeadingComments.Clear();
                }

                LineComment = null;
                BlankLineBefore = false;
            }
        }

        private sealed class Frame
        {
            public Frame(YamlMapping mapping) => Mapping = mapping;

            public Frame(YamlSequence sequence) => Sequence = sequence;

            public YamlMapping? Mapping { get; }

            public YamlSequence? Sequence { get; }

            public YamlScalar? PendingKey { get; set; }

            public YamlTrivia? PendingTrivia { get; set; }

            public PendingTrivia? Scratch { get; set; }

            /// <summary>A flow collection (<c>{…}</c> or <c>[…]</c>), whose end event marks its closing bracket.</summary>
            public bool IsFlow { get; init; }

            /// <summary>The entry or item whose value this collection is (<see langword="null"/> for the root).</summary>
            public YamlTrivia? Owner { get; set; }

            /// <summary>The keys seen so far (a mapping), for linear-time duplicate detection.</summary>
            public HashSet<string>? Keys { get; set; }
        }
    }
}
