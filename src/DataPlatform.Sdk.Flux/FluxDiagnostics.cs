using DataPlatform.Sdk.Diagnostics;

namespace DataPlatform.Sdk.Flux;

/// <summary>Diagnostics of the Flux models (<c>DPF</c>).</summary>
public static class FluxDiagnostics
{
    /// <summary>DPF001: an older Flux API version that current Flux no longer serves.</summary>
    public static readonly DiagnosticDescriptor DeprecatedApiVersion = new(
        "DPF001", "Deprecated Flux API version", DiagnosticSeverity.Warning,
        "Migrate to the current apiVersion: FluxMigrations.Migrate in code, or 'flux migrate' on the cluster.");

    /// <summary>DPF002: a HelmRelease needs exactly one of chart and chartRef.</summary>
    public static readonly DiagnosticDescriptor ChartXorChartRef = new(
        "DPF002", "HelmRelease needs exactly one of chart or chartRef", DiagnosticSeverity.Error,
        "Set spec.chart (a chart from a HelmRepository, GitRepository or Bucket) or spec.chartRef (an OCIRepository, HelmChart or ExternalArtifact), not both.");

    /// <summary>DPF003: a duration field does not hold a Go duration.</summary>
    public static readonly DiagnosticDescriptor InvalidDuration = new(
        "DPF003", "Invalid duration", DiagnosticSeverity.Error,
        "Use Go duration units h, m, s or ms, for example '10m' or '1h30m'; there is no 'd' unit.");

    /// <summary>DPF004: ImagePolicy interval without digestReflectionPolicy Always, or the reverse.</summary>
    public static readonly DiagnosticDescriptor ImagePolicyInterval = new(
        "DPF004", "ImagePolicy interval needs digestReflectionPolicy Always", DiagnosticSeverity.Error,
        "Set spec.interval only together with spec.digestReflectionPolicy: Always (and always with it).");

    /// <summary>DPF005: retryInterval set with a strategy that does not retry.</summary>
    public static readonly DiagnosticDescriptor RetryIntervalStrategy = new(
        "DPF005", "retryInterval needs strategy RetryOnFailure", DiagnosticSeverity.Error,
        "Remove retryInterval or set strategy.name: RetryOnFailure.");

    /// <summary>DPF006: a semver range that does not parse.</summary>
    public static readonly DiagnosticDescriptor InvalidSemVer = new(
        "DPF006", "Invalid semver range", DiagnosticSeverity.Error,
        "Use a Masterminds semver constraint such as '>=1.0.0 <2.0.0', '^1.2' or '1.4.x'.");

    /// <summary>DPF007: kubeConfig needs exactly one of configMapRef and secretRef.</summary>
    public static readonly DiagnosticDescriptor KubeConfigRef = new(
        "DPF007", "kubeConfig needs exactly one of configMapRef or secretRef", DiagnosticSeverity.Error,
        "Reference the remote cluster's kubeconfig by a Secret (secretRef) or a ConfigMap (configMapRef), one of them.");

    /// <summary>DPF008: a field that the CRD only accepts together with a given provider or type.</summary>
    public static readonly DiagnosticDescriptor FieldNeedsProvider = new(
        "DPF008", "Field not supported with this provider or type", DiagnosticSeverity.Error,
        "Remove the field or change the provider/type, as the message says.");

    /// <summary>DPF009: a HelmRelease chart version is not pinned.</summary>
    public static readonly DiagnosticDescriptor ChartNotPinned = new(
        "DPF009", "Helm chart version not pinned", DiagnosticSeverity.Warning,
        "Set spec.chart.spec.version to an exact version such as '1.4.2' so every environment deploys the same chart.");

    /// <summary>DPF010: a Kustomization or source that never reconciles again because it is suspended.</summary>
    public static readonly DiagnosticDescriptor Suspended = new(
        "DPF010", "Object is suspended", DiagnosticSeverity.Info,
        "Remove 'suspend: true' once the maintenance is over; Flux does not reconcile suspended objects.");

    /// <summary>All descriptors of this package.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
    [
        DeprecatedApiVersion, ChartXorChartRef, InvalidDuration, ImagePolicyInterval, RetryIntervalStrategy, InvalidSemVer,
        KubeConfigRef, FieldNeedsProvider, ChartNotPinned, Suspended,
    ];
}
