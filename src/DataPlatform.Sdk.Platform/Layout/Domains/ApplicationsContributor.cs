using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Yaml;
using k8s.Models;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// Applications: a hardened Deployment and Service per application (in its domain's base), and, in each cluster that
/// follows a branch, Flux image automation that moves the applications within their semver ranges.
/// </summary>
internal sealed class ApplicationsContributor : ILayoutContributor
{
    public void Contribute(LayoutContext context)
    {
        foreach (var cluster in context.Spec.Clusters.Where(c => c.Tracking.Kind == "branch"))
        {
            var apps = context.Spec.Domains.Where(d => context.EnvironmentsOf(d).Contains(cluster.Name)).SelectMany(d => d.Applications).ToList();
            if (apps.Count > 0)
            {
                context.Files.Add($"{context.Paths.ClusterFolder(cluster.Name)}/image-automation.yaml", ImageAutomation(context.Spec, cluster, apps));
            }
        }
    }

    /// <summary>The application's file; the image line carries the image policy marker image automation updates.</summary>
    public static void Write(LayoutContext context, DomainSpec d, ApplicationSpec app, string path)
    {
        var spec = context.Spec;
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = app.Name, ["data-platform/domain"] = d.Name };
        var image = CloudProfile.ImageOf(spec.Cloud, app.Image);
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
                    Metadata = new V1ObjectMeta { Labels = CloudProfile.PodLabels(spec.Cloud, new Dictionary<string, string>(labels)) },
                    Spec = new V1PodSpec
                    {
                        ServiceAccountName = d.Owner,
                        NodeSelector = NodePools.Selector(spec, d),
                        Tolerations = NodePools.Tolerations(spec, d),
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
        var marker = $" {{\"$imagepolicy\": \"{LayoutObjects.FluxNamespace}:{app.Name}\"}}";

        // With a Flagger rollout, Flagger makes the application's Services (primary and canary) from its Canary.
        object[] objects = d.Rollout is { } rollout ? [deployment, .. ProgressiveDelivery.Objects(app, rollout, labels)] : [deployment, service];
        context.Files.Add(path, objects, decorate: documents => MarkImage(documents[0].Root, marker));
    }

    /// <summary>Puts the image policy marker after the container's image (<c>image: …:1.4.2 # {"$imagepolicy": "flux-system:app"}</c>).</summary>
    private static void MarkImage(YamlNode? node, string marker)
    {
        if (node is YamlMapping map)
        {
            foreach (var entry in map.Entries)
            {
                if (entry.Key.Value == "image" && entry.Value is YamlScalar)
                {
                    entry.LineComment = marker;
                }
                else
                {
                    MarkImage(entry.Value, marker);
                }
            }
        }
        else if (node is YamlSequence seq)
        {
            foreach (var item in seq.Items)
            {
                MarkImage(item.Value, marker);
            }
        }
    }

    private static object[] ImageAutomation(RepositorySpec spec, ClusterSpec cluster, List<ApplicationSpec> apps)
    {
        var objects = new List<object>();
        foreach (var app in apps)
        {
            objects.Add(new ImageRepository { Metadata = LayoutObjects.Meta(app.Name, LayoutObjects.FluxNamespace), Spec = new ImageRepositorySpec { Image = CloudProfile.ImageOf(spec.Cloud, app.Image), Interval = "5m" } });
            objects.Add(new ImagePolicy
            {
                Metadata = LayoutObjects.Meta(app.Name, LayoutObjects.FluxNamespace),
                Spec = new ImagePolicySpec { ImageRepositoryRef = new ImagePolicyImageRepositoryRef { Name = app.Name }, Policy = new ImagePolicyPolicy { Semver = new ImagePolicyPolicySemver { Range = app.SemverRange } } },
            });
        }

        objects.Add(new ImageUpdateAutomation
        {
            Metadata = LayoutObjects.Meta($"{cluster.Name}-images", LayoutObjects.FluxNamespace),
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
}

/// <summary>Where a domain's generated workloads run: its tenant's node pool, if it has one.</summary>
internal static class NodePools
{
    private static string? PoolOf(RepositorySpec spec, DomainSpec d) => spec.Tenants.FirstOrDefault(t => t.Name == d.Owner)?.NodePool;

    public static Dictionary<string, string>? Selector(RepositorySpec spec, DomainSpec d) =>
        PoolOf(spec, d) is { } pool ? new Dictionary<string, string> { ["data-platform/workload-class"] = pool } : null;

    public static List<V1Toleration>? Tolerations(RepositorySpec spec, DomainSpec d) =>
        PoolOf(spec, d) is { } pool ? [new V1Toleration { Key = "workload-class", OperatorProperty = "Equal", Value = pool, Effect = "NoSchedule" }] : null;
}
