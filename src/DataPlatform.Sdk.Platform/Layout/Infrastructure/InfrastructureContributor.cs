using DataPlatform.Sdk.Flux;
using k8s.Models;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>The infrastructure layer's base: its namespaces, one folder per pinned chart, and storage classes.</summary>
internal sealed class InfrastructureContributor : ILayoutContributor
{
    public void Contribute(LayoutContext context)
    {
        var (spec, files, infra) = (context.Spec, context.Files, context.Paths.InfrastructureBase);

        // Each layer creates its namespaces once, in its first component: two components sharing a namespace must not
        // both define it (kustomize rejects the duplicate).
        var namespaces = spec.InfrastructureCharts.Select(c => c.Namespace).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (namespaces.Count > 0)
        {
            files.Add($"{infra}/namespaces/namespaces.yaml", [.. namespaces.Select(n => (object)LayoutObjects.Namespace(n, null))]);
            files.Add($"{infra}/namespaces/kustomization.yaml", LayoutContext.Kustomization("namespaces.yaml"));
            context.InfrastructureComponents.Add("namespaces");
        }

        foreach (var c in spec.InfrastructureCharts)
        {
            Charts.Write(files, $"{infra}/{c.Name}", c);
            context.InfrastructureComponents.Add(c.Name);
        }

        if (spec.StorageClasses)
        {
            files.Add($"{infra}/storage/storage-classes.yaml", new V1StorageClass
            {
                ApiVersion = "storage.k8s.io/v1",
                Kind = "StorageClass",
                Metadata = new V1ObjectMeta { Name = "data-retain" },
                Provisioner = "kubernetes.io/no-provisioner",
                ReclaimPolicy = "Retain",
                VolumeBindingMode = "WaitForFirstConsumer",
            });
            files.Add($"{infra}/storage/kustomization.yaml", LayoutContext.Kustomization("storage-classes.yaml"));
            context.InfrastructureComponents.Add("storage");
        }
    }
}

/// <summary>A pinned chart's folder: its HelmRepository and HelmRelease (remediation on install and upgrade).</summary>
internal static class Charts
{
    public static void Write(GeneratedFiles files, string folder, ChartComponent c)
    {
        files.Add(
            $"{folder}/release.yaml",
            new HelmRepository
            {
                Metadata = LayoutObjects.Meta(c.RepositoryName, c.Namespace),
                Spec = new HelmRepositorySpec
                {
                    Interval = "24h",
                    Url = c.RepositoryUrl,
                    Type = c.RepositoryUrl.StartsWith("oci://", StringComparison.Ordinal) ? "oci" : null,
                },
            },
            new HelmRelease
            {
                Metadata = LayoutObjects.Meta(c.Name, c.Namespace),
                Spec = new HelmReleaseSpec
                {
                    Interval = "30m",
                    Chart = new HelmReleaseChart
                    {
                        Spec = new HelmReleaseChartSpec
                        {
                            Chart = c.Chart,
                            Version = c.Version,
                            SourceRef = new HelmReleaseChartSpecSourceRef { Kind = "HelmRepository", Name = c.RepositoryName },
                        },
                    },
                    Install = new HelmReleaseInstall { Remediation = new HelmReleaseInstallRemediation { Retries = 3 } },
                    Upgrade = new HelmReleaseUpgrade { Remediation = new HelmReleaseUpgradeRemediation { Retries = 3, Strategy = "rollback" } },
                    Values = c.Values?.DeepClone().AsObject(),
                },
            });
        files.Add($"{folder}/kustomization.yaml", LayoutContext.Kustomization("release.yaml"));
    }
}
