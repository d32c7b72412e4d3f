using DataPlatform.Sdk.Repository;

namespace DataPlatform.Sdk.Platform.Validation;

/// <summary>What each cluster of a repository reconciles, as Flux builds it.</summary>
public static class ClusterQueries
{
    /// <summary>The names of the clusters: the directories under <c>clusters/</c> that hold a Flux entry point.</summary>
    /// <param name="repository">The repository.</param>
    /// <returns>The names, in order.</returns>
    public static IReadOnlyList<string> Clusters(this GitOpsRepository repository) =>
        [.. Scopes(repository).Where(s => s.Root is not null).Select(s => ClusterName(s.Root!)).OfType<string>().Distinct().Order(StringComparer.Ordinal)];

    /// <summary>
    /// Every object a cluster reconciles, as Flux applies it: from the cluster's entry point (<c>clusters/&lt;name&gt;/</c>)
    /// through its Flux Kustomizations and what kustomize builds from their paths, namespaces as applied.
    /// </summary>
    /// <param name="repository">The repository.</param>
    /// <param name="cluster">The cluster's name (<c>prod</c>).</param>
    /// <returns>The objects.</returns>
    /// <exception cref="ArgumentException">No such cluster; the message names those there are.</exception>
    public static IReadOnlyList<RepositoryObject> ReconciledBy(this GitOpsRepository repository, string cluster)
    {
        ArgumentException.ThrowIfNullOrEmpty(cluster);
        var scope = Scopes(repository).FirstOrDefault(s => s.Root is not null && ClusterName(s.Root) == cluster);
        return scope?.Objects
            ?? throw new ArgumentException($"No cluster '{cluster}' (a Flux entry point under clusters/{cluster}/); clusters: {string.Join(", ", repository.Clusters().DefaultIfEmpty("none"))}.", nameof(cluster));
    }

    private static IReadOnlyList<FluxScope> Scopes(GitOpsRepository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return repository.Analysis<IReadOnlyList<FluxScope>>(r => FluxScopes.Compute(r, new BuildGraph(r)));
    }

    private static string? ClusterName(RepositoryObject root) => root.File.Value.Split('/') is ["clusters", var name, _, ..] ? name : null;
}
