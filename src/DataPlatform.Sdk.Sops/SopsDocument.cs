using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Sops;

/// <summary>
/// A file as sops holds it in memory, whatever its format: the values (a YAML tree for YAML, JSON and binary files;
/// flat items for dotenv and INI) and the <c>sops</c> metadata as JSON, read from and written to each format the way
/// sops does (a <c>sops</c> map, <c>sops_…</c> keys, a <c>[sops]</c> section).
/// </summary>
internal sealed class SopsDocument
{
    private SopsDocument(SopsFormat format)
    {
        Format = format;
    }

    public SopsFormat Format { get; }

    public YamlDocument? Yaml { get; private init; }

    public YamlMapping? Root => Yaml?.Root as YamlMapping;

    public List<FlatItem>? Flat { get; private init; }

    public JsonObject? Sops { get; set; }

    public bool IsEncrypted => Sops is { } sops && Text(sops, "mac") is { Length: > 0 };

    /// <summary>A string field of the metadata (or a stanza), or <see langword="null"/> when absent or of another type — never a throw on a malformed file.</summary>
    public static string? Text(JsonObject node, string name) => node[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A boolean field of the metadata (<c>mac_only_encrypted</c>): <see langword="true"/> only when it is <c>true</c>.</summary>
    public static bool Flag(JsonObject node, string name) => node[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    public static SopsDocument Read(string text, SopsFormat format)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (format)
        {
            case SopsFormat.Dotenv:
            {
                var (items, metadata) = DotenvFile.Read(text);
                return new SopsDocument(format) { Flat = items, Sops = metadata.Count > 0 ? FlatMetadata.Unflatten(metadata) : null };
            }

            case SopsFormat.Ini:
            {
                var (sections, metadata) = IniFile.Read(text);
                return new SopsDocument(format) { Flat = sections, Sops = metadata is not null ? FlatMetadata.Unflatten(metadata) : null };
            }

            default:
            {
                var yaml = ReadSingle(text);
                var document = new SopsDocument(format) { Yaml = yaml };
                var root = document.Root ?? throw new SopsException("Only documents whose top level is a mapping can be encrypted.");
                if (root.Find("sops") is { } entry)
                {
                    if (entry.Value is not YamlMapping)
                    {
                        throw new SopsException("The top-level 'sops' key is not sops's metadata map; rename it (sops reserves it).");
                    }

                    var json = Json.YamlJson.ToJson(entry.Value, [], "<sops>") ?? throw new SopsException("The sops metadata cannot be read.");
                    document.Sops = JsonNode.Parse(json.GetRawText()) as JsonObject;
                    root.Entries.Remove(entry);
                }

                return document;
            }
        }
    }

    /// <summary>The file's text, with <see cref="Sops"/> as its metadata when set.</summary>
    public string Write()
    {
        var flat = Sops is null ? null : FlatMetadata.Flatten(Sops);
        switch (Format)
        {
            case SopsFormat.Dotenv:
                return DotenvFile.Write(Flat!, flat);
            case SopsFormat.Ini:
                return IniFile.Write(Flat!, flat);
        }

        var root = Root!;
        if (Sops is not null)
        {
            using var json = JsonDocument.Parse(Sops.ToJsonString());
            root.Entries.RemoveAll(e => e.Key.Value == "sops");
            root.Entries.Add(new YamlEntry(new YamlScalar("sops"), Json.YamlJson.FromJson(json.RootElement.Clone())));
        }

        try
        {
            return Format == SopsFormat.Yaml ? YamlEmitter.Emit(Yaml!) : WriteJson(root);
        }
        finally
        {
            root.Entries.RemoveAll(e => e.Key.Value == "sops");
        }
    }

    /// <summary>A binary file's encrypted form: <c>{"data": …, "sops": …}</c>.</summary>
    public static SopsDocument Binary(string encryptedData)
    {
        var read = YamlReader.ReadString("{}");
        var document = new SopsDocument(SopsFormat.Binary) { Yaml = read.Documents[0] };
        document.Root!.Entries.Add(new YamlEntry(new YamlScalar("data"), new YamlScalar(encryptedData, YamlScalarStyle.DoubleQuoted)));
        return document;
    }

    private static string WriteJson(YamlMapping root)
    {
        var json = Json.YamlJson.ToJson(root, [], "<sops>") ?? throw new SopsException("The document has no JSON form.");
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static YamlDocument ReadSingle(string text)
    {
        var read = YamlReader.ReadString(text);
        if (read.HasErrors)
        {
            throw new SopsException("The document cannot be read: " + read.Diagnostics.First(d => d.Severity == Diagnostics.DiagnosticSeverity.Error).Message);
        }

        var docs = read.Documents.Where(d => d.Root is not null).ToList();
        if (docs.Count != 1)
        {
            throw new SopsException($"Expected one document, found {docs.Count}.");
        }

        // The tree keeps aliases as shared nodes; walking it would expand them. The same alias budget as the loader's
        // bounds that walk (an alias bomb is refused here, not expanded into gigabytes).
        var limits = new List<Diagnostics.Diagnostic>();
        if (Json.YamlJson.ToJson(docs[0].Root, limits, "<sops>") is null)
        {
            throw new SopsException("The document cannot be read: " + (limits.FirstOrDefault()?.Message ?? "it exceeds the reader's limits."));
        }

        return docs[0];
    }

    /// <summary>What the metadata says, for callers.</summary>
    public static SopsMetadata Describe(JsonObject sops)
    {
        return new SopsMetadata(SopsKeyring.Recipients(sops, "age", "recipient"), Text(sops, "lastmodified") ?? string.Empty, Text(sops, "version") ?? string.Empty,
            Text(sops, "encrypted_regex"), Text(sops, "unencrypted_suffix"), SopsKeyring.CloudKeyTypes.Any(t => SopsKeyring.Stanzas(sops, t).Any()))
        {
            PgpFingerprints = SopsKeyring.Recipients(sops, "pgp", "fp"),
            CloudKeyTypes = [.. SopsKeyring.CloudKeyTypes.Where(t => SopsKeyring.Stanzas(sops, t).Any())],
            UsesKeyGroups = sops["key_groups"] is JsonArray { Count: > 0 },
        };
    }
}
