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
    private readonly Lazy<YamlDocument>? _document;
    private readonly ILazyDocuments? _file;
    private readonly int _streamIndex;

    /// <summary>
    /// A source whose tree is one of the documents of a file parsed on first use, shared by all the documents of the
    /// file (a load of thousands of documents allocates one deferred parse per file, not per document), and whose data
    /// is kept as JSON text, parsed when <see cref="Data"/> is first asked for.
    /// </summary>
    internal ManifestSource(string filePath, int documentIndex, ILazyDocuments file, int streamIndex, byte[] json)
    {
        FilePath = filePath;
        DocumentIndex = documentIndex;
        _file = file;
        _streamIndex = streamIndex;
        _json = json;
    }

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
    public YamlDocument Document => _document?.Value ?? _file!.Document(_streamIndex);

    /// <summary>
    /// The data of the document as read (before any model saw it), or <see langword="null"/> when unknown. Writing an
    /// edited object back compares it with this data passed through the model, so values the user did not change keep
    /// their text and defaults the model fills in are never added.
    /// </summary>
    public System.Text.Json.JsonElement? Data
    {
        get
        {
            if (_data is { } data)
            {
                return data;
            }

            if (_json is not { } json)
            {
                return null;
            }

            // Parsed when first asked for (few are: a write, a rule that reads raw data); one document wins a race.
            var parsed = Volatile.Read(ref _parsed);
            if (parsed is null)
            {
                var fresh = System.Text.Json.JsonDocument.Parse(json);
                parsed = Interlocked.CompareExchange(ref _parsed, fresh, null) ?? fresh;
            }

            return parsed.RootElement;
        }

        internal set => _data = value;
    }

    private System.Text.Json.JsonElement? _data;
    private readonly byte[]? _json;
    private System.Text.Json.JsonDocument? _parsed;

    /// <summary>The location of a JSON pointer inside this document.</summary>
    /// <param name="pointer">The pointer.</param>
    /// <returns>The location, or <see langword="null"/> when there is no file path.</returns>
    public Diagnostics.SourceLocation? Locate(string pointer)
    {
        var mark = Document.Locate(pointer);
        return FilePath is null && !mark.IsKnown ? null : new Diagnostics.SourceLocation(FilePath ?? "<memory>", mark.Line, mark.Column);
    }
}

/// <summary>The documents of a file, parsed on first use.</summary>
internal interface ILazyDocuments
{
    /// <summary>The document at a position of the stream (empty documents included), or an empty one past the end.</summary>
    YamlDocument Document(int streamIndex);
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
