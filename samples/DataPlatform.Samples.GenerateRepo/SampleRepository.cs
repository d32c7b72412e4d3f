using System.Text.Json.Nodes;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Kubernetes.Kustomize;
using DataPlatform.Sdk.Manifests;
using k8s.Models;

namespace DataPlatform.Samples.GenerateRepo;

/// <summary>
/// The seed's data-platform repository, built from typed objects: dev and prod clusters bootstrapped by Flux,
/// infrastructure and platform services as pinned HelmReleases with base/overlay kustomizations, and isolated tenants.
/// </summary>
public static class SampleRepository
{
    private const string RepoUrl = "https://github.com/acme/data-platform-gitops";

    public static readonly string[] Environments = ["dev", "prod"];

    public static readonly string[] Tenants = ["finance", "marketing"];

    public static FileTree Build()
    {
        var tree = FileTree.Empty;
        foreach (var env in Environments)
        {
            tree = Cluster(tree, env);
        }

        tree = Infrastructure(tree);
        tree = Platform(tree);
        foreach (var tenant in Tenants)
        {
            tree = Tenant(tree, tenant);
        }

        return tree.With("tenants/base/kustomization.yaml", Yaml(Kustomization([.. Tenants.Select(t => t)])));
    }

    private static FileTree Cluster(FileTree tree, string env)
    {
        var source = new GitRepository
        {
            Metadata = Meta("flux-system", "flux-system"),
            Spec = new GitRepositorySpec
            {
                Interval = "1m",
                Url = RepoUrl,
                // Production deploys released tags only; dev follows the main branch.
                Ref = env == "prod" ? new GitRepositoryRef { Semver = ">=1.0.0" } : new GitRepositoryRef { Branch = "main" },
                SecretRef = new LocalObjectReference { Name = "flux-system" },
                Ignore = "# keep secrets tooling and CI out of the cluster\n/.github/\n.sops.yaml\n",
            },
        };
        var sync = FluxKustomization("flux-system", $"./clusters/{env}", dependsOn: null);
        tree = tree.With($"clusters/{env}/flux-system/gotk-sync.yaml", ManifestSerializer.ToYaml([source, sync]))
                   .With($"clusters/{env}/flux-system/kustomization.yaml", Yaml(Kustomization("gotk-sync.yaml")));

        // Ordering: infrastructure → platform → tenants.
        var layers = new[]
        {
            FluxKustomization("infrastructure", $"./infrastructure/overlays/{env}", dependsOn: null),
            FluxKustomization("platform", $"./platform/overlays/{env}", dependsOn: "infrastructure"),
            FluxKustomization("tenants", "./tenants/base", dependsOn: "platform"),
        };
        return tree.With($"clusters/{env}/cluster-config.yaml", ManifestSerializer.ToYaml(layers));
    }

    private static FileTree Infrastructure(FileTree tree)
    {
        tree = HelmComponent(tree, "infrastructure/base/observability", "monitoring", "prometheus-community", "https://prometheus-community.github.io/helm-charts", "kube-prometheus-stack", "65.1.1",
            new JsonObject { ["prometheus"] = new JsonObject { ["prometheusSpec"] = new JsonObject { ["retention"] = "15d" } } });
        tree = HelmComponent(tree, "infrastructure/base/networking", "ingress-nginx", "ingress-nginx", "https://kubernetes.github.io/ingress-nginx", "ingress-nginx", "4.11.3",
            new JsonObject { ["controller"] = new JsonObject { ["replicaCount"] = 2 } });
        var storageClass = new V1StorageClass
        {
            ApiVersion = "storage.k8s.io/v1",
            Kind = "StorageClass",
            Metadata = new V1ObjectMeta { Name = "data-retain" },
            Provisioner = "kubernetes.io/no-provisioner",
            ReclaimPolicy = "Retain",
            VolumeBindingMode = "WaitForFirstConsumer",
        };
        tree = tree.With("infrastructure/base/storage/storage-class.yaml", ManifestSerializer.ToYaml(storageClass))
                   .With("infrastructure/base/storage/kustomization.yaml", Yaml(Kustomization("storage-class.yaml")));
        foreach (var env in Environments)
        {
            tree = tree.With($"infrastructure/overlays/{env}/kustomization.yaml", Yaml(Kustomization("../../base/observability", "../../base/networking", "../../base/storage")));
        }

        return tree;
    }

    private static FileTree Platform(FileTree tree)
    {
        tree = HelmComponent(tree, "platform/base/kestra", "kestra", "kestra", "https://helm.kestra.io/", "kestra", "0.21.3",
            new JsonObject { ["deployments"] = new JsonObject { ["standalone"] = new JsonObject { ["enabled"] = true } } });
        tree = HelmComponent(tree, "platform/base/superset", "superset", "superset", "https://apache.github.io/superset", "superset", "0.12.11",
            new JsonObject { ["supersetNode"] = new JsonObject { ["replicaCount"] = 1 } });
        foreach (var env in Environments)
        {
            var overlay = Kustomization("../../base/kestra", "../../base/superset") with
            {
                Patches =
                [
                    new KustomizePatch
                    {
                        Target = new KustomizeSelector { Kind = "HelmRelease", Name = "kestra" },
                        Patch = $"- op: add\n  path: /spec/values/environment\n  value: {env}\n",
                    },
                ],
            };
            tree = tree.With($"platform/overlays/{env}/kustomization.yaml", Yaml(overlay));
        }

        return tree;
    }

    private static FileTree Tenant(FileTree tree, string name)
    {
        var labels = new Dictionary<string, string> { ["toolkit.fluxcd.io/tenant"] = name, ["pod-security.kubernetes.io/enforce"] = "restricted" };
        object[] objects =
        [
            new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = name, Labels = labels } },
            new V1ServiceAccount { ApiVersion = "v1", Kind = "ServiceAccount", Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = name } },
            new V1RoleBinding
            {
                ApiVersion = "rbac.authorization.k8s.io/v1",
                Kind = "RoleBinding",
                Metadata = new V1ObjectMeta { Name = $"{name}-edit", NamespaceProperty = name },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "edit" },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = name, NamespaceProperty = name }],
            },
            new V1NetworkPolicy
            {
                ApiVersion = "networking.k8s.io/v1",
                Kind = "NetworkPolicy",
                Metadata = new V1ObjectMeta { Name = "default-deny", NamespaceProperty = name },
                Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Ingress", "Egress"] },
            },
            new V1NetworkPolicy
            {
                ApiVersion = "networking.k8s.io/v1",
                Kind = "NetworkPolicy",
                Metadata = new V1ObjectMeta { Name = "allow-same-namespace", NamespaceProperty = name },
                Spec = new V1NetworkPolicySpec
                {
                    PodSelector = new V1LabelSelector(),
                    Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector() }] }],
                    PolicyTypes = ["Ingress"],
                },
            },
            new V1ResourceQuota
            {
                ApiVersion = "v1",
                Kind = "ResourceQuota",
                Metadata = new V1ObjectMeta { Name = "quota", NamespaceProperty = name },
                Spec = new V1ResourceQuotaSpec { Hard = new Dictionary<string, ResourceQuantity> { ["requests.cpu"] = new("8"), ["requests.memory"] = new("32Gi") } },
            },
            new V1LimitRange
            {
                ApiVersion = "v1",
                Kind = "LimitRange",
                Metadata = new V1ObjectMeta { Name = "defaults", NamespaceProperty = name },
                Spec = new V1LimitRangeSpec
                {
                    Limits = [new V1LimitRangeItem { Type = "Container", DefaultRequest = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("128Mi") } }],
                },
            },
        ];
        return tree.With($"tenants/base/{name}/tenant.yaml", ManifestSerializer.ToYaml(objects))
                   .With($"tenants/base/{name}/kustomization.yaml", Yaml(Kustomization("tenant.yaml")));
    }

    private static FileTree HelmComponent(FileTree tree, string folder, string ns, string repoName, string url, string chart, string version, JsonObject values)
    {
        object[] objects =
        [
            new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = ns } },
            new HelmRepository
            {
                Metadata = Meta(repoName, ns),
                Spec = new HelmRepositorySpec { Interval = "24h", Url = url },
            },
            new HelmRelease
            {
                Metadata = Meta(chart, ns),
                Spec = new HelmReleaseSpec
                {
                    Interval = "30m",
                    Chart = new HelmReleaseChart
                    {
                        Spec = new HelmReleaseChartSpec
                        {
                            Chart = chart,
                            Version = version,
                            SourceRef = new HelmReleaseChartSpecSourceRef { Kind = "HelmRepository", Name = repoName },
                        },
                    },
                    Install = new HelmReleaseInstall { Remediation = new HelmReleaseInstallRemediation { Retries = 3 } },
                    Upgrade = new HelmReleaseUpgrade { Remediation = new HelmReleaseUpgradeRemediation { Retries = 3, Strategy = "rollback" } },
                    Values = values,
                },
            },
        ];
        return tree.With($"{folder}/release.yaml", ManifestSerializer.ToYaml(objects))
                   .With($"{folder}/kustomization.yaml", Yaml(Kustomization("release.yaml")));
    }

    private static FluxKustomization FluxKustomization(string name, string path, string? dependsOn) => new()
    {
        Metadata = Meta(name, "flux-system"),
        Spec = new FluxKustomizationSpec
        {
            Interval = "10m",
            RetryInterval = "1m",
            Timeout = "5m",
            Path = path,
            Prune = true,
            Wait = true,
            SourceRef = new FluxKustomizationSourceRef { Kind = "GitRepository", Name = "flux-system" },
            DependsOn = dependsOn is null ? [] : [new FluxKustomizationDependsOn { Name = dependsOn }],
        },
    };

    private static KustomizationFile Kustomization(params string[] resources) => KustomizationFile.Create() with { Resources = resources };

    private static ObjectMeta Meta(string name, string ns) => new() { Name = name, Namespace = ns };

    private static string Yaml(object obj) => ManifestSerializer.ToYaml(obj);
}
