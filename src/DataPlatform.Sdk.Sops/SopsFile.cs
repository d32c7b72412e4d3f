using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Sops;

/// <summary>The file formats SOPS encrypts in place.</summary>
public enum SopsFormat
{
    /// <summary>YAML (comments inside encrypted paths are encrypted too, as sops does).</summary>
    Yaml,

    /// <summary>JSON.</summary>
    Json,
}

/// <summary>Which values to encrypt and for whom.</summary>
public sealed record SopsEncryptionOptions
{
    /// <summary>The age recipients that can decrypt the file (at least one).</summary>
    public IReadOnlyList<AgeRecipient> AgeRecipients { get; init; } = [];

    /// <summary>Encrypt only values under keys matching this regex (Kubernetes Secrets: <c>^(data|stringData)$</c>).</summary>
    public string? EncryptedRegex { get; init; }

    /// <summary>Leave values under keys matching this regex in clear text.</summary>
    public string? UnencryptedRegex { get; init; }

    /// <summary>Encrypt only values under keys ending with this suffix.</summary>
    public string? EncryptedSuffix { get; init; }

    /// <summary>Leave values under keys ending with this suffix in clear text; sops's default (<c>_unencrypted</c>) when no other selector is set.</summary>
    public string? UnencryptedSuffix { get; init; }

    /// <summary>Hash only the encrypted values into the MAC.</summary>
    public bool MacOnlyEncrypted { get; init; }

    /// <summary>The time written as <c>lastmodified</c>; now when <see langword="null"/>.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>Options for a Kubernetes Secret: encrypt <c>data</c> and <c>stringData</c> only.</summary>
    /// <param name="recipients">The recipients.</param>
    /// <returns>The options.</returns>
    public static SopsEncryptionOptions ForKubernetesSecret(IEnumerable<AgeRecipient> recipients) =>
        new() { AgeRecipients = [.. recipients], EncryptedRegex = "^(data|stringData)$" };
}

/// <summary>The <c>sops</c> metadata of an encrypted file.</summary>
/// <param name="AgeRecipients">The age recipients the data key is encrypted for.</param>
/// <param name="LastModified">The <c>lastmodified</c> text (the MAC's additional data).</param>
/// <param name="Version">The sops format version.</param>
/// <param name="EncryptedRegex">encrypted_regex, if set.</param>
/// <param name="UnencryptedSuffix">unencrypted_suffix, if set.</param>
/// <param name="HasOtherKeys">Whether the data key is also stored for KMS, PGP, Vault or Azure Key Vault.</param>
public sealed record SopsMetadata(IReadOnlyList<string> AgeRecipients, string LastModified, string Version, string? EncryptedRegex, string? UnencryptedSuffix, bool HasOtherKeys);

/// <summary>
/// Encrypts and decrypts whole YAML and JSON documents in the SOPS format, interoperable with sops: per-value AES-GCM
/// under a 32-byte data key with the key path as additional data, the data key stored as an armored age file per
/// recipient, and a MAC over every value, verified on decryption (a tampered file fails with a clear error).
/// </summary>
public static class SopsFile
{
    /// <summary>The sops format version written in the metadata.</summary>
    public const string FormatVersion = "3.9.4";

    private const string DefaultUnencryptedSuffix = "_unencrypted";

    /// <summary>The format of a file by its extension.</summary>
    /// <param name="path">The path.</param>
    /// <returns>JSON for <c>.json</c>, YAML otherwise.</returns>
    public static SopsFormat FormatOf(string path) =>
        path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? SopsFormat.Json : SopsFormat.Yaml;

    /// <summary>Whether a document is SOPS-encrypted (a top-level <c>sops</c> mapping with a <c>mac</c>).</summary>
    /// <param name="text">The file content.</param>
    /// <returns><see langword="true"/> when encrypted.</returns>
    public static bool IsEncrypted(string text) => TryReadMetadata(text) is not null;

    /// <summary>Reads the metadata of an encrypted document.</summary>
    /// <param name="text">The file content.</param>
    /// <returns>The metadata, or <see langword="null"/> when the document is not encrypted.</returns>
    public static SopsMetadata? TryReadMetadata(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var read = YamlReader.ReadString(text);
        return read.HasErrors || read.Documents.FirstOrDefault(d => d.Root is not null)?.Root is not YamlMapping root || root.Find("sops")?.Value is not YamlMapping sops
            ? null
            : Metadata(sops);
    }

    /// <summary>Encrypts a document.</summary>
    /// <param name="text">The plaintext document.</param>
    /// <param name="format">Its format.</param>
    /// <param name="options">Selectors and recipients.</param>
    /// <returns>The encrypted document.</returns>
    /// <exception cref="SopsException">The document cannot be read, is already encrypted, or no recipient is given.</exception>
    public static string Encrypt(string text, SopsFormat format, SopsEncryptionOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        if (options.AgeRecipients.Count == 0)
        {
            throw new SopsException("No age recipient: name at least one (a .sops.yaml creation rule, or --age).");
        }

        var doc = ReadSingle(text);
        var root = doc.Root as YamlMapping ?? throw new SopsException("Only documents whose top level is a mapping can be encrypted.");
        if (root.Find("sops") is not null)
        {
            throw new SopsException("The document is already encrypted (it has a top-level 'sops' key).");
        }

        var selector = new Selector(options.EncryptedRegex, options.UnencryptedRegex, options.EncryptedSuffix,
            options.EncryptedRegex is null && options.UnencryptedRegex is null && options.EncryptedSuffix is null ? options.UnencryptedSuffix ?? DefaultUnencryptedSuffix : options.UnencryptedSuffix);
        var dataKey = RandomNumberGenerator.GetBytes(32);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
            var walker = new Walker(dataKey, selector, options.MacOnlyEncrypted, hash, encrypt: true);
            walker.Node(root, []);
            var lastModified = (options.Now ?? DateTimeOffset.UtcNow).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var mac = Convert.ToHexString(hash.GetHashAndReset());
            root.Entries.Add(new YamlEntry(new YamlScalar("sops"), MetadataNode(options, selector, dataKey, lastModified, SopsCipher.Encrypt(mac, SopsValueType.Str, dataKey, lastModified))));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }

        return Write(doc, format);
    }

    /// <summary>Decrypts a document, verifying its MAC.</summary>
    /// <param name="text">The encrypted document.</param>
    /// <param name="format">Its format.</param>
    /// <param name="identities">The age identities to try.</param>
    /// <returns>The plaintext document (the <c>sops</c> metadata removed).</returns>
    /// <exception cref="SopsException">Not encrypted, no matching identity, or tampered with.</exception>
    public static string Decrypt(string text, SopsFormat format, IEnumerable<AgeIdentity> identities)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(identities);
        var doc = ReadSingle(text);
        if (doc.Root is not YamlMapping root || root.Find("sops")?.Value is not YamlMapping sops)
        {
            throw new SopsException("The document is not SOPS-encrypted (no top-level 'sops' mapping).");
        }

        var metadata = Metadata(sops);
        var dataKey = DataKey(sops, identities.ToList(), metadata);
        try
        {
            root.Entries.RemoveAll(e => e.Key.Value == "sops");
            var macOnlyEncrypted = Scalar(sops, "mac_only_encrypted") == "true";
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
            var walker = new Walker(dataKey, null, macOnlyEncrypted, hash, encrypt: false);
            walker.Node(root, []);
            var macValue = Scalar(sops, "mac") ?? throw new SopsException("The sops metadata has no 'mac'.");
            var (storedMac, _) = SopsCipher.TryDecrypt(macValue, dataKey, metadata.LastModified, out var plainMac, out _) is { } problem
                ? throw new SopsException("The MAC cannot be decrypted (the metadata was modified): " + problem)
                : (plainMac, 0);
            var computed = Convert.ToHexString(hash.GetHashAndReset());
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(storedMac.ToUpperInvariant())))
            {
                throw new SopsException("MAC mismatch: the file was modified after it was encrypted (a value was changed, added, removed or reordered).");
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }

        return Write(doc, format);
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

    private static string Write(YamlDocument doc, SopsFormat format)
    {
        if (format == SopsFormat.Yaml)
        {
            return YamlEmitter.Emit(doc);
        }

        var json = Json.YamlJson.ToJson(doc.Root, [], "<sops>") ?? throw new SopsException("The document has no JSON form.");
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static byte[] DataKey(YamlMapping sops, List<AgeIdentity> identities, SopsMetadata metadata)
    {
        if (sops.Find("age")?.Value is YamlSequence age)
        {
            foreach (var item in age.Items)
            {
                if (item.Value is YamlMapping m && Scalar(m, "enc") is { } enc)
                {
                    try
                    {
                        var key = Age.Decrypt(Encoding.ASCII.GetBytes(enc), identities);
                        if (key.Length == 32)
                        {
                            return key;
                        }
                    }
                    catch (SopsException) when (identities.Count > 0)
                    {
                        // Try the next recipient.
                    }
                }
            }
        }

        var recipients = metadata.AgeRecipients.Count == 0 ? "no age recipients" : "age recipients " + string.Join(", ", metadata.AgeRecipients);
        throw new SopsException(identities.Count == 0
            ? $"No age identity available to decrypt (the file is for {recipients}): set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY."
            : $"None of the {identities.Count} age identities can decrypt the data key; the file is for {recipients}{(metadata.HasOtherKeys ? " (and KMS/PGP/Vault keys, not supported in-process)" : string.Empty)}.");
    }

    private static SopsMetadata Metadata(YamlMapping sops)
    {
        var recipients = sops.Find("age")?.Value is YamlSequence s
            ? s.Items.Select(i => i.Value is YamlMapping m ? Scalar(m, "recipient") : null).OfType<string>().ToList()
            : [];
        var others = OtherKeyTypes.Any(k => sops.Find(k)?.Value is YamlSequence { Items.Count: > 0 });
        return new SopsMetadata(recipients, Scalar(sops, "lastmodified") ?? string.Empty, Scalar(sops, "version") ?? string.Empty,
            Scalar(sops, "encrypted_regex"), Scalar(sops, "unencrypted_suffix"), others);
    }

    private static readonly string[] OtherKeyTypes = ["kms", "pgp", "hc_vault", "azure_kv", "gcp_kms"];

    private static string? Scalar(YamlMapping m, string key) => m.Find(key)?.Value is YamlScalar s ? s.Value : null;

    private static YamlMapping MetadataNode(SopsEncryptionOptions options, Selector selector, byte[] dataKey, string lastModified, string mac)
    {
        var age = new YamlSequence();
        foreach (var r in options.AgeRecipients)
        {
            var enc = Encoding.ASCII.GetString(Age.Encrypt(dataKey, [r], armor: true));
            var m = new YamlMapping();
            m.Entries.Add(new YamlEntry(new YamlScalar("recipient"), new YamlScalar(r.ToString())));
            m.Entries.Add(new YamlEntry(new YamlScalar("enc"), new YamlScalar(enc, YamlScalarStyle.Literal)));
            age.Items.Add(new YamlItem(m));
        }

        var sops = new YamlMapping();
        sops.Entries.Add(new YamlEntry(new YamlScalar("age"), age));
        sops.Entries.Add(new YamlEntry(new YamlScalar("lastmodified"), new YamlScalar(lastModified, YamlScalarStyle.DoubleQuoted)));
        sops.Entries.Add(new YamlEntry(new YamlScalar("mac"), new YamlScalar(mac)));
        void Add(string key, string? value)
        {
            if (value is not null)
            {
                sops.Entries.Add(new YamlEntry(new YamlScalar(key), new YamlScalar(value, YamlScalars.NeedsQuotes(value) ? YamlScalarStyle.DoubleQuoted : YamlScalarStyle.Plain)));
            }
        }

        Add("encrypted_regex", selector.EncryptedRegex);
        Add("unencrypted_regex", selector.UnencryptedRegex);
        Add("encrypted_suffix", selector.EncryptedSuffix);
        Add("unencrypted_suffix", selector.UnencryptedSuffix);
        if (options.MacOnlyEncrypted)
        {
            sops.Entries.Add(new YamlEntry(new YamlScalar("mac_only_encrypted"), new YamlScalar("true")));
        }

        Add("version", FormatVersion);
        return sops;
    }

    /// <summary>sops's rule for which values are encrypted, by the keys on their path.</summary>
    private sealed record Selector(string? EncryptedRegex, string? UnencryptedRegex, string? EncryptedSuffix, string? UnencryptedSuffix)
    {
        public bool ShouldEncrypt(List<string> path)
        {
            var encrypted = true;
            if (UnencryptedSuffix is { Length: > 0 } us && path.Any(k => k.EndsWith(us, StringComparison.Ordinal)))
            {
                encrypted = false;
            }

            if (EncryptedSuffix is { Length: > 0 } es)
            {
                encrypted = path.Any(k => k.EndsWith(es, StringComparison.Ordinal));
            }

            if (EncryptedRegex is { Length: > 0 } er)
            {
                var regex = new Regex(er, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                encrypted = path.Any(k => regex.IsMatch(k));
            }

            if (UnencryptedRegex is { Length: > 0 } ur)
            {
                var regex = new Regex(ur, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                if (path.Any(k => regex.IsMatch(k)))
                {
                    encrypted = false;
                }
            }

            return encrypted;
        }
    }

    /// <summary>Walks the tree in sops's order, encrypting or decrypting leaves and hashing them into the MAC.</summary>
    private sealed class Walker(byte[] dataKey, Selector? selector, bool macOnlyEncrypted, IncrementalHash hash, bool encrypt)
    {
        public void Node(YamlNode node, List<string> path)
        {
            switch (node)
            {
                case YamlMapping m:
                    foreach (var entry in m.Entries)
                    {
                        Comments(entry, m, path);
                        var childPath = new List<string>(path) { entry.Key.Value };
                        entry.Value = Child(entry.Value, childPath);
                    }

                    TrailingComments(m.TrailingComments, path);
                    break;
                case YamlSequence s:
                    foreach (var item in s.Items)
                    {
                        Comments(item, null, path);
                        item.Value = Child(item.Value, path);
                    }

                    TrailingComments(s.TrailingComments, path);
                    break;
            }
        }

        private YamlNode Child(YamlNode value, List<string> path)
        {
            if (value is YamlScalar s)
            {
                return Leaf(s, path);
            }

            Node(value, path);
            return value;
        }

        private YamlScalar Leaf(YamlScalar s, List<string> path)
        {
            var aad = string.Join(':', path) + ":";
            if (encrypt)
            {
                var type = s.Style == YamlScalarStyle.Plain && s.Tag is null ? SopsValues.ResolvePlain(s.Value) : SopsValueType.Str;
                if (type is not { } t)
                {
                    return s; // null: nothing to encrypt or hash.
                }

                var canonical = SopsValues.Canonical(s.Value, t);
                var encrypted = selector!.ShouldEncrypt(path);
                Hash(canonical, t, encrypted);
                return encrypted && canonical.Length > 0 ? new YamlScalar(SopsCipher.Encrypt(canonical, t, dataKey, aad)) : s; // sops leaves empty strings as they are
            }

            if (SopsCipher.IsEncrypted(s.Value))
            {
                var (plaintext, type) = SopsCipher.TryDecrypt(s.Value, dataKey, aad, out var p, out var ty) is { } problem
                    ? throw new SopsException($"Value at '{string.Join('.', path)}' cannot be decrypted: {problem}")
                    : (p, ty);
                Hash(plaintext, type, encrypted: true);
                return Plain(plaintext, type);
            }

            var plainType = s.Style == YamlScalarStyle.Plain && s.Tag is null ? SopsValues.ResolvePlain(s.Value) : SopsValueType.Str;
            if (plainType is { } pt)
            {
                Hash(SopsValues.Canonical(s.Value, pt), pt, encrypted: false);
            }

            return s;
        }

        private static YamlScalar Plain(string plaintext, SopsValueType type)
        {
            if (type == SopsValueType.Bool)
            {
                return new YamlScalar(plaintext.Equals("true", StringComparison.OrdinalIgnoreCase) || plaintext == "1" ? "true" : "false");
            }

            if (type != SopsValueType.Str)
            {
                return new YamlScalar(plaintext);
            }

            var style = plaintext.Contains('\n', StringComparison.Ordinal) && YamlEmitter.CanBeLiteral(plaintext) ? YamlScalarStyle.Literal
                : YamlScalars.NeedsQuotes(plaintext) || SopsValues.ResolvePlain(plaintext) is not SopsValueType.Str ? YamlScalarStyle.DoubleQuoted
                : YamlScalarStyle.Plain;
            return new YamlScalar(plaintext, style);
        }

        private void Hash(string canonical, SopsValueType type, bool encrypted)
        {
            if (!macOnlyEncrypted || encrypted)
            {
                hash.AppendData(SopsValues.MacBytes(canonical, type));
            }
        }

        private void Comments(YamlTrivia trivia, YamlMapping? owner, List<string> path)
        {
            if (!trivia.HasLeadingComments)
            {
                return;
            }

            var comments = trivia.LeadingComments;
            for (var i = 0; i < comments.Count; i++)
            {
                comments[i] = Comment(comments[i], path, owner, trivia);
            }
        }

        private void TrailingComments(List<string> comments, List<string> path)
        {
            for (var i = 0; i < comments.Count; i++)
            {
                comments[i] = Comment(comments[i], path, null, null);
            }
        }

        private string Comment(string text, List<string> path, YamlMapping? owner, YamlTrivia? before)
        {
            if (encrypt)
            {
                var encrypted = selector!.ShouldEncrypt(path);
                Hash(text, SopsValueType.Comment, encrypted);
                return encrypted && text.Length > 0 ? SopsCipher.Encrypt(text, SopsValueType.Comment, dataKey, string.Join(':', path) + ":") : text;
            }

            if (!SopsCipher.IsEncrypted(text))
            {
                Hash(text, SopsValueType.Comment, encrypted: false);
                return text;
            }

            // A comment at the end of a nested block is read as leading the next, shallower entry: try the paths of
            // the blocks it may have closed (GCM authentication tells the right one).
            foreach (var candidate in CandidatePaths(path, owner, before))
            {
                if (SopsCipher.TryDecrypt(text, dataKey, string.Join(':', candidate) + ":", out var plaintext, out _) is null)
                {
                    Hash(plaintext, SopsValueType.Comment, encrypted: true);
                    return plaintext;
                }
            }

            throw new SopsException($"A comment near '{string.Join('.', path)}' cannot be decrypted: it was modified or moved.");
        }

        private static IEnumerable<List<string>> CandidatePaths(List<string> path, YamlMapping? owner, YamlTrivia? before)
        {
            yield return path;
            if (owner is null || before is not YamlEntry entry)
            {
                yield break;
            }

            var index = owner.Entries.IndexOf(entry);
            var current = index > 0 ? owner.Entries[index - 1] : null;
            var p = new List<string>(path);
            while (current is { Value: YamlMapping inner })
            {
                p = [.. p, current.Key.Value];
                yield return p;
                current = inner.Entries.Count > 0 ? inner.Entries[^1] : null;
            }
        }
    }
}
