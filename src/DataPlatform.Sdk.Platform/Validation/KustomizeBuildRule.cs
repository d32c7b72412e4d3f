using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Kubernetes.Kustomize;
using DataPlatform.Sdk.Repository;

namespace DataPlatform.Sdk.Platform.Validation;

/// <summary>What Flux builds from the repository, shared by the rules that need it.</summary>
public static class RepositoryContextExtensions
{
    /// <summary>The cluster scopes: the objects each cluster entry point reconciles (computed once per validation).</summary>
    /// <param name="context">The context.</param>
    /// <returns>The scopes.</returns>
    public static IReadOnlyList<FluxScope> Scopes(this RepositoryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Shared<IReadOnlyList<FluxScope>>("flux-scopes", () => FluxScopes.Compute(context.Repository, context.Graph()));
    }

    /// <summary>
    /// The repository's build graph, shared by the rules that run concurrently: every kustomization and every Flux path
    /// is built once, in a fixed order, before any rule sees it, so what it holds (and reports) never depends on which
    /// rule asked first.
    /// </summary>
    internal static BuildGraph Graph(this RepositoryContext context) => context.Shared("kustomize-build-graph", () => new BuildGraph(context.Repository).BuildAll());
}

/// <summary>
/// What kustomize would say while building the repository's kustomizations (a missing entry, a path out of the
/// repository, a cycle), and the files they use as patches, which are partial objects by design: a missing required
/// field there is not an error. The graph is built whole before any rule uses it, so this rule reports everything.
/// </summary>
public sealed class KustomizeBuildRule : IRepositoryRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors => [RepositoryDiagnostics.KustomizeEntryMissing];

    /// <inheritdoc />
    public void Check(RepositoryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var graph = context.Graph(); // Every kustomization and Flux path built (BuildAll): all it finds is known.
        context.Report(graph.Diagnostics);
        foreach (var patch in PatchFiles(context.Repository))
        {
            context.Excuse(Files.RepoPath.Parse(patch), SdkDiagnostics.RequiredField.Code);
        }
    }

    /// <summary>The repository paths that kustomizations use as patches.</summary>
    /// <param name="repository">The repository.</param>
    /// <returns>The paths.</returns>
    public static HashSet<string> PatchFiles(GitOpsRepository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in repository.Files.Where(f => f.IsKustomization))
        {
            var k = file.Kustomization();
            if (k is null)
            {
                continue;
            }

            var dir = file.Path.Directory;
            foreach (var entry in k.Patches.Select(p => p.Path).Concat(k.PatchesStrategicMerge).Concat(k.PatchesJson6902.Select(p => p.Path)))
            {
                if (!string.IsNullOrWhiteSpace(entry) && !BuildGraph.IsRemote(entry))
                {
                    try
                    {
                        result.Add(Files.RepoPath.Parse((dir.Length == 0 ? string.Empty : dir + "/") + entry).Value);
                    }
                    catch (ArgumentException)
                    {
                        // Reported by the build graph as an entry outside the repository.
                    }
                }
            }
        }

        return result;
    }

}
