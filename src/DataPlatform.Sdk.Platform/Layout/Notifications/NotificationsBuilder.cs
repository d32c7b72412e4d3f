using DataPlatform.Sdk.Flux;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>Where Flux's notification-controller sends events: a provider type, its channel or address, and the Secret with its credentials.</summary>
internal sealed record NotificationTarget(string Name, string Type, string? Channel, string? Address, string SecretName);

/// <summary>Names notification targets.</summary>
public sealed class NotificationsBuilder
{
    private readonly DescriptionProblems _problems;
    private readonly List<NotificationTarget> _targets = [];

    internal NotificationsBuilder(DescriptionProblems problems) => _problems = problems;

    internal IReadOnlyList<NotificationTarget> Targets => _targets;

    /// <summary>A Slack channel through an incoming webhook.</summary>
    /// <param name="channel">The channel, e.g. <c>#platform-alerts</c>.</param>
    /// <param name="secretName">The Secret in flux-system holding the webhook in its <c>address</c> key.</param>
    /// <returns>This builder.</returns>
    public NotificationsBuilder Slack(string channel, string secretName = "slack-webhook") => Add(new("slack", "slack", channel, null, secretName));

    /// <summary>A Microsoft Teams channel through a webhook.</summary>
    /// <param name="secretName">The Secret holding the webhook in its <c>address</c> key.</param>
    /// <returns>This builder.</returns>
    public NotificationsBuilder Teams(string secretName = "teams-webhook") => Add(new("msteams", "msteams", null, null, secretName));

    /// <summary>A generic webhook.</summary>
    /// <param name="secretName">The Secret holding the URL in its <c>address</c> key.</param>
    /// <returns>This builder.</returns>
    public NotificationsBuilder Webhook(string secretName = "webhook") => Add(new("webhook", "generic", null, null, secretName));

    /// <summary>Commit statuses on the repository (Kustomizations only).</summary>
    /// <param name="repositoryUrl">The repository URL.</param>
    /// <param name="secretName">The Secret holding a token in its <c>token</c> key.</param>
    /// <returns>This builder.</returns>
    public NotificationsBuilder GitHubCommitStatus(string repositoryUrl, string secretName = "github-token") => Add(new("github", "github", null, repositoryUrl, secretName));

    private NotificationsBuilder Add(NotificationTarget target)
    {
        Names.Check(target.SecretName, "secretName");
        if (_targets.Any(t => t.Name == target.Name))
        {
            _problems.Add($"Notifications: the {target.Name} target is already defined; a second one would silently replace it.", "Name each target once.");
            return this;
        }

        _targets.Add(target);
        return this;
    }
}

/// <summary>Each cluster's <c>notifications.yaml</c>: a Provider per target and one Alert per target for the cluster's Flux objects.</summary>
internal sealed class NotificationsContributor : ILayoutContributor
{
    public void Contribute(LayoutContext context)
    {
        var spec = context.Spec;
        if (spec.Notifications.Count == 0)
        {
            return;
        }

        foreach (var cluster in spec.Clusters)
        {
            context.Files.Add($"{context.Paths.ClusterFolder(cluster.Name)}/notifications.yaml", Objects(spec, cluster));
        }
    }

    private static object[] Objects(RepositorySpec spec, ClusterSpec cluster)
    {
        var production = cluster.Name.StartsWith("prod", StringComparison.OrdinalIgnoreCase);
        var objects = new List<object>();
        foreach (var t in spec.Notifications)
        {
            objects.Add(new Provider
            {
                Metadata = LayoutObjects.Meta(t.Name, LayoutObjects.FluxNamespace),
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
                Metadata = LayoutObjects.Meta($"{cluster.Name}-{t.Name}", LayoutObjects.FluxNamespace),
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

    public static string Readme(RepositorySpec spec) => spec.Notifications.Count == 0 ? string.Empty : $"""

        ## Notifications

        Each cluster's `notifications.yaml` holds a Flux Provider per target and an Alert for its Kustomizations,
        HelmReleases and sources. Create their Secrets in `flux-system` once per cluster (never in git):
        {string.Join("\n", spec.Notifications.Select(t => $"    kubectl -n flux-system create secret generic {t.SecretName} --from-literal={(t.Type == "github" ? "token" : "address")}=<{(t.Type == "github" ? "token" : "webhook URL")}>"))}
        """;
}
