using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Kubernetes.Kustomize;
using DataPlatform.Sdk.Manifests;
using k8s;
using k8s.Models;

namespace DataPlatform.Sdk.Platform.Repository;

/// <summary>An object of the repository with the file it is in and its identity.</summary>
public sealed class RepositoryObject
{
    internal RepositoryObject(RepoPath file, object value, ManifestSource? source)
    {
        File = file;
        Value = value;
        Source = source;
        (ApiVersion, Kind, Name, Namespace) = Identity(value);
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
    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;

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

    internal RepositoryObject WithPlacement(string? ns, string? name) => new(this, ns, name);

    internal static RepositoryObject Generated(RepoPath file, string kind, string? name, string? ns) => new(file, "v1", kind, name, ns);

    /// <summary>Cluster-scoped kinds are not moved into a namespace by kustomize.</summary>
    internal bool IsClusterScoped => Kind is "Namespace" or "ClusterRole" or "ClusterRoleBinding" or "CustomResourceDefinition" or "StorageClass" or "PersistentVolume" or "PriorityClass" or "ClusterIssuer";

    private static (string ApiVersion, string Kind, string? Name, string? Namespace) Identity(object value) => value switch
    {
        IManifest m => (m.ApiVersion, m.Kind, m.Metadata.Name, m.Metadata.Namespace),
        IKubernetesObject<V1ObjectMeta> k => (k.ApiVersion ?? string.Empty, k.Kind ?? string.Empty, k.Metadata?.Name, k.Metadata?.NamespaceProperty),
        KustomizationFile f => (f.ApiVersion ?? KustomizationFile.KustomizationApiVersion, f.Kind ?? KustomizationFile.KustomizationKind, f.Metadata?.Name, f.Metadata?.Namespace),
        _ => (string.Empty, value.GetType().Name, null, null),
    };
}

/// <summary>A file of the repository.</summary>
public sealed class RepositoryFile
{
    internal RepositoryFile(RepoPath path, LoadResult? manifests, bool isKustomization)
    {
        Path = path;
        Manifests = manifests;
        IsKustomization = isKustomization;
        Objects = manifests is null
            ? []
            : [.. manifests.Documents.Where(d => d.Object is not null).Select(d => new RepositoryObject(path, d.Object!, d.Source))];
    }

    /// <summary>The path in the repository.</summary>
    public RepoPath Path { get; }

    /// <summary>The load result, for files holding Kubernetes-style objects; <see langword="null"/> for other files, which are kept as they are.</summary>
    public LoadResult? Manifests { get; }

    /// <summary>Whether this is a <c>kustomization.yaml</c>.</summary>
    public bool IsKustomization { get; }

    /// <summary>The objects in the file.</summary>
    public IReadOnlyList<RepositoryObject> Objects { get; }

    /// <summary>The kustomization of a <c>kustomization.yaml</c>.</summary>
    public KustomizationFile? Kustomization => Objects.Select(o => o.Value).OfType<KustomizationFile>().FirstOrDefault();
}
