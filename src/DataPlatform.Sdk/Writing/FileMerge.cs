using System.Text;
using System.Text.Json;
using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Writing;

/// <summary>How a generated file that was also edited by hand is brought up to date.</summary>
internal enum MergeOutcome
{
    /// <summary>Merged value by value: the model's changes applied, hand edits elsewhere kept.</summary>
    Merged,

    /// <summary>Merged without knowing the previous generated version: comments, key order and equal values kept; the model's values win.</summary>
    MergedTwoWay,

    /// <summary>Not mergeable (not YAML, or the file on disk does not parse): both the model and a hand edit changed it.</summary>
    Conflict,
}

/// <summary>
/// Merges a freshly generated YAML file into the file on disk, three ways, exactly as <c>fmt</c> and edits in code do
/// (<see cref="YamlJson.FromJson(JsonElement, YamlNode?, JsonElement?, Func{string, YamlNode, bool}?)"/>): where the
/// model generates what it generated before, the file keeps what is on disk — comments, key order, the spelling of
/// values and values changed by hand; where the model changed a value, the new value is written. Documents are matched
/// by identity (apiVersion group, kind, namespace, name; a Kestra flow by namespace and id), else by position.
/// </summary>
internal static class FileMerge
{
    private static readonly UTF8Encoding Utf8 = new(false, true);

    /// <summary>Merges.</summary>
    /// <param name="path">The repository path (its extension decides whether the file can be merged).</param>
    /// <param name="generated">What the model generates now.</param>
    /// <param name="disk">What is on disk.</param>
    /// <param name="baseline">What the model generated before, or <see langword="null"/> when unknown.</param>
    /// <returns>The merged bytes (or <see langword="null"/> for a conflict) and how they were made.</returns>
    public static (byte[]? Bytes, MergeOutcome Outcome) Merge(string path, byte[] generated, byte[] disk, byte[]? baseline)
    {
        if (!(path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal)) || path.EndsWith(".sops.yaml", StringComparison.Ordinal))
        {
            return (null, MergeOutcome.Conflict); // Text other than YAML, and ciphertext, cannot be merged value by value.
        }

        if (Documents(disk) is not { } onDisk || Documents(generated) is not { } now)
        {
            return (null, MergeOutcome.Conflict);
        }

        var before = baseline is null ? null : Documents(baseline);
        var beforeByKey = before?.GroupBy(d => d.Key).ToDictionary(g => g.Key, g => g.First().Json, StringComparer.Ordinal);
        var nowKeys = now.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        var diskByKey = onDisk.GroupBy(d => d.Key).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        var result = new List<YamlDocument>();
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in onDisk)
        {
            if (nowKeys.Contains(d.Key))
            {
                if (written.Add(d.Key))
                {
                    result.Add(MergeDocument(now.First(n => n.Key == d.Key).Json, d, beforeByKey?.GetValueOrDefault(d.Key)));
                }
            }
            else if (beforeByKey is null || !beforeByKey.ContainsKey(d.Key))
            {
                result.Add(d.Document); // Added by hand (or, without a baseline, not known to be the model's): kept.
            }
        }

        foreach (var n in now.Where(n => written.Add(n.Key)))
        {
            result.Add(new YamlDocument(YamlJson.FromJson(n.Json)));
        }

        return (Utf8.GetBytes(YamlEmitter.Emit(result)), before is null ? MergeOutcome.MergedTwoWay : MergeOutcome.Merged);
    }

    private static YamlDocument MergeDocument(JsonElement value, Doc disk, JsonElement? baseline)
    {
        var root = YamlJson.FromJson(value, disk.Document.Root, baseline);
        var doc = new YamlDocument(root) { Start = disk.Document.Start, ExplicitStart = disk.Document.ExplicitStart, IndentlessSequences = disk.Document.IndentlessSequences };
        doc.PreambleComments.AddRange(disk.Document.PreambleComments);
        doc.HeaderComments.AddRange(disk.Document.HeaderComments);
        doc.FooterComments.AddRange(disk.Document.FooterComments);
        return doc;
    }

    private sealed record Doc(string Key, JsonElement Json, YamlDocument Document);

    /// <summary>The non-empty documents of a YAML stream with their JSON and identity, or <see langword="null"/> when it does not read cleanly.</summary>
    private static List<Doc>? Documents(byte[] bytes)
    {
        string text;
        try
        {
            text = Utf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var read = YamlReader.ReadString(text);
        if (read.HasErrors)
        {
            return null;
        }

        var result = new List<Doc>();
        foreach (var doc in read.Documents.Where(d => d.Root is not null))
        {
            if (YamlJson.ToJson(doc.Root) is not { } json)
            {
                return null;
            }

            var key = Identity(json) ?? "#" + result.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            result.Add(new Doc(result.Any(r => r.Key == key) ? key + "#" + result.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : key, json, doc));
        }

        return result;
    }

    private static string? Identity(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (Text(json, "kind") is { } kind && json.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object && Text(meta, "name") is { } name)
        {
            var apiVersion = Text(json, "apiVersion") ?? string.Empty;
            var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;
            return $"{group}|{kind}|{Text(meta, "namespace")}|{name}";
        }

        return Text(json, "id") is { } id && Text(json, "namespace") is { } ns ? $"flow|{ns}|{id}" : null;
    }
}
