using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Validation;

namespace DataPlatform.Sdk.Flux.Rules;

/// <summary>
/// DPF001: an apiVersion the newest Flux this SDK models no longer serves (an error) or serves as deprecated (a warning).
/// In a repository, the cluster's own Flux release decides instead (read from its <c>gotk-components.yaml</c>).
/// </summary>
public sealed class DeprecatedFluxApiRule : ObjectRule<IManifest>
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [FluxDiagnostics.DeprecatedApiVersion];

    /// <inheritdoc />
    public override bool RunsOnStructuralErrors => true;

    /// <inheritdoc />
    protected override void Check(IManifest obj, RuleContext context)
    {
        if (!obj.ApiVersion.Contains("beta", StringComparison.Ordinal))
        {
            return; // Every old Flux version is a beta; skip the lookup for current objects.
        }

        Report(obj.ApiVersion, obj.Kind, FluxApiVersions.Newest, null, (severity, message, help) => context.Report(FluxDiagnostics.DeprecatedApiVersion, severity, message, "/apiVersion", help));
    }

    /// <summary>Reports an apiVersion against a Flux release: an error when it is not served, a warning when deprecated.</summary>
    /// <param name="apiVersion">The apiVersion.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="flux">The Flux release.</param>
    /// <param name="where">What runs that release (for the message), or <see langword="null"/> for the newest modelled.</param>
    /// <param name="report">Receives severity, message and fix.</param>
    public static void Report(string apiVersion, string kind, Version flux, string? where, Action<DiagnosticSeverity, string, string> report)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(flux);
        var (status, replacement) = FluxApiVersions.Check(apiVersion, kind, flux);
        var release = $"Flux {flux.Major}.{flux.Minor}{(where is null ? " (the newest release this SDK models)" : $" ({where})")}";
        var fix = replacement is null ? "Use an API version this Flux release serves." : $"Change apiVersion to '{replacement}' (FluxMigrations.Migrate also renames moved fields).";
        switch (status)
        {
            case FluxApiStatus.NotServed:
                report(DiagnosticSeverity.Error, $"{kind} '{apiVersion}' is not served by {release}{(replacement is null ? string.Empty : $"; use '{replacement}'")}.", fix);
                break;
            case FluxApiStatus.Deprecated:
                report(DiagnosticSeverity.Warning, $"{kind} '{apiVersion}' is deprecated in {release} and removed later; use '{replacement}'.", fix);
                break;
        }
    }
}

/// <summary>DPF002, DPF005, DPF007, DPF009 on HelmReleases.</summary>
public sealed class HelmReleaseRules : ObjectRule<HelmRelease>
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors =>
        [FluxDiagnostics.ChartXorChartRef, FluxDiagnostics.RetryIntervalStrategy, FluxDiagnostics.KubeConfigRef, FluxDiagnostics.ChartNotPinned];

    /// <inheritdoc />
    protected override void Check(HelmRelease obj, RuleContext context)
    {
        var spec = obj.Spec;
        if (spec is null)
        {
            return;
        }

        if ((spec.Chart is null) == (spec.ChartRef is null))
        {
            context.Report(FluxDiagnostics.ChartXorChartRef, spec.Chart is null ? "Neither spec.chart nor spec.chartRef is set." : "Both spec.chart and spec.chartRef are set.", "/spec");
        }

        if (spec.Install?.Strategy is { RetryInterval: not null } install && install.Name != "RetryOnFailure")
        {
            context.Report(FluxDiagnostics.RetryIntervalStrategy, $"spec.install.strategy.retryInterval cannot be set when the strategy is '{install.Name}'.", "/spec/install/strategy/retryInterval");
        }

        if (spec.Upgrade?.Strategy is { RetryInterval: not null } upgrade && upgrade.Name != "RetryOnFailure")
        {
            context.Report(FluxDiagnostics.RetryIntervalStrategy, $"spec.upgrade.strategy.retryInterval cannot be set when the strategy is '{upgrade.Name}'.", "/spec/upgrade/strategy/retryInterval");
        }

        if (spec.KubeConfig is { } kc && (kc.ConfigMapRef is null) == (kc.SecretRef is null))
        {
            context.Report(FluxDiagnostics.KubeConfigRef, "spec.kubeConfig needs exactly one of configMapRef or secretRef.", "/spec/kubeConfig");
        }

        if (spec.Chart?.Spec is { } chart && chart.SourceRef.Kind == "HelmRepository" && !SemVerRange.IsExactVersion(chart.Version))
        {
            context.Report(
                FluxDiagnostics.ChartNotPinned,
                chart.Version is null ? $"Chart '{chart.Chart}' has no version: Flux installs whatever is newest." : $"Chart '{chart.Chart}' version '{chart.Version}' is a range, not a pinned version.",
                chart.Version is null ? "/spec/chart/spec" : "/spec/chart/spec/version");
        }
    }
}

/// <summary>DPF007 on Flux Kustomizations.</summary>
public sealed class FluxKustomizationRules : ObjectRule<FluxKustomization>
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [FluxDiagnostics.KubeConfigRef];

    /// <inheritdoc />
    protected override void Check(FluxKustomization obj, RuleContext context)
    {
        if (obj.Spec?.KubeConfig is { } kc && (kc.ConfigMapRef is null) == (kc.SecretRef is null))
        {
            context.Report(FluxDiagnostics.KubeConfigRef, "spec.kubeConfig needs exactly one of configMapRef or secretRef.", "/spec/kubeConfig");
        }
    }
}

/// <summary>DPF004: ImagePolicy interval only with (and always with) digestReflectionPolicy Always.</summary>
public sealed class ImagePolicyRules : ObjectRule<ImagePolicy>
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [FluxDiagnostics.ImagePolicyInterval];

    /// <inheritdoc />
    protected override void Check(ImagePolicy obj, RuleContext context)
    {
        if (obj.Spec is not { } spec)
        {
            return;
        }

        var always = spec.DigestReflectionPolicy == "Always";
        if (spec.Interval is not null && !always)
        {
            context.Report(FluxDiagnostics.ImagePolicyInterval, "spec.interval is only accepted when spec.digestReflectionPolicy is 'Always'.", "/spec/interval");
        }
        else if (spec.Interval is null && always)
        {
            context.Report(FluxDiagnostics.ImagePolicyInterval, "spec.interval must be set when spec.digestReflectionPolicy is 'Always'.", "/spec/digestReflectionPolicy");
        }
    }
}

/// <summary>DPF008 on sources: provider-bound fields (the CRDs' CEL rules).</summary>
public sealed class SourceProviderRules : IObjectRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors => [FluxDiagnostics.FieldNeedsProvider];

    /// <inheritdoc />
    public bool AppliesTo(object obj) => obj is GitRepository or HelmChart or Bucket;

    /// <inheritdoc />
    public void Check(object obj, RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        switch (obj)
        {
            case GitRepository { Spec: { ServiceAccountName: not null } spec } when spec.Provider is not ("azure" or "aws"):
                context.Report(FluxDiagnostics.FieldNeedsProvider, "serviceAccountName can only be set when provider is 'azure' or 'aws'.", "/spec/serviceAccountName");
                break;
            case HelmChart { Spec: { Verify: not null } spec } when spec.SourceRef.Kind != "HelmRepository":
                context.Report(FluxDiagnostics.FieldNeedsProvider, "spec.verify is only supported when spec.sourceRef.kind is 'HelmRepository'.", "/spec/verify");
                break;
            case Bucket { Spec: { Sts: not null } spec } when spec.Provider is not (null or "aws" or "generic"):
                context.Report(FluxDiagnostics.FieldNeedsProvider, "STS configuration is only supported for the 'aws' and 'generic' Bucket providers.", "/spec/sts");
                break;
        }
    }
}

/// <summary>DPF008 on notification objects.</summary>
public sealed class NotificationRules : IObjectRule
{
    private static readonly HashSet<string> CommitStatusProviders = new(StringComparer.Ordinal)
    {
        "github", "gitlab", "gitea", "bitbucketserver", "bitbucket", "azuredevops",
    };

    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors => [FluxDiagnostics.FieldNeedsProvider];

    /// <inheritdoc />
    public bool AppliesTo(object obj) => obj is Provider or Receiver;

    /// <inheritdoc />
    public void Check(object obj, RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        switch (obj)
        {
            case Provider { Spec: { CommitStatusExpr: not null } spec } when !CommitStatusProviders.Contains(spec.Type):
                context.Report(FluxDiagnostics.FieldNeedsProvider, $"spec.commitStatusExpr is only supported for the {string.Join(", ", CommitStatusProviders.Order(StringComparer.Ordinal))} provider types, not '{spec.Type}'.", "/spec/commitStatusExpr");
                break;
            case Receiver { Spec: { Type: "generic-oidc" } spec } when spec.OidcProviders.Count == 0:
                context.Report(FluxDiagnostics.FieldNeedsProvider, "generic-oidc receivers must define at least one oidcProvider.", "/spec/type");
                break;
        }
    }
}

/// <summary>DPF010: suspended Flux objects (information).</summary>
public sealed class SuspendedRule : ObjectRule<IManifest>
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [FluxDiagnostics.Suspended];

    /// <inheritdoc />
    protected override void Check(IManifest obj, RuleContext context)
    {
        var suspended = obj switch
        {
            FluxKustomization k => k.Spec?.Suspend,
            HelmRelease h => h.Spec?.Suspend,
            GitRepository g => g.Spec?.Suspend,
            OCIRepository o => o.Spec?.Suspend,
            HelmRepository r => r.Spec?.Suspend,
            ImageUpdateAutomation a => a.Spec?.Suspend,
            _ => null,
        };
        if (suspended == true)
        {
            context.Report(FluxDiagnostics.Suspended, $"{obj.Kind} '{obj.Metadata.Name}' is suspended.", "/spec/suspend");
        }
    }
}
