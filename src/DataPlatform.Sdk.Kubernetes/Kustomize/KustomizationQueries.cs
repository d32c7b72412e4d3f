using DataPlatform.Sdk.Repository;

namespace DataPlatform.Sdk.Kubernetes.Kustomize;

/// <summary>Kustomizations in a repository.</summary>
public static class KustomizationQueries
{
    /// <summary>The kustomization of a <c>kustomization.yaml</c>, or <see langword="null"/> for another file.</summary>
    /// <param name="file">The file.</param>
    /// <returns>The kustomization.</returns>
    public static KustomizationFile? Kustomization(this RepositoryFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.Objects.Select(o => o.Value).OfType<KustomizationFile>().FirstOrDefault();
    }
}
