using System.Text.RegularExpressions;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// Which git ref each environment's Kestra runs flows and pipeline code from. Flows reach Kestra through its own git
/// sync (SyncFlows, and the dlt flows' Clone), not through Flux, so they follow the environment the way Flux does:
/// every sync and clone reads the ref from the Kestra deployment's environment (<c>{{ envs.data_platform_git_ref }}</c>,
/// Kestra's <c>ENV_</c> variables), which each environment's platform overlay sets — the branch a development cluster
/// follows, the released tag in production (setter-marked, so the release workflow moves it with the release).
/// </summary>
internal static partial class GitRefs
{
    /// <summary>The variable's name as Kestra expressions read it.</summary>
    public const string Variable = "data_platform_git_ref";

    /// <summary>The expression flows use.</summary>
    public const string Expression = "{{ envs." + Variable + " }}";

    /// <summary>The setter marker on the production ref, which the release workflow rewrites (like image automation's).</summary>
    public static string Marker(string cluster) => $" {{\"$release\": \"{cluster}\"}}";

    /// <summary>
    /// The ref a cluster's Kestra runs: the branch or tag it follows; for a semver range, the first release in it (the
    /// release workflow moves it to each new release); for a commit, the commit.
    /// </summary>
    public static string For(ClusterSpec cluster) => cluster.Tracking.Kind switch
    {
        "semver" => "v" + (Version().Match(cluster.Tracking.Value) is { Success: true } m ? m.Value : "1.0.0"),
        _ => cluster.Tracking.Value,
    };

    /// <summary>Whether the cluster runs releases (its ref is rewritten by the release workflow).</summary>
    public static bool FollowsReleases(ClusterSpec cluster) => cluster.Tracking.Kind is "semver" or "tag";

    [GeneratedRegex(@"\d+\.\d+\.\d+", RegexOptions.None, 1000)]
    private static partial Regex Version();
}
