using System.Collections.Immutable;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>A Secret of a domain: its values stay in memory and reach the disk only SOPS-encrypted.</summary>
internal sealed record SecretSpec(string Name, ImmutableSortedDictionary<string, string> StringData, string? Environment);

/// <summary>The keys secrets are encrypted for: age recipients for everything, and per environment extra keys.</summary>
internal sealed record SopsSpec(ImmutableList<string> Age, ImmutableSortedDictionary<string, EnvironmentKeys> Environments)
{
    public static SopsSpec Empty { get; } = new([], ImmutableSortedDictionary<string, EnvironmentKeys>.Empty.WithComparers(StringComparer.Ordinal));

    /// <summary>PGP recipients of every secret (their public keys, which encrypt in-process).</summary>
    public ImmutableList<Sops.PgpRecipient> Pgp { get; init; } = [];

    public bool HasRecipients => Age.Count > 0 || Pgp.Count > 0;
}

/// <summary>Keys of one environment: age recipients, Azure Key Vault key URLs, AWS KMS ARNs.</summary>
internal sealed record EnvironmentKeys(ImmutableList<string> Age, ImmutableList<string> AzureKeyVault, ImmutableList<string> Kms);

/// <summary>Checks of key names, at the call.</summary>
internal static class SopsKeys
{
    public static void CheckAzureKeyVault(string keyUrl, string parameter)
    {
        if (!Uri.TryCreate(keyUrl, UriKind.Absolute, out var uri) || uri.Scheme != "https" || !uri.AbsolutePath.StartsWith("/keys/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{keyUrl}' is not an Azure Key Vault key URL (https://<vault>.vault.azure.net/keys/<name>/<version>).", parameter);
        }
    }

    public static void CheckAwsKms(string arn, string parameter)
    {
        if (arn is null || !arn.StartsWith("arn:aws", StringComparison.Ordinal) || !arn.Contains(":kms:", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{arn}' is not an AWS KMS key ARN.", parameter);
        }
    }
}

/// <summary>Names the keys SOPS encrypts the repository's secrets for.</summary>
public sealed class SopsBuilder
{
    private readonly DescriptionProblems _problems;
    private readonly List<string> _age = [];
    private readonly List<Sops.PgpRecipient> _pgp = [];
    private readonly SortedDictionary<string, EnvironmentKeysBuilder> _environments = new(StringComparer.Ordinal);

    internal SopsBuilder(DescriptionProblems problems) => _problems = problems;

    internal SopsSpec Spec => new([.. _age], _environments.ToImmutableSortedDictionary(e => e.Key, e => e.Value.Keys, StringComparer.Ordinal)) { Pgp = [.. _pgp] };

    /// <summary>
    /// A PGP key that can decrypt every secret (an organisation's existing sops setup): its fingerprint goes into
    /// <c>.sops.yaml</c>'s <c>pgp:</c>, and secrets are encrypted for it in-process with this public key. Flux decrypts
    /// with the armored private key added to the decryption Secret as <c>sops.asc</c> (see the repository README).
    /// </summary>
    /// <param name="recipient">The public key (<see cref="Sops.PgpRecipient.Read(byte[], string)"/> from <c>gpg --export --armor FP</c>).</param>
    /// <returns>This builder.</returns>
    public SopsBuilder Pgp(Sops.PgpRecipient recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        if (!_pgp.Any(p => p.Fingerprint == recipient.Fingerprint))
        {
            _pgp.Add(recipient);
        }

        return this;
    }

    /// <summary>An age recipient that can decrypt every secret (the team's or the cluster's key).</summary>
    /// <param name="recipient">The recipient (<c>age1…</c>).</param>
    /// <returns>This builder.</returns>
    public SopsBuilder Age(Sops.AgeRecipient recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        if (!_age.Contains(recipient.ToString()))
        {
            _age.Add(recipient.ToString());
        }

        return this;
    }

    /// <summary>Extra keys for one environment's secrets (for example production's own age key and a cloud KMS key).</summary>
    /// <param name="environment">The cluster name.</param>
    /// <param name="configure">Names the keys.</param>
    /// <returns>This builder.</returns>
    public SopsBuilder Environment(string environment, Action<EnvironmentKeysBuilder> configure)
    {
        Names.Check(environment, nameof(environment));
        ArgumentNullException.ThrowIfNull(configure);
        if (!_environments.TryGetValue(environment, out var keys))
        {
            _environments[environment] = keys = new EnvironmentKeysBuilder();
        }

        configure(keys);
        return this;
    }
}

/// <summary>Keys of one environment.</summary>
public sealed class EnvironmentKeysBuilder
{
    private readonly List<string> _age = [];
    private readonly List<string> _azure = [];
    private readonly List<string> _kms = [];

    internal EnvironmentKeysBuilder()
    {
    }

    internal EnvironmentKeys Keys => new([.. _age], [.. _azure], [.. _kms]);

    /// <summary>An age recipient for this environment only.</summary>
    /// <param name="recipient">The recipient.</param>
    /// <returns>This builder.</returns>
    public EnvironmentKeysBuilder Age(Sops.AgeRecipient recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        _age.Add(recipient.ToString());
        return this;
    }

    /// <summary>
    /// An Azure Key Vault key (<c>https://&lt;vault&gt;.vault.azure.net/keys/&lt;name&gt;/&lt;version&gt;</c>), written to the
    /// creation rule; files are encrypted in-process for the age recipients, and <c>sops updatekeys</c> (with Azure
    /// credentials) adds the Key Vault key to them.
    /// </summary>
    /// <param name="keyUrl">The key URL.</param>
    /// <returns>This builder.</returns>
    public EnvironmentKeysBuilder AzureKeyVault(string keyUrl)
    {
        SopsKeys.CheckAzureKeyVault(keyUrl, nameof(keyUrl));
        _azure.Add(keyUrl);
        return this;
    }

    /// <summary>An AWS KMS key ARN, written to the creation rule (added to files by <c>sops updatekeys</c> with AWS credentials).</summary>
    /// <param name="arn">The key ARN (<c>arn:aws:kms:&lt;region&gt;:&lt;account&gt;:key/&lt;id&gt;</c>).</param>
    /// <returns>This builder.</returns>
    public EnvironmentKeysBuilder AwsKms(string arn)
    {
        SopsKeys.CheckAwsKms(arn, nameof(arn));
        _kms.Add(arn);
        return this;
    }
}
