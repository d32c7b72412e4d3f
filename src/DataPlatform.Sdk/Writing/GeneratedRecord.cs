using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DataPlatform.Sdk.Writing;

/// <summary>
/// What the SDK generated in a directory: <c>.dataplatform/generated.txt</c>, one line per file with the git blob id of
/// the bytes the SDK produced for it. It is kept in git beside the files, so it survives hand edits and clones: a file
/// whose bytes still have that id was not edited since; a path listed here and no longer generated is deleted (only
/// then); a file edited by hand is merged three ways against what the SDK generated before.
/// </summary>
internal static class GeneratedRecord
{
    /// <summary>The folder holding the record, the baselines of merged files and the journal of a write in progress.</summary>
    public const string Folder = ".dataplatform";

    /// <summary>The record.</summary>
    public const string RecordPath = Folder + "/generated.txt";

    /// <summary>
    /// Where the generated version of a file is kept when the file on disk differs from it (hand edits merged in): the
    /// baseline of the next three-way merge, which git alone would not have (the merged bytes are what gets committed).
    /// </summary>
    public const string BaselineFolder = Folder + "/baseline";

    /// <summary>The journal of a write in progress (never committed; see <see cref="IgnorePath"/>).</summary>
    public const string JournalFolder = Folder + "/journal";

    /// <summary>Keeps the journal out of git when a write was interrupted.</summary>
    public const string IgnorePath = Folder + "/.gitignore";

    /// <summary>The content of <see cref="IgnorePath"/>.</summary>
    public const string IgnoreText = "# A write interrupted by a crash leaves its journal here; the next write finishes it.\n/journal/\n";

    private const string Header =
        "# Files that DataPlatform.Sdk generated here, each with the git blob id of the bytes it generated.\n" +
        "# The next write deletes only listed files it no longer generates, and merges hand edits into the others.\n" +
        "# Keep this file in git; do not edit it.\n";

    /// <summary>Whether a path is the SDK's own bookkeeping (the record, baselines, journal), not part of the repository.</summary>
    /// <param name="path">A repository path.</param>
    /// <returns><see langword="true"/> for bookkeeping.</returns>
    public static bool IsBookkeeping(string path) => path.StartsWith(Folder + "/", StringComparison.Ordinal);

    /// <summary>The path of the baseline kept for a file.</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The baseline's path.</returns>
    public static string BaselineOf(string path) => BaselineFolder + "/" + path;

    /// <summary>The id git gives these bytes as a blob (<c>git hash-object</c>): SHA-1 of <c>"blob N\0"</c> and the bytes.</summary>
    /// <param name="content">The bytes.</param>
    /// <returns>40 lower-case hex digits.</returns>
    [SuppressMessage("Security", "CA5350:Do not use weak cryptographic algorithms", Justification = "Git names blobs by SHA-1; the id identifies content, it protects nothing.")]
    public static string BlobId(ReadOnlySpan<byte> content)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha.AppendData(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"blob {content.Length}\0")));
        sha.AppendData(content);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Reads a record; lines that are not "id path" are ignored (a damaged record only makes the next write more careful).</summary>
    /// <param name="text">The record's text, or <see langword="null"/> when there is none.</param>
    /// <returns>Path → blob id.</returns>
    public static SortedDictionary<string, string> Parse(string? text)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in (text ?? string.Empty).Split('\n'))
        {
            if (line.Length > 41 && line[40] == ' ' && !line.StartsWith('#') && line[..40].All(char.IsAsciiHexDigitLower)
                && Unescape(line[41..]) is { } path)
            {
                result[path] = line[..40];
            }
        }

        return result;
    }

    /// <summary>Writes a record, in path order.</summary>
    /// <param name="entries">Path → blob id.</param>
    /// <returns>The text.</returns>
    public static string Render(IReadOnlyDictionary<string, string> entries)
    {
        var sb = new StringBuilder(Header);
        foreach (var (path, id) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            sb.Append(id).Append(' ').Append(Escape(path)).Append('\n');
        }

        return sb.ToString();
    }

    // A path is one line: backslashes and control characters are escaped (\\, \n, \uXXXX).
    private static string Escape(string path)
    {
        if (!path.Any(c => c == '\\' || char.IsControl(c)))
        {
            return path;
        }

        var sb = new StringBuilder();
        foreach (var c in path)
        {
            sb.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    private static string? Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text.Length == 0 ? null : text;
        }

        var sb = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                sb.Append(text[i]);
            }
            else if (i + 1 < text.Length && text[i + 1] is '\\' or 'n')
            {
                sb.Append(text[++i] == 'n' ? '\n' : '\\');
            }
            else if (i + 5 < text.Length && text[i + 1] == 'u' && int.TryParse(text.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
            {
                sb.Append((char)code);
                i += 5;
            }
            else
            {
                return null;
            }
        }

        return sb.ToString();
    }
}
