using System.Collections.Immutable;
using System.Text;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Writing;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Repository;

/// <summary>
/// Queries and edits. One convention: every edit returns a new repository and leaves this one as it was; an edited
/// object is merged into the YAML tree it was read from (as <c>fmt</c> does), so comments, key order and the text of
/// untouched values stay; nothing touches the disk until <see cref="WriteAsync"/>.
/// </summary>
public sealed partial class GitOpsRepository
{
    private static readonly UTF8Encoding Utf8 = new(false);

    private ImmutableSortedDictionary<string, byte[]?> _edits = ImmutableSortedDictionary.Create<string, byte[]?>(StringComparer.Ordinal);

    private GitOpsRepository? _origin;

    private Lazy<FileTree>? _tree;

    private readonly Dictionary<Type, object> _analyses = [];

    /// <summary>
    /// A result computed from the repository once and kept with it (a repository never changes; an edit makes a new
    /// one): what a tool package derives, such as the Flux scopes of its clusters.
    /// </summary>
    /// <typeparam name="T">The kind of result; one per type.</typeparam>
    /// <param name="compute">Computes it.</param>
    /// <returns>The result.</returns>
    public T Analysis<T>(Func<GitOpsRepository, T> compute)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(compute);
        lock (_analyses)
        {
            if (!_analyses.TryGetValue(typeof(T), out var value))
            {
                _analyses[typeof(T)] = value = compute(this);
            }

            return (T)value;
        }
    }

    /// <summary>The loader that read the files; edited files are read again with it.</summary>
    internal ManifestLoader Loader { get; }

    /// <summary>Whether the repository was read from a directory (so that its edits can be written back there).</summary>
    public bool IsOnDisk { get; private set; }

    /// <summary>The paths added, changed or removed by edits since the repository was read, in path order.</summary>
    public IReadOnlyList<RepoPath> EditedPaths => [.. _edits.Keys.Select(RepoPath.Parse)];

    /// <summary>The models of one CLR type, in path and document order (for example every <c>HelmRelease</c>).</summary>
    /// <typeparam name="T">The model type.</typeparam>
    /// <returns>The models.</returns>
    public IEnumerable<T> OfType<T>() => Objects.Select(o => o.Value).OfType<T>();

    /// <summary>Objects by kind, name, namespace and path; every criterion left <see langword="null"/> matches all.</summary>
    /// <param name="kind">The kind (<c>HelmRelease</c>), compared exactly.</param>
    /// <param name="name">The name.</param>
    /// <param name="ns">The namespace as written in the file.</param>
    /// <param name="path">A file path, or a folder (every file below it).</param>
    /// <returns>The matches, in path and document order.</returns>
    public IEnumerable<RepositoryObject> Query(string? kind = null, string? name = null, string? ns = null, string? path = null)
    {
        var folder = path?.TrimEnd('/') + "/";
        return Objects.Where(o =>
            (kind is null || o.Kind == kind)
            && (name is null || o.Name == name)
            && (ns is null || o.Namespace == ns)
            && (path is null || o.File.Value == path || o.File.Value.StartsWith(folder, StringComparison.Ordinal)));
    }

    /// <summary>The one object of a type with a name (and namespace); <see langword="null"/> when there is none.</summary>
    /// <typeparam name="T">The model type.</typeparam>
    /// <param name="name">The name.</param>
    /// <param name="ns">The namespace, or <see langword="null"/> for any.</param>
    /// <returns>The object.</returns>
    /// <exception cref="InvalidOperationException">Several objects match; give the namespace.</exception>
    public RepositoryObject? Find<T>(string name, string? ns = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var matches = Objects.Where(o => o.Value is T && o.Name == name && (ns is null || o.Namespace == ns)).Take(5).ToList();
        return matches.Count <= 1
            ? matches.FirstOrDefault()
            : throw new InvalidOperationException($"{matches.Count} {typeof(T).Name} objects are named '{name}' ({string.Join(", ", matches.Select(m => m.ToString()))}); give the namespace.");
    }

    /// <summary>The object that holds a model instance taken from this repository.</summary>
    /// <param name="value">The model instance.</param>
    /// <returns>The object.</returns>
    /// <exception cref="ArgumentException">The instance is not one of this repository's.</exception>
    public RepositoryObject ObjectOf(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Objects.FirstOrDefault(o => ReferenceEquals(o.Value, value))
            ?? throw new ArgumentException("The object is not one of this repository's; take it from Objects, OfType or Query.", nameof(value));
    }

    /// <summary>Replaces an object with a new value (typically a <c>with</c> copy), merged into its document's YAML tree.</summary>
    /// <param name="target">The object to replace (from <see cref="Objects"/>, <see cref="Query"/> or <see cref="Find{T}"/>).</param>
    /// <param name="value">The new value.</param>
    /// <returns>The edited repository.</returns>
    /// <exception cref="InvalidOperationException">The file cannot be edited object by object (XML or SQL, or it has unreadable documents).</exception>
    public GitOpsRepository Replace(RepositoryObject target, object value)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(value);
        var file = FileHolding(target);
        return WithFile(file.Path, Render(file, o => ReferenceEquals(o, target) ? value : o.Value, []));
    }

    /// <summary>Replaces every model of a type that matches, with what <paramref name="update"/> makes of it.</summary>
    /// <typeparam name="T">The model type.</typeparam>
    /// <param name="where">Which models.</param>
    /// <param name="update">The new value of each (return it unchanged to leave it).</param>
    /// <returns>The edited repository.</returns>
    /// <exception cref="InvalidOperationException">No model of the type matches (an update that changes nothing is a mistake worth hearing about).</exception>
    public GitOpsRepository Update<T>(Func<T, bool> where, Func<T, T> update)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(where);
        ArgumentNullException.ThrowIfNull(update);
        var targets = Objects.Where(o => o.Value is T t && where(t)).ToList();
        if (targets.Count == 0)
        {
            throw new InvalidOperationException($"No {typeof(T).Name} matches; nothing was updated. Query the repository to see what it holds.");
        }

        var result = this;
        foreach (var group in targets.GroupBy(t => t.File.Value, StringComparer.Ordinal))
        {
            var file = result[RepoPath.Parse(group.Key)]!;
            var set = group.ToHashSet();
            result = result.WithFile(file.Path, Render(file, o => set.Contains(o) ? update((T)o.Value) : o.Value, []));
        }

        return result;
    }

    /// <summary>Adds objects as documents: to a new YAML file, or appended to an existing one.</summary>
    /// <param name="path">The file.</param>
    /// <param name="objects">The objects.</param>
    /// <returns>The edited repository.</returns>
    public GitOpsRepository Add(RepoPath path, params object[] objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        if (objects.Length == 0)
        {
            throw new ArgumentException("Give at least one object.", nameof(objects));
        }

        if (this[path] is { } file)
        {
            return WithFile(path, Render(file, o => o.Value, objects));
        }

        if (Exists(path.Value))
        {
            throw new InvalidOperationException($"'{path}' exists and holds no objects; replace it with ReplaceFile.");
        }

        return WithFile(path, Utf8.GetBytes(Text(path, [.. objects.Select(o => (o, (ManifestSource?)null))])));
    }

    /// <summary>Adds a file as text (a script, a document, a values file).</summary>
    /// <param name="path">The path.</param>
    /// <param name="text">The content.</param>
    /// <returns>The edited repository.</returns>
    /// <exception cref="InvalidOperationException">The file exists (use <see cref="ReplaceFile"/>).</exception>
    public GitOpsRepository AddFile(RepoPath path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Exists(path.Value) ? throw new InvalidOperationException($"'{path}' already exists; use ReplaceFile to change it.") : WithFile(path, Utf8.GetBytes(text));
    }

    /// <summary>Replaces a file's whole text (for files edited as text: XML and SQL changelogs, scripts, docs).</summary>
    /// <param name="path">The path.</param>
    /// <param name="text">The content.</param>
    /// <returns>The edited repository.</returns>
    public GitOpsRepository ReplaceFile(RepoPath path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return !AllPaths.Contains(path.Value) ? throw new InvalidOperationException($"'{path}' does not exist; use AddFile.") : WithFile(path, Utf8.GetBytes(text));
    }

    /// <summary>Removes an object's document from its file; the file goes when it holds nothing else.</summary>
    /// <param name="target">The object.</param>
    /// <returns>The edited repository.</returns>
    public GitOpsRepository Remove(RepositoryObject target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var file = FileHolding(target);
        return file.Objects.Count == 1 && file.Manifests!.Documents.Count == 1
            ? WithFile(file.Path, null)
            : WithFile(file.Path, Render(file, o => ReferenceEquals(o, target) ? null : o.Value, []));
    }

    /// <summary>Removes a file.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The edited repository.</returns>
    public GitOpsRepository RemoveFile(RepoPath path) =>
        AllPaths.Contains(path.Value) ? WithFile(path, null) : throw new InvalidOperationException($"'{path}' does not exist.");

    /// <summary>Every file's bytes: files read as they are, edited files as edited.</summary>
    /// <returns>The files.</returns>
    public FileTree ToFileTree()
    {
        var tree = FileTree.Empty;
        foreach (var path in AllPaths.Order(StringComparer.Ordinal))
        {
            var p = RepoPath.Parse(path);
            if (ReadBytes(p) is { } bytes)
            {
                tree = tree.With(p, bytes);
            }
        }

        return tree;
    }

    /// <summary>
    /// Exactly what <see cref="WriteAsync"/> would do: the edited files, with diffs. A file that changed on disk since it
    /// was read is a conflict (read the repository again), never overwritten.
    /// </summary>
    /// <param name="directory">Where to write; the directory it was read from when <see langword="null"/>.</param>
    /// <param name="options">Options.</param>
    /// <returns>The plan.</returns>
    public RepositoryPlan Plan(string? directory = null, WriteOptions? options = null)
    {
        var target = directory ?? (IsOnDisk ? Root : throw new InvalidOperationException("This repository was not read from a directory; give one."));
        var sameDirectory = IsOnDisk && string.Equals(Path.GetFullPath(target), Root, StringComparison.Ordinal);
        var edits = _edits.Select(e => new FileEdit(RepoPath.Parse(e.Key), e.Value) { Blocked = sameDirectory ? ChangedSinceRead(e.Key) : null });
        return RepositoryWriter.PlanEdits(edits, target, options);
    }

    /// <summary>Writes the edits in place (only the edited files), atomically as a batch.</summary>
    /// <param name="directory">Where; the directory it was read from when <see langword="null"/>.</param>
    /// <param name="options">Options.</param>
    /// <param name="cancellationToken">Cancels before anything is written.</param>
    /// <returns>The plan carried out.</returns>
    public Task<RepositoryPlan> WriteAsync(string? directory = null, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.Run(
            () =>
            {
                var plan = Plan(directory, options);
                cancellationToken.ThrowIfCancellationRequested();
                RepositoryWriter.Apply(plan, options);
                return plan;
            },
            cancellationToken);

    private string? ChangedSinceRead(string path)
    {
        var original = (_origin ?? this)[RepoPath.Parse(path)];
        return original?.Manifests?.Stamp is { } stamp && ManifestLoader.StampOf(Path.Combine(Root, path)) != stamp
            ? "changed on disk since the repository was read; read it again and redo the edit"
            : null;
    }

    private RepositoryFile FileHolding(RepositoryObject target) =>
        this[target.File] is { } file && file.Objects.Contains(target)
            ? file
            : throw new ArgumentException($"{target} is not one of this repository's objects (an edit returns a new repository: query that one).", nameof(target));

    /// <summary>A file's documents after an edit: each object merged into its original tree, new ones appended.</summary>
    private static byte[] Render(RepositoryFile file, Func<RepositoryObject, object?> valueOf, IReadOnlyList<object> added)
    {
        var loaded = file.Manifests ?? throw new InvalidOperationException($"'{file.Path}' holds no objects.");
        if (loaded.Reader is not null)
        {
            throw new InvalidOperationException($"'{file.Path}' is not YAML or JSON; its layout and comments are not modelled, so edit it as text with ReplaceFile.");
        }

        if (loaded.Documents.Any(d => d.Object is null))
        {
            throw new InvalidOperationException($"'{file.Path}' has documents that could not be read; fix them first (dataplatform validate shows where).");
        }

        var values = new List<(object Value, ManifestSource? Source)>();
        foreach (var o in file.Objects)
        {
            if (valueOf(o) is { } value)
            {
                values.Add((value, o.Source));
            }
        }

        values.AddRange(added.Select(a => (a, (ManifestSource?)null)));
        return Utf8.GetBytes(Text(file.Path, values));
    }

    private static string Text(RepoPath path, List<(object Value, ManifestSource? Source)> values)
    {
        if (!path.Value.EndsWith(".json", StringComparison.Ordinal))
        {
            return YamlEmitter.Emit(values.Select(v => ManifestSerializer.ToDocument(v.Value, v.Source)));
        }

        return values.Count == 1
            ? ManifestSerializer.ToJson(values[0].Value)
            : throw new InvalidOperationException($"'{path}' is JSON, which holds one object; put further objects in a YAML file.");
    }

    /// <summary>The repository with one file set (read again with the loader) or removed.</summary>
    private GitOpsRepository WithFile(RepoPath path, byte[]? bytes)
    {
        var files = Files.Where(f => f.Path.Value != path.Value).ToList();
        var others = OtherFiles.Where(p => p.Value != path.Value).ToList();
        if (bytes is not null)
        {
            var extension = Path.GetExtension(path.FileName);
            var result = extension is ".yaml" or ".yml" or ".json" || KindRegistry.Default.HasReaderFor(extension) ? Loader.Parse(Utf8.GetString(bytes), path.Value) : null;
            if (result is null || extension is not (".yaml" or ".yml" or ".json") && result.Reader is null)
            {
                others.Add(path);
            }
            else
            {
                files.Add(FileOf(path, result));
            }
        }

        var edited = new GitOpsRepository(Root, [.. files.OrderBy(f => f.Path.Value, StringComparer.Ordinal)], [.. others.OrderBy(p => p.Value, StringComparer.Ordinal)], Loader)
        {
            IsOnDisk = IsOnDisk,
            _origin = _origin ?? this,
            _edits = _edits.SetItem(path.Value, bytes),
            _tree = _tree,
        };
        var baseRead = (_origin ?? this)._readText;
        var overlay = edited._edits;
        edited._readText = p => overlay.TryGetValue(p.Value, out var b) ? (b is null ? null : Utf8.GetString(b)) : baseRead(p);
        return edited;
    }

    private byte[]? ReadBytes(RepoPath path)
    {
        if (_edits.TryGetValue(path.Value, out var edited))
        {
            return edited;
        }

        var origin = _origin ?? this;
        if (origin._tree?.Value is { } tree)
        {
            return tree.Contains(path) ? tree[path].ToArray() : null;
        }

        return IsOnDisk ? SafeFiles.Read(Path.Combine(Root, path.Value), Root, Loader.Options.Yaml.MaxFileBytes).Bytes : null;
    }
}
