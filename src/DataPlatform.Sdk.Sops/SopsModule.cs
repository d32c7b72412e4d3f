using System.Text.RegularExpressions;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Sops;
using DataPlatform.Sdk.Validation;

[assembly: ManifestModule(typeof(SopsModule))]

namespace DataPlatform.Sdk.Sops;

/// <summary>Diagnostics of SOPS configurations (<c>DPE</c>).</summary>
public static class SopsDiagnostics
{
    /// <summary>DPE001: a creation rule that names no key.</summary>
    public static readonly DiagnosticDescriptor RuleWithoutRecipients = new(
        "DPE001", "Creation rule without recipients", DiagnosticSeverity.Error,
        "Name at least one key (age, pgp, kms, azure_keyvault, gcp_kms, hc_vault_transit_uri or key_groups); sops cannot encrypt files this rule matches.");

    /// <summary>DPE002: a path_regex or an age recipient that does not parse.</summary>
    public static readonly DiagnosticDescriptor InvalidRule = new(
        "DPE002", "Invalid creation rule", DiagnosticSeverity.Error,
        "Fix the regular expression or the age recipient (age1…) named in the message.");

    /// <summary>DPE003: a rule after a catch-all rule can never match.</summary>
    public static readonly DiagnosticDescriptor UnreachableRule = new(
        "DPE003", "Unreachable creation rule", DiagnosticSeverity.Warning,
        "sops uses the first matching rule: move the rule without path_regex to the end.");

    /// <summary>Every code of this package.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = [RuleWithoutRecipients, InvalidRule, UnreachableRule];
}

/// <summary>Registers <c>.sops.yaml</c> (read as <see cref="SopsConfig"/> wherever it is) with its rules.</summary>
public sealed class SopsModule : ManifestModule
{
    /// <inheritdoc />
    public override System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver? TypeInfoResolver => SopsJsonContext.Default;

    /// <summary>The stand-in apiVersion of <c>.sops.yaml</c> (the file has none; it is never written).</summary>
    public const string ConfigApiVersion = "config.getsops.io/v1";

    /// <inheritdoc />
    public override void RegisterKinds(KindRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register<SopsConfig>(ConfigApiVersion, "SopsConfig");
        registry.RegisterFileName(SopsConfig.FileName, ConfigApiVersion, "SopsConfig");
        registry.RegisterFileName(".sops.yml", ConfigApiVersion, "SopsConfig");
    }

    /// <inheritdoc />
    public override IEnumerable<IObjectRule> Rules => [new SopsConfigRule()];

    /// <inheritdoc />
    public override IEnumerable<DiagnosticDescriptor> Diagnostics => SopsDiagnostics.All;
}

/// <summary>DPE001–003 on <c>.sops.yaml</c>.</summary>
public sealed class SopsConfigRule : ObjectRule<SopsConfig>
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => SopsDiagnostics.All;

    /// <inheritdoc />
    protected override void Check(SopsConfig obj, RuleContext context)
    {
        var catchAll = -1;
        for (var i = 0; i < obj.CreationRules.Count; i++)
        {
            var rule = obj.CreationRules[i];
            var pointer = $"/creation_rules/{i}";
            if (catchAll >= 0)
            {
                context.Report(SopsDiagnostics.UnreachableRule, $"Rule {i + 1} comes after rule {catchAll + 1}, which matches every file.", pointer);
            }

            if (rule.PathRegex is null)
            {
                catchAll = catchAll < 0 ? i : catchAll;
            }
            else
            {
                try
                {
                    _ = SopsConfig.PathRegexMatches(rule.PathRegex, string.Empty);
                }
                catch (SopsException ex)
                {
                    context.Report(SopsDiagnostics.InvalidRule, ex.Message, pointer + "/path_regex");
                }
            }

            if (!rule.HasRecipients)
            {
                context.Report(SopsDiagnostics.RuleWithoutRecipients, $"Rule {i + 1}{(rule.PathRegex is null ? string.Empty : $" ('{rule.PathRegex}')")} names no key.", pointer);
            }

            foreach (var r in rule.AgeRecipients.Where(r => !AgeRecipient.TryParse(r, out _)))
            {
                context.Report(SopsDiagnostics.InvalidRule, $"'{r}' is not an age recipient (age1…).", pointer + "/age");
            }
        }
    }
}
