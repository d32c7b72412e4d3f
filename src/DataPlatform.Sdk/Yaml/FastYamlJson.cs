using System.Buffers;
using System.Text.Json;
using SharpYaml.Events;

namespace DataPlatform.Sdk.Yaml;

/// <summary>One document converted by the fast path.</summary>
/// <param name="StreamIndex">Position of the document in the YAML stream (empty documents included).</param>
/// <param name="Json">The JSON bytes; empty for an empty document.</param>
internal sealed record FastDocument(int StreamIndex, byte[] Json)
{
    public bool IsEmpty => Json.Length == 0;
}

/// <summary>
/// The read-only fast path: YAML events straight into JSON bytes, with no tree and no comments, for the common subset
/// of manifests. Anything outside it — syntax errors, duplicate keys, anchors and aliases, tags, merge keys, complex
/// keys, special floats, excessive depth — makes it give up, and the caller uses the full reader, which reports those
/// with positions. The scalar rules are the same as <see cref="Json.YamlJson"/>'s, so both paths give the same JSON.
/// </summary>
/// <remarks>Uses SharpYaml's event parser, measured faster than YamlDotNet's; it reports no comments, which this path does not need.</remarks>
internal static class FastYamlJson
{
    public static List<FastDocument>? TryConvert(string text, YamlReaderOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        var documents = new List<FastDocument>();
        var frames = new List<Frame>(16);
        var keyLists = new List<KeySet>(16);
        Utf8JsonWriter? writer = null;
        var depth = 0;
        var hasRoot = false;
        var rootIsEmptyScalar = false;
        try
        {
            var parser = SharpYaml.Parser.CreateParser(new StringReader(text));
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case DocumentStart:
                        buffer.ResetWrittenCount();
                        writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, MaxDepth = options.MaxDepth + 8 });
                        writer.Reset(buffer);
                        depth = 0;
                        hasRoot = false;
                        rootIsEmptyScalar = false;
                        break;
                    case DocumentEnd:
                        writer!.Flush();
                        documents.Add(new FastDocument(documents.Count, rootIsEmptyScalar || !hasRoot ? [] : buffer.WrittenSpan.ToArray()));
                        break;
                    case MappingStart m:
                        if (!string.IsNullOrEmpty(m.Anchor) || !string.IsNullOrEmpty(m.Tag) && !m.IsImplicit || !BeginValue(frames, ref hasRoot))
                        {
                            return null;
                        }

                        writer!.WriteStartObject();
                        if (++depth > options.MaxDepth)
                        {
                            return null;
                        }

                        Push(frames, keyLists, depth, isMapping: true);
                        break;
                    case SequenceStart q:
                        if (!string.IsNullOrEmpty(q.Anchor) || !string.IsNullOrEmpty(q.Tag) && !q.IsImplicit || !BeginValue(frames, ref hasRoot))
                        {
                            return null;
                        }

                        writer!.WriteStartArray();
                        if (++depth > options.MaxDepth)
                        {
                            return null;
                        }

                        Push(frames, keyLists, depth, isMapping: false);
                        break;
                    case MappingEnd:
                        writer!.WriteEndObject();
                        frames.RemoveAt(frames.Count - 1);
                        depth--;
                        EndValue(frames);
                        break;
                    case SequenceEnd:
                        writer!.WriteEndArray();
                        frames.RemoveAt(frames.Count - 1);
                        depth--;
                        EndValue(frames);
                        break;
                    case Scalar s:
                        if (!string.IsNullOrEmpty(s.Anchor) || !string.IsNullOrEmpty(s.Tag) && !(s.IsPlainImplicit || s.IsQuotedImplicit))
                        {
                            return null;
                        }

                        if (frames.Count > 0 && frames[^1] is { IsMapping: true, ExpectKey: true })
                        {
                            var keys = keyLists[depth - 1];
                            if (s.Style == SharpYaml.ScalarStyle.Plain && s.Value == "<<" || !keys.Add(s.Value))
                            {
                                return null; // Merge key or duplicate key: the full reader handles and reports them.
                            }

                            writer!.WritePropertyName(s.Value);
                            frames[^1] = frames[^1] with { ExpectKey = false };
                            break;
                        }

                        if (frames.Count == 0)
                        {
                            hasRoot = true;
                            rootIsEmptyScalar = s.Style == SharpYaml.ScalarStyle.Plain && s.Value.Length == 0;
                        }

                        if (!WriteScalar(writer!, s))
                        {
                            return null;
                        }

                        EndValue(frames);
                        break;
                    case AnchorAlias:
                        return null;
                }
            }
        }
        catch (SharpYaml.YamlException)
        {
            return null;
        }
#pragma warning disable CA1031 // Any parser failure sends the file to the full reader, which reports it.
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
#pragma warning restore CA1031
        {
            return null;
        }
        finally
        {
            writer?.Dispose();
        }

        return documents;
    }

    private static bool BeginValue(List<Frame> frames, ref bool hasRoot)
    {
        if (frames.Count == 0)
        {
            hasRoot = true;
            return true;
        }

        // A collection where a key is expected is a complex key.
        return frames[^1] is not { IsMapping: true, ExpectKey: true };
    }

    private static void EndValue(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsMapping)
        {
            frames[^1] = frames[^1] with { ExpectKey = true };
        }
    }

    private static void Push(List<Frame> frames, List<KeySet> keyLists, int depth, bool isMapping)
    {
        frames.Add(new Frame(isMapping, ExpectKey: isMapping));
        if (isMapping)
        {
            while (keyLists.Count < depth)
            {
                keyLists.Add(new KeySet());
            }

            keyLists[depth - 1].Clear();
        }
    }

    private static bool WriteScalar(Utf8JsonWriter w, Scalar s)
    {
        if (s.Style != SharpYaml.ScalarStyle.Plain)
        {
            w.WriteStringValue(s.Value);
            return true;
        }

        switch (YamlScalars.Resolve(s.Value, out var number, out var boolean))
        {
            case ScalarKind.Null:
                w.WriteNullValue();
                return true;
            case ScalarKind.Boolean:
                w.WriteBooleanValue(boolean);
                return true;
            case ScalarKind.Integer or ScalarKind.Float:
                w.WriteRawValue(number!, skipInputValidation: true);
                return true;
            case ScalarKind.SpecialFloat:
                return false;
            default:
                w.WriteStringValue(s.Value);
                return true;
        }
    }

    private readonly record struct Frame(bool IsMapping, bool ExpectKey);

    /// <summary>The keys of one mapping: a short list while small (most are), a hash set once large, so that a mapping of a million keys stays linear.</summary>
    private sealed class KeySet
    {
        private readonly List<string> _small = [];
        private HashSet<string>? _large;

        public bool Add(string key)
        {
            if (_large is not null)
            {
                return _large.Add(key);
            }

            if (_small.Contains(key))
            {
                return false;
            }

            _small.Add(key);
            if (_small.Count > 16)
            {
                _large = new HashSet<string>(_small, StringComparer.Ordinal);
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
