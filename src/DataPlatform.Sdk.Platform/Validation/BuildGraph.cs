using System.Globalization;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Kubernetes.Kustomize;
using DataPlatform.Sdk.Repository;

namespace DataPlatform.Sdk.Platform.Validation;

/// <summary>
/// What kustomize and Flux build from the repository: the objects of each directory (through its kustomization.yaml,
/// or every manifest below it when there is none, as Flux generates one), and the scopes — one per cluster entry
/// point — within which references resolve.
/// </summary>
internal sealed class BuildGraph
{
    private readonly GitOpsRepository _repo;
    private readonly Dictionary<string, List<RepositoryObject>> _builds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _building = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _directories = new(StringComparer.Ordinal);
    private readonly Stack<HashSet<string>> _collecting = new();
    private readonly List<Diagnostic> _diagnostics = [];

    public BuildGraph(GitOpsRepository repo)
    {
        _repo = repo;
        FluxKustomizations = [.. repo.Objects.Where(o => o.Value is FluxKustomization)];
    }

    /// <summary>What building found (a missing entry, a path out of the repository, a chain too long).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics
    {
        get
        {
            lock (_gate)
            {
                return [.. _diagnostics];
            }
        }
    }

    /// <summary>Rules use the graph from several threads: one build at a time (a build recurses on its own thread).</summary>
    private readonly Lock _gate = new();

    /// <summary>
    /// Builds every kustomization of the repository and every Flux Kustomization's path, in path order: whatever is
    /// asked later is already built, and which directory was built first (it decides where a cycle is cut) never
    /// depends on the order in which rules ask.
    /// </summary>
    /// <returns>This graph.</returns>
    public BuildGraph BuildAll()
    {
        foreach (var file in _repo.Files.Where(f => f.IsKustomization))
        {
            Build(file.Path.Directory); // Every kustomization, whether a Flux Kustomization points at it or not.
        }

        foreach (var flux in FluxKustomizations)
        {
            Build(PathOf((FluxKustomization)flux.Value));
        }

        return this;
    }

    /// <summary>The longest chain of kustomizations including each other that is built.</summary>
    public const int MaxChain = 100;

    public IReadOnlyList<RepositoryObject> FluxKustomizations { get; }

    /// <summary>The objects kustomize builds from a directory ("" is the root).</summary>
    public IReadOnlyList<RepositoryObject> Build(string? directory)
    {
        if (directory is null)
        {
            return []; // A path outside the source (reported by the path rule).
        }

        lock (_gate)
        {
            return BuildLocked(directory);
        }
    }

    private List<RepositoryObject> BuildLocked(string directory)
    {
        directory = directory.Trim('/');
        if (_builds.TryGetValue(directory, out var cached))
        {
            if (_collecting.Count > 0 && _directories.TryGetValue(directory, out var built))
            {
                _collecting.Peek().UnionWith(built);
            }

            return cached;
        }

        if (_building.Count >= MaxChain)
        {
            // Input must not decide the depth of the stack: kustomize chains this long are not built.
            _diagnostics.Add(SdkDiagnostics.NestingTooDeep.Create(
                $"Kustomizations include each other more than {MaxChain} levels deep; '{directory}' and below are not built.",
                location: new SourceLocation((directory.Length == 0 ? string.Empty : directory + "/") + "kustomization.yaml", 1, 1)));
            _builds[directory] = [];
            return [];
        }

        if (!_building.Add(directory))
        {
            return []; // A kustomization that includes itself; kustomize reports the cycle.
        }

        var directories = new HashSet<string>(StringComparer.Ordinal) { directory };
        _collecting.Push(directories);
        var result = KustomizationIn(directory) is { } k ? BuildKustomization(directory, k) : BuildPlainDirectory(directory);
        _collecting.Pop();
        _building.Remove(directory);
        _builds[directory] = result;
        _directories[directory] = directories;
        if (_collecting.Count > 0)
        {
            _collecting.Peek().UnionWith(directories);
        }

        return result;
    }

    /// <summary>Every directory kustomize visits building this one (itself, and the kustomizations it includes).</summary>
    public IReadOnlySet<string> DirectoriesOf(string? directory)
    {
        if (directory is null)
        {
            return new HashSet<string>();
        }

        lock (_gate)
        {
            BuildLocked(directory);
            return _directories.TryGetValue(directory.Trim('/'), out var set) ? set : new HashSet<string>();
        }
    }

    /// <summary>The path a Flux Kustomization builds, as a repository directory.</summary>
    /// <returns>The normalised directory ("" for the root), or <see langword="null"/> when the path leaves the source root.</returns>
    public static string? PathOf(FluxKustomization k)
    {
        var parts = new List<string>();
        foreach (var segment in (k.Spec?.Path ?? "./").Replace('\\', '/').Trim().Split('/'))
        {
            switch (segment)
            {
                case "" or ".":
                    break;
                case "..":
                    if (parts.Count == 0)
                    {
                        return null;
                    }

                    parts.RemoveAt(parts.Count - 1);
                    break;
                default:
                    parts.Add(segment);
                    break;
            }
        }

        return string.Join('/', parts);
    }

    private RepositoryFile? KustomizationIn(string directory)
    {
        foreach (var name in new[] { "kustomization.yaml", "kustomization.yml", "Kustomization" })
        {
            var path = directory.Length == 0 ? name : directory + "/" + name;
            if (_repo[RepoPath.Parse(path)] is { IsKustomization: true } f)
            {
                return f;
            }
        }

        return null;
    }

    private List<RepositoryObject> BuildPlainDirectory(string directory)
    {
        var prefix = directory.Length == 0 ? string.Empty : directory + "/";
        var result = new List<RepositoryObject>();
        var nested = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in _repo.Files.Where(f => f.Path.Value.StartsWith(prefix, StringComparison.Ordinal)))
        {
            // A subdirectory with its own kustomization.yaml is built as a unit.
            var rest = file.Path.Value[prefix.Length..];
            var sub = rest.Contains('/', StringComparison.Ordinal) ? prefix + rest[..rest.IndexOf('/', StringComparison.Ordinal)] : null;
            var owner = sub is null ? null : FindKustomizedAncestor(sub, file.Path.Directory);
            if (owner is not null)
            {
                if (nested.Add(owner))
                {
                    result.AddRange(Build(owner));
                }

                continue;
            }

            if (!file.IsKustomization)
            {
                result.AddRange(file.Objects);
            }
        }

        return result;
    }

    private string? FindKustomizedAncestor(string top, string fileDirectory)
    {
        // The shallowest directory between 'top' and the file's directory that has a kustomization.yaml.
        var dir = top;
        while (true)
        {
            if (KustomizationIn(dir) is not null)
            {
                return dir;
            }

            if (dir == fileDirectory || !fileDirectory.StartsWith(dir + "/", StringComparison.Ordinal))
            {
                return null;
            }

            var next = fileDirectory.IndexOf('/', dir.Length + 1);
            dir = next < 0 ? fileDirectory : fileDirectory[..next];
        }
    }

    private List<RepositoryObject> BuildKustomization(string directory, RepositoryFile file)
    {
        var k = file.Kustomization()!;
        var owner = file.Objects[0];
        var result = new List<RepositoryObject>();
        void Entries(IReadOnlyList<string> entries, string field, bool objects)
        {
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                if (string.IsNullOrWhiteSpace(entry) || IsRemote(entry))
                {
                    continue;
                }

                string Pointer() => "/" + field + "/" + i.ToString(CultureInfo.InvariantCulture); // Spelled only for a finding.
                RepoPath targetPath;
                try
                {
                    targetPath = RepoPath.Parse((directory.Length == 0 ? string.Empty : directory + "/") + entry);
                }
                catch (ArgumentException)
                {
                    _diagnostics.Add(RepositoryDiagnostics.KustomizeEntryMissing.Create($"'{entry}' in {field} points outside the repository.", Pointer(), owner.Locate(Pointer())));
                    continue;
                }

                var target = targetPath.Value;
                if (_repo[targetPath] is { } f)
                {
                    if (objects)
                    {
                        result.AddRange(f.Objects);
                    }
                }
                else if (_repo.AllPaths.Contains(target))
                {
                    // A file that is not YAML/JSON (for example a generator's source file): it exists.
                }
                else if (_repo.Exists(target))
                {
                    if (objects)
                    {
                        result.AddRange(Build(target));
                    }
                }
                else
                {
                    _diagnostics.Add(RepositoryDiagnostics.KustomizeEntryMissing.Create($"'{entry}' in {field} does not exist (looked for {target}).", Pointer(), owner.Locate(Pointer())));
                }
            }
        }

        Entries(k.Resources, "resources", objects: true);
        Entries(k.Bases, "bases", objects: true);
        Entries(k.Components, "components", objects: true);
        Entries(k.Crds, "crds", objects: false);
        Entries(k.PatchesStrategicMerge, "patchesStrategicMerge", objects: false);
        Entries([.. k.Patches.Select(p => p.Path ?? string.Empty)], "patches", objects: false);
        for (var g = 0; g < k.ConfigMapGenerator.Count; g++)
        {
            GeneratorFiles(k.ConfigMapGenerator[g], "configMapGenerator", g);
        }

        for (var g = 0; g < k.SecretGenerator.Count; g++)
        {
            GeneratorFiles(k.SecretGenerator[g], "secretGenerator", g);
        }

        void GeneratorFiles(KustomizeGenerator gen, string field, int index)
        {
            var files = gen.Files.Select(f => f.Contains('=', StringComparison.Ordinal) ? f[(f.IndexOf('=', StringComparison.Ordinal) + 1)..] : f).ToList();
            Entries(files, $"{field}/{index}/files", objects: false);
            Entries(gen.Envs, $"{field}/{index}/envs", objects: false);
            var generated = RepositoryObject.Generated(file.Path, field == "secretGenerator" ? "Secret" : "ConfigMap", gen.Name, gen.Namespace);
            result.Add(generated);
        }

        // kustomize's namespace and name transformers.
        if (k.Namespace is not null || k.NamePrefix is not null || k.NameSuffix is not null)
        {
            for (var i = 0; i < result.Count; i++)
            {
                var o = result[i];
                var ns = o.IsClusterScoped ? o.Namespace : k.Namespace ?? o.Namespace;
                var name = o.Kind is "Namespace" ? o.Name : k.NamePrefix is null && k.NameSuffix is null ? o.Name ?? string.Empty : $"{k.NamePrefix}{o.Name}{k.NameSuffix}";
                if (ns != o.Namespace || name != o.Name)
                {
                    result[i] = o.WithPlacement(ns, name);
                }
            }
        }

        return result;
    }

    internal static bool IsRemote(string entry) =>
        entry.Contains("://", StringComparison.Ordinal) || entry.StartsWith("github.com/", StringComparison.Ordinal) || entry.StartsWith("git@", StringComparison.Ordinal);
}
