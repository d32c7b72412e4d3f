using System.Text.Json.Nodes;
using DataPlatform.Sdk.Manifests;
using k8s.Models;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// SOPS: the repository's <c>.sops.yaml</c> (a creation rule per environment with its own keys, then one for every
/// <c>*.sops.yaml</c>), and the encrypted Secrets other features place (their plaintext never leaves memory).
/// </summary>
internal sealed class SecretsContributor : ILayoutContributor
{
    public void Contribute(LayoutContext context)
    {
        if (ConfigOf(context.Spec) is { } config)
        {
            context.Files.Add(Sops.SopsConfig.FileName, config);
        }
    }

    /// <summary>
    /// The repository's <c>.sops.yaml</c>: a rule per environment with its own keys (for files in that environment's
    /// overlays), then one for every other <c>*.sops.yaml</c>; Secrets encrypt only <c>data</c> and <c>stringData</c>.
    /// </summary>
    internal static Sops.SopsConfig? ConfigOf(RepositorySpec spec)
    {
        if (!spec.Sops.HasRecipients && spec.Sops.Environments.Count == 0 && !spec.Domains.Any(d => d.Secrets.Count > 0) && spec.Cloud is null)
        {
            return null;
        }

        static JsonNode? Csv(IEnumerable<string> items) => items.Any() ? JsonValue.Create(string.Join(',', items)) : null;
        var rules = new List<Sops.SopsCreationRule>();
        foreach (var (env, keys) in spec.Sops.Environments)
        {
            rules.Add(new Sops.SopsCreationRule
            {
                PathRegex = $@"^(domains/[^/]+/overlays|domains/[^/]+/migrations|clusters|infrastructure/overlays|platform/overlays)/{env}/.*\.sops\.ya?ml$",
                EncryptedRegex = "^(data|stringData)$",
                Age = Csv(spec.Sops.Age.Concat(keys.Age).Distinct(StringComparer.Ordinal)),
                Pgp = Csv(spec.Sops.Pgp.Select(p => p.Fingerprint)),
                AzureKeyVault = Csv(keys.AzureKeyVault),
                Kms = Csv(keys.Kms),
            });
        }

        rules.Add(new Sops.SopsCreationRule { PathRegex = @"\.sops\.ya?ml$", EncryptedRegex = "^(data|stringData)$", Age = Csv(spec.Sops.Age), Pgp = Csv(spec.Sops.Pgp.Select(p => p.Fingerprint)) });
        if (spec.Cloud is { } cloud)
        {
            // The cloud key can decrypt every secret too (sops updatekeys adds it to files encrypted in-process).
            rules = [.. rules.Select(r => cloud.Provider == "azure"
                ? r with { AzureKeyVault = Csv(Sops.SopsCreationRule.List(r.AzureKeyVault).Append(cloud.SopsKey).Distinct(StringComparer.Ordinal)) }
                : r with { Kms = Csv(Sops.SopsCreationRule.List(r.Kms).Append(cloud.SopsKey).Distinct(StringComparer.Ordinal)) })];
        }

        return Sops.SopsConfig.Create([.. rules]);
    }

    /// <summary>Places a domain Secret, SOPS-encrypted (when its bytes are first needed) for the creation rule its path matches.</summary>
    public static void WriteEncrypted(LayoutContext context, DomainSpec d, SecretSpec secret, string path)
    {
        var spec = context.Spec;
        context.Files.Text(path, () =>
        {
            var config = ConfigOf(spec)!;
            var rule = config.RuleFor(path) ?? throw new InvalidOperationException($"No .sops.yaml rule matches {path}.");
            var plaintext = ManifestSerializer.ToYaml(new V1Secret
            {
                ApiVersion = "v1",
                Kind = "Secret",
                Metadata = new V1ObjectMeta { Name = secret.Name, Labels = new Dictionary<string, string> { ["data-platform/domain"] = d.Name } },
                Type = "Opaque",
                StringData = new Dictionary<string, string>(secret.StringData, StringComparer.Ordinal),
            });
            return Sops.SopsFile.Encrypt(plaintext, Sops.SopsFormat.Yaml, rule.ToOptions(new Sops.SopsKeyring { PgpPublicKeys = spec.Sops.Pgp, UseGpg = false }));
        });
    }

    public static string Readme(RepositorySpec spec)
    {
        if (ConfigOf(spec) is null)
        {
            return string.Empty;
        }

        var pgp = spec.Sops.Pgp.Count == 0 ? string.Empty : $"""
            The files are also encrypted for the PGP key{(spec.Sops.Pgp.Count > 1 ? "s" : string.Empty)} {string.Join(", ", spec.Sops.Pgp.Select(p => p.Fingerprint))}. For Flux to
            decrypt with PGP, add the armored private key to the same Secret (its data keys ending in `.asc` are PGP keys):

                kubectl -n flux-system create secret generic {LayoutObjects.SopsAgeSecret} --from-file=age.agekey="$SOPS_AGE_KEY_FILE" --from-file=sops.asc=private.asc


            """;
        return $"""

            ## Secrets

            Secrets are SOPS-encrypted (`*.sops.yaml`, only `data`/`stringData` encrypted) for the keys in `.sops.yaml`, and
            Flux decrypts them with the age identity of the Secret `{LayoutObjects.SopsAgeSecret}` in `flux-system`. That identity never
            enters git; create it once per cluster from your key file:

                kubectl -n flux-system create secret generic {LayoutObjects.SopsAgeSecret} --from-file=age.agekey="$SOPS_AGE_KEY_FILE"

            {pgp}Edit a secret with `sops domains/<domain>/base/<name>.sops.yaml` or `dataplatform secrets decrypt|encrypt`.
            When someone leaves, remove their key from `.sops.yaml`, then run `dataplatform secrets updatekeys .` (re-keys every
            file), `dataplatform secrets rotate .` (new data keys) and change the credentials themselves.
            Keys named in `.sops.yaml` besides age and PGP (Azure Key Vault, AWS KMS) are added to the files by `sops updatekeys`.
            """;
    }
}
