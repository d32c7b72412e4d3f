using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Repository;

namespace DataPlatform.Sdk.Platform.Validation;

/// <summary>One cluster entry point and everything Flux reconciles from it, where references resolve.</summary>
public sealed class FluxScope
{
    internal FluxScope(RepositoryObject? root, IReadOnlyList<RepositoryObject> objects, IReadOnlyList<RepositoryObject> kustomizations)
    {
        Root = root;
        Objects = objects;
        Kustomizations = kustomizations;
        _placed = new Dictionary<object, RepositoryObject>(objects.Count, ReferenceEqualityComparer.Instance);
        _index = new Dictionary<(string Kind, string Name), List<RepositoryObject>>(objects.Count);
        for (var i = 0; i < objects.Count; i++)
        {
            var o = objects[i];
            _placed.TryAdd(o.Value, o);
            var key = (o.Kind, o.Name ?? string.Empty);
            if (!_index.TryGetValue(key, out var list))
            {
                _index[key] = list = new List<RepositoryObject>(1);
            }

            list.Add(o);
        }
    }

    private readonly Dictionary<object, RepositoryObject> _placed;

    private readonly Dictionary<(string Kind, string Name), List<RepositoryObject>> _index;

    /// <summary>
    /// The entry point (for example <c>clusters/prod/flux-system/gotk-sync.yaml</c>'s Kustomization);
    /// <see langword="null"/> for the scope of objects no cluster reaches, which resolves against the whole repository.
    /// </summary>
    public RepositoryObject? Root { get; }

    /// <summary>Every object the scope reconciles (namespaces as applied).</summary>
    public IReadOnlyList<RepositoryObject> Objects { get; }

    /// <summary>The Flux Kustomizations of the scope whose source is this repository.</summary>
    public IReadOnlyList<RepositoryObject> Kustomizations { get; }

    /// <summary>Whether this scope is a production cluster (its entry point lies under <c>clusters/prod…</c>).</summary>
    public bool IsProduction => Root is not null && Root.File.Value.Split('/') is ["clusters", var env, ..] && env.StartsWith("prod", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the scope reconciles this model instance.</summary>
    /// <param name="value">The model.</param>
    /// <returns><see langword="true"/> when it is in the scope.</returns>
    public bool Contains(object value) => _placed.ContainsKey(value);

    /// <summary>The object as the scope places it (namespace overrides applied), if it is in the scope.</summary>
    /// <param name="value">The model.</param>
    /// <returns>The placed object, or <see langword="null"/>.</returns>
    public RepositoryObject? Placement(object value) => _placed.GetValueOrDefault(value);

    /// <summary>Finds objects of a kind and name; a namespace of <see langword="null"/> on either side matches any.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="name">The name.</param>
    /// <param name="ns">The namespace.</param>
    /// <returns>The matches.</returns>
    public IEnumerable<RepositoryObject> Find(string kind, string name, string? ns) =>
        _index.TryGetValue((kind, name), out var list) ? list.Where(o => ns is null || o.Namespace is null || o.Namespace == ns) : [];
}

internal static class FluxScopes
{
    private static string ClusterKey(RepositoryObject root) =>
        root.File.Value.Split('/') is ["clusters", var name, _, ..] ? "clusters/" + name : root.File.Value;

    public static bool IsOwnSource(RepositoryObject kustomization, GitOpsRepository repo)
    {
        var k = (FluxKustomization)kustomization.Value;
        if (k.Spec?.SourceRef is not { Kind: "GitRepository" } source)
        {
            return false;
        }

        if (source.Name == "flux-system")
        {
            return true;
        }

        return OwnSourceNames.GetValue(repo, OwnSources).Contains(source.Name);
    }

    /// <summary>Per repository, computed once (checking each Kustomization against every object was quadratic).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<GitOpsRepository, HashSet<string>> OwnSourceNames = [];

    /// <summary>GitRepositories with the same URL as the repository's own flux-system source are this repository too.</summary>
    private static HashSet<string> OwnSources(GitOpsRepository repo)
    {
        var sources = repo.Objects.Select(o => o.Value).OfType<GitRepository>().ToList();
        var own = sources.FirstOrDefault(g => g.Metadata.Name == "flux-system");
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (own is not null)
        {
            foreach (var g in sources.Where(g => string.Equals(own.Spec?.Url, g.Spec?.Url, StringComparison.Ordinal)))
            {
                names.Add(g.Metadata.Name ?? string.Empty);
            }
        }

        return names;
    }

    public static List<FluxScope> Compute(GitOpsRepository repo, BuildGraph graph)
    {
        var own = graph.FluxKustomizations.Where(k => IsOwnSource(k, repo)).ToList();
        var includedBy = new Dictionary<object, HashSet<object>>(ReferenceEqualityComparer.Instance);
        foreach (var k in own)
        {
            foreach (var o in graph.Build(BuildGraph.PathOf((FluxKustomization)k.Value)))
            {
                if (o.Value is FluxKustomization && !ReferenceEquals(o.Value, k.Value))
                {
                    if (!includedBy.TryGetValue(o.Value, out var set))
                    {
                        includedBy[o.Value] = set = new HashSet<object>(ReferenceEqualityComparer.Instance);
                    }

                    set.Add(k.Value);
                }
            }
        }

        // Roots: own-source Kustomizations nothing else includes, or, in a bootstrap cycle (flux-system includes the
        // cluster directory that holds it), the one whose file is under clusters/.
        var roots = own.Where(k => !includedBy.ContainsKey(k.Value)).ToList();
        foreach (var k in own.Where(k => k.File.Value.StartsWith("clusters/", StringComparison.Ordinal) && k.Name == "flux-system"))
        {
            if (!roots.Contains(k))
            {
                roots.Add(k);
            }
        }

        // Entry points in the same clusters/<name>/ directory make up one cluster.
        var scopes = new List<FluxScope>();
        foreach (var cluster in roots.GroupBy(ClusterKey).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var clusterRoots = cluster.OrderBy(r => r.File.Value, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
            var objects = new List<RepositoryObject>();
            var kustomizations = new List<RepositoryObject>();
            var expanded = new HashSet<object>(ReferenceEqualityComparer.Instance);
            var queue = new Queue<RepositoryObject>(clusterRoots);
            objects.AddRange(clusterRoots);
            while (queue.Count > 0)
            {
                var k = queue.Dequeue();
                if (!expanded.Add(k.Value) || !IsOwnSource(k, repo))
                {
                    continue;
                }

                kustomizations.Add(k);
                var spec = ((FluxKustomization)k.Value).Spec;
                foreach (var o in graph.Build(BuildGraph.PathOf((FluxKustomization)k.Value)))
                {
                    var placed = spec?.TargetNamespace is { } tn && !o.IsClusterScoped && tn != o.Namespace ? o.WithPlacement(tn, o.Name) : o;
                    objects.Add(placed);
                    if (o.Value is FluxKustomization)
                    {
                        queue.Enqueue(o);
                    }
                }
            }

            scopes.Add(new FluxScope(clusterRoots.FirstOrDefault(r => r.Name == "flux-system") ?? clusterRoots[0], objects, kustomizations));
        }

        return scopes;
    }
}
