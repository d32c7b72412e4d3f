using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace DataPlatform.Sdk.Sops;

/// <summary>
/// The keys that open SOPS files, and the public keys that re-encrypt them: age identities, PGP private keys read
/// in-process, PGP public keys for recipients named by fingerprint, and — as sops does — the <c>gpg</c> binary for keys
/// that live in the GnuPG key ring. Nothing here is ever printed; <see cref="ToString"/> names public keys only.
/// </summary>
public sealed class SopsKeyring
{
    /// <summary>age identities (<c>AGE-SECRET-KEY-1…</c>).</summary>
    public IReadOnlyList<AgeIdentity> Age { get; init => field = value ?? []; } = [];

    /// <summary>PGP private keys read from armored exports.</summary>
    public IReadOnlyList<PgpIdentity> Pgp { get; init => field = value ?? []; } = [];

    /// <summary>PGP public keys, for encrypting to fingerprints (rotation, re-keying, <c>.sops.yaml</c> <c>pgp:</c> rules).</summary>
    public IReadOnlyList<PgpRecipient> PgpPublicKeys { get; init => field = value ?? []; } = [];

    /// <summary>
    /// Whether the <c>gpg</c> binary may open PGP-wrapped data keys no in-process key opens, and export public keys by
    /// fingerprint (sops's own fallback). On by default; off makes the SDK touch nothing outside the process.
    /// </summary>
    public bool UseGpg { get; init; } = true;

    /// <summary>The GnuPG home directory gpg uses; <see langword="null"/> for its default (<c>GNUPGHOME</c>, else <c>~/.gnupg</c>).</summary>
    public string? GnuPgHome { get; init; }

    /// <summary>The keys sops would find: age identities from SOPS_AGE_KEY, SOPS_AGE_KEY_FILE or the default key file; gpg for PGP.</summary>
    /// <param name="environment">Reads a variable; the process environment when <see langword="null"/>.</param>
    /// <returns>The key ring.</returns>
    public static SopsKeyring FromEnvironment(Func<string, string?>? environment = null) => new() { Age = AgeKeys.FromEnvironment(environment) };

    /// <summary>A key ring of age identities only (no gpg).</summary>
    /// <param name="identities">The identities.</param>
    /// <returns>The key ring.</returns>
    public static SopsKeyring ForAge(IEnumerable<AgeIdentity> identities) => new() { Age = [.. identities], UseGpg = false };

    /// <summary>Names the public keys only.</summary>
    /// <returns>A safe description.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Age.Count} age identities, {Pgp.Count} PGP keys, {PgpPublicKeys.Count} PGP public keys{(UseGpg ? ", gpg" : string.Empty)}");

    /// <summary>The public key for a fingerprint: given, else the public half of a private key here, else exported by gpg.</summary>
    /// <param name="fingerprint">The fingerprint.</param>
    /// <returns>The recipient.</returns>
    /// <exception cref="SopsException">No public key for it.</exception>
    public PgpRecipient ResolvePgp(string fingerprint)
    {
        var fp = PgpRecipient.NormalizeFingerprint(fingerprint);
        if (PgpPublicKeys.FirstOrDefault(k => k.Fingerprint.EndsWith(fp, StringComparison.Ordinal)) is { } known)
        {
            return known;
        }

        if (Pgp.Select(identity => identity.PublicKeyOf(fp)).FirstOrDefault(k => k is not null) is { } own)
        {
            return own;
        }

        return UseGpg
            ? Gpg.ExportPublicKey(fp, GnuPgHome)
            : throw new SopsException($"No public key for PGP fingerprint {fp}: pass its export (--pgp-public-key key.asc) or allow gpg.");
    }

    /// <summary>Opens the data key from a file's metadata: age stanzas, then PGP stanzas (in-process keys, then gpg).</summary>
    internal byte[] UnwrapDataKey(JsonObject sops)
    {
        RefuseKeyGroups(sops);
        var problems = new List<string>();
        foreach (var stanza in Stanzas(sops, "age"))
        {
            if (SopsDocument.Text(stanza, "enc") is not { } enc || Age.Count == 0)
            {
                continue;
            }

            try
            {
                var key = Sops.Age.Decrypt(Encoding.ASCII.GetBytes(enc), Age);
                if (key.Length == 32)
                {
                    return key;
                }
            }
            catch (SopsException)
            {
                // Not for these identities: try the next stanza.
            }
        }

        foreach (var stanza in Stanzas(sops, "pgp"))
        {
            if (SopsDocument.Text(stanza, "enc") is not { } enc)
            {
                continue;
            }

            foreach (var identity in Pgp)
            {
                if (identity.TryDecrypt(enc) is { Length: 32 } key)
                {
                    return key;
                }
            }

            if (UseGpg)
            {
                try
                {
                    if (Gpg.TryDecrypt(enc, GnuPgHome, out var problem) is { Length: 32 } key)
                    {
                        return key;
                    }

                    problems.Add($"gpg could not open the key for {SopsDocument.Text(stanza, "fp")} ({problem})");
                }
                catch (SopsException ex)
                {
                    problems.Add(ex.Message);
                    break;
                }
            }
        }

        var age = Recipients(sops, "age", "recipient");
        var pgp = Recipients(sops, "pgp", "fp");
        var cloud = CloudKeyTypes.Where(t => Stanzas(sops, t).Any()).ToList();
        var forWhom = string.Join("; ", new[]
        {
            age.Count > 0 ? "age " + string.Join(", ", age) : null,
            pgp.Count > 0 ? "PGP " + string.Join(", ", pgp) : null,
            cloud.Count > 0 ? string.Join(", ", cloud) + " (cloud keys, not opened in-process; use sops)" : null,
        }.OfType<string>());
        var tried = $"{Age.Count} age identities and {Pgp.Count} PGP keys{(UseGpg && pgp.Count > 0 ? " and gpg" : string.Empty)}";
        throw new SopsException(Age.Count == 0 && Pgp.Count == 0 && !(UseGpg && pgp.Count > 0)
            ? $"No key available to decrypt (the file is for {forWhom}): set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY, or give a PGP key."
            : $"None of the {tried} can decrypt the data key; the file is for {forWhom}.{(problems.Count > 0 ? " " + string.Join("; ", problems) : string.Empty)}");
    }

    /// <summary>Wraps a data key for every recipient: the <c>age</c> and <c>pgp</c> stanzas sops writes.</summary>
    internal static (JsonArray Age, JsonArray Pgp) Wrap(ReadOnlySpan<byte> dataKey, IEnumerable<AgeRecipient> age, IEnumerable<PgpRecipient> pgp, string createdAt)
    {
        var ageStanzas = new JsonArray();
        foreach (var r in age)
        {
            ageStanzas.Add((JsonNode)new JsonObject
            {
                ["recipient"] = r.ToString(),
                ["enc"] = Encoding.ASCII.GetString(Sops.Age.Encrypt(dataKey, [r], armor: true)),
            });
        }

        var pgpStanzas = new JsonArray();
        foreach (var r in pgp)
        {
            pgpStanzas.Add((JsonNode)new JsonObject
            {
                ["created_at"] = createdAt,
                ["enc"] = PgpMessages.Encrypt(dataKey, r) + "\n",
                ["fp"] = r.Fingerprint,
            });
        }

        return (ageStanzas, pgpStanzas);
    }

    internal static readonly string[] CloudKeyTypes = ["kms", "gcp_kms", "azure_kv", "hc_vault"];

    internal static IEnumerable<JsonObject> Stanzas(JsonObject sops, string type) =>
        sops[type] is JsonArray array ? array.OfType<JsonObject>() : [];

    internal static List<string> Recipients(JsonObject sops, string type, string field) =>
        [.. Stanzas(sops, type).Select(s => SopsDocument.Text(s, field)).OfType<string>()];

    internal static void RefuseKeyGroups(JsonObject sops)
    {
        if (sops["key_groups"] is JsonArray { Count: > 0 })
        {
            throw new SopsException("The file splits its data key over Shamir key groups (key_groups), which this SDK does not open; use sops for this file.");
        }
    }

    internal static byte[] NewDataKey() => RandomNumberGenerator.GetBytes(32);
}
