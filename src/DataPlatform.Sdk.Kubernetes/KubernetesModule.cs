using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Kubernetes;
using DataPlatform.Sdk.Kubernetes.Kustomize;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Validation;
using k8s;
using k8s.Models;

[assembly: ManifestModule(typeof(KubernetesModule))]

namespace DataPlatform.Sdk.Kubernetes;

/// <summary>
/// Registers the core Kubernetes kinds a GitOps repository holds (KubernetesClient's model types) and the Kustomize
/// <c>kustomization.yaml</c>/<c>Component</c> models, with their rules.
/// </summary>
public sealed class KubernetesModule : ManifestModule
{
    /// <summary>The core kinds: apiVersion, kind and KubernetesClient type.</summary>
    public static IReadOnlyList<(string ApiVersion, string Kind, Type Type)> CoreKinds { get; } =
    [
        ("v1", "Namespace", typeof(V1Namespace)),
        ("v1", "ConfigMap", typeof(V1ConfigMap)),
        ("v1", "Secret", typeof(V1Secret)),
        ("v1", "ServiceAccount", typeof(V1ServiceAccount)),
        ("v1", "Service", typeof(V1Service)),
        ("v1", "ResourceQuota", typeof(V1ResourceQuota)),
        ("v1", "LimitRange", typeof(V1LimitRange)),
        ("v1", "PersistentVolumeClaim", typeof(V1PersistentVolumeClaim)),
        ("v1", "PersistentVolume", typeof(V1PersistentVolume)),
        ("rbac.authorization.k8s.io/v1", "Role", typeof(V1Role)),
        ("rbac.authorization.k8s.io/v1", "RoleBinding", typeof(V1RoleBinding)),
        ("rbac.authorization.k8s.io/v1", "ClusterRole", typeof(V1ClusterRole)),
        ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", typeof(V1ClusterRoleBinding)),
        ("networking.k8s.io/v1", "NetworkPolicy", typeof(V1NetworkPolicy)),
        ("networking.k8s.io/v1", "Ingress", typeof(V1Ingress)),
        ("batch/v1", "Job", typeof(V1Job)),
        ("batch/v1", "CronJob", typeof(V1CronJob)),
        ("apps/v1", "Deployment", typeof(V1Deployment)),
        ("apps/v1", "StatefulSet", typeof(V1StatefulSet)),
        ("apps/v1", "DaemonSet", typeof(V1DaemonSet)),
        ("storage.k8s.io/v1", "StorageClass", typeof(V1StorageClass)),
        ("policy/v1", "PodDisruptionBudget", typeof(V1PodDisruptionBudget)),
        ("apiextensions.k8s.io/v1", "CustomResourceDefinition", typeof(V1CustomResourceDefinition)),
    ];

    /// <inheritdoc />
    public override void RegisterKinds(KindRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var (apiVersion, kind, type) in CoreKinds)
        {
            registry.Register(new ManifestKind(apiVersion, kind, type));
        }

        registry.Register(new ManifestKind(Monitoring.PrometheusRule.CurrentApiVersion, "PrometheusRule", typeof(Monitoring.PrometheusRule)));
        registry.Register(new ManifestKind(Multitenancy.CapsuleTenant.CurrentApiVersion, "Tenant", typeof(Multitenancy.CapsuleTenant)));
        registry.Register(new ManifestKind(Delivery.FlaggerCanary.CurrentApiVersion, "Canary", typeof(Delivery.FlaggerCanary)));
        registry.Register(new ManifestKind(KustomizationFile.KustomizationApiVersion, KustomizationFile.KustomizationKind, typeof(KustomizationFile)));
        registry.Register(new ManifestKind(KustomizationFile.ComponentApiVersion, KustomizationFile.ComponentKind, typeof(KustomizationFile)));

        // The crossed pairs load too, so that DPC003 can say what is wrong instead of "unknown kind".
        registry.Register(new ManifestKind(KustomizationFile.KustomizationApiVersion, KustomizationFile.ComponentKind, typeof(KustomizationFile)));
        registry.Register(new ManifestKind(KustomizationFile.ComponentApiVersion, KustomizationFile.KustomizationKind, typeof(KustomizationFile)));
        foreach (var name in new[] { "kustomization.yaml", "kustomization.yml", "Kustomization" })
        {
            registry.RegisterFileName(name, KustomizationFile.KustomizationApiVersion, KustomizationFile.KustomizationKind);
        }
    }

    /// <inheritdoc />
    public override IEnumerable<IObjectRule> Rules => [new KustomizationRules(), new KubernetesNameRule(), new SecurityBaselineRule(), new Monitoring.PrometheusRuleRule(), new Multitenancy.CapsuleTenantRule()];

    /// <inheritdoc />
    public override IEnumerable<DiagnosticDescriptor> Diagnostics => [.. KubernetesDiagnostics.All, Monitoring.PrometheusRuleRule.InvalidRule, Multitenancy.CapsuleTenantRule.InvalidTenant];

    /// <inheritdoc />
    public override System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver? TypeInfoResolver => KubernetesJsonContext.Default;
}

/// <summary>
/// Source-generated JSON contracts of every kind this module registers, KubernetesClient's models included (the same
/// <c>k8s.Models</c> types, so consumers keep one KubernetesClient): read and written without reflection, also under
/// Native AOT. A kind added to <see cref="KubernetesModule.CoreKinds"/> needs its line here (a test checks).
/// </summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(KustomizationFile))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1Namespace))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1ConfigMap))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1Secret))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1ServiceAccount))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1Service))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1ResourceQuota))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1LimitRange))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1PersistentVolumeClaim))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1PersistentVolume))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1Role))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1RoleBinding))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1ClusterRole))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1ClusterRoleBinding))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1NetworkPolicy))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1Ingress))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1Job))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1CronJob))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1Deployment))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1StatefulSet))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1DaemonSet))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1StorageClass))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1PodDisruptionBudget))]
[System.Text.Json.Serialization.JsonSerializable(typeof(V1CustomResourceDefinition))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Monitoring.PrometheusRule))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Multitenancy.CapsuleTenant))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Delivery.FlaggerCanary))]
internal sealed partial class KubernetesJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

/// <summary>DPS020 for KubernetesClient objects: names are DNS-1123 subdomains, namespaces DNS-1123 labels.</summary>
public sealed class KubernetesNameRule : ObjectRule<IKubernetesObject<V1ObjectMeta>>
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [SdkDiagnostics.InvalidName];

    /// <inheritdoc />
    protected override void Check(IKubernetesObject<V1ObjectMeta> obj, RuleContext context)
    {
        if (obj.ApiVersion?.StartsWith("rbac.authorization.k8s.io/", StringComparison.Ordinal) == true)
        {
            return;
        }

        if (obj.Metadata?.Name is { } name && !ObjectNameRule.IsDns1123Subdomain(name))
        {
            context.Report(SdkDiagnostics.InvalidName, $"Name '{name}' is not a valid DNS-1123 subdomain.", "/metadata/name");
        }

        if (obj.Metadata?.NamespaceProperty is { } ns && !ObjectNameRule.IsDns1123Label(ns))
        {
            context.Report(SdkDiagnostics.InvalidName, $"Namespace '{ns}' is not a valid DNS-1123 label.", "/metadata/namespace");
        }
    }
}
