using DataPlatform.Sdk.Kestra;
using DataPlatform.Sdk.Platform.Validation;

namespace DataPlatform.Sdk.Platform.Repository;

/// <summary>Queries that know the tools: Kestra flows by namespace and id, and what a cluster reconciles.</summary>
public sealed partial class GitOpsRepository
{
    /// <summary>The Kestra flow with a namespace and id, or <see langword="null"/>.</summary>
    /// <param name="ns">The flow's namespace (<c>finance.ingest</c>).</param>
    /// <param name="id">The flow's id.</param>
    /// <returns>The object holding the flow.</returns>
    public RepositoryObject? Flow(string ns, string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(ns);
        ArgumentException.ThrowIfNullOrEmpty(id);
        return Objects.FirstOrDefault(o => o.Value is KestraFlow f && f.Namespace == ns && f.Id == id);
    }

    /// <summary>The names of the clusters: the directories under <c>clusters/</c> that hold a Flux entry point.</summary>
    public IReadOnlyList<string> Clusters => [.. Scopes.Where(s => s.Root is not null).Select(s => ClusterName(s.Root!)).OfType<string>().Distinct().Order(StringComparer.Ordinal)];

    /// <summary>
    /// Every object a cluster reconciles, as Flux applies it: from the cluster's entry point (<c>clusters/&lt;name&gt;/</c>)
    /// through its Flux Kustomizations and what kustomize builds from their paths, namespaces as applied.
    /// </summary>
    /// <param name="cluster">The cluster's name (<c>prod</c>).</param>
    /// <returns>The objects.</returns>
    /// <exception cref="ArgumentException">No such cluster; the message names those there are.</exception>
    public IReadOnlyList<RepositoryObject> ReconciledBy(string cluster)
    {
        ArgumentException.ThrowIfNullOrEmpty(cluster);
        var scope = Scopes.FirstOrDefault(s => s.Root is not null && ClusterName(s.Root) == cluster);
        return scope?.Objects
            ?? throw new ArgumentException($"No cluster '{cluster}' (a Flux entry point under clusters/{cluster}/); clusters: {string.Join(", ", Clusters.DefaultIfEmpty("none"))}.", nameof(cluster));
    }

    private IReadOnlyList<FluxScope> Scopes => _scopes ??= FluxScopes.Compute(this, new BuildGraph(this));

    private static string? ClusterName(RepositoryObject root) => root.File.Value.Split('/') is ["clusters", var name, _, ..] ? name : null;
}
