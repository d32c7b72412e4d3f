using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Manifests;

/// <summary>A model that remembers the file it was read from, so that writing it back keeps comments and layout.</summary>
public interface IHasOrigin
{
    /// <summary>Where the object was read from, if it was; copied by <c>with</c> expressions, ignored by equality.</summary>
    ManifestOrigin Origin { get; init; }
}

/// <summary>A Kubernetes-style object: apiVersion, kind and metadata.</summary>
public interface IManifest : IHasOrigin
{
    /// <summary>The API version, for example <c>kustomize.toolkit.fluxcd.io/v1</c>.</summary>
    string ApiVersion { get; }

    /// <summary>The kind, for example <c>Kustomization</c>.</summary>
    string Kind { get; }

    /// <summary>The metadata.</summary>
    ObjectMeta Metadata { get; }
}

/// <summary>
/// The file and document an object was read from, so that writing it back keeps comments and layout. The YAML tree
/// may be built lazily: read-only work (validation) never pays for it unless a diagnostic needs a position.
/// </summary>
public sealed class ManifestSource
{
    private readonly Lazy<YamlDocument> _document;

    /// <summary>Creates a source from a tree.</summary>
    /// <param name="filePath">The file path as given to the loader, or <see langword="null"/>.</param>
    /// <param name="documentIndex">0-based index of the document in its file.</param>
    /// <param name="document">The YAML tree the object was read from.</param>
    public ManifestSource(string? filePath, int documentIndex, YamlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        FilePath = filePath;
        DocumentIndex = documentIndex;
        _document = new Lazy<YamlDocument>(document);
    }

    /// <summary>Creates a source whose tree is built on first use.</summary>
    /// <param name="filePath">The file path as given to the loader, or <see langword="null"/>.</param>
    /// <param name="documentIndex">0-based index of the document in its file.</param>
    /// <param name="document">Builds the tree.</param>
    public ManifestSource(string? filePath, int documentIndex, Func<YamlDocument> document)
    {
        ArgumentNullException.ThrowIfNull(document);
        FilePath = filePath;
        DocumentIndex = documentIndex;
        _document = new Lazy<YamlDocument>(document);
    }

    /// <summary>The file path as given to the loader, or <see langword="null"/>.</summary>
    public string? FilePath { get; }

    /// <summary>0-based index of the document in its file.</summary>
    public int DocumentIndex { get; }

    /// <summary>The YAML tree the object was read from (with comments and positions).</summary>
    public YamlDocument Document => _document.Value;

    /// <summary>
    /// The data of the document as read (before any model saw it), or <see langword="null"/> when unknown. Writing an
    /// edited object back compares it with this data passed through the model, so values the user did not change keep
    /// their text and defaults the model fills in are never added.
    /// </summary>
    public System.Text.Json.JsonElement? Data { get; internal set; }

    /// <summary>The location of a JSON pointer inside this document.</summary>
    /// <param name="pointer">The pointer.</param>
    /// <returns>The location, or <see langword="null"/> when there is no file path.</returns>
    public Diagnostics.SourceLocation? Locate(string pointer)
    {
        var mark = Document.Locate(pointer);
        return FilePath is null && !mark.IsKnown ? null : new Diagnostics.SourceLocation(FilePath ?? "<memory>", mark.Line, mark.Column);
    }
}

/// <summary>
/// Holds the <see cref="ManifestSource"/> of an object. Every origin equals every other, so records that carry one
/// compare by content only.
/// </summary>
public readonly struct ManifestOrigin : IEquatable<ManifestOrigin>
{
    /// <summary>Creates an origin.</summary>
    /// <param name="source">The source, or <see langword="null"/> for objects made in code.</param>
    public ManifestOrigin(ManifestSource? source) => Source = source;

    /// <summary>The source, or <see langword="null"/> for objects made in code.</summary>
    public ManifestSource? Source { get; }

    /// <summary>Always <see langword="true"/>: where an object came from is not part of its value.</summary>
    /// <param name="left">The left side.</param>
    /// <param name="right">The right side.</param>
    /// <returns><see langword="true"/>.</returns>
    public static bool operator ==(ManifestOrigin left, ManifestOrigin right) => left.Equals(right);

    /// <summary>Always <see langword="false"/>.</summary>
    /// <param name="left">The left side.</param>
    /// <param name="right">The right side.</param>
    /// <returns><see langword="false"/>.</returns>
    public static bool operator !=(ManifestOrigin left, ManifestOrigin right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(ManifestOrigin other) => true;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ManifestOrigin;

    /// <inheritdoc />
    public override int GetHashCode() => 0;
}
