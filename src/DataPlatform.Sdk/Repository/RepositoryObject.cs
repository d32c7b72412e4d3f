using System.Text.Json;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Manifests;

namespace DataPlatform.Sdk.Repository;

/// <summary>An object of the repository with the file it is in and its identity.</summary>
public sealed class RepositoryObject
{
    internal RepositoryObject(RepoPath file, object value, ManifestSource? source, ManifestKind? registration = null)
    {
        File = file;
        Value = value;
        Source = source;
        (ApiVersion, Kind, Name, Namespace) = Identity(value, source, registration);
    }

    private RepositoryObject(RepositoryObject other, string? ns, string? name)
    {
        File = other.File;
        Value = other.Value;
        Source = other.Source;
        ApiVersion = other.ApiVersion;
        Kind = other.Kind;
        Name = name;
        Namespace = ns;
        IsGenerated = other.IsGenerated;
        _group = other._group;
    }

    private RepositoryObject(RepoPath file, string apiVersion, string kind, string? name, string? ns)
    {
        File = file;
        Value = new object();
        ApiVersion = apiVersion;
        Kind = kind;
        Name = name;
        Namespace = ns;
        IsGenerated = true;
    }

    /// <summary>The file the object is in (for generated objects, the kustomization that generates it).</summary>
    public RepoPath File { get; }

    /// <summary>The model.</summary>
    public object Value { get; }

    /// <summary>Where it was read from.</summary>
    public ManifestSource? Source { get; }

    /// <summary>The apiVersion.</summary>
    public string ApiVersion { get; }

    /// <summary>The API group (empty for the core group).</summary>
    public string Group => _group ??= ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;

    private string? _group;

    /// <summary>The kind.</summary>
    public string Kind { get; }

    /// <summary>The name, after kustomize's name prefix/suffix.</summary>
    public string? Name { get; }

    /// <summary>The namespace, after kustomize's and Flux's namespace overrides.</summary>
    public string? Namespace { get; }

    /// <summary>A ConfigMap or Secret that a kustomize generator produces.</summary>
    public bool IsGenerated { get; }

    /// <summary>The location of a pointer inside the object.</summary>
    /// <param name="pointer">The JSON pointer.</param>
    /// <returns>The location.</returns>
    public SourceLocation Locate(string pointer) =>
        Source?.Locate(pointer) is { } l ? l with { FilePath = File.Value } : new SourceLocation(File.Value, 0, 0);

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {(Namespace is null ? string.Empty : Namespace + "/")}{Name} ({File})";

    /// <summary>The object as a build places it: the namespace and name after kustomize's and Flux's transformers.</summary>
    /// <param name="ns">The namespace applied.</param>
    /// <param name="name">The name applied.</param>
    /// <returns>The placed object (same file, value and source).</returns>
    public RepositoryObject WithPlacement(string? ns, string? name) => new(this, ns, name);

    /// <summary>A ConfigMap or Secret a kustomize generator produces: it exists in the build, in no file of its own.</summary>
    /// <param name="file">The kustomization that generates it.</param>
    /// <param name="kind">ConfigMap or Secret.</param>
    /// <param name="name">Its name.</param>
    /// <param name="ns">Its namespace.</param>
    /// <returns>The object.</returns>
    public static RepositoryObject Generated(RepoPath file, string kind, string? name, string? ns) => new(file, "v1", kind, name, ns);

    /// <summary>Whether the kind is cluster-scoped, so kustomize does not move it into a namespace.</summary>
    public bool IsClusterScoped => Kind is "Namespace" or "ClusterRole" or "ClusterRoleBinding" or "CustomResourceDefinition" or "StorageClass" or "PersistentVolume" or "PriorityClass" or "ClusterIssuer";

    /// <summary>
    /// Who the object is: a model that knows (<see cref="IManifest"/>) says so; otherwise the data as read (or the
    /// object's JSON) gives the name and namespace, and the kind it was registered under gives apiVersion and kind
    /// (a <c>kustomization.yaml</c> need not spell them).
    /// </summary>
    private static (string ApiVersion, string Kind, string? Name, string? Namespace) Identity(object value, ManifestSource? source, ManifestKind? registration)
    {
        if (value is IManifest m)
        {
            return (m.ApiVersion, m.Kind, m.Metadata.Name, m.Metadata.Namespace);
        }

        var json = source?.Data is { ValueKind: JsonValueKind.Object } data ? data : ManifestSerializer.ToJsonElement(value);
        static string? Text(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var meta = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("metadata", out var md) ? md : default;
        var apiVersion = Text(json, "apiVersion") is { Length: > 0 } av ? av : registration?.ApiVersion ?? string.Empty;
        var kind = Text(json, "kind") is { Length: > 0 } k ? k : registration?.Kind ?? value.GetType().Name;
        return (apiVersion, kind, Text(meta, "name"), Text(meta, "namespace"));
    }
}

/// <summary>A file of the repository.</summary>
public sealed class RepositoryFile
{
    internal RepositoryFile(RepoPath path, LoadResult? manifests, bool isKustomization)
    {
        Path = path;
        Manifests = manifests;
        IsKustomization = isKustomization;
        Objects = manifests is null ? [] : ObjectsOf(path, manifests.Documents);
    }

    private static RepositoryObject[] ObjectsOf(RepoPath path, IReadOnlyList<LoadedDocument> documents)
    {
        // Once per file of a load (thousands): a plain loop, no iterators.
        var count = 0;
        for (var i = 0; i < documents.Count; i++)
        {
            count += documents[i].Object is null ? 0 : 1;
        }

        var objects = count == 0 ? [] : new RepositoryObject[count];
        for (int i = 0, n = 0; i < documents.Count; i++)
        {
            if (documents[i] is { Object: { } value } d)
            {
                objects[n++] = new RepositoryObject(path, value, d.Source, d.Kind);
            }
        }

        return objects;
    }

    /// <summary>The path in the repository.</summary>
    public RepoPath Path { get; }

    /// <summary>The load result, for files holding Kubernetes-style objects; <see langword="null"/> for other files, which are kept as they are.</summary>
    public LoadResult? Manifests { get; }

    /// <summary>Whether this is a <c>kustomization.yaml</c>.</summary>
    public bool IsKustomization { get; }

    /// <summary>The objects in the file.</summary>
    public IReadOnlyList<RepositoryObject> Objects { get; }
}
