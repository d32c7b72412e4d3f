using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using DataPlatform.Sdk.Manifests;

namespace DataPlatform.Sdk.Sops;

/// <summary>
/// The <c>.sops.yaml</c> configuration: creation rules that pick, by file path, the keys a new file is encrypted for and
/// which of its values are encrypted. Read one with <see cref="Parse"/>, build one with <see cref="Create"/>, write one
/// with <see cref="ManifestSerializer.ToYaml(object)"/>.
/// </summary>
public sealed record SopsConfig : IHasOrigin
{
    /// <summary>The file name sops looks for, walking up from the file being encrypted.</summary>
    public const string FileName = ".sops.yaml";

    /// <summary>The creation rules, first match wins.</summary>
    [JsonPropertyName("creation_rules")]
    public IReadOnlyList<SopsCreationRule> CreationRules { get; init => field = value ?? []; } = [];

    /// <summary>Publishing rules (sops publish), kept as they are.</summary>
    [JsonPropertyName("destination_rules")]
    public JsonArray? DestinationRules { get; init; }

    /// <summary>Store settings (indentation, …), kept as they are.</summary>
    [JsonPropertyName("stores")]
    public JsonObject? Stores { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public ManifestOrigin Origin { get; init; }

    /// <summary>Reads a <c>.sops.yaml</c>.</summary>
    /// <param name="text">The file content.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="Diagnostics.ValidationException">The file is not a valid configuration (the message lists where).</exception>
    public static SopsConfig Parse(string text) => ManifestSerializer.FromYaml<SopsConfig>(text);

    /// <summary>Builds a configuration.</summary>
    /// <param name="rules">The rules, in matching order.</param>
    /// <returns>The configuration.</returns>
    public static SopsConfig Create(params SopsCreationRule[] rules) => new() { CreationRules = rules };

    /// <summary>The rule sops would use for a file: the first whose <c>path_regex</c> matches its path relative to the configuration's directory (a rule without one matches every file).</summary>
    /// <param name="relativePath">The path relative to the directory of <c>.sops.yaml</c>, with '/' separators.</param>
    /// <returns>The rule, or <see langword="null"/> when none matches (sops then refuses to encrypt).</returns>
    public SopsCreationRule? RuleFor(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return CreationRules.FirstOrDefault(r => r.PathRegex is not { Length: > 0 } regex || PathRegexMatches(regex, relativePath));
    }

    /// <summary>
    /// Matches a <c>path_regex</c> as sops does: Go's RE2, which never backtracks, so the non-backtracking engine is
    /// used too (linear time, whatever the pattern; no lookarounds or backreferences, which RE2 rejects as well).
    /// </summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="path">The relative path.</param>
    /// <returns>Whether it matches.</returns>
    /// <exception cref="SopsException">The pattern is not a regular expression RE2 accepts.</exception>
    public static bool PathRegexMatches(string pattern, string path)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return Regex.IsMatch(path, pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new SopsException($"path_regex '{pattern}' is not a regular expression sops accepts: {ex.Message}");
        }
    }
}

/// <summary>One creation rule of <c>.sops.yaml</c>.</summary>
public sealed record SopsCreationRule
{
    /// <summary>The files the rule applies to (a Go regular expression over the relative path).</summary>
    [JsonPropertyName("path_regex")]
    public string? PathRegex { get; init; }

    /// <summary>age recipients: a comma-separated string or a list.</summary>
    [JsonPropertyName("age")]
    public JsonNode? Age { get; init; }

    /// <summary>PGP fingerprints: a comma-separated string or a list.</summary>
    [JsonPropertyName("pgp")]
    public JsonNode? Pgp { get; init; }

    /// <summary>AWS KMS key ARNs: a comma-separated string or a list.</summary>
    [JsonPropertyName("kms")]
    public JsonNode? Kms { get; init; }

    /// <summary>The AWS profile used for KMS.</summary>
    [JsonPropertyName("aws_profile")]
    public string? AwsProfile { get; init; }

    /// <summary>GCP KMS resource ids.</summary>
    [JsonPropertyName("gcp_kms")]
    public JsonNode? GcpKms { get; init; }

    /// <summary>Azure Key Vault key URLs (<c>https://&lt;vault&gt;.vault.azure.net/keys/&lt;key&gt;/&lt;version&gt;</c>).</summary>
    [JsonPropertyName("azure_keyvault")]
    public JsonNode? AzureKeyVault { get; init; }

    /// <summary>HashiCorp Vault transit key URIs.</summary>
    [JsonPropertyName("hc_vault_transit_uri")]
    public JsonNode? HcVaultTransitUri { get; init; }

    /// <summary>Key groups (Shamir secret sharing across groups).</summary>
    [JsonPropertyName("key_groups")]
    public JsonArray? KeyGroups { get; init; }

    /// <summary>How many key groups are needed to decrypt.</summary>
    [JsonPropertyName("shamir_threshold")]
    public int? ShamirThreshold { get; init; }

    /// <summary>Encrypt only values under keys matching this regex (Kubernetes: <c>^(data|stringData)$</c>).</summary>
    [JsonPropertyName("encrypted_regex")]
    public string? EncryptedRegex { get; init; }

    /// <summary>Leave values under keys matching this regex in clear text.</summary>
    [JsonPropertyName("unencrypted_regex")]
    public string? UnencryptedRegex { get; init; }

    /// <summary>Encrypt only values under keys with this suffix.</summary>
    [JsonPropertyName("encrypted_suffix")]
    public string? EncryptedSuffix { get; init; }

    /// <summary>Leave values under keys with this suffix in clear text.</summary>
    [JsonPropertyName("unencrypted_suffix")]
    public string? UnencryptedSuffix { get; init; }

    /// <summary>Encrypt only comments matching this regex.</summary>
    [JsonPropertyName("encrypted_comment_regex")]
    public string? EncryptedCommentRegex { get; init; }

    /// <summary>Leave comments matching this regex in clear text.</summary>
    [JsonPropertyName("unencrypted_comment_regex")]
    public string? UnencryptedCommentRegex { get; init; }

    /// <summary>Hash only encrypted values into the MAC.</summary>
    [JsonPropertyName("mac_only_encrypted")]
    public bool? MacOnlyEncrypted { get; init; }

    /// <summary>The age recipients of the rule (top level and in key groups).</summary>
    [JsonIgnore]
    public IReadOnlyList<string> AgeRecipients => [.. List(Age).Concat(Groups("age"))];

    /// <summary>The fingerprints of the PGP keys of the rule (top level and in key groups), as sops writes them.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> PgpFingerprints => [.. List(Pgp).Concat(Groups("pgp")).Select(PgpRecipient.NormalizeFingerprint)];

    /// <summary>Whether the rule names any key at all (age, PGP, KMS, Azure Key Vault, GCP KMS, Vault).</summary>
    [JsonIgnore]
    public bool HasRecipients =>
        new[] { Age, Pgp, Kms, GcpKms, AzureKeyVault, HcVaultTransitUri }.Any(n => List(n).Any())
        || (KeyGroups ?? []).OfType<JsonObject>().Any(g => g.Any(p => p.Value is JsonArray { Count: > 0 }));

    /// <summary>The encryption options of this rule: its age recipients, and its PGP keys with public keys gpg exports.</summary>
    /// <returns>The options.</returns>
    /// <exception cref="SopsException">The rule names no age or PGP recipient, or one that does not parse or has no public key.</exception>
    public SopsEncryptionOptions ToOptions() => ToOptions(new SopsKeyring());

    /// <summary>The encryption options of this rule: its age recipients, and its PGP keys with public keys from <paramref name="keys"/>.</summary>
    /// <param name="keys">Where PGP public keys come from (given exports, else gpg).</param>
    /// <returns>The options.</returns>
    /// <exception cref="SopsException">The rule names no age or PGP recipient, or one that does not parse or has no public key.</exception>
    public SopsEncryptionOptions ToOptions(SopsKeyring keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var recipients = AgeRecipients.Select(r => AgeRecipient.TryParse(r, out var parsed) ? parsed : throw new SopsException($"'{r}' in .sops.yaml is not an age recipient.")).ToList();
        if (recipients.Count == 0 && PgpFingerprints.Count == 0)
        {
            throw new SopsException($"The creation rule{(PathRegex is null ? string.Empty : $" for '{PathRegex}'")} names no age or PGP recipient; cloud keys (KMS, Key Vault, Vault) need the sops binary.");
        }

        return new SopsEncryptionOptions
        {
            AgeRecipients = recipients,
            PgpRecipients = [.. PgpFingerprints.Select(keys.ResolvePgp)],
            EncryptedRegex = EncryptedRegex,
            UnencryptedRegex = UnencryptedRegex,
            EncryptedSuffix = EncryptedSuffix,
            UnencryptedSuffix = UnencryptedSuffix,
            MacOnlyEncrypted = MacOnlyEncrypted == true,
        };
    }

    /// <summary>A list written as a comma-separated string or a YAML list.</summary>
    /// <param name="node">The value.</param>
    /// <returns>The items, trimmed.</returns>
    public static IEnumerable<string> List(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        JsonArray a => a.Select(i => i is JsonValue iv && iv.TryGetValue<string>(out var s) ? s.Trim() : null).OfType<string>(),
        _ => [],
    };

    private IEnumerable<string> Groups(string key) => (KeyGroups ?? []).OfType<JsonObject>().SelectMany(g => List(g[key]));
}
