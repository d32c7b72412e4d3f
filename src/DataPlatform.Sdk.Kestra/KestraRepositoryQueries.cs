using DataPlatform.Sdk.Repository;

namespace DataPlatform.Sdk.Kestra;

/// <summary>Kestra flows in a repository.</summary>
public static class KestraRepositoryQueries
{
    /// <summary>The Kestra flow with a namespace and id, or <see langword="null"/>.</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="ns">The flow's namespace (<c>finance.ingest</c>).</param>
    /// <param name="id">The flow's id.</param>
    /// <returns>The object holding the flow.</returns>
    public static RepositoryObject? Flow(this GitOpsRepository repository, string ns, string id)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentException.ThrowIfNullOrEmpty(ns);
        ArgumentException.ThrowIfNullOrEmpty(id);
        return repository.Objects.FirstOrDefault(o => o.Value is KestraFlow f && f.Namespace == ns && f.Id == id);
    }
}
