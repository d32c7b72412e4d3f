using System.Text.Json.Nodes;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Kubernetes.Kustomize;
using DataPlatform.Sdk.Manifests;
using k8s.Models;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>Renders a <see cref="RepositorySpec"/> into files, in the seed's layout (or the simplified one).</summary>
internal static class LayoutRenderer
{
    private const string FluxNamespace = "flux-system";

    public static FileTree Render(RepositorySpec spec)
    {
        var tree = FileTree.Empty;
        var standard = spec.Profile == RepositoryProfile.Standard;
        foreach (var cluster in spec.Clusters)
        {
            tree = Cluster(tree, spec, cluster, standard);
        }

        // Infrastructure and platform components.
        var infra = standard ? "infrastructure/base" : "infrastructure";
        var platform = standard ? "platform/base" : "platform";
        // Each layer creates its namespaces once, in its first component: two components sharing a namespace must not
        // both define it (kustomize rejects the duplicate).
        var infraComponents = new List<string>();
        var infraNamespaces = spec.InfrastructureCharts.Select(c => c.Namespace).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (infraNamespaces.Count > 0)
        {
            tree = tree.With($"{infra}/namespaces/namespaces.yaml", Yaml([.. infraNamespaces.Select(n => (object)Namespace(n, null))]))
                       .With($"{infra}/namespaces/kustomization.yaml", Yaml(Kustomization("namespaces.yaml")));
            infraComponents.Add("namespaces");
        }

        foreach (var c in spec.InfrastructureCharts)
        {
            tree = Chart(tree, $"{infra}/{c.Name}", c);
            infraComponents.Add(c.Name);
        }

        if (spec.StorageClasses)
        {
            tree = tree.With($"{infra}/storage/storage-classes.yaml", Yaml(StorageClasses()))
                       .With($"{infra}/storage/kustomization.yaml", Yaml(Kustomization("storage-classes.yaml")));
            infraComponents.Add("storage");
        }

        if (spec.Cloud?.LogAnalyticsWorkspace is { } workspace)
        {
            // Azure Monitor Container Insights reads this ConfigMap (the AKS monitoring add-on sends to the workspace).
            var agent = new V1ConfigMap
            {
                ApiVersion = "v1",
                Kind = "ConfigMap",
                Metadata = new V1ObjectMeta { Name = "container-azm-ms-agentconfig", NamespaceProperty = "kube-system", Annotations = new Dictionary<string, string> { ["data-platform/log-analytics-workspace"] = workspace } },
                Data = new Dictionary<string, string>
                {
                    ["schema-version"] = "v1",
                    ["config-version"] = "ver1",
                    ["log-data-collection-settings"] = "[log_collection_settings]\n  [log_collection_settings.stdout]\n    enabled = true\n    exclude_namespaces = [\"kube-system\"]\n  [log_collection_settings.stderr]\n    enabled = true\n    exclude_namespaces = [\"kube-system\"]\n",
                },
            };
            tree = tree.With($"{infra}/azure-monitor/agent-config.yaml", Yaml(agent))
                       .With($"{infra}/azure-monitor/kustomization.yaml", Yaml(Kustomization("agent-config.yaml")));
            infraComponents.Add("azure-monitor");
        }

        var platformComponents = new List<string> { "common" };
        var restricted = new Dictionary<string, string> { ["pod-security.kubernetes.io/enforce"] = "restricted" };
        var platformNamespaces = new List<object> { Namespace("data-platform", null) };
        platformNamespaces.AddRange(spec.PlatformCharts.Select(c => c.Namespace).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Where(n => n != "data-platform").Select(n => (object)Namespace(n, null)));
        if (spec.DltRuntime)
        {
            platformNamespaces.Add(Namespace("dlt", restricted));
        }

        if (spec.LiquibaseRuntime)
        {
            platformNamespaces.Add(Namespace("liquibase", restricted));
        }

        tree = tree.With($"{platform}/common/namespaces.yaml", Yaml([.. platformNamespaces]))
                   .With($"{platform}/common/kustomization.yaml", Yaml(Kustomization("namespaces.yaml")));
        foreach (var c in spec.PlatformCharts)
        {
            tree = Chart(tree, $"{platform}/{c.Name}", c);
            platformComponents.Add(c.Name);
        }

        if (spec.DltRuntime)
        {
            tree = Runtime(tree, $"{platform}/dlt", "dlt", "dlt-runner");
            platformComponents.Add("dlt");
        }

        if (spec.LiquibaseRuntime)
        {
            tree = Runtime(tree, $"{platform}/liquibase", "liquibase", "liquibase-migrator");
            platformComponents.Add("liquibase");
        }

        if (standard)
        {
            foreach (var cluster in spec.Clusters)
            {
                tree = tree.With($"infrastructure/overlays/{cluster.Name}/kustomization.yaml", Yaml(Kustomization([.. infraComponents.Select(c => $"../../base/{c}")])))
                           .With($"platform/overlays/{cluster.Name}/kustomization.yaml", Yaml(PlatformOverlay(spec, cluster.Name, platformComponents)));
            }
        }
        else
        {
            tree = tree.With("infrastructure/kustomization.yaml", Yaml(Kustomization([.. infraComponents])))
                       .With("platform/kustomization.yaml", Yaml(Kustomization([.. platformComponents])));
        }

        // Tenants.
        var tenants = Tenants(spec);
        if (standard)
        {
            foreach (var t in tenants)
            {
                tree = tree.With($"tenants/base/{t.Name}/tenant.yaml", ManifestSerializer.ToYaml(TenantObjects(t, isolated: true, spec.Cloud)))
                           .With($"tenants/base/{t.Name}/kustomization.yaml", Yaml(Kustomization("tenant.yaml")));
            }

            tree = tree.With("tenants/base/kustomization.yaml", Yaml(Kustomization([.. tenants.Select(t => t.Name)])))
                       .With("tenants/_templates/README.md", TemplateReadme)
                       .With("tenants/_templates/tenant.yaml.tmpl", "# Replace ${tenant} with the tenant's name (a DNS label) and adjust the quota.\n" + ManifestSerializer.ToYaml(TenantObjects(new TenantSpec("${tenant}", "8", "32Gi", "100m", "128Mi", "edit"), isolated: true)));
        }
        else
        {
            foreach (var t in tenants)
            {
                tree = tree.With($"namespaces/{t.Name}.yaml", ManifestSerializer.ToYaml(TenantObjects(t, isolated: true)));
            }

            tree = tree.With("namespaces/kustomization.yaml", Yaml(Kustomization([.. tenants.Select(t => t.Name + ".yaml")])));
        }

        // Domains.
        foreach (var d in spec.Domains)
        {
            var settings = new V1ConfigMap
            {
                ApiVersion = "v1",
                Kind = "ConfigMap",
                Metadata = new V1ObjectMeta { Name = $"{d.Name}-settings", Labels = new Dictionary<string, string> { ["data-platform/domain"] = d.Name } },
                Data = new Dictionary<string, string>(d.Settings.Prepend(new KeyValuePair<string, string>("DOMAIN", d.Name)), StringComparer.Ordinal),
            };
            var domainFiles = new List<string> { "settings.yaml" };
            if (d.Manifests.Count > 0)
            {
                domainFiles.Add("resources.yaml");
            }

            foreach (var app in d.Applications)
            {
                var appPath = standard ? $"domains/{d.Name}/base/{app.Name}.yaml" : $"domains/{d.Name}/{app.Name}.yaml";
                tree = tree.With(appPath, Application(spec, d, app));
                domainFiles.Add($"{app.Name}.yaml");
            }

            foreach (var secret in d.Secrets.Where(x => x.Environment is null && x.Name != d.Migrations?.CredentialsSecret))
            {
                var path = standard ? $"domains/{d.Name}/base/{secret.Name}.sops.yaml" : $"domains/{d.Name}/{secret.Name}.sops.yaml";
                tree = tree.With(path, EncryptedSecret(spec, d, secret, path));
                domainFiles.Add($"{secret.Name}.sops.yaml");
            }

            if (d.Manifests.Count > 0)
            {
                tree = tree.With(standard ? $"domains/{d.Name}/base/resources.yaml" : $"domains/{d.Name}/resources.yaml", ManifestSerializer.ToYaml(d.Manifests));
            }

            if (standard)
            {
                tree = tree.With($"domains/{d.Name}/base/settings.yaml", Yaml(settings))
                           .With($"domains/{d.Name}/base/kustomization.yaml", Yaml(Kustomization([.. domainFiles])));
                foreach (var env in DomainEnvironments(spec, d))
                {
                    var overlayResources = new List<string> { "../../base" };
                    foreach (var secret in d.Secrets.Where(x => x.Environment == env && x.Name != d.Migrations?.CredentialsSecret))
                    {
                        var path = $"domains/{d.Name}/overlays/{env}/{secret.Name}.sops.yaml";
                        tree = tree.With(path, EncryptedSecret(spec, d, secret, path));
                        overlayResources.Add($"{secret.Name}.sops.yaml");
                    }

                    var pinned = spec.Clusters.FirstOrDefault(c => c.Name == env)?.Tracking.Kind != "branch";
                    var overlay = Kustomization([.. overlayResources]) with
                    {
                        // Clusters that follow releases pin each application's tag; promotion changes this pin.
                        Images = pinned ? [.. d.Applications.Select(a => new KustomizeImage { Name = ImageOf(spec, a), NewTag = a.Tag })] : [],
                        Namespace = d.Owner,
                        Labels = [new KustomizeLabels { Pairs = new Dictionary<string, string> { ["data-platform/environment"] = env }, IncludeSelectors = false }],
                    };
                    tree = tree.With($"domains/{d.Name}/overlays/{env}/kustomization.yaml", Yaml(overlay));
                }
            }
            else
            {
                tree = tree.With($"domains/{d.Name}/settings.yaml", Yaml(settings))
                           .With($"domains/{d.Name}/kustomization.yaml", Yaml(Kustomization([.. domainFiles]) with { Namespace = d.Owner }));
            }
        }

        if (SopsConfigOf(spec) is { } sopsConfig)
        {
            tree = tree.With(Sops.SopsConfig.FileName, ManifestSerializer.ToYaml(sopsConfig));
        }

        foreach (var d in spec.Domains.Where(d => d.Migrations is not null))
        {
            tree = Migrations(tree, spec, d, d.Migrations!);
        }

        if (spec.InfrastructureCharts.Any(c => c.Name == "kube-prometheus-stack"))
        {
            tree = Observability(tree);
        }

        tree = tree.With("pipelines/README.md", PipelinesReadme);
        tree = Flows(tree, spec);
        tree = Workflows(tree, spec);
        return tree.With("README.md", RepositoryReadme(spec));
    }

    private static FileTree Cluster(FileTree tree, RepositorySpec spec, ClusterSpec cluster, bool standard)
    {
        var source = new GitRepository
        {
            Metadata = Meta("flux-system", FluxNamespace),
            Spec = new GitRepositorySpec
            {
                Interval = "1m",
                Url = spec.SourceUrl,
                Ref = cluster.Tracking.Kind switch
                {
                    "semver" => new GitRepositoryRef { Semver = cluster.Tracking.Value },
                    "tag" => new GitRepositoryRef { Tag = cluster.Tracking.Value },
                    "commit" => new GitRepositoryRef { Commit = cluster.Tracking.Value },
                    _ => new GitRepositoryRef { Branch = cluster.Tracking.Value },
                },
                SecretRef = new LocalObjectReference { Name = spec.SourceSecret },
                Ignore = "# CI configuration and SOPS rules are not cluster state\n/.github/\n.sops.yaml\n",
            },
        };
        var sync = Flux("flux-system", $"./clusters/{cluster.Name}", dependsOn: null);
        tree = tree.With($"clusters/{cluster.Name}/flux-system/gotk-sync.yaml", ManifestSerializer.ToYaml([source, sync]))
                   .With($"clusters/{cluster.Name}/flux-system/kustomization.yaml", Yaml(Kustomization("gotk-sync.yaml")));

        // The order of the seed's deployment workflow: infrastructure → platform → tenants → domains.
        var layers = new List<object>
        {
            Flux("infrastructure", standard ? $"./infrastructure/overlays/{cluster.Name}" : "./infrastructure", dependsOn: null),
            Flux("platform", standard ? $"./platform/overlays/{cluster.Name}" : "./platform", dependsOn: "infrastructure"),
            Flux("tenants", standard ? "./tenants/base" : "./namespaces", dependsOn: "platform"),
        };
        foreach (var d in spec.Domains.Where(d => DomainEnvironments(spec, d).Contains(cluster.Name)))
        {
            if (d.Migrations is not null)
            {
                var migrations = Flux($"domain-{d.Name}-migrations", standard ? $"./domains/{d.Name}/migrations/{cluster.Name}" : $"./domains/{d.Name}/migrations", dependsOn: "tenants");
                migrations = migrations with
                {
                    Spec = migrations.Spec with
                    {
                        TargetNamespace = d.Owner,
                        Force = true, // a Job is immutable: a new changelog replaces it
                        Timeout = "15m",
                        Decryption = d.Secrets.Count > 0 ? new FluxKustomizationDecryption { Provider = "sops", SecretRef = new LocalObjectReference { Name = SopsAgeSecret } } : null,
                    },
                };
                layers.Add(migrations);
            }

            var domain = Flux($"domain-{d.Name}", standard ? $"./domains/{d.Name}/overlays/{cluster.Name}" : $"./domains/{d.Name}", dependsOn: d.Migrations is null ? "tenants" : $"domain-{d.Name}-migrations");
            if (d.Secrets.Any(x => x.Environment is null || x.Environment == cluster.Name))
            {
                // Flux decrypts SOPS files with the age identity of the 'sops-age' Secret (bootstrap step; never in git).
                domain = domain with { Spec = domain.Spec with { Decryption = new FluxKustomizationDecryption { Provider = "sops", SecretRef = new LocalObjectReference { Name = SopsAgeSecret } } } };
            }

            layers.Add(domain);
        }

        if (spec.InfrastructureCharts.Any(c => c.Name == "kube-prometheus-stack"))
        {
            // Rules and dashboards need the Prometheus Operator's CRDs, which the infrastructure layer installs first.
            layers.Insert(1, Flux("observability", "./infrastructure/observability", dependsOn: "infrastructure"));
        }

        if (spec.Notifications.Count > 0)
        {
            tree = tree.With($"clusters/{cluster.Name}/notifications.yaml", ManifestSerializer.ToYaml(Notifications(spec, cluster)));
        }

        var apps = spec.Domains.Where(d => DomainEnvironments(spec, d).Contains(cluster.Name)).SelectMany(d => d.Applications).ToList();
        if (cluster.Tracking.Kind == "branch" && apps.Count > 0)
        {
            tree = tree.With($"clusters/{cluster.Name}/image-automation.yaml", ManifestSerializer.ToYaml(ImageAutomation(spec, cluster, apps)));
        }

        return tree.With($"clusters/{cluster.Name}/{(standard ? "cluster-config.yaml" : "apps.yaml")}", ManifestSerializer.ToYaml(layers));
    }

    private static IEnumerable<string> DomainEnvironments(RepositorySpec spec, DomainSpec d) =>
        d.Environments.Count > 0 ? d.Environments : spec.Clusters.Select(c => c.Name);

    internal static List<TenantSpec> Tenants(RepositorySpec spec)
    {
        var tenants = spec.Tenants.ToList();
        foreach (var owner in spec.Domains.Select(d => d.Owner).Distinct(StringComparer.Ordinal))
        {
            if (tenants.All(t => t.Name != owner))
            {
                tenants.Add(new TenantSpec(owner, "8", "32Gi", "100m", "128Mi", "edit"));
            }
        }

        return tenants;
    }

    private static KustomizationFile PlatformOverlay(RepositorySpec spec, string env, List<string> components)
    {
        var k = Kustomization([.. components.Select(c => $"../../base/{c}")]);
        var patches = spec.PlatformCharts.Select(c => new KustomizePatch
        {
            Target = new KustomizeSelector { Kind = "HelmRelease", Name = c.Name },
            Patch = $"- op: add\n  path: /metadata/labels\n  value:\n    data-platform/environment: {env}\n",
        }).ToList();
        return patches.Count == 0 ? k : k with { Patches = patches };
    }

    private static object[] TenantObjects(TenantSpec t, bool isolated, CloudProfile? cloud = null)
    {
        var labels = new Dictionary<string, string>
        {
            ["toolkit.fluxcd.io/tenant"] = t.Name,
            ["pod-security.kubernetes.io/enforce"] = "restricted",
            ["pod-security.kubernetes.io/audit"] = "restricted",
            ["pod-security.kubernetes.io/warn"] = "restricted",
        };
        var objects = new List<object>
        {
            new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = t.Name, Labels = labels } },
            new V1ServiceAccount
            {
                ApiVersion = "v1",
                Kind = "ServiceAccount",
                Metadata = new V1ObjectMeta
                {
                    Name = t.Name,
                    NamespaceProperty = t.Name,
                    Annotations = cloud is null ? null : new Dictionary<string, string> { [cloud.IdentityAnnotation] = cloud.IdentityValue },
                },
            },
            new V1RoleBinding
            {
                ApiVersion = "rbac.authorization.k8s.io/v1",
                Kind = "RoleBinding",
                Metadata = new V1ObjectMeta { Name = $"{t.Name}-{t.ClusterRole}", NamespaceProperty = t.Name },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = t.ClusterRole },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = t.Name, NamespaceProperty = t.Name }],
            },
            new V1ResourceQuota
            {
                ApiVersion = "v1",
                Kind = "ResourceQuota",
                Metadata = new V1ObjectMeta { Name = "quota", NamespaceProperty = t.Name },
                Spec = new V1ResourceQuotaSpec { Hard = new Dictionary<string, ResourceQuantity> { ["requests.cpu"] = new(t.Cpu), ["requests.memory"] = new(t.Memory) } },
            },
            new V1LimitRange
            {
                ApiVersion = "v1",
                Kind = "LimitRange",
                Metadata = new V1ObjectMeta { Name = "defaults", NamespaceProperty = t.Name },
                Spec = new V1LimitRangeSpec
                {
                    Limits = [new V1LimitRangeItem { Type = "Container", DefaultRequest = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(t.DefaultCpu), ["memory"] = new(t.DefaultMemory) } }],
                },
            },
        };
        if (isolated)
        {
            objects.Add(new V1NetworkPolicy
            {
                ApiVersion = "networking.k8s.io/v1",
                Kind = "NetworkPolicy",
                Metadata = new V1ObjectMeta { Name = "default-deny", NamespaceProperty = t.Name },
                Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Ingress", "Egress"] },
            });
            objects.Add(new V1NetworkPolicy
            {
                ApiVersion = "networking.k8s.io/v1",
                Kind = "NetworkPolicy",
                Metadata = new V1ObjectMeta { Name = "allow-same-namespace", NamespaceProperty = t.Name },
                Spec = new V1NetworkPolicySpec
                {
                    PodSelector = new V1LabelSelector(),
                    Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector() }] }],
                    Egress = [new V1NetworkPolicyEgressRule { To = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector() }] }],
                    PolicyTypes = ["Ingress", "Egress"],
                },
            });
            objects.Add(new V1NetworkPolicy
            {
                ApiVersion = "networking.k8s.io/v1",
                Kind = "NetworkPolicy",
                Metadata = new V1ObjectMeta { Name = "allow-dns", NamespaceProperty = t.Name },
                Spec = new V1NetworkPolicySpec
                {
                    PodSelector = new V1LabelSelector(),
                    Egress =
                    [
                        new V1NetworkPolicyEgressRule
                        {
                            To = [new V1NetworkPolicyPeer { NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "kube-system" } } }],
                            Ports = [new V1NetworkPolicyPort { Protocol = "UDP", Port = 53 }, new V1NetworkPolicyPort { Protocol = "TCP", Port = 53 }],
                        },
                    ],
                    PolicyTypes = ["Egress"],
                },
            });
        }

        return [.. objects];
    }

    private static FileTree Chart(FileTree tree, string folder, ChartComponent c)
    {
        object[] objects =
        [
            new HelmRepository
            {
                Metadata = Meta(c.RepositoryName, c.Namespace),
                Spec = new HelmRepositorySpec
                {
                    Interval = "24h",
                    Url = c.RepositoryUrl,
                    Type = c.RepositoryUrl.StartsWith("oci://", StringComparison.Ordinal) ? "oci" : null,
                },
            },
            new HelmRelease
            {
                Metadata = Meta(c.Name, c.Namespace),
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
            },
        ];
        return tree.With($"{folder}/release.yaml", ManifestSerializer.ToYaml(objects))
                   .With($"{folder}/kustomization.yaml", Yaml(Kustomization("release.yaml")));
    }

    private static FileTree Runtime(FileTree tree, string folder, string ns, string account)
    {
        object[] objects =
        [
            new V1ServiceAccount { ApiVersion = "v1", Kind = "ServiceAccount", Metadata = new V1ObjectMeta { Name = account, NamespaceProperty = ns } },
        ];
        return tree.With($"{folder}/runtime.yaml", ManifestSerializer.ToYaml(objects))
                   .With($"{folder}/kustomization.yaml", Yaml(Kustomization("runtime.yaml")));
    }

    private static object[] StorageClasses() =>
    [
        new V1StorageClass
        {
            ApiVersion = "storage.k8s.io/v1",
            Kind = "StorageClass",
            Metadata = new V1ObjectMeta { Name = "data-retain" },
            Provisioner = "kubernetes.io/no-provisioner",
            ReclaimPolicy = "Retain",
            VolumeBindingMode = "WaitForFirstConsumer",
        },
    ];

    /// <summary>
    /// The Pod Security Standard each platform namespace enforces: restricted unless its workloads need more (node
    /// exporters need host access; ingress controllers and Kestra's task runners need baseline). Every namespace warns
    /// at restricted, so the gap stays visible.
    /// </summary>
    private static readonly Dictionary<string, string> PodSecurity = new(StringComparer.Ordinal)
    {
        ["monitoring"] = "privileged", ["ingress-nginx"] = "baseline", ["kestra"] = "baseline", ["superset"] = "baseline",
    };

    private static V1Namespace Namespace(string name, Dictionary<string, string>? labels)
    {
        var all = new Dictionary<string, string>(labels ?? [], StringComparer.Ordinal);
        all.TryAdd("pod-security.kubernetes.io/enforce", PodSecurity.GetValueOrDefault(name, "restricted"));
        all.TryAdd("pod-security.kubernetes.io/audit", "restricted");
        all.TryAdd("pod-security.kubernetes.io/warn", "restricted");
        return new() { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = name, Labels = all } };
    }

    private static FluxKustomization Flux(string name, string path, string? dependsOn) => new()
    {
        Metadata = Meta(name, FluxNamespace),
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

    private static string Yaml(object[] objects) => ManifestSerializer.ToYaml(objects);

    /// <summary>
    /// A domain's migrations: the changelog as a generated ConfigMap and a hardened Job that runs <c>liquibase update</c>
    /// with the credentials Secret's LIQUIBASE_COMMAND_* variables.
    /// </summary>
    private static FileTree Migrations(FileTree tree, RepositorySpec spec, DomainSpec d, MigrationSpec m)
    {
        var standard = spec.Profile == RepositoryProfile.Standard;
        var dir = standard ? $"domains/{d.Name}/migrations/base" : $"domains/{d.Name}/migrations";
        var job = new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = $"{d.Name}-migrations", Labels = new Dictionary<string, string> { ["data-platform/domain"] = d.Name, ["app.kubernetes.io/component"] = "migrations" } },
            Spec = new V1JobSpec
            {
                BackoffLimit = 2,
                TtlSecondsAfterFinished = 86400,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = PodLabels(spec, new Dictionary<string, string> { ["data-platform/domain"] = d.Name, ["app.kubernetes.io/component"] = "migrations" }) },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        ServiceAccountName = d.Owner,
                        NodeSelector = NodeSelector(spec, d),
                        Tolerations = Tolerations(spec, d),
                        SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, RunAsUser = 1001, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } },
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "liquibase",
                                Image = m.Image,
                                Args = ["--changelog-file=changelog.yaml", "--search-path=/liquibase/changelog", "update"],
                                EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = m.CredentialsSecret } }],
                                SecurityContext = new V1SecurityContext
                                {
                                    AllowPrivilegeEscalation = false,
                                    ReadOnlyRootFilesystem = true,
                                    RunAsNonRoot = true,
                                    Capabilities = new V1Capabilities { Drop = ["ALL"] },
                                },
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("256Mi") },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("512Mi") },
                                },
                                VolumeMounts =
                                [
                                    new V1VolumeMount { Name = "changelog", MountPath = "/liquibase/changelog", ReadOnlyProperty = true },
                                    new V1VolumeMount { Name = "tmp", MountPath = "/tmp" },
                                ],
                            },
                        ],
                        Volumes =
                        [
                            new V1Volume { Name = "changelog", ConfigMap = new V1ConfigMapVolumeSource { Name = $"{d.Name}-changelog" } },
                            new V1Volume { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource() },
                        ],
                    },
                },
            },
        };
        // The credentials Secret belongs to the migrations (applied before the domain), once per environment.
        var shared = d.Secrets.FirstOrDefault(x => x.Name == m.CredentialsSecret && x.Environment is null);
        var resources = new List<string> { "job.yaml" };
        if (!standard && shared is not null)
        {
            var path = $"{dir}/{shared.Name}.sops.yaml";
            tree = tree.With(path, EncryptedSecret(spec, d, shared, path));
            resources.Add($"{shared.Name}.sops.yaml");
        }

        var kustomization = KustomizationFile.Create() with
        {
            Resources = [.. resources],
            ConfigMapGenerator = [new KustomizeGenerator { Name = $"{d.Name}-changelog", Files = ["changelog.yaml"] }],
        };
        tree = tree.With($"{dir}/changelog.yaml", Liquibase.LiquibaseFile.Write(m.Changelog, Liquibase.ChangelogFormat.Yaml))
                   .With($"{dir}/job.yaml", Yaml(job))
                   .With($"{dir}/kustomization.yaml", Yaml(kustomization));
        if (!standard)
        {
            return tree;
        }

        foreach (var env in DomainEnvironments(spec, d))
        {
            var overlay = new List<string> { "../base" };
            if ((d.Secrets.FirstOrDefault(x => x.Name == m.CredentialsSecret && x.Environment == env) ?? shared) is { } secret)
            {
                var path = $"domains/{d.Name}/migrations/{env}/{secret.Name}.sops.yaml";
                tree = tree.With(path, EncryptedSecret(spec, d, secret, path));
                overlay.Add($"{secret.Name}.sops.yaml");
            }

            tree = tree.With($"domains/{d.Name}/migrations/{env}/kustomization.yaml", Yaml(Kustomization([.. overlay])));
        }

        return tree;
    }

    private static string? PoolOf(RepositorySpec spec, DomainSpec d) => spec.Tenants.FirstOrDefault(t => t.Name == d.Owner)?.NodePool;

    private static Dictionary<string, string>? NodeSelector(RepositorySpec spec, DomainSpec d) =>
        PoolOf(spec, d) is { } pool ? new Dictionary<string, string> { ["data-platform/workload-class"] = pool } : null;

    private static List<V1Toleration>? Tolerations(RepositorySpec spec, DomainSpec d) =>
        PoolOf(spec, d) is { } pool ? [new V1Toleration { Key = "workload-class", OperatorProperty = "Equal", Value = pool, Effect = "NoSchedule" }] : null;

    private static Dictionary<string, string> PodLabels(RepositorySpec spec, Dictionary<string, string> labels)
    {
        if (spec.Cloud?.Provider == "azure")
        {
            labels["azure.workload.identity/use"] = "true";
        }

        return labels;
    }

    /// <summary>The full image name: relative names get the cloud profile's registry.</summary>
    private static string ImageOf(RepositorySpec spec, ApplicationSpec app) =>
        spec.Cloud is { } cloud && !app.Image.Split('/')[0].Contains('.', StringComparison.Ordinal) ? $"{cloud.Registry}/{app.Image}" : app.Image;

    /// <summary>A hardened Deployment and its Service; the image line carries the image policy marker image automation updates.</summary>
    private static string Application(RepositorySpec spec, DomainSpec d, ApplicationSpec app)
    {
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = app.Name, ["data-platform/domain"] = d.Name };
        var image = ImageOf(spec, app);
        var deployment = new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = app.Name, Labels = labels },
            Spec = new V1DeploymentSpec
            {
                Replicas = app.Replicas,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = app.Name } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = PodLabels(spec, new Dictionary<string, string>(labels)) },
                    Spec = new V1PodSpec
                    {
                        ServiceAccountName = d.Owner,
                        NodeSelector = NodeSelector(spec, d),
                        Tolerations = Tolerations(spec, d),
                        SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } },
                        Containers =
                        [
                            new V1Container
                            {
                                Name = app.Name,
                                Image = $"{image}:{app.Tag}",
                                Ports = [new V1ContainerPort { ContainerPort = app.Port, Name = "http" }],
                                SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false, ReadOnlyRootFilesystem = true, RunAsNonRoot = true, Capabilities = new V1Capabilities { Drop = ["ALL"] } },
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("128Mi") },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("512Mi") },
                                },
                                ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = "http" } },
                            },
                        ],
                    },
                },
            },
        };
        var service = new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta { Name = app.Name, Labels = labels },
            Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app.kubernetes.io/name"] = app.Name }, Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = "http" }] },
        };
        var yaml = ManifestSerializer.ToYaml([deployment, service]);
        var marker = $" # {{\"$imagepolicy\": \"{FluxNamespace}:{app.Name}\"}}";
        return yaml.Replace($"image: {image}:{app.Tag}\n", $"image: {image}:{app.Tag}{marker}\n", StringComparison.Ordinal);
    }

    /// <summary>Flux image automation for a cluster that follows a branch: it moves the applications within their ranges and pushes to that branch.</summary>
    private static object[] ImageAutomation(RepositorySpec spec, ClusterSpec cluster, List<ApplicationSpec> apps)
    {
        var objects = new List<object>();
        foreach (var app in apps)
        {
            objects.Add(new ImageRepository { Metadata = Meta(app.Name, FluxNamespace), Spec = new ImageRepositorySpec { Image = ImageOf(spec, app), Interval = "5m" } });
            objects.Add(new ImagePolicy
            {
                Metadata = Meta(app.Name, FluxNamespace),
                Spec = new ImagePolicySpec { ImageRepositoryRef = new ImagePolicyImageRepositoryRef { Name = app.Name }, Policy = new ImagePolicyPolicy { Semver = new ImagePolicyPolicySemver { Range = app.SemverRange } } },
            });
        }

        objects.Add(new ImageUpdateAutomation
        {
            Metadata = Meta($"{cluster.Name}-images", FluxNamespace),
            Spec = new ImageUpdateAutomationSpec
            {
                Interval = "30m",
                SourceRef = new ImageUpdateAutomationSourceRef { Kind = "GitRepository", Name = "flux-system" },
                Git = new ImageUpdateAutomationGit
                {
                    Checkout = new ImageUpdateAutomationGitCheckout { Ref = new ImageUpdateAutomationGitCheckoutRef { Branch = cluster.Tracking.Value } },
                    Commit = new ImageUpdateAutomationGitCommit
                    {
                        Author = new ImageUpdateAutomationGitCommitAuthor { Name = "fluxcdbot", Email = "fluxcdbot@users.noreply.github.com" },
                        MessageTemplate = "Update images for " + cluster.Name,
                    },
                    Push = new ImageUpdateAutomationGitPush { Branch = cluster.Tracking.Value },
                },
                Update = new ImageUpdateAutomationUpdate { Path = "./domains", Strategy = "Setters" },
            },
        });
        return [.. objects];
    }

    /// <summary>A Provider per target and one Alert for the cluster's Flux objects.</summary>
    private static object[] Notifications(RepositorySpec spec, ClusterSpec cluster)
    {
        var production = cluster.Name.StartsWith("prod", StringComparison.OrdinalIgnoreCase);
        var objects = new List<object>();
        foreach (var t in spec.Notifications)
        {
            objects.Add(new Provider
            {
                Metadata = Meta(t.Name, FluxNamespace),
                Spec = new ProviderSpec { Type = t.Type, Channel = t.Channel, Address = t.Address, SecretRef = new LocalObjectReference { Name = t.SecretName } },
            });
        }

        var sources = new List<AlertEventSource>
        {
            new() { Kind = "GitRepository", Name = "*" },
            new() { Kind = "Kustomization", Name = "*" },
        };
        sources.AddRange(spec.InfrastructureCharts.Concat(spec.PlatformCharts).Select(c => c.Namespace).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(ns => new AlertEventSource { Kind = "HelmRelease", Name = "*", Namespace = ns }));
        foreach (var t in spec.Notifications)
        {
            objects.Add(new Alert
            {
                Metadata = Meta($"{cluster.Name}-{t.Name}", FluxNamespace),
                Spec = new AlertSpec
                {
                    ProviderRef = new LocalObjectReference { Name = t.Name },
                    EventSeverity = production ? "info" : "error",
                    EventSources = t.Type == "github" ? [.. sources.Where(s => s.Kind == "Kustomization")] : sources,
                    EventMetadata = new Dictionary<string, string> { ["cluster"] = cluster.Name },
                    Summary = $"{cluster.Name}: Flux reconciliation",
                },
            });
        }

        return [.. objects];
    }

    /// <summary>SLO alerts (Flux, HelmReleases, Kestra executions, migration Jobs) and a Grafana dashboard, for kube-prometheus-stack.</summary>
    private static FileTree Observability(FileTree tree)
    {
        static Kubernetes.Monitoring.PrometheusRuleEntry Alert(string name, string expr, string @for, string severity, string summary) => new()
        {
            Alert = name,
            Expr = expr,
            For = @for,
            Labels = new Dictionary<string, string> { ["severity"] = severity },
            Annotations = new Dictionary<string, string> { ["summary"] = summary },
        };

        var rules = new Kubernetes.Monitoring.PrometheusRule
        {
            Metadata = new ObjectMeta { Name = "data-platform-slo", Namespace = "monitoring", Labels = new Dictionary<string, string> { ["release"] = "kube-prometheus-stack" } },
            Spec = new Kubernetes.Monitoring.PrometheusRuleSpec
            {
                Groups =
                [
                    new() { Name = "gitops", Rules =
                    [
                        Alert("FluxReconciliationFailing", "max by (exported_namespace, name, customresource_kind) (gotk_resource_info{ready=\"False\", customresource_kind!=\"HelmRelease\"}) > 0", "15m", "critical",
                            "{{ $labels.customresource_kind }} {{ $labels.exported_namespace }}/{{ $labels.name }} has not been ready for 15 minutes (Flux metrics through kube-state-metrics)."),
                        Alert("HelmReleaseFailing", "max by (exported_namespace, name) (gotk_resource_info{ready=\"False\", customresource_kind=\"HelmRelease\"}) > 0", "15m", "critical",
                            "HelmRelease {{ $labels.exported_namespace }}/{{ $labels.name }} has failed for 15 minutes."),
                    ] },
                    new() { Name = "pipelines", Rules =
                    [
                        Alert("KestraExecutionsFailing", "sum by (namespace_id, flow_id) (increase(kestra_executor_execution_end_count_total{state=\"FAILED\"}[1h])) > 0", "0m", "warning",
                            "Kestra flow {{ $labels.namespace_id }}.{{ $labels.flow_id }} had failed executions in the last hour."),
                        Alert("MigrationJobFailed", "max by (namespace, job_name) (kube_job_status_failed{job_name=~\".+-migrations.*\"}) > 0", "0m", "critical",
                            "Migration Job {{ $labels.namespace }}/{{ $labels.job_name }} failed: the applications that depend on it are held back."),
                    ] },
                ],
            },
        };
        var dashboard = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = "data-platform-dashboard", NamespaceProperty = "monitoring", Labels = new Dictionary<string, string> { ["grafana_dashboard"] = "1" } },
            Data = new Dictionary<string, string> { ["data-platform.json"] = DashboardJson },
        };
        return tree.With("infrastructure/observability/slo-rules.yaml", Yaml(rules))
                   .With("infrastructure/observability/dashboards.yaml", Yaml(dashboard))
                   .With("infrastructure/observability/kustomization.yaml", Yaml(Kustomization("slo-rules.yaml", "dashboards.yaml")));
    }

    private const string DashboardJson = """
        {
          "title": "Data platform",
          "uid": "data-platform",
          "schemaVersion": 39,
          "panels": [
            { "type": "stat", "title": "Flux objects not ready", "gridPos": { "x": 0, "y": 0, "w": 6, "h": 4 }, "targets": [ { "expr": "count(gotk_resource_info{ready=\"False\"}) or vector(0)" } ] },
            { "type": "stat", "title": "Failed Kestra executions (24h)", "gridPos": { "x": 6, "y": 0, "w": 6, "h": 4 }, "targets": [ { "expr": "sum(increase(kestra_executor_execution_end_count_total{state=\"FAILED\"}[24h])) or vector(0)" } ] },
            { "type": "stat", "title": "Failed migration Jobs", "gridPos": { "x": 12, "y": 0, "w": 6, "h": 4 }, "targets": [ { "expr": "sum(kube_job_status_failed{job_name=~\".+-migrations.*\"}) or vector(0)" } ] }
          ]
        }
        """;

    /// <summary>The Secret in flux-system holding the age identity Flux decrypts with (created at bootstrap, never in git).</summary>
    internal const string SopsAgeSecret = "sops-age";

    /// <summary>
    /// The repository's <c>.sops.yaml</c>: a rule per environment with its own keys (for files in that environment's
    /// overlays), then one for every other <c>*.sops.yaml</c>; Secrets encrypt only <c>data</c> and <c>stringData</c>.
    /// </summary>
    internal static Sops.SopsConfig? SopsConfigOf(RepositorySpec spec)
    {
        if (spec.Sops.Age.Count == 0 && spec.Sops.Environments.Count == 0 && !spec.Domains.Any(d => d.Secrets.Count > 0) && spec.Cloud is null)
        {
            return null;
        }

        static JsonNode? Csv(IEnumerable<string> items) => items.Any() ? JsonValue.Create(string.Join(',', items)) : null;
        var rules = new List<Sops.SopsCreationRule>();
        foreach (var (env, keys) in spec.Sops.Environments)
        {
            rules.Add(new Sops.SopsCreationRule
            {
                PathRegex = $@"^(domains/[^/]+/overlays|domains/[^/]+/migrations|clusters|infrastructure/overlays|platform/overlays)/{env}/.*\.sops\.ya?ml$",
                EncryptedRegex = "^(data|stringData)$",
                Age = Csv(spec.Sops.Age.Concat(keys.Age).Distinct(StringComparer.Ordinal)),
                AzureKeyVault = Csv(keys.AzureKeyVault),
                Kms = Csv(keys.Kms),
            });
        }

        rules.Add(new Sops.SopsCreationRule { PathRegex = @"\.sops\.ya?ml$", EncryptedRegex = "^(data|stringData)$", Age = Csv(spec.Sops.Age) });
        if (spec.Cloud is { } cloud)
        {
            // The cloud key can decrypt every secret too (sops updatekeys adds it to files encrypted in-process).
            rules = [.. rules.Select(r => cloud.Provider == "azure"
                ? r with { AzureKeyVault = Csv(Sops.SopsCreationRule.List(r.AzureKeyVault).Append(cloud.SopsKey).Distinct(StringComparer.Ordinal)) }
                : r with { Kms = Csv(Sops.SopsCreationRule.List(r.Kms).Append(cloud.SopsKey).Distinct(StringComparer.Ordinal)) })];
        }
        return Sops.SopsConfig.Create([.. rules]);
    }

    /// <summary>A domain Secret, SOPS-encrypted for the creation rule its path matches; the plaintext never leaves memory.</summary>
    private static string EncryptedSecret(RepositorySpec spec, DomainSpec d, SecretSpec secret, string path)
    {
        var config = SopsConfigOf(spec)!;
        var rule = config.RuleFor(path) ?? throw new InvalidOperationException($"No .sops.yaml rule matches {path}.");
        var plaintext = ManifestSerializer.ToYaml(new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = secret.Name, Labels = new Dictionary<string, string> { ["data-platform/domain"] = d.Name } },
            Type = "Opaque",
            StringData = new Dictionary<string, string>(secret.StringData, StringComparer.Ordinal),
        });
        return Sops.SopsFile.Encrypt(plaintext, Sops.SopsFormat.Yaml, rule.ToOptions());
    }

    /// <summary>The Kestra namespace of the flows that keep Kestra in sync with git.</summary>
    internal const string SystemFlowNamespace = "system";

    /// <summary>The Kestra secret holding a token that can read the repository.</summary>
    internal const string GitTokenSecret = "GIT_ACCESS_TOKEN";

    /// <summary>
    /// Each domain's flows under <c>pipelines/&lt;domain&gt;/</c> (one directory per child namespace), and per domain a
    /// SyncFlows flow in the <c>system</c> namespace that makes Kestra hold exactly what git holds.
    /// </summary>
    private static FileTree Flows(FileTree tree, RepositorySpec spec)
    {
        var pipelines = spec.Domains.SelectMany(d => d.Pipelines).ToList();
        if (pipelines.Count > 0)
        {
            tree = tree.With($"{Dlt.DltGenerator.Directory}/.dlt/config.toml", Dlt.DltGenerator.ConfigToml(pipelines))
                       .With($"{Dlt.DltGenerator.Directory}/.dlt/secrets.toml.example", Dlt.DltGenerator.SecretsTemplate(pipelines))
                       .With($"{Dlt.DltGenerator.Directory}/requirements.txt", Dlt.DltGenerator.Requirements(pipelines))
                       .With($"{Dlt.DltGenerator.Directory}/.gitignore", "# Local dlt credentials and state never go into git.\n.dlt/secrets.toml\n.dlt/*.local.toml\n");
        }

        foreach (var d in spec.Domains.Where(d => d.Flows.Count > 0 || d.Pipelines.Count > 0).OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            var flows = d.Flows.ToList();
            foreach (var pipeline in d.Pipelines)
            {
                var artifacts = Dlt.DltGenerator.Generate(pipeline, d.FlowNamespace, spec.SourceUrl);
                foreach (var (path, content) in artifacts.Files)
                {
                    tree = tree.With(path, content);
                }

                flows.Add(artifacts.Flow);
            }

            foreach (var flow in flows)
            {
                var sub = flow.Namespace.Length > d.FlowNamespace.Length ? flow.Namespace[(d.FlowNamespace.Length + 1)..].Replace('.', '/') + "/" : string.Empty;
                tree = tree.With($"pipelines/{d.Name}/{sub}{flow.FileName}", Yaml(flow));
            }

            var sync = Kestra.KestraFlow.Create($"sync-{d.Name}", SystemFlowNamespace, f => f
                .Description($"Makes the Kestra namespace '{d.FlowNamespace}' (and its children) hold exactly the flows of pipelines/{d.Name}/ on the main branch.")
                .Label("data-platform/domain", d.Name)
                .Task(new Kestra.GitSyncFlowsTask
                {
                    Id = "sync",
                    Url = spec.SourceUrl,
                    Branch = "main",
                    Username = "git",
                    Password = "{{ secret('" + GitTokenSecret + "') }}",
                    TargetNamespace = d.FlowNamespace,
                    GitDirectory = $"pipelines/{d.Name}",
                    IncludeChildNamespaces = true,
                    Delete = true,
                })
                .Schedule("*/10 * * * *", "every-ten-minutes")
                .Concurrency(1, "CANCEL"));
            tree = tree.With($"pipelines/{SystemFlowNamespace}/{sync.FileName}", Yaml(sync));
        }

        return tree;
    }

    private static FileTree Workflows(FileTree tree, RepositorySpec spec)
    {
        var overlays = spec.Profile == RepositoryProfile.Standard
            ? "infrastructure/overlays/* platform/overlays/* tenants/base domains/*/overlays/* domains/*/migrations/*/"
            : "infrastructure platform namespaces domains/*";
        var read = new JsonObject { ["contents"] = "read" };
        GitHub.GitHubStep Checkout(JsonObject? with = null) => new() { Uses = "actions/checkout@v4", With = with };
        var validate = new GitHub.GitHubWorkflow
        {
            Name = "validate",
            On = new JsonObject { ["pull_request"] = null, ["push"] = new JsonObject { ["branches"] = new JsonArray("main") } },
            Permissions = read.DeepClone(),
            Concurrency = new JsonObject { ["group"] = "validate-${{ github.ref }}", ["cancel-in-progress"] = true },
            Jobs = new Dictionary<string, GitHub.GitHubJob>
            {
                ["validate"] = new()
                {
                    RunsOn = "ubuntu-latest",
                    TimeoutMinutes = 20,
                    Steps =
                    [
                        Checkout(new JsonObject { ["fetch-depth"] = 0 }), // full history: --base-ref compares changelogs with main
                        new() { Name = "YAML lint", Run = "pipx run yamllint==1.35.1 -d \"{extends: relaxed, rules: {line-length: disable}}\" ." },
                        new() { Uses = "actions/setup-dotnet@v4", With = new JsonObject { ["dotnet-version"] = "10.0.x" } },
                        new() { Name = "Install dataplatform", Run = "dotnet tool install --global DataPlatform.Sdk.Cli" },
                        new() { Name = "Validate the repository", Run = "dataplatform validate . --format github --base-ref \"origin/${{ github.base_ref || 'main' }}\"" },
                        new() { Name = "Build every overlay", Run = $"for dir in {overlays}; do\n  echo \"kustomize build $dir\"\n  kubectl kustomize \"$dir\" > /dev/null\ndone\n" },
                        new()
                        {
                            Name = "Validate Liquibase changelogs",
                            If = "hashFiles('domains/*/migrations/**/changelog.yaml') != ''",
                            Run = "for changelog in domains/*/migrations/*/changelog.yaml domains/*/migrations/changelog.yaml; do\n  [ -f \"$changelog\" ] || continue\n  docker run --rm -v \"$PWD:/liquibase/changelog\" liquibase/liquibase:4.28.0 --search-path=/liquibase/changelog \"--changelog-file=$changelog\" --url=offline:postgresql validate\ndone\n",
                        },
                        new()
                        {
                            Name = "Lint Dockerfiles",
                            If = "hashFiles('**/Dockerfile') != ''",
                            Run = "find . -name Dockerfile -not -path './.git/*' -print0 | xargs -0 -n1 sh -c 'docker run --rm -i hadolint/hadolint:v2.12.0 < \"$0\"'\n",
                        },
                    ],
                },
            },
        };

        var prod = spec.Clusters.FirstOrDefault(c => c.Name is "prod" or "production");
        var release = new GitHub.GitHubWorkflow
        {
            Name = "release",
            On = new JsonObject { ["workflow_dispatch"] = new JsonObject { ["inputs"] = new JsonObject { ["version"] = new JsonObject { ["description"] = "Release version (SemVer, without the leading v)", ["required"] = true, ["type"] = "string" } } } },
            Permissions = read.DeepClone(),
            Jobs = new Dictionary<string, GitHub.GitHubJob>
            {
                ["release"] = new()
                {
                    RunsOn = "ubuntu-latest",
                    Permissions = new JsonObject { ["contents"] = "write" },
                    Steps =
                    [
                        Checkout(new JsonObject { ["fetch-depth"] = 0 }),
                        new() { Name = "Check the version", Env = new JsonObject { ["VERSION"] = "${{ inputs.version }}" }, Run = "echo \"$VERSION\" | grep -Eq '^[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?$' || { echo \"::error::$VERSION is not SemVer\"; exit 1; }" },
                        new() { Name = "Tag and write the release notes", Env = new JsonObject { ["GH_TOKEN"] = "${{ github.token }}", ["VERSION"] = "${{ inputs.version }}" }, Run = "gh release create \"v${VERSION}\" --generate-notes --target main" },
                    ],
                },
            },
        };

        var promoteSteps = new List<GitHub.GitHubStep> { Checkout() };
        if (prod?.Tracking.Kind == "tag")
        {
            promoteSteps.Add(new() { Name = "Point production at the release", Env = new JsonObject { ["TAG"] = "${{ github.event.release.tag_name }}" }, Run = $"sed -i \"s/^\\(\\s*tag:\\).*/\\1 ${{TAG}}/\" clusters/{prod.Name}/flux-system/gotk-sync.yaml" });
            promoteSteps.Add(new() { Name = "Open the promotion pull request", Uses = "peter-evans/create-pull-request@v6", With = new JsonObject { ["branch"] = "promote/${{ github.event.release.tag_name }}", ["title"] = "Promote ${{ github.event.release.tag_name }} to production", ["body"] = "Production follows release tags: merging this review deploys the release." } });
        }
        else
        {
            promoteSteps.Add(new() { Name = "Production follows the semver range", Run = $"echo \"clusters/{prod?.Name ?? "prod"} follows {prod?.Tracking.Value ?? "a release range"}; ${{{{ github.event.release.tag_name }}}} deploys when it is in range.\" >> \"$GITHUB_STEP_SUMMARY\"" });
        }

        var deploy = new GitHub.GitHubWorkflow
        {
            Name = "deploy",
            On = new JsonObject { ["release"] = new JsonObject { ["types"] = new JsonArray("published") } },
            Permissions = read.DeepClone(),
            Jobs = new Dictionary<string, GitHub.GitHubJob>
            {
                ["integration-tests"] = new()
                {
                    RunsOn = "ubuntu-latest",
                    Environment = spec.Clusters.FirstOrDefault()?.Name ?? "dev",
                    Steps =
                    [
                        Checkout(),
                        new() { Name = "Wait for Flux to reconcile the release on the first environment", Env = new JsonObject { ["KUBECONFIG_DATA"] = "${{ secrets.KUBECONFIG }}" },
                            Run = "echo \"$KUBECONFIG_DATA\" > \"$RUNNER_TEMP/kubeconfig\"\nexport KUBECONFIG=\"$RUNNER_TEMP/kubeconfig\"\nkubectl -n flux-system wait kustomizations --all --for=condition=Ready --timeout=15m\n" },
                    ],
                },
                ["promote"] = new()
                {
                    Needs = "integration-tests",
                    RunsOn = "ubuntu-latest",
                    Environment = prod?.Name ?? "prod",
                    Permissions = new JsonObject { ["contents"] = "write", ["pull-requests"] = "write" },
                    Steps = promoteSteps,
                },
                ["notify"] = new()
                {
                    Needs = new JsonArray("integration-tests", "promote"),
                    If = "always()",
                    RunsOn = "ubuntu-latest",
                    Steps =
                    [
                        new() { Name = "Notify the team", Env = new JsonObject { ["WEBHOOK"] = "${{ secrets.NOTIFICATION_WEBHOOK_URL }}", ["RESULT"] = "${{ needs.promote.result }}", ["TAG"] = "${{ github.event.release.tag_name }}" },
                            Run = "[ -z \"$WEBHOOK\" ] || curl -fsS -X POST -H 'Content-Type: application/json' -d \"{\\\"text\\\": \\\"Release $TAG: promotion $RESULT\\\"}\" \"$WEBHOOK\"" },
                    ],
                },
            },
        };

        return tree.With(".github/workflows/validate.yaml", "# Validates every change: YAML, the repository with dataplatform, every overlay, changelogs, Dockerfiles.\n" + Yaml(validate))
                   .With(".github/workflows/release.yaml", "# Tags a release from main; production follows releases, never a branch.\n" + Yaml(release))
                   .With(".github/workflows/deploy.yaml", "# Deployment is GitOps (Flux applies git). On a release: wait for the first environment, promote by pull request, notify.\n" + Yaml(deploy));
    }

    private const string TemplateReadme = """
        # Tenant template

        `tenant.yaml.tmpl` is what a new tenant gets: a namespace (Pod Security `restricted`), a service account with a
        namespaced role binding, a ResourceQuota, a LimitRange and default-deny network policies with same-namespace and
        DNS exceptions. Generate tenants with the SDK (`.Tenant("name", t => t.Quota(...))`) rather than by hand.

        """;

    private const string PipelinesReadme = """
        # Pipelines

        Kestra flows live in `<domain>/<flow-id>.yml` (namespace `<domain>`; a sub-directory per child namespace, e.g.
        `finance/ingest/` for `finance.ingest`) and dlt scripts in `dlt/<source>-<destination>.py`. Flows reach Kestra
        through Kestra's git sync, not through Flux: `system/sync-<domain>.yml` runs `io.kestra.plugin.git.SyncFlows`
        every ten minutes and makes each domain namespace hold exactly what git holds (flows deleted in git are deleted
        in Kestra).

        Bootstrap, once per Kestra instance: create the secret `GIT_ACCESS_TOKEN` (a read-only token for this
        repository) and load the sync flows themselves, e.g. `kestra flow namespace update system pipelines/system`
        or through the UI. From then on, changes reach Kestra by pull request only.

        """;

    private static string RepositoryReadme(RepositorySpec spec) => $"""
        # {spec.Name}

        Generated by DataPlatform.Sdk ({spec.Profile.ToString().ToLowerInvariant()} profile). Clusters: {string.Join(", ", spec.Clusters.Select(c => $"{c.Name} ({c.Tracking.Kind} {c.Tracking.Value})"))}.

        Flux reconciles, per cluster, `clusters/<env>/flux-system` first, then infrastructure → platform → tenants →
        domains in that order (`dependsOn`). Bootstrap each cluster once with `flux bootstrap`, pointing it at
        `clusters/<env>`; the Flux controllers themselves are installed by the bootstrap, not by this repository.
        {SecretsReadme(spec)}{NotificationsReadme(spec)}
        """;

    private static string NotificationsReadme(RepositorySpec spec) => spec.Notifications.Count == 0 ? string.Empty : $"""

        ## Notifications

        Each cluster's `notifications.yaml` holds a Flux Provider per target and an Alert for its Kustomizations,
        HelmReleases and sources. Create their Secrets in `flux-system` once per cluster (never in git):
        {string.Join("\n", spec.Notifications.Select(t => $"    kubectl -n flux-system create secret generic {t.SecretName} --from-literal={(t.Type == "github" ? "token" : "address")}=<{(t.Type == "github" ? "token" : "webhook URL")}>"))}
        """;

    private static string SecretsReadme(RepositorySpec spec) => SopsConfigOf(spec) is null ? string.Empty : $"""

        ## Secrets

        Secrets are SOPS-encrypted (`*.sops.yaml`, only `data`/`stringData` encrypted) for the keys in `.sops.yaml`, and
        Flux decrypts them with the age identity of the Secret `{SopsAgeSecret}` in `flux-system`. That identity never
        enters git; create it once per cluster from your key file:

            kubectl -n flux-system create secret generic {SopsAgeSecret} --from-file=age.agekey="$SOPS_AGE_KEY_FILE"

        Edit a secret with `sops domains/<domain>/base/<name>.sops.yaml` or `dataplatform secrets decrypt|encrypt`.
        Keys named in `.sops.yaml` besides age (Azure Key Vault, AWS KMS) are added to the files by `sops updatekeys`.
        """;
}
