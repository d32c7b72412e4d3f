using DataPlatform.Sdk.Diagnostics;

namespace DataPlatform.Sdk.Kubernetes;

/// <summary>Diagnostics of core Kubernetes objects and Kustomize files (<c>DPC</c>).</summary>
public static class KubernetesDiagnostics
{
    /// <summary>DPC001: a deprecated kustomization field.</summary>
    public static readonly DiagnosticDescriptor DeprecatedKustomizeField = new(
        "DPC001", "Deprecated kustomization field", DiagnosticSeverity.Warning,
        "Move the entries to the replacement field named in the message ('kustomize edit fix' does it).");

    /// <summary>DPC002: a patch needs exactly one of path and patch.</summary>
    public static readonly DiagnosticDescriptor PatchSource = new(
        "DPC002", "Patch needs exactly one of path or patch", DiagnosticSeverity.Error,
        "Give the patch either as a file (path) or inline (patch).");

    /// <summary>DPC003: apiVersion and kind of a kustomization do not match.</summary>
    public static readonly DiagnosticDescriptor KustomizeTypeMismatch = new(
        "DPC003", "Wrong apiVersion/kind pair for a kustomization", DiagnosticSeverity.Error,
        "Use 'kustomize.config.k8s.io/v1beta1' with 'Kustomization', or 'kustomize.config.k8s.io/v1alpha1' with 'Component'.");

    /// <summary>DPC004: an entry of a kustomization list is empty or repeated.</summary>
    public static readonly DiagnosticDescriptor KustomizeEntry = new(
        "DPC004", "Empty or repeated kustomization entry", DiagnosticSeverity.Error,
        "Remove the empty or repeated entry; kustomize fails on repeated resources.");

    /// <summary>All descriptors of this package.</summary>
    /// <summary>DPC005: a workload that runs as root, privileged or with privilege escalation.</summary>
    public static readonly DiagnosticDescriptor RunsAsRoot = new(
        "DPC005", "Workload may run as root", DiagnosticSeverity.Error,
        "Set securityContext.runAsNonRoot: true (and a non-zero runAsUser), allowPrivilegeEscalation: false, never privileged; the restricted Pod Security Standard rejects it otherwise.");

    /// <summary>DPC006: a namespace without a Pod Security Standards label.</summary>
    public static readonly DiagnosticDescriptor NoPodSecurityLabel = new(
        "DPC006", "Namespace without Pod Security Standard", DiagnosticSeverity.Warning,
        "Label it pod-security.kubernetes.io/enforce: restricted (baseline only where a workload needs it).");

    /// <summary>DPC007: an image without a tag or digest, or with latest.</summary>
    public static readonly DiagnosticDescriptor UnpinnedImage = new(
        "DPC007", "Image not pinned", DiagnosticSeverity.Error,
        "Pin the image to a version tag or, better, a digest (image@sha256:…); latest and untagged images change under you.");

    /// <summary>Every code of this package.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
        [DeprecatedKustomizeField, PatchSource, KustomizeTypeMismatch, KustomizeEntry, RunsAsRoot, NoPodSecurityLabel, UnpinnedImage];
}
