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
public static partial class YamlReader
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
    internal static (string? Text, List<Diagnostic> Diagnostics) DecodeFile(string path, string displayPath, YamlReaderOptions options, string? root = null) =>
        DecodeFile(path, displayPath, options, root, out _);

    /// <summary>As the overload without a stamp, also giving the file's size and last write time before it was read.</summary>
    internal static (string? Text, List<Diagnostic> Diagnostics) DecodeFile(string path, string displayPath, YamlReaderOptions options, string? root, out (long Length, DateTime LastWriteUtc)? stamp)
    {
        // Decoded straight from a pooled buffer: the bytes are not kept.
        var read = Files.SafeFiles.Read(path, root, options.MaxFileBytes, out stamp, bytes => Decode(bytes, displayPath, options));
        var at = new SourceLocation(displayPath, 1, 1);
        return read.Refusal switch
        {
            Files.FileRefusal.None => read.Value,
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
        var (documents, found, failed) = Parse(text, parsed, null, displayPath, options, diagnostics, flowComments);
        if (failed && CommentReplay.Blank(parsed) is { } replay)
        {
            // A YamlDotNet defect with comments (see CommentReplay): parsed again without them, comments put back.
            var retry = Parse(text, replay.Text, replay.Comments, displayPath, options, diagnostics, flowComments);
            if (!retry.Failed)
            {
                (documents, found) = (retry.Documents, retry.Diagnostics);
            }
        }

        return new YamlReadResult(documents, found);
    }

    /// <summary>Builds the trees of <paramref name="parsed"/> (the text, or the text with comments taken out).</summary>
    private static (List<YamlDocument> Documents, List<Diagnostic> Diagnostics, bool Failed) Parse(
        string text, string parsed, IReadOnlyList<YamlDotNet.Core.Events.Comment>? replayed, string displayPath, YamlReaderOptions options,
        List<Diagnostic> before, Dictionary<int, string>? flowComments)
    {
        var diagnostics = new List<Diagnostic>(before);
        var builder = new TreeBuilder(text, displayPath, options, diagnostics) { FlowComments = flowComments is null ? null : new(flowComments) };
        try
        {
            var parser = new Parser(new Scanner(new StringReader(parsed), skipComments: replayed is not null));
            foreach (var ev in CommentReplay.Events(parser, replayed ?? []))
            {
                if (!builder.Accept(ev))
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
            return (builder.Documents, diagnostics, true);
        }
#pragma warning disable CA1031 // The parser can fail with other exception types on hostile input; it must become a diagnostic.
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
#pragma warning restore CA1031
        {
            builder.Abort();
            diagnostics.Add(SdkDiagnostics.SyntaxError.Create(
                $"The YAML parser could not read the file: {ex.Message}", location: new SourceLocation(displayPath, Math.Max(1, builder.LastLine), 1)));
        }

        return (builder.Documents, diagnostics, false);
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
}
