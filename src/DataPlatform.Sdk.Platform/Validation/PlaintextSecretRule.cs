using System.Text.Json;
using System.Text.RegularExpressions;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Kubernetes.Kustomize;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Sops;

namespace DataPlatform.Sdk.Platform.Validation;

/// <summary>
/// DPR006: Kubernetes Secrets with values in plaintext — also inside a <c>List</c>, and <c>secretGenerator</c>
/// literals. A Secret counts as encrypted only with real SOPS metadata (<c>mac</c> and <c>version</c>) and every value
/// the file's own rules (<c>encrypted_regex</c>, <c>unencrypted_suffix</c> and the like) say must be encrypted in
/// <c>ENC[…]</c> form: an empty <c>sops: {}</c> block hides nothing.
/// </summary>
public sealed class PlaintextSecretRule : IRepositoryRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors => [RepositoryDiagnostics.PlaintextSecret];

    /// <inheritdoc />
    public void Check(RepositoryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var obj in context.Repository.Objects.Where(o => !o.IsGenerated))
        {
            if (obj.Value is KustomizationFile kustomization)
            {
                CheckGenerator(context, obj, kustomization);
                continue;
            }

            // Only Secrets and lists hold Secrets: the raw data of other objects is not looked at (nor parsed for it).
            if (obj.Kind is not "Secret" && !obj.Kind.EndsWith("List", StringComparison.Ordinal))
            {
                continue;
            }

            if (obj.Source?.Data is not { ValueKind: JsonValueKind.Object } json || !json.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var rules = EncryptionRules.Of(json);
            if (kind.GetString() == "Secret")
            {
                CheckSecret(context, obj, json, string.Empty, rules);
            }
            else if (kind.GetString() is { } k && k.EndsWith("List", StringComparison.Ordinal) && json.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in items.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("kind", out var ik) && ik.ValueKind == JsonValueKind.String && ik.GetString() == "Secret")
                    {
                        CheckSecret(context, obj, item, $"/items/{i}", rules);
                    }

                    i++;
                }
            }
        }
    }

    private static void CheckSecret(RepositoryContext context, RepositoryObject obj, JsonElement secret, string prefix, EncryptionRules? rules)
    {
        foreach (var section in new[] { "data", "stringData" })
        {
            if (!secret.TryGetProperty(section, out var values) || values.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var value in values.EnumerateObject())
            {
                var encrypted = value.Value.ValueKind == JsonValueKind.String && value.Value.GetString()!.StartsWith("ENC[", StringComparison.Ordinal);
                if (!encrypted && (rules is null || rules.MustEncrypt([section, value.Name])))
                {
                    var name = secret.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object && m.TryGetProperty("name", out var n) ? n.ToString() : "?";
                    context.Report(RepositoryDiagnostics.PlaintextSecret, obj, $"{prefix}/{section}/{Json.YamlJson.EscapePointer(value.Name)}",
                        rules is null
                            ? $"Secret '{name}' holds '{value.Name}' in plaintext."
                            : $"Secret '{name}' holds '{value.Name}' in plaintext although its SOPS rules say it must be encrypted.");
                    return;
                }
            }
        }
    }

    private static void CheckGenerator(RepositoryContext context, RepositoryObject obj, KustomizationFile kustomization)
    {
        for (var i = 0; i < kustomization.SecretGenerator.Count; i++)
        {
            var generator = kustomization.SecretGenerator[i];
            if (generator.Literals.Count > 0)
            {
                context.Report(RepositoryDiagnostics.PlaintextSecret, obj, $"/secretGenerator/{i}/literals",
                    $"secretGenerator '{generator.Name}' writes {generator.Literals.Count} value(s) in plaintext into the repository; use an encrypted env or file instead.");
            }
        }

        // The files it reads (dotenv for envs; any format for files) must be SOPS-encrypted: kustomize-controller
        // decrypts dotenv, INI, JSON, YAML and binary files before kustomize reads them.
        foreach (var file in GeneratorFiles.Of(obj, kustomization))
        {
            if (context.Repository.ReadText(file.Path) is not { } text || IsSopsEncrypted(text))
            {
                continue; // Missing (kustomize's own error): nothing to read here.
            }

            context.Report(RepositoryDiagnostics.PlaintextSecret, obj, file.Pointer,
                $"secretGenerator '{file.Name}' reads {file.Path} in plaintext; encrypt it with sops (Flux decrypts it before kustomize builds the Secret).");
        }
    }

    /// <summary>
    /// Whether a file carries SOPS's metadata with its MAC in a format sops writes — dotenv (<c>sops_…</c> keys), INI (a
    /// <c>[sops]</c> section), YAML or JSON (a <c>sops</c> map; binary files included) — read by the SOPS package's own
    /// parsers, whatever the file is named.
    /// </summary>
    private static bool IsSopsEncrypted(string text) =>
        SopsFile.IsEncrypted(text, SopsFormat.Dotenv) || SopsFile.IsEncrypted(text, SopsFormat.Ini) || SopsFile.IsEncrypted(text);

    /// <summary>The SOPS metadata of a file: valid only with <c>mac</c> and <c>version</c>; its rules decide what must be encrypted.</summary>
    private sealed class EncryptionRules
    {
        private string? _unencryptedSuffix;
        private string? _encryptedSuffix;
        private Regex? _encryptedRegex;
        private Regex? _unencryptedRegex;

        public static EncryptionRules? Of(JsonElement document)
        {
            if (!document.TryGetProperty("sops", out var sops) || sops.ValueKind != JsonValueKind.Object
                || !sops.TryGetProperty("mac", out var mac) || mac.ValueKind != JsonValueKind.String || mac.GetString()!.Length == 0
                || !sops.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            string? Text(string name) => sops.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0 ? v.GetString() : null;
            Regex? Pattern(string name) => Text(name) is { } p ? TryRegex(p) : null;
            return new EncryptionRules
            {
                _unencryptedSuffix = Text("unencrypted_suffix"),
                _encryptedSuffix = Text("encrypted_suffix"),
                _encryptedRegex = Pattern("encrypted_regex"),
                _unencryptedRegex = Pattern("unencrypted_regex"),
            };
        }

        public bool MustEncrypt(IReadOnlyList<string> path)
        {
            if (_unencryptedSuffix is { } us && path.Any(k => k.EndsWith(us, StringComparison.Ordinal)))
            {
                return false;
            }

            if (_encryptedSuffix is { } es)
            {
                return path.Any(k => k.EndsWith(es, StringComparison.Ordinal));
            }

            if (_encryptedRegex is { } er)
            {
                return path.Any(k => Matches(er, k));
            }

            return _unencryptedRegex is not { } ur || !path.Any(k => Matches(ur, k));
        }

        private static Regex? TryRegex(string pattern)
        {
            try
            {
                return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
            }
            catch (ArgumentException)
            {
                return null; // Reported by the .sops.yaml rules; here every value counts as one that must be encrypted.
            }
        }

        private static bool Matches(Regex regex, string key)
        {
            try
            {
                return regex.IsMatch(key);
            }
            catch (RegexMatchTimeoutException)
            {
                return true;
            }
        }
    }
}
