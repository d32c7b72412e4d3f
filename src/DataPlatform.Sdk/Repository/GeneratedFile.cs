using System.Text;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Repository;

/// <summary>
/// One file of a repository made in code: typed objects (serialized only when the file's bytes are needed) or, for
/// files that are text by nature (scripts, READMEs, TOML, encrypted files), their text. A repository made of these
/// (<see cref="GitOpsRepository.FromGenerated(IReadOnlyList{GeneratedFile}, Manifests.ManifestLoader?)"/>) is validated on the objects, without writing and parsing YAML.
/// </summary>
public sealed class GeneratedFile
{
    private readonly Lazy<string> _text;

    private GeneratedFile(RepoPath path, IReadOnlyList<object>? objects, Func<string> text)
    {
        Path = path;
        Objects = objects;
        _text = new Lazy<string>(text);
    }

    /// <summary>The path.</summary>
    public RepoPath Path { get; }

    /// <summary>The objects, for a file of objects; <see langword="null"/> for a text file.</summary>
    public IReadOnlyList<object>? Objects { get; }

    /// <summary>The file's text (rendered once, on first use).</summary>
    public string Text => _text.Value;

    /// <summary>A YAML file of objects, optionally with a comment block before them and comments added to the written trees.</summary>
    /// <param name="path">The path.</param>
    /// <param name="objects">The objects, one document each.</param>
    /// <param name="header">Comment lines written before the first document (each starting with <c>#</c>, ending with a line feed).</param>
    /// <param name="decorate">Adds comments to the documents' trees before they are written (for example an image policy marker).</param>
    /// <returns>The file.</returns>
    public static GeneratedFile Of(RepoPath path, IReadOnlyList<object> objects, string? header = null, Action<IReadOnlyList<YamlDocument>>? decorate = null) =>
        new(path, objects, () =>
        {
            var documents = objects.Select(ManifestSerializer.ToDocument).ToList();
            decorate?.Invoke(documents);
            var yaml = YamlEmitter.Emit(documents);
            return header is null ? yaml : new StringBuilder().Append(header).Append(yaml).ToString();
        });

    /// <summary>A text file.</summary>
    /// <param name="path">The path.</param>
    /// <param name="text">The text.</param>
    /// <returns>The file.</returns>
    public static GeneratedFile OfText(RepoPath path, string text) => new(path, null, () => text);

    /// <summary>A text file whose text is made when first needed (encryption, for example).</summary>
    /// <param name="path">The path.</param>
    /// <param name="text">Makes the text.</param>
    /// <returns>The file.</returns>
    public static GeneratedFile OfText(RepoPath path, Func<string> text) => new(path, null, text);
}
