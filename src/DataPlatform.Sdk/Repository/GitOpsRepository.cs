using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Manifests;

namespace DataPlatform.Sdk.Repository;

/// <summary>
/// A GitOps repository: every file, the typed objects of those that hold manifests, flows, changelogs or configs, and
/// the other files kept as they are. Read one from disk (<see cref="Load(string, ManifestLoader?)"/>) or from the files
/// a builder rendered; query it, edit it (each edit returns a new repository; see <see cref="Replace"/>), validate it
/// as a whole (<see cref="Validate"/>), and plan and write the edits in place (<see cref="Plan"/>, <see cref="WriteAsync"/>).
/// </summary>
public sealed partial class GitOpsRepository
{
    private readonly Dictionary<string, RepositoryFile> _byPath;
    private readonly HashSet<string> _allPaths;

    private Func<RepoPath, string?> _readText = _ => null;
    private Dictionary<string, string> _loadedText = [];

    private GitOpsRepository(string root, IReadOnlyList<RepositoryFile> files, IReadOnlyList<RepoPath> otherFiles, ManifestLoader loader)
    {
        Loader = loader;
        Root = root;
        Files = files;
        OtherFiles = otherFiles;
        _byPath = files.ToDictionary(f => f.Path.Value, StringComparer.Ordinal);
        _allPaths = new HashSet<string>(files.Select(f => f.Path.Value).Concat(otherFiles.Select(p => p.Value)), StringComparer.Ordinal);
        _directories = new Lazy<HashSet<string>>(() => DirectoriesOf(_allPaths));
        _objects = new Lazy<System.Collections.ObjectModel.ReadOnlyCollection<RepositoryObject>>(() => Array.AsReadOnly(Flatten(Files)));
    }

    /// <summary>Every object, in file order: one list for the rules that each walk all of them.</summary>
    private readonly Lazy<System.Collections.ObjectModel.ReadOnlyCollection<RepositoryObject>> _objects;

    private static RepositoryObject[] Flatten(IReadOnlyList<RepositoryFile> files)
    {
        var count = 0;
        for (var i = 0; i < files.Count; i++)
        {
            count += files[i].Objects.Count;
        }

        var all = new RepositoryObject[count];
        var n = 0;
        for (var i = 0; i < files.Count; i++)
        {
            var objects = files[i].Objects;
            for (var j = 0; j < objects.Count; j++)
            {
                all[n++] = objects[j];
            }
        }

        return all;
    }

    private readonly Lazy<HashSet<string>> _directories;

    /// <summary>Every directory that holds a file, at any depth ("a", "a/b" for "a/b/c.yaml").</summary>
    private static HashSet<string> DirectoriesOf(IEnumerable<string> paths)
    {
        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            for (var slash = path.LastIndexOf('/'); slash > 0 && directories.Add(path[..slash]); slash = path.LastIndexOf('/', slash - 1))
            {
            }
        }

        return directories;
    }

    /// <summary>The directory the repository was read from.</summary>
    public string Root { get; }

    /// <summary>The YAML and JSON files, in path order (manifests and, with <see cref="RepositoryFile.Manifests"/> null, others).</summary>
    public IReadOnlyList<RepositoryFile> Files { get; }

    /// <summary>Every other file (scripts, docs, …), kept by path.</summary>
    public IReadOnlyList<RepoPath> OtherFiles { get; }

    /// <summary>Every object of the repository.</summary>
    public IEnumerable<RepositoryObject> Objects => _objects.Value;

    /// <summary>Every file's path (YAML and JSON files and the others), as a set for lookups.</summary>
    public IReadOnlySet<string> AllPaths => _allPaths;

    /// <summary>Reads a repository from files in memory (for example one rendered by a builder, before it is written).</summary>
    /// <param name="tree">The files.</param>
    /// <param name="loader">The manifest loader; <see cref="ManifestLoader.Default"/> when <see langword="null"/>.</param>
    /// <returns>The repository.</returns>
    public static GitOpsRepository Load(FileTree tree, ManifestLoader? loader = null)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var l = loader ?? ManifestLoader.Default;
        var repo = Create("<memory>", tree.Paths.Select(p => (p, (Func<RepoPath, LoadResult>)(path => l.Parse(tree.ReadText(path), path.Value)))), l);
        repo._tree = new Lazy<FileTree>(tree);
        var paths = tree.Paths.Select(p => p.Value).ToHashSet(StringComparer.Ordinal);
        repo._readText = p => paths.Contains(p.Value) ? tree.ReadText(p) : null;
        return repo;
    }

    /// <summary>
    /// A repository made in code: files of objects are loaded as objects (the loader's checks on their data model; no
    /// YAML is written or read unless a diagnostic needs a line), text files are read.
    /// </summary>
    /// <param name="files">The files.</param>
    /// <param name="loader">The manifest loader; <see cref="ManifestLoader.Default"/> when <see langword="null"/>.</param>
    /// <returns>The repository.</returns>
    public static GitOpsRepository FromGenerated(IReadOnlyList<GeneratedFile> files, ManifestLoader? loader = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        return FromGenerated(files, new Lazy<FileTree>(() => files.Aggregate(FileTree.Empty, (tree, f) => tree.With(f.Path, f.Text))), loader);
    }

    internal static GitOpsRepository FromGenerated(IReadOnlyList<GeneratedFile> files, Lazy<FileTree> tree, ManifestLoader? loader = null)
    {
        var l = loader ?? ManifestLoader.Default;
        var byPath = files.ToDictionary(f => f.Path.Value, StringComparer.Ordinal);
        var repo = Create("<memory>", files.Select(f => (f.Path, (Func<RepoPath, LoadResult>)(p => f.Objects is { } objects ? l.LoadObjects(p.Value, objects, () => f.Text) : l.Parse(f.Text, p.Value)))), l);
        repo._tree = tree;
        repo._readText = p => byPath.TryGetValue(p.Value, out var f) ? f.Text : null;
        return repo;
    }

    private static GitOpsRepository Create(string root, IEnumerable<(RepoPath Path, Func<RepoPath, LoadResult> Load)> entries, ManifestLoader loader)
    {
        var ordered = entries.OrderBy(e => e.Path.Value, StringComparer.Ordinal).ToList();

        // Files are read and checked on every core (each file on its own: the loader, its readers and object rules
        // share no mutable state), then put together in path order, so the result does not depend on the scheduling.
        var results = new LoadResult?[ordered.Count];
        var built = new RepositoryFile?[ordered.Count];
        try
        {
            Parallel.For(0, ordered.Count, new ParallelOptions { MaxDegreeOfParallelism = loader.Options.MaxDegreeOfParallelism }, i =>
                (results[i], built[i]) = ReadOne(ordered[i].Path, ordered[i].Load)); // Its objects too, on this core.
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count >= 1)
        {
            // The caller sees what a sequential read would have thrown, not the parallel loop's wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
        }

        return Assemble(root, [.. ordered.Select((e, i) => (e.Path, results[i], built[i]))], loader);
    }

    /// <summary>Puts files read on several cores together, in path order (the caller sorted them).</summary>
    private static GitOpsRepository Assemble(string root, IReadOnlyList<(RepoPath Path, LoadResult? Result, RepositoryFile? File)> read, ManifestLoader loader)
    {
        var files = new List<RepositoryFile>();
        var others = new List<RepoPath>();
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, result, built) in read)
        {
            if (result?.Text is { } text)
            {
                texts[path.Value] = text;
            }

            // Not read, or an .xml or .sql file no reader claims (not a changelog): kept as it is.
            if (built is not null)
            {
                files.Add(built);
            }
            else
            {
                others.Add(path);
            }
        }

        return new GitOpsRepository(root, files, others, loader) { _loadedText = texts };
    }

    /// <summary>Reads one file of a repository and, when it holds documents of ours, makes its <see cref="RepositoryFile"/>.</summary>
    private static (LoadResult? Result, RepositoryFile? File) ReadOne(RepoPath path, Func<RepoPath, LoadResult> load)
    {
        var extension = Path.GetExtension(path.FileName);
        if (extension is not (".yaml" or ".yml" or ".json") && !KindRegistry.Default.HasReaderFor(extension))
        {
            return (null, null);
        }

        var result = load(path);
        return (result, extension is ".yaml" or ".yml" or ".json" || result.Reader is not null ? FileOf(path, result) : null);
    }

    /// <summary>Reads a repository from disk, off the calling thread.</summary>
    /// <param name="directory">The repository root.</param>
    /// <param name="loader">The manifest loader.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The repository.</returns>
    public static Task<GitOpsRepository> LoadAsync(string directory, ManifestLoader? loader = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Load(directory, loader), cancellationToken);

    /// <summary>Validates the repository as a whole: every file's own diagnostics and the cross-file rules.</summary>
    /// <param name="validator">The validator; <see cref="RepositoryValidator.Default"/> when <see langword="null"/>.</param>
    /// <returns>The report.</returns>
    public ValidationReport Validate(RepositoryValidator? validator = null) => (validator ?? RepositoryValidator.Default).Validate(this);

    /// <summary>
    /// The text of any file of the repository (scripts included), or <see langword="null"/> when it does not exist. A
    /// file whose documents were read gives the text they were read from.
    /// </summary>
    /// <param name="path">The path.</param>
    /// <returns>The text.</returns>
    public string? ReadText(RepoPath path) => _readText(path);

    /// <summary>The file at a path, if it holds YAML or JSON.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The file, or <see langword="null"/>.</returns>
    public RepositoryFile? this[RepoPath path] => _byPath.GetValueOrDefault(path.Value);

    /// <summary>Whether a file or directory exists in the repository.</summary>
    /// <param name="path">A repository path.</param>
    /// <returns><see langword="true"/> when it exists.</returns>
    public bool Exists(string path)
    {
        if (AllPaths.Contains(path))
        {
            return true;
        }

        return path.Length == 0 || _directories.Value.Contains(path.TrimEnd('/'));
    }

    private static bool IsKustomizationName(RepoPath path) => path.FileName is "kustomization.yaml" or "kustomization.yml" or "Kustomization";

    private static RepositoryFile FileOf(RepoPath path, LoadResult result)
    {
        var isKustomization = IsKustomizationName(path);
        return new RepositoryFile(path, IsManifestFile(result, isKustomization) ? result : Unrecognised(result), isKustomization);
    }

    private static bool IsManifestFile(LoadResult result, bool isKustomization) =>
        isKustomization
        || result.Documents.Any(d => d.Kind is not null || d.Object is GenericManifest { ApiVersion.Length: > 0, Kind.Length: > 0 })
        || result.Documents.Count == 0 && result.Diagnostics.Errors.Any();

    /// <summary>A YAML/JSON file that is not a manifest (values files, workflows, flows): keep only its syntax errors.</summary>
    private static LoadResult? Unrecognised(LoadResult result)
    {
        var syntax = result.Diagnostics.Diagnostics.Where(d => d.Code is "DPS001" or "DPS002" or "DPS003" or "DPS004" or "DPS005" or "DPS006" or "DPS022").ToList();
        return syntax.Count == 0 ? null : new LoadResult(result.FilePath, [], new ValidationReport(syntax));
    }
}
