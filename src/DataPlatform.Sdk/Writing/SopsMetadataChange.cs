using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Writing;

/// <summary>
/// Recognises a change to a SOPS-encrypted file that touches only its <c>sops</c> metadata (a re-keyed file: the same
/// values under the same data key, wrapped for other recipients), so a plan can say so instead of showing a diff of
/// armored keys. Works on the text of each format sops writes, without decrypting anything.
/// </summary>
internal static class SopsMetadataChange
{
    public const string Note = "SOPS metadata only (re-keyed): values unchanged";

    public static bool IsMetadataOnly(string path, string before, string after) =>
        before != after && Body(path, before) is { } a && Body(path, after) is { } b && a == b;

    /// <summary>The file without its sops metadata, or <see langword="null"/> when it has none.</summary>
    private static string? Body(string path, string text)
    {
        var lines = text.Split('\n');
        if (path.EndsWith(".env", StringComparison.OrdinalIgnoreCase))
        {
            return lines.Any(l => l.StartsWith("sops_mac=", StringComparison.Ordinal))
                ? string.Join('\n', lines.Where(l => !l.StartsWith("sops_", StringComparison.Ordinal)))
                : null;
        }

        if (path.EndsWith(".ini", StringComparison.OrdinalIgnoreCase))
        {
            var section = Array.FindIndex(lines, l => l.Trim() == "[sops]");
            if (section < 0)
            {
                return null;
            }

            var end = Array.FindIndex(lines, section + 1, l => l.TrimStart().StartsWith('['));
            return string.Join('\n', lines[..section].Concat(end < 0 ? [] : lines[end..]));
        }

        var read = YamlReader.ReadString(text);
        if (read.HasErrors || read.Documents.Count != 1 || read.Documents[0].Root is not YamlMapping root || root.Find("sops") is not { Value: YamlMapping } sops)
        {
            return null;
        }

        root.Entries.Remove(sops);
        return YamlEmitter.Emit(read.Documents[0]);
    }
}
