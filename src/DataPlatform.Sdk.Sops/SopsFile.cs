using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace DataPlatform.Sdk.Sops;

/// <summary>
/// Encrypts, decrypts, re-keys and rotates files in the SOPS format — YAML, JSON, dotenv, INI and binary — interoperable
/// with sops: per-value AES-GCM under a 32-byte data key with the key path as additional data, the data key stored per
/// recipient (armored age files, OpenPGP messages), and a MAC over every value, verified on decryption (a tampered file
/// fails with a clear error).
/// </summary>
public static class SopsFile
{
    /// <summary>The sops format version written in the metadata.</summary>
    public const string FormatVersion = "3.9.4";

    private const string DefaultUnencryptedSuffix = "_unencrypted";

    /// <summary>The format sops picks for a file by its name: <c>.yaml</c>/<c>.yml</c>, <c>.json</c>, <c>.env</c>, <c>.ini</c>, anything else binary.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The format.</returns>
    public static SopsFormat FormatOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        var extension = Path.GetExtension(name).ToLowerInvariant();
        return extension switch
        {
            ".yaml" or ".yml" => SopsFormat.Yaml,
            ".json" => SopsFormat.Json,
            ".env" => SopsFormat.Dotenv,
            ".ini" => SopsFormat.Ini,
            _ => SopsFormat.Binary,
        };
    }

    /// <summary>Whether a YAML or JSON document (binary files included) is SOPS-encrypted (a top-level <c>sops</c> mapping with a <c>mac</c>).</summary>
    /// <param name="text">The file content.</param>
    /// <returns><see langword="true"/> when encrypted.</returns>
    public static bool IsEncrypted(string text) => TryReadMetadata(text) is not null;

    /// <summary>Whether a file of the given format is SOPS-encrypted.</summary>
    /// <param name="text">The file content.</param>
    /// <param name="format">Its format.</param>
    /// <returns><see langword="true"/> when encrypted.</returns>
    public static bool IsEncrypted(string text, SopsFormat format) => TryReadMetadata(text, format) is not null;

    /// <summary>Reads the metadata of an encrypted YAML or JSON document (binary files included).</summary>
    /// <param name="text">The file content.</param>
    /// <returns>The metadata, or <see langword="null"/> when the document is not encrypted.</returns>
    public static SopsMetadata? TryReadMetadata(string text) => TryReadMetadata(text, SopsFormat.Yaml);

    /// <summary>Reads the metadata of an encrypted file.</summary>
    /// <param name="text">The file content.</param>
    /// <param name="format">Its format.</param>
    /// <returns>The metadata, or <see langword="null"/> when the file is not encrypted (or not readable in that format).</returns>
    public static SopsMetadata? TryReadMetadata(string text, SopsFormat format)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            var document = SopsDocument.Read(text, format == SopsFormat.Binary ? SopsFormat.Json : format);
            return document.IsEncrypted ? SopsDocument.Describe(document.Sops!) : null;
        }
        catch (SopsException)
        {
            return null;
        }
    }

    /// <summary>Encrypts a file.</summary>
    /// <param name="text">The plaintext file.</param>
    /// <param name="format">Its format.</param>
    /// <param name="options">Selectors and recipients.</param>
    /// <returns>The encrypted file.</returns>
    /// <exception cref="SopsException">The file cannot be read, is already encrypted, or no recipient is given.</exception>
    public static string Encrypt(string text, SopsFormat format, SopsEncryptionOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        RequireRecipients(options);
        if (format == SopsFormat.Binary)
        {
            return EncryptBinary(Encoding.UTF8.GetBytes(text), options);
        }

        var document = SopsDocument.Read(text, format);
        if (document.Sops is not null)
        {
            throw new SopsException("The file is already encrypted (it has sops metadata).");
        }

        var selector = SelectorOf(options.EncryptedRegex, options.UnencryptedRegex, options.EncryptedSuffix, options.UnencryptedSuffix);
        var dataKey = SopsKeyring.NewDataKey();
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
            Walk(document, dataKey, selector, options.MacOnlyEncrypted, hash, encrypt: true);
            document.Sops = Metadata(options, selector, dataKey, Convert.ToHexString(hash.GetHashAndReset()));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }

        return document.Write();
    }

    /// <summary>Encrypts a binary file whole, as sops does: a JSON document whose <c>data</c> holds the encrypted bytes.</summary>
    /// <param name="content">The file's bytes (any bytes, not only text).</param>
    /// <param name="options">Recipients (selectors do not apply).</param>
    /// <returns>The encrypted file (JSON).</returns>
    /// <exception cref="SopsException">No recipient is given.</exception>
    public static string EncryptBinary(ReadOnlySpan<byte> content, SopsEncryptionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RequireRecipients(options);
        var dataKey = SopsKeyring.NewDataKey();
        try
        {
            var bytes = content.ToArray();
            var document = SopsDocument.Binary(SopsCipher.EncryptBytes(bytes, SopsValueType.Str, dataKey, "data:"));
            var selector = SelectorOf(null, null, null, options.UnencryptedSuffix);
            document.Sops = Metadata(options, selector, dataKey, Convert.ToHexString(SHA512.HashData(bytes)));
            return document.Write();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>Decrypts a file with age identities, verifying its MAC.</summary>
    /// <param name="text">The encrypted file.</param>
    /// <param name="format">Its format.</param>
    /// <param name="identities">The age identities to try.</param>
    /// <returns>The plaintext file (the <c>sops</c> metadata removed).</returns>
    /// <exception cref="SopsException">Not encrypted, no matching identity, or tampered with.</exception>
    public static string Decrypt(string text, SopsFormat format, IEnumerable<AgeIdentity> identities) =>
        Decrypt(text, format, SopsKeyring.ForAge(identities ?? throw new ArgumentNullException(nameof(identities))));

    /// <summary>Decrypts a file, verifying its MAC.</summary>
    /// <param name="text">The encrypted file.</param>
    /// <param name="format">Its format (a binary file's content is returned as UTF-8 text; see <see cref="DecryptBinary"/>).</param>
    /// <param name="keys">The keys to try: age identities, PGP keys, gpg.</param>
    /// <returns>The plaintext file (the <c>sops</c> metadata removed).</returns>
    /// <exception cref="SopsException">Not encrypted, no matching key, or tampered with.</exception>
    public static string Decrypt(string text, SopsFormat format, SopsKeyring keys)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(keys);
        if (format == SopsFormat.Binary)
        {
            return Encoding.UTF8.GetString(DecryptBinary(text, keys));
        }

        var document = ReadEncrypted(text, format);
        var dataKey = keys.UnwrapDataKey(document.Sops!);
        try
        {
            Open(document, dataKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }

        document.Sops = null;
        return document.Write();
    }

    /// <summary>Decrypts a binary file to its bytes, verifying its MAC.</summary>
    /// <param name="text">The encrypted file (JSON with <c>data</c> and <c>sops</c>).</param>
    /// <param name="keys">The keys to try.</param>
    /// <returns>The file's bytes.</returns>
    /// <exception cref="SopsException">Not an encrypted binary file, no matching key, or tampered with.</exception>
    public static byte[] DecryptBinary(string text, SopsKeyring keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var document = ReadEncrypted(text, SopsFormat.Json);
        var dataKey = keys.UnwrapDataKey(document.Sops!);
        try
        {
            return OpenBinary(document, dataKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>
    /// Re-keys a file (sops <c>updatekeys</c>): the same data key, encrypted for exactly these recipients. Values and MAC
    /// are unchanged; stanzas of recipients that stay are kept byte for byte; cloud key stanzas are kept (the data key
    /// did not change, and they cannot be re-wrapped offline). Re-keying alone does not lock out a removed recipient who
    /// kept the data key: <see cref="Rotate"/> next.
    /// </summary>
    /// <param name="text">The encrypted file.</param>
    /// <param name="format">Its format.</param>
    /// <param name="keys">Keys that open the data key now.</param>
    /// <param name="age">The age recipients the file must be encrypted for.</param>
    /// <param name="pgp">The fingerprints of the PGP keys the file must be encrypted for (public keys of added ones from <see cref="SopsKeyring.ResolvePgp"/>).</param>
    /// <returns>The re-keyed file and what changed.</returns>
    /// <exception cref="SopsException">Not encrypted, not openable with these keys, Shamir key groups, or no recipient left.</exception>
    public static SopsKeyUpdate UpdateKeys(string text, SopsFormat format, SopsKeyring keys, IEnumerable<AgeRecipient> age, IEnumerable<string> pgp)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(age);
        ArgumentNullException.ThrowIfNull(pgp);
        var document = ReadEncrypted(text, format == SopsFormat.Binary ? SopsFormat.Json : format);
        var sops = document.Sops!;
        SopsKeyring.RefuseKeyGroups(sops);
        var wantedAge = age.DistinctBy(r => r.ToString()).ToList();
        var wantedPgp = pgp.Select(PgpRecipient.NormalizeFingerprint).Distinct(StringComparer.Ordinal).ToList();
        var cloud = SopsKeyring.CloudKeyTypes.Where(t => SopsKeyring.Stanzas(sops, t).Any()).ToList();
        if (wantedAge.Count + wantedPgp.Count == 0 && cloud.Count == 0)
        {
            throw new SopsException("Re-keying would leave the file without any recipient; name at least one.");
        }

        var haveAge = SopsKeyring.Recipients(sops, "age", "recipient");
        var havePgp = SopsKeyring.Recipients(sops, "pgp", "fp").Select(PgpRecipient.NormalizeFingerprint).ToList();
        var added = wantedAge.Select(r => r.ToString()).Except(haveAge).Concat(wantedPgp.Except(havePgp)).ToList();
        var removed = haveAge.Except(wantedAge.Select(r => r.ToString())).Concat(havePgp.Except(wantedPgp)).ToList();
        if (added.Count == 0 && removed.Count == 0)
        {
            return new SopsKeyUpdate(text, [], [], cloud);
        }

        var dataKey = keys.UnwrapDataKey(sops);
        try
        {
            VerifyKeyOpensMac(sops, dataKey);
            var createdAt = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var (newAge, newPgp) = SopsKeyring.Wrap(dataKey, wantedAge.Where(r => !haveAge.Contains(r.ToString())), wantedPgp.Where(fp => !havePgp.Contains(fp)).Select(keys.ResolvePgp), createdAt);
            sops["age"] = Merge(SopsKeyring.Stanzas(sops, "age").Where(s => wantedAge.Any(r => r.ToString() == SopsDocument.Text(s, "recipient"))), newAge);
            sops["pgp"] = Merge(SopsKeyring.Stanzas(sops, "pgp").Where(s => wantedPgp.Contains(PgpRecipient.NormalizeFingerprint(SopsDocument.Text(s, "fp") ?? string.Empty))), newPgp);
            foreach (var type in new[] { "age", "pgp" })
            {
                if (sops[type] is JsonArray { Count: 0 })
                {
                    sops.Remove(type);
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }

        return new SopsKeyUpdate(document.Write(), added, removed, cloud);
    }

    /// <summary>
    /// Rotates a file's data key (sops <c>rotate</c>): a new data key, every value encrypted again, for the same
    /// recipients (PGP public keys from <paramref name="keys"/>). A data key someone kept no longer opens anything.
    /// Files with cloud keys are refused (a new data key cannot be encrypted for them offline: rotate those with sops).
    /// </summary>
    /// <param name="text">The encrypted file.</param>
    /// <param name="format">Its format.</param>
    /// <param name="keys">Keys that open the file now, and the PGP public keys of its PGP recipients.</param>
    /// <returns>The rotated file.</returns>
    /// <exception cref="SopsException">Not openable, cloud keys or Shamir key groups, or a PGP recipient without a public key.</exception>
    public static string Rotate(string text, SopsFormat format, SopsKeyring keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var document = ReadEncrypted(text, format == SopsFormat.Binary ? SopsFormat.Json : format);
        var sops = document.Sops!;
        SopsKeyring.RefuseKeyGroups(sops);
        if (SopsKeyring.CloudKeyTypes.Where(t => SopsKeyring.Stanzas(sops, t).Any()).ToList() is { Count: > 0 } cloud)
        {
            throw new SopsException($"The file's data key is also encrypted with {string.Join(", ", cloud)}, which cannot be reached offline: rotate it with 'sops rotate -i', which can.");
        }

        var options = new SopsEncryptionOptions
        {
            AgeRecipients = [.. SopsKeyring.Recipients(sops, "age", "recipient").Select(AgeRecipient.Parse)],
            PgpRecipients = [.. SopsKeyring.Recipients(sops, "pgp", "fp").Select(keys.ResolvePgp)],
            EncryptedRegex = SopsDocument.Text(sops, "encrypted_regex"),
            UnencryptedRegex = SopsDocument.Text(sops, "unencrypted_regex"),
            EncryptedSuffix = SopsDocument.Text(sops, "encrypted_suffix"),
            UnencryptedSuffix = SopsDocument.Text(sops, "unencrypted_suffix"),
            MacOnlyEncrypted = SopsDocument.Flag(sops, "mac_only_encrypted"),
        };
        return format == SopsFormat.Binary
            ? EncryptBinary(DecryptBinary(text, keys), options)
            : Encrypt(Decrypt(text, format, keys), format, options);
    }

    /// <summary>The data key of a file (tests: a key kept before a rotation must open nothing after it).</summary>
    internal static byte[] OpenDataKey(string text, SopsFormat format, SopsKeyring keys) =>
        keys.UnwrapDataKey(ReadEncrypted(text, format == SopsFormat.Binary ? SopsFormat.Json : format).Sops!);

    /// <summary>Decrypts with a given data key (tests: what someone who kept an old data key can read).</summary>
    internal static string DecryptWithDataKey(string text, SopsFormat format, byte[] dataKey)
    {
        var document = ReadEncrypted(text, format == SopsFormat.Binary ? SopsFormat.Json : format);
        if (format == SopsFormat.Binary)
        {
            return Encoding.UTF8.GetString(OpenBinary(document, dataKey));
        }

        Open(document, dataKey);
        document.Sops = null;
        return document.Write();
    }

    private static JsonArray Merge(IEnumerable<JsonObject> kept, JsonArray added)
    {
        var result = new JsonArray();
        foreach (var stanza in kept.ToList())
        {
            result.Add(stanza.DeepClone());
        }

        foreach (var stanza in added.ToList())
        {
            added.Remove(stanza);
            result.Add(stanza);
        }

        return result;
    }

    private static void RequireRecipients(SopsEncryptionOptions options)
    {
        if (options.AgeRecipients.Count + options.PgpRecipients.Count == 0)
        {
            throw new SopsException("No recipient: name at least one age or PGP recipient (a .sops.yaml creation rule, --age or --pgp).");
        }
    }

    private static SopsDocument ReadEncrypted(string text, SopsFormat format)
    {
        ArgumentNullException.ThrowIfNull(text);
        var document = SopsDocument.Read(text, format);
        return document.IsEncrypted
            ? document
            : throw new SopsException(document.Sops is null
                ? "The file is not SOPS-encrypted (it has no sops metadata)."
                : "The file's sops metadata has no 'mac'; it is not a file sops wrote.");
    }

    private static Selector SelectorOf(string? encryptedRegex, string? unencryptedRegex, string? encryptedSuffix, string? unencryptedSuffix) =>
        new(encryptedRegex, unencryptedRegex, encryptedSuffix,
            encryptedRegex is null && unencryptedRegex is null && encryptedSuffix is null ? unencryptedSuffix ?? DefaultUnencryptedSuffix : unencryptedSuffix);

    private static void Walk(SopsDocument document, byte[] dataKey, Selector? selector, bool macOnlyEncrypted, IncrementalHash hash, bool encrypt)
    {
        if (document.Flat is { } flat)
        {
            new FlatWalker(dataKey, selector, macOnlyEncrypted, hash, encrypt).Items(flat, []);
        }
        else
        {
            new Walker(dataKey, selector, macOnlyEncrypted, hash, encrypt).Document(document.Yaml!);
        }
    }

    private static void Open(SopsDocument document, byte[] dataKey)
    {
        var sops = document.Sops!;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        Walk(document, dataKey, null, SopsDocument.Flag(sops, "mac_only_encrypted"), hash, encrypt: false);
        CheckMac(sops, dataKey, hash.GetHashAndReset());
    }

    private static byte[] OpenBinary(SopsDocument document, byte[] dataKey)
    {
        if (document.Root!.Find("data")?.Value is not Yaml.YamlScalar { } data)
        {
            throw new SopsException("The file is not an encrypted binary file (no 'data' value).");
        }

        if (!SopsCipher.IsEncrypted(data.Value))
        {
            var plain = Encoding.UTF8.GetBytes(data.Value);
            CheckMac(document.Sops!, dataKey, SHA512.HashData(plain));
            return plain;
        }

        if (SopsCipher.TryDecryptBytes(data.Value, dataKey, "data:", out var bytes, out _) is { } problem)
        {
            throw new SopsException("The file's data cannot be decrypted: " + problem);
        }

        CheckMac(document.Sops!, dataKey, SHA512.HashData(bytes));
        return bytes;
    }

    private static void VerifyKeyOpensMac(JsonObject sops, byte[] dataKey)
    {
        if (SopsCipher.TryDecrypt(SopsDocument.Text(sops, "mac") ?? string.Empty, dataKey, SopsDocument.Text(sops, "lastmodified") ?? string.Empty, out _, out _) is { } problem)
        {
            throw new SopsException("The data key does not open the file's MAC (the metadata was modified): " + problem);
        }
    }

    private static void CheckMac(JsonObject sops, byte[] dataKey, byte[] computedHash)
    {
        var lastModified = SopsDocument.Text(sops, "lastmodified") ?? string.Empty;
        if (SopsCipher.TryDecrypt(SopsDocument.Text(sops, "mac") ?? string.Empty, dataKey, lastModified, out var storedMac, out _) is { } problem)
        {
            throw new SopsException("The MAC cannot be decrypted (the metadata was modified): " + problem);
        }

        var computed = Convert.ToHexString(computedHash);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(storedMac.ToUpperInvariant())))
        {
            throw new SopsException("MAC mismatch: the file was modified after it was encrypted (a value was changed, added, removed or reordered).");
        }
    }

    private static JsonObject Metadata(SopsEncryptionOptions options, Selector selector, byte[] dataKey, string mac)
    {
        var lastModified = (options.Now ?? DateTimeOffset.UtcNow).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var (age, pgp) = SopsKeyring.Wrap(dataKey, options.AgeRecipients, options.PgpRecipients, lastModified);
        var sops = new JsonObject();
        if (age.Count > 0)
        {
            sops["age"] = age;
        }

        sops["lastmodified"] = lastModified;
        sops["mac"] = SopsCipher.Encrypt(mac, SopsValueType.Str, dataKey, lastModified);
        if (pgp.Count > 0)
        {
            sops["pgp"] = pgp;
        }

        void Add(string key, string? value)
        {
            if (value is not null)
            {
                sops[key] = value;
            }
        }

        Add("encrypted_regex", selector.EncryptedRegex);
        Add("unencrypted_regex", selector.UnencryptedRegex);
        Add("encrypted_suffix", selector.EncryptedSuffix);
        Add("unencrypted_suffix", selector.UnencryptedSuffix);
        if (options.MacOnlyEncrypted)
        {
            sops["mac_only_encrypted"] = true;
        }

        sops["version"] = FormatVersion;
        return sops;
    }
}
