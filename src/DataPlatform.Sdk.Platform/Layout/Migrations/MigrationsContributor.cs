using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Kubernetes.Kustomize;
using k8s.Models;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>A domain's Liquibase migrations: the changelog, the Secret holding LIQUIBASE_COMMAND_URL/USERNAME/PASSWORD, the pinned image.</summary>
internal sealed record MigrationSpec(Liquibase.LiquibaseChangelog Changelog, string CredentialsSecret, string Image);

/// <summary>
/// A domain's migrations: the changelog as a generated ConfigMap and a hardened Job that runs <c>liquibase update</c>
/// with the credentials Secret's LIQUIBASE_COMMAND_* variables; an overlay per environment with that environment's
/// credentials; a Flux Kustomization (force: the Job is immutable) the domain's Kustomization depends on.
/// </summary>
internal sealed class MigrationsContributor : ILayoutContributor
{
    public void Contribute(LayoutContext context)
    {
        foreach (var d in context.Spec.Domains.Where(d => d.Migrations is not null))
        {
            Write(context, d, d.Migrations!);
        }
    }

    /// <summary>The migrations' Flux Kustomization in a cluster.</summary>
    public static FluxKustomization Layer(LayoutContext context, DomainSpec d, string cluster)
    {
        var migrations = LayoutObjects.Flux($"domain-{d.Name}-migrations", context.Paths.MigrationsSyncPath(d.Name, cluster), dependsOn: "tenants");
        return migrations with
        {
            Spec = migrations.Spec with
            {
                TargetNamespace = d.Owner,
                Force = true, // a Job is immutable: a new changelog replaces it
                Timeout = "15m",
                Decryption = d.Secrets.Count > 0 ? LayoutObjects.Decryption() : null,
            },
        };
    }

    private static void Write(LayoutContext context, DomainSpec d, MigrationSpec m)
    {
        var (spec, paths, files) = (context.Spec, context.Paths, context.Files);
        var dir = paths.MigrationsBase(d.Name);
        var labels = new Dictionary<string, string> { ["data-platform/domain"] = d.Name, ["app.kubernetes.io/component"] = "migrations" };
        var job = new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = $"{d.Name}-migrations", Labels = labels },
            Spec = new V1JobSpec
            {
                BackoffLimit = 2,
                TtlSecondsAfterFinished = 86400,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = CloudProfile.PodLabels(spec.Cloud, new Dictionary<string, string>(labels)) },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        ServiceAccountName = d.Owner,
                        NodeSelector = NodePools.Selector(spec, d),
                        Tolerations = NodePools.Tolerations(spec, d),
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
        if (!paths.HasOverlays && shared is not null)
        {
            SecretsContributor.WriteEncrypted(context, d, shared, $"{dir}/{shared.Name}.sops.yaml");
            resources.Add($"{shared.Name}.sops.yaml");
        }

        files.Text($"{dir}/changelog.yaml", () => Liquibase.LiquibaseFile.Write(m.Changelog, Liquibase.ChangelogFormat.Yaml));
        files.Add($"{dir}/job.yaml", job);
        files.Add($"{dir}/kustomization.yaml", KustomizationFile.Create() with
        {
            Resources = [.. resources],
            ConfigMapGenerator = [new KustomizeGenerator { Name = $"{d.Name}-changelog", Files = ["changelog.yaml"] }],
        });
        if (!paths.HasOverlays)
        {
            return;
        }

        foreach (var env in context.EnvironmentsOf(d))
        {
            var overlay = new List<string> { "../base" };
            var folder = paths.MigrationsOverlay(d.Name, env);
            if ((d.Secrets.FirstOrDefault(x => x.Name == m.CredentialsSecret && x.Environment == env) ?? shared) is { } secret)
            {
                SecretsContributor.WriteEncrypted(context, d, secret, $"{folder}/{secret.Name}.sops.yaml");
                overlay.Add($"{secret.Name}.sops.yaml");
            }

            files.Add($"{folder}/kustomization.yaml", LayoutContext.Kustomization([.. overlay]));
        }
    }
}
