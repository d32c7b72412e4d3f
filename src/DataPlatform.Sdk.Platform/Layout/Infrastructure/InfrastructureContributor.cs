using DataPlatform.Sdk.Flux;
using k8s.Models;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// The infrastructure layer's base. Standard profile: the seed's groups, <c>infrastructure/base/{observability,
/// networking,storage}</c>, each a kustomization of its components (its namespaces, a folder per pinned chart, the
/// cloud monitoring agent, storage classes). Simplified profile: the same components side by side.
/// </summary>
internal sealed class InfrastructureContributor : ILayoutContributor
{
    public void Contribute(LayoutContext context)
    {
        var spec = context.Spec;
        var agent = CloudContributor.MonitoringAgent(spec);
        if (!context.Paths.Standard)
        {
            Flat(context, agent);
            return;
        }

        foreach (var group in Enum.GetValues<InfrastructureGroup>())
        {
            var charts = spec.InfrastructureCharts.Where(c => spec.InfrastructureGroups.GetValueOrDefault(c.Name, InfrastructureGroup.Observability) == group).ToList();
            var storage = group == InfrastructureGroup.Storage && spec.StorageClasses;
            var withAgent = group == InfrastructureGroup.Observability && agent is not null;
            if (charts.Count == 0 && !storage && !withAgent)
            {
                continue;
            }

            var name = group.ToString().ToLowerInvariant();
            var folder = $"{context.Paths.InfrastructureBase}/{name}";
            var resources = new List<string>();
            Components(context.Files, folder, charts, resources);
            if (storage)
            {
                context.Files.Add($"{folder}/storage-classes.yaml", StorageClass());
                resources.Add("storage-classes.yaml");
            }

            if (withAgent)
            {
                context.Files.Add($"{folder}/azure-monitor/agent-config.yaml", agent!);
                context.Files.Add($"{folder}/azure-monitor/kustomization.yaml", LayoutContext.Kustomization("agent-config.yaml"));
                resources.Add("azure-monitor");
            }

            context.Files.Add($"{folder}/kustomization.yaml", LayoutContext.Kustomization([.. resources]));
            context.InfrastructureComponents.Add(name);
        }
    }

    /// <summary>The simplified profile: every component side by side under <c>infrastructure/</c>.</summary>
    private static void Flat(LayoutContext context, V1ConfigMap? agent)
    {
        var (spec, files, infra) = (context.Spec, context.Files, context.Paths.InfrastructureBase);
        var resources = new List<string>();
        if (spec.InfrastructureCharts.Count > 0)
        {
            // Each layer creates its namespaces once: two components sharing a namespace must not both define it.
            files.Add($"{infra}/namespaces/namespaces.yaml", Namespaces(spec.InfrastructureCharts));
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
            files.Add($"{infra}/storage/storage-classes.yaml", StorageClass());
            files.Add($"{infra}/storage/kustomization.yaml", LayoutContext.Kustomization("storage-classes.yaml"));
            context.InfrastructureComponents.Add("storage");
        }

        if (agent is not null)
        {
            files.Add($"{infra}/azure-monitor/agent-config.yaml", agent);
            files.Add($"{infra}/azure-monitor/kustomization.yaml", LayoutContext.Kustomization("agent-config.yaml"));
            context.InfrastructureComponents.Add("azure-monitor");
        }
    }

    /// <summary>A group's namespaces (one file, so two charts sharing a namespace never both define it) and chart folders.</summary>
    private static void Components(GeneratedFiles files, string folder, List<ChartComponent> charts, List<string> resources)
    {
        if (charts.Count == 0)
        {
            return;
        }

        files.Add($"{folder}/namespaces.yaml", Namespaces(charts));
        resources.Add("namespaces.yaml");
        foreach (var c in charts)
        {
            Charts.Write(files, $"{folder}/{c.Name}", c);
            resources.Add(c.Name);
        }
    }

    private static object[] Namespaces(IEnumerable<ChartComponent> charts) =>
        [.. charts.Select(c => c.Namespace).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(n => (object)LayoutObjects.Namespace(n, null))];

    private static V1StorageClass StorageClass() => new()
    {
        ApiVersion = "storage.k8s.io/v1",
        Kind = "StorageClass",
        Metadata = new V1ObjectMeta { Name = "data-retain" },
        Provisioner = "kubernetes.io/no-provisioner",
        ReclaimPolicy = "Retain",
        VolumeBindingMode = "WaitForFirstConsumer",
    };
}

/// <summary>A pinned chart's folder: its HelmRepository and HelmRelease (remediation on install and upgrade).</summary>
internal static class Charts
{
    public static void Write(GeneratedFiles files, string folder, ChartComponent c, params string[] otherResources)
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
        files.Add($"{folder}/kustomization.yaml", LayoutContext.Kustomization([.. otherResources, "release.yaml"]));
    }
}
