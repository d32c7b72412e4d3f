using System.Text;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// One file the layout generates: typed objects (serialized only when the file's bytes are needed) or, for files that
/// are text by nature (scripts, READMEs, TOML, encrypted files), their text.
/// </summary>
internal sealed class GeneratedFile
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
    public static GeneratedFile Of(RepoPath path, IReadOnlyList<object> objects, string? header = null, Action<IReadOnlyList<YamlDocument>>? decorate = null) =>
        new(path, objects, () =>
        {
            var documents = objects.Select(ManifestSerializer.ToDocument).ToList();
            decorate?.Invoke(documents);
            var yaml = YamlEmitter.Emit(documents);
            return header is null ? yaml : new StringBuilder().Append(header).Append(yaml).ToString();
        });

    /// <summary>A text file.</summary>
    public static GeneratedFile OfText(RepoPath path, string text) => new(path, null, () => text);

    /// <summary>A text file whose text is made when first needed (encryption, for example).</summary>
    public static GeneratedFile OfText(RepoPath path, Func<string> text) => new(path, null, text);
}

/// <summary>The files a layout generates, by path; a path written twice is a bug of the layout, not of the description.</summary>
internal sealed class GeneratedFiles
{
    private readonly SortedDictionary<string, GeneratedFile> _files = new(StringComparer.Ordinal);

    public IEnumerable<GeneratedFile> All => _files.Values;

    public void Add(string path, params object[] objects) => Put(GeneratedFile.Of(RepoPath.Parse(path), objects));

    public void Add(string path, IReadOnlyList<object> objects, string? header = null, Action<IReadOnlyList<YamlDocument>>? decorate = null) =>
        Put(GeneratedFile.Of(RepoPath.Parse(path), objects, header, decorate));

    public void Text(string path, string text) => Put(GeneratedFile.OfText(RepoPath.Parse(path), text));

    public void Text(string path, Func<string> text) => Put(GeneratedFile.OfText(RepoPath.Parse(path), text));

    private void Put(GeneratedFile file)
    {
        if (!_files.TryAdd(file.Path.Value, file))
        {
            throw new InvalidOperationException($"The layout writes '{file.Path}' twice.");
        }
    }
}
