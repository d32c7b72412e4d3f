namespace DataPlatform.Sdk.Sops;

/// <summary>The file formats SOPS encrypts, each written the way sops writes it.</summary>
public enum SopsFormat
{
    /// <summary>YAML (comments inside encrypted paths are encrypted too, as sops does).</summary>
    Yaml,

    /// <summary>JSON.</summary>
    Json,

    /// <summary>dotenv (<c>KEY=value</c> lines; metadata as <c>sops_…</c> keys), what a kustomize <c>secretGenerator</c>'s <c>envs</c> reads.</summary>
    Dotenv,

    /// <summary>INI (sections; metadata as a <c>[sops]</c> section).</summary>
    Ini,

    /// <summary>Any other file, encrypted whole as the <c>data</c> key of a JSON document (what a <c>secretGenerator</c>'s <c>files</c> reads).</summary>
    Binary,
}

/// <summary>Which values to encrypt and for whom.</summary>
public sealed record SopsEncryptionOptions
{
    /// <summary>The age recipients that can decrypt the file.</summary>
    public IReadOnlyList<AgeRecipient> AgeRecipients { get; init => field = value ?? []; } = [];

    /// <summary>The PGP recipients that can decrypt the file (with at least one age recipient, at least one recipient in all).</summary>
    public IReadOnlyList<PgpRecipient> PgpRecipients { get; init => field = value ?? []; } = [];

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
/// <param name="HasOtherKeys">Whether the data key is also stored for cloud keys (AWS KMS, GCP KMS, Azure Key Vault, Vault), which only sops can open.</param>
public sealed record SopsMetadata(IReadOnlyList<string> AgeRecipients, string LastModified, string Version, string? EncryptedRegex, string? UnencryptedSuffix, bool HasOtherKeys)
{
    /// <summary>The fingerprints of the PGP keys the data key is encrypted for.</summary>
    public IReadOnlyList<string> PgpFingerprints { get; init; } = [];

    /// <summary>The cloud key types present (<c>kms</c>, <c>gcp_kms</c>, <c>azure_kv</c>, <c>hc_vault</c>).</summary>
    public IReadOnlyList<string> CloudKeyTypes { get; init; } = [];

    /// <summary>Whether the data key is split over Shamir <c>key_groups</c> (opened only by sops).</summary>
    public bool UsesKeyGroups { get; init; }
}

/// <summary>What re-keying a file changed: the recipients added and removed; the values and the MAC are untouched.</summary>
/// <param name="Text">The re-keyed file (the input itself when nothing changed).</param>
/// <param name="Added">Recipients (age keys, PGP fingerprints) the data key is now also encrypted for.</param>
/// <param name="Removed">Recipients whose copy of the data key was removed.</param>
/// <param name="KeptCloudKeys">Cloud key stanzas kept as they were (they cannot be re-wrapped offline, and the data key did not change).</param>
public sealed record SopsKeyUpdate(string Text, IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> KeptCloudKeys)
{
    /// <summary>Whether the recipients changed.</summary>
    public bool Changed => Added.Count > 0 || Removed.Count > 0;
}
