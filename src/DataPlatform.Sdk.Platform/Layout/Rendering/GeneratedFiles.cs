using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Platform.Layout;

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
