using DataPlatform.Sdk.Kubernetes.Kustomize;
using k8s.Models;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// Each domain inside its owner's namespace: settings, applications, Secrets and manifests in its base, an overlay per
/// environment (namespace, environment label, pinned image tags where the cluster follows releases, that
/// environment's Secrets), and the cluster's Flux Kustomization for it (after its migrations, when it has any).
/// </summary>
internal sealed class DomainsContributor : ILayoutContributor
{
    public void Contribute(LayoutContext context)
    {
        var (spec, paths, files) = (context.Spec, context.Paths, context.Files);
        foreach (var d in spec.Domains)
        {
            var settings = new V1ConfigMap
            {
                ApiVersion = "v1",
                Kind = "ConfigMap",
                Metadata = new V1ObjectMeta { Name = $"{d.Name}-settings", Labels = new Dictionary<string, string> { ["data-platform/domain"] = d.Name } },
                Data = new Dictionary<string, string>(d.Settings.Prepend(new KeyValuePair<string, string>("DOMAIN", d.Name)), StringComparer.Ordinal),
            };
            var baseFolder = paths.DomainBase(d.Name);
            var resources = new List<string> { "settings.yaml" };
            if (d.Manifests.Count > 0)
            {
                resources.Add("resources.yaml");
            }

            foreach (var app in d.Applications)
            {
                ApplicationsContributor.Write(context, d, app, $"{baseFolder}/{app.Name}.yaml");
                resources.Add($"{app.Name}.yaml");
            }

            foreach (var secret in d.Secrets.Where(x => x.Environment is null && x.Name != d.Migrations?.CredentialsSecret))
            {
                SecretsContributor.WriteEncrypted(context, d, secret, $"{baseFolder}/{secret.Name}.sops.yaml");
                resources.Add($"{secret.Name}.sops.yaml");
            }

            if (d.Manifests.Count > 0)
            {
                files.Add($"{baseFolder}/resources.yaml", [.. d.Manifests]);
            }

            files.Add($"{baseFolder}/settings.yaml", settings);
            if (paths.HasOverlays)
            {
                files.Add($"{baseFolder}/kustomization.yaml", LayoutContext.Kustomization([.. resources]));
                foreach (var env in context.EnvironmentsOf(d))
                {
                    Overlay(context, d, env);
                }
            }
            else
            {
                files.Add($"{baseFolder}/kustomization.yaml", LayoutContext.Kustomization([.. resources]) with { Namespace = d.Owner });
            }

            foreach (var cluster in spec.Clusters.Where(c => context.EnvironmentsOf(d).Contains(c.Name)))
            {
                Layers(context, d, cluster.Name);
            }
        }
    }

    private static void Overlay(LayoutContext context, DomainSpec d, string env)
    {
        var resources = new List<string> { "../../base" };
        var folder = context.Paths.DomainOverlay(d.Name, env);
        foreach (var secret in d.Secrets.Where(x => x.Environment == env && x.Name != d.Migrations?.CredentialsSecret))
        {
            SecretsContributor.WriteEncrypted(context, d, secret, $"{folder}/{secret.Name}.sops.yaml");
            resources.Add($"{secret.Name}.sops.yaml");
        }

        var pinned = context.Spec.Clusters.FirstOrDefault(c => c.Name == env)?.Tracking.Kind != "branch";
        var kustomization = LayoutContext.Kustomization([.. resources]) with
        {
            // Clusters that follow releases pin each application's tag; the release workflow moves the pin to the tag
            // the first environment runs (its image automation's), through the setter marker after each newTag.
            Images = pinned ? [.. d.Applications.Select(a => new KustomizeImage { Name = CloudProfile.ImageOf(context.Spec.Cloud, a.Image), NewTag = a.Tag })] : [],
            Namespace = d.Owner,
            Labels = [new KustomizeLabels { Pairs = new Dictionary<string, string> { ["data-platform/environment"] = env }, IncludeSelectors = false }],
        };
        context.Files.Add($"{folder}/kustomization.yaml", [kustomization], decorate: pinned && d.Applications.Count > 0
            ? documents => MarkReleasedImages(documents[0].Root, d.Applications)
            : null);
    }

    /// <summary>The setter marker of a pinned image tag: <c>newTag: 1.4.2 # {"$release-image": "flux-system:orders-api"}</c>.</summary>
    internal static string ReleaseImageMarker(string application) => $" {{\"$release-image\": \"{LayoutObjects.FluxNamespace}:{application}\"}}";

    private static void MarkReleasedImages(Yaml.YamlNode? root, System.Collections.Immutable.ImmutableList<ApplicationSpec> applications)
    {
        if (root is not Yaml.YamlMapping map || map.Find("images")?.Value is not Yaml.YamlSequence images)
        {
            return;
        }

        for (var i = 0; i < images.Items.Count && i < applications.Count; i++)
        {
            if (images.Items[i].Value is Yaml.YamlMapping image && image.Find("newTag") is { } tag)
            {
                tag.LineComment = ReleaseImageMarker(applications[i].Name);
            }
        }
    }

    /// <summary>The domain's Flux Kustomization in a cluster, after its migrations' one (which applies the credentials).</summary>
    private static void Layers(LayoutContext context, DomainSpec d, string cluster)
    {
        var layers = context.ClusterLayers[cluster];
        if (d.Migrations is not null)
        {
            layers.Add(MigrationsContributor.Layer(context, d, cluster));
        }

        var domain = LayoutObjects.Flux($"domain-{d.Name}", context.Paths.DomainSyncPath(d.Name, cluster), dependsOn: d.Migrations is null ? "tenants" : $"domain-{d.Name}-migrations");
        if (d.Secrets.Any(x => x.Environment is null || x.Environment == cluster))
        {
            domain = domain with { Spec = domain.Spec with { Decryption = LayoutObjects.Decryption() } };
        }

        layers.Add(domain);
    }
}
