using DataPlatform.Sdk.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DataPlatform.Sdk.Yaml;

/// <summary>The tree builder of <see cref="YamlReader"/>: parser events to a comment-keeping tree.</summary>
public static partial class YamlReader
{
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
