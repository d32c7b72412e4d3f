using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Validation;
using k8s.Models;

namespace DataPlatform.Sdk.Kubernetes;

/// <summary>The pod template of a workload object, with the JSON pointer to its spec.</summary>
public static class Workloads
{
    /// <summary>The pod spec of a Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod, and its pointer.</summary>
    /// <param name="obj">The object.</param>
    /// <returns>The pod spec and pointer, or <see langword="null"/>.</returns>
    public static (V1PodSpec Spec, string Pointer)? PodSpecOf(object obj) => obj switch
    {
        V1Deployment { Spec.Template.Spec: { } s } => (s, "/spec/template/spec"),
        V1StatefulSet { Spec.Template.Spec: { } s } => (s, "/spec/template/spec"),
        V1DaemonSet { Spec.Template.Spec: { } s } => (s, "/spec/template/spec"),
        V1Job { Spec.Template.Spec: { } s } => (s, "/spec/template/spec"),
        V1CronJob { Spec.JobTemplate.Spec.Template.Spec: { } s } => (s, "/spec/jobTemplate/spec/template/spec"),
        V1Pod { Spec: { } s } => (s, "/spec"),
        _ => null,
    };

    /// <summary>Every container with its pointer (init containers included).</summary>
    /// <param name="spec">The pod spec.</param>
    /// <param name="pointer">The pod spec's pointer.</param>
    /// <returns>The containers.</returns>
    public static IEnumerable<(V1Container Container, string Pointer)> Containers(V1PodSpec spec, string pointer) =>
        (spec.InitContainers ?? []).Select((c, i) => (c, $"{pointer}/initContainers/{i}"))
            .Concat((spec.Containers ?? []).Select((c, i) => (c, $"{pointer}/containers/{i}")));
}

/// <summary>DPC005 (runs as root), DPC007 (image without tag or digest, or latest) on workloads; DPC006 (PSS label) on namespaces.</summary>
public sealed class SecurityBaselineRule : IObjectRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors => [KubernetesDiagnostics.RunsAsRoot, KubernetesDiagnostics.NoPodSecurityLabel, KubernetesDiagnostics.UnpinnedImage];

    /// <inheritdoc />
    public bool AppliesTo(object obj) => obj is V1Namespace || Workloads.PodSpecOf(obj) is not null;

    /// <inheritdoc />
    public void Check(object obj, RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (obj is V1Namespace ns)
        {
            if (ns.Metadata?.Labels?.ContainsKey("pod-security.kubernetes.io/enforce") != true)
            {
                context.Report(KubernetesDiagnostics.NoPodSecurityLabel, $"Namespace '{ns.Metadata?.Name}' has no pod-security.kubernetes.io/enforce label.", "/metadata/name");
            }

            return;
        }

        var (spec, pointer) = Workloads.PodSpecOf(obj)!.Value;
        var podNonRoot = spec.SecurityContext?.RunAsNonRoot == true;
        if (spec.SecurityContext?.RunAsUser == 0)
        {
            context.Report(KubernetesDiagnostics.RunsAsRoot, "The pod runs as user 0 (root).", pointer + "/securityContext/runAsUser");
        }

        foreach (var (c, cp) in Workloads.Containers(spec, pointer))
        {
            var sc = c.SecurityContext;
            if (sc?.Privileged == true)
            {
                context.Report(KubernetesDiagnostics.RunsAsRoot, $"Container '{c.Name}' is privileged.", cp + "/securityContext/privileged");
            }
            else if (sc?.RunAsUser == 0)
            {
                context.Report(KubernetesDiagnostics.RunsAsRoot, $"Container '{c.Name}' runs as user 0 (root).", cp + "/securityContext/runAsUser");
            }
            else if (sc?.AllowPrivilegeEscalation == true)
            {
                context.Report(KubernetesDiagnostics.RunsAsRoot, $"Container '{c.Name}' allows privilege escalation.", cp + "/securityContext/allowPrivilegeEscalation");
            }
            else if (!podNonRoot && sc?.RunAsNonRoot != true)
            {
                context.Report(KubernetesDiagnostics.RunsAsRoot, DiagnosticSeverity.Warning, $"Container '{c.Name}' does not set runAsNonRoot: true; it runs as whatever user the image says, often root.", cp);
            }

            if (c.Image is { } image && ImageProblem(image) is { } problem)
            {
                context.Report(KubernetesDiagnostics.UnpinnedImage, problem.Latest ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
                    $"Container '{c.Name}' uses {image}: {problem.Message}", cp + "/image");
            }
        }
    }

    /// <summary>What is wrong with an image reference: no tag and no digest (error), or <c>latest</c> (warning; an error in production).</summary>
    /// <param name="image">The reference.</param>
    /// <returns>The problem, or <see langword="null"/> when pinned.</returns>
    public static (string Message, bool Latest)? ImageProblem(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Contains('@', StringComparison.Ordinal) || image.Contains("${", StringComparison.Ordinal))
        {
            return null; // A digest, or a kustomize/Flux substitution resolved later.
        }

        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        if (colon <= slash)
        {
            return ("no tag and no digest (it means latest).", false);
        }

        return image[(colon + 1)..] == "latest" ? ("the latest tag moves.", true) : null;
    }
}
