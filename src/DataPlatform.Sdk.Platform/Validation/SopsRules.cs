using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Kubernetes.Kustomize;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Sops;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Platform.Validation;

/// <summary>
/// SOPS-encrypted files in the repository: DPR014 (no Flux Kustomization with SOPS decryption applies the file),
/// DPR015 (no creation rule of the root <c>.sops.yaml</c> matches it) and DPR016 (it sits in a kustomize Component,
/// whose files Flux does not decrypt). Plaintext Secrets are DPR006.
/// </summary>
public sealed class SopsRules : IRepositoryRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors =>
        [RepositoryDiagnostics.EncryptedNotDecrypted, RepositoryDiagnostics.EncryptedWithoutRule, RepositoryDiagnostics.EncryptedInComponent, RepositoryDiagnostics.RecipientDrift];

    /// <inheritdoc />
    public void Check(RepositoryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = context.Repository.Files.FirstOrDefault(f => f.Path.Value is SopsConfig.FileName or ".sops.yml")?.Objects.Select(o => o.Value).OfType<SopsConfig>().FirstOrDefault();
        CheckGeneratorFiles(context, config);

        var encrypted = context.Repository.Objects.Where(IsEncrypted).ToList();
        if (encrypted.Count == 0)
        {
            return;
        }

        // The Flux Kustomizations that apply each file, and whether they decrypt.
        var appliedBy = new Dictionary<string, List<(string Name, bool Decrypts)>>(StringComparer.Ordinal);
        foreach (var k in context.Graph().FluxKustomizations)
        {
            var flux = (FluxKustomization)k.Value;
            var decrypts = flux.Spec?.Decryption?.Provider == "sops";
            foreach (var f in context.Graph().Build(BuildGraph.PathOf(flux)).Select(o => o.File.Value).Distinct(StringComparer.Ordinal))
            {
                (appliedBy.TryGetValue(f, out var list) ? list : appliedBy[f] = []).Add((flux.Metadata.Name ?? string.Empty, decrypts));
            }
        }

        foreach (var obj in encrypted)
        {
            var file = obj.File.Value;
            if (config is not null && RuleFor(config, file) is true)
            {
                // The object's own document: a multi-document file holds a sops map in each document, as sops writes it.
                Drift(context, obj, "/sops", config, file, obj.Source?.Document is { } document ? SopsFile.TryReadMetadata(YamlEmitter.Emit(document)) : null);
            }
        }

        foreach (var obj in encrypted.GroupBy(o => o.File.Value).Select(g => g.First()))
        {
            var file = obj.File.Value;
            if (appliedBy.TryGetValue(file, out var by))
            {
                foreach (var (name, _) in by.Where(b => !b.Decrypts).DistinctBy(b => b.Name))
                {
                    context.Report(RepositoryDiagnostics.EncryptedNotDecrypted, obj, "/sops",
                        $"{file} is SOPS-encrypted, but the Flux Kustomization '{name}' that applies it has no SOPS decryption.");
                }
            }
            else if (context.Graph().FluxKustomizations.Count > 0)
            {
                context.Report(RepositoryDiagnostics.EncryptedNotDecrypted, DiagnosticSeverity.Warning, obj, "/sops",
                    $"{file} is SOPS-encrypted, but no Flux Kustomization applies it, so nothing decrypts it.");
            }

            if (config is null)
            {
                context.Report(RepositoryDiagnostics.EncryptedWithoutRule, obj, "/sops", $"{file} is SOPS-encrypted, but the repository has no .sops.yaml.");
            }
            else if (RuleFor(config, file) is false)
            {
                context.Report(RepositoryDiagnostics.EncryptedWithoutRule, obj, "/sops", $"No creation rule of .sops.yaml matches {file}.");
            }

            if (ComponentOf(context.Repository, obj.File) is { } component)
            {
                context.Report(RepositoryDiagnostics.EncryptedInComponent, obj, "/sops",
                    $"{file} is SOPS-encrypted and belongs to the kustomize Component {component}; Flux applies its ENC[...] strings undecrypted.");
            }
        }
    }

    /// <summary>
    /// DPR021: the file's age and PGP recipients against its rule's. One the rule no longer names (someone left) can
    /// still read the file until it is re-keyed and its data key rotated: an error. One the rule names but the file lacks
    /// cannot decrypt it: a warning. Cloud keys are not compared (sops adds those itself, and they are kept by re-keying).
    /// </summary>
    private static void Drift(RepositoryContext context, RepositoryObject obj, string pointer, SopsConfig config, string file, SopsMetadata? metadata)
    {
        SopsCreationRule? rule;
        try
        {
            rule = config.RuleFor(file);
        }
        catch (SopsException)
        {
            return; // An invalid path_regex: DPE002 on .sops.yaml says so.
        }

        if (rule is null || rule.AgeRecipients.Count + rule.PgpFingerprints.Count == 0 || metadata is null)
        {
            return;
        }

        var wanted = rule.AgeRecipients.Concat(rule.PgpFingerprints).ToHashSet(StringComparer.Ordinal);
        var have = metadata.AgeRecipients.Concat(metadata.PgpFingerprints.Select(PgpRecipient.NormalizeFingerprint)).ToHashSet(StringComparer.Ordinal);
        var fix = $"dataplatform secrets updatekeys {file} && dataplatform secrets rotate {file}";
        foreach (var departed in have.Except(wanted).Order(StringComparer.Ordinal))
        {
            context.Report(RepositoryDiagnostics.RecipientDrift, DiagnosticSeverity.Error, obj, pointer,
                $"{file} is still encrypted for {Short(departed)}, which its .sops.yaml rule no longer names: that key can read it until it is re-keyed and its data key rotated ({fix}; then change the credentials it held).");
        }

        foreach (var missing in wanted.Except(have).Order(StringComparer.Ordinal))
        {
            context.Report(RepositoryDiagnostics.RecipientDrift, obj, pointer,
                $"{file} is not encrypted for {Short(missing)}, which its .sops.yaml rule names: that key cannot decrypt it until it is re-keyed (dataplatform secrets updatekeys {file}).");
        }
    }

    /// <summary>
    /// The SOPS-encrypted dotenv, INI and binary files a secretGenerator reads: DPR014 when a Flux Kustomization that
    /// builds the generator has no SOPS decryption (kustomize would put ENC[...] strings into the Secret), DPR021 when
    /// their recipients drift from .sops.yaml.
    /// </summary>
    private static void CheckGeneratorFiles(RepositoryContext context, SopsConfig? config)
    {
        foreach (var obj in context.Repository.Objects.Where(o => o.Value is KustomizationFile))
        {
            var encrypted = new SortedSet<int>();
            foreach (var file in GeneratorFiles.Of(obj, (KustomizationFile)obj.Value))
            {
                if (context.Repository.ReadText(file.Path) is { } text && SopsFile.TryReadMetadata(text, file.Format) is { } metadata)
                {
                    encrypted.Add(file.Generator);
                    if (config is not null)
                    {
                        Drift(context, obj, file.Pointer, config, file.Path.Value, metadata);
                    }
                }
            }

            foreach (var generator in encrypted)
            {
                GeneratorDecryption(context, obj, generator, ((KustomizationFile)obj.Value).SecretGenerator[generator].Name ?? string.Empty);
            }
        }
    }

    private static void GeneratorDecryption(RepositoryContext context, RepositoryObject obj, int index, string name)
    {
        var graph = context.Graph();
        var applying = graph.FluxKustomizations.Select(k => (FluxKustomization)k.Value)
            .Where(k => graph.DirectoriesOf(BuildGraph.PathOf(k)).Contains(obj.File.Directory)).ToList();
        foreach (var flux in applying.Where(k => k.Spec?.Decryption?.Provider != "sops").DistinctBy(k => k.Metadata.Name))
        {
            context.Report(RepositoryDiagnostics.EncryptedNotDecrypted, obj, $"/secretGenerator/{index}",
                $"secretGenerator '{name}' reads SOPS-encrypted files, but the Flux Kustomization '{flux.Metadata.Name}' that builds {obj.File} has no SOPS decryption: the Secret would hold ENC[...] strings.");
        }

        if (applying.Count == 0 && graph.FluxKustomizations.Count > 0)
        {
            context.Report(RepositoryDiagnostics.EncryptedNotDecrypted, DiagnosticSeverity.Warning, obj, $"/secretGenerator/{index}",
                $"secretGenerator '{name}' reads SOPS-encrypted files, but no Flux Kustomization builds {obj.File}, so nothing decrypts them.");
        }
    }

    private static string Short(string recipient) => recipient.Length > 16 ? recipient[..12] + "…" + recipient[^4..] : recipient;

    /// <summary>Whether a rule matches (<see langword="null"/> when a path_regex is invalid: DPE002 reports that on .sops.yaml).</summary>
    private static bool? RuleFor(SopsConfig config, string file)
    {
        try
        {
            return config.RuleFor(file) is not null;
        }
        catch (SopsException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether the object's document carries sops metadata. Read from the document's data when the loader kept it (the
    /// comment-keeping YAML tree is built lazily, and building it for every object cost more than the rest of validation).
    /// </summary>
    private static bool IsEncrypted(RepositoryObject o) => o.Source switch
    {
        { Data: { ValueKind: System.Text.Json.JsonValueKind.Object } data } =>
            data.TryGetProperty("sops", out var sops) && sops.ValueKind == System.Text.Json.JsonValueKind.Object && sops.TryGetProperty("mac", out _),
        { } source => source.Document.Root is YamlMapping root && root.Find("sops")?.Value is YamlMapping sops && sops.Find("mac") is not null,
        null => false,
    };

    /// <summary>The nearest kustomization file above the object's file, when it is a Component.</summary>
    private static string? ComponentOf(GitOpsRepository repo, Files.RepoPath file)
    {
        var dir = file.Directory;
        while (true)
        {
            foreach (var name in new[] { "kustomization.yaml", "kustomization.yml", "Kustomization" })
            {
                var path = dir.Length == 0 ? name : dir + "/" + name;
                if (repo[Files.RepoPath.Parse(path)]?.Kustomization() is { } k)
                {
                    return k.Kind == KustomizationFile.ComponentKind ? path : null;
                }
            }

            if (dir.Length == 0)
            {
                return null;
            }

            var slash = dir.LastIndexOf('/');
            dir = slash < 0 ? string.Empty : dir[..slash];
        }
    }
}
