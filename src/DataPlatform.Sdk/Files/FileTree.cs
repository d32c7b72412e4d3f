using System.Collections.Immutable;
using System.Text;

namespace DataPlatform.Sdk.Files;

/// <summary>
/// An immutable set of files (repository path → bytes), ordered by path. Rendering a repository produces one; the
/// writer puts it on disk atomically.
/// </summary>
public sealed class FileTree
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly ImmutableSortedDictionary<string, ReadOnlyMemory<byte>> _files;

    private FileTree(ImmutableSortedDictionary<string, ReadOnlyMemory<byte>> files) => _files = files;

    /// <summary>An empty tree.</summary>
    public static FileTree Empty { get; } = new(ImmutableSortedDictionary.Create<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal));

    /// <summary>The paths, in ordinal order.</summary>
    public IEnumerable<RepoPath> Paths => _files.Keys.Select(RepoPath.Parse);

    /// <summary>The files as (path, content) pairs, in ordinal path order, without re-parsing paths.</summary>
    internal IEnumerable<KeyValuePair<string, ReadOnlyMemory<byte>>> Entries => _files;

    /// <summary>The number of files.</summary>
    public int Count => _files.Count;

    /// <summary>Adds or replaces a text file (UTF-8 without BOM; line ends as given).</summary>
    /// <param name="path">The path.</param>
    /// <param name="text">The content.</param>
    /// <returns>The new tree.</returns>
    public FileTree With(RepoPath path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return With(path, Utf8.GetBytes(text));
    }

    /// <summary>Adds or replaces a file.</summary>
    /// <param name="path">The path.</param>
    /// <param name="content">The bytes.</param>
    /// <returns>The new tree.</returns>
    public FileTree With(RepoPath path, ReadOnlyMemory<byte> content) => new(_files.SetItem(path.Value, content));

    /// <summary>Returns a tree without the file (the same tree when there is none).</summary>
    /// <param name="path">The path.</param>
    /// <returns>The new tree.</returns>
    public FileTree Without(RepoPath path) => new(_files.Remove(path.Value));

    /// <summary>The content of a file.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="KeyNotFoundException">No such file.</exception>
    public ReadOnlyMemory<byte> this[RepoPath path] => _files[path.Value];

    /// <summary>The content of a text file.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The text.</returns>
    public string ReadText(RepoPath path) => Utf8.GetString(this[path].Span);

    /// <summary>Whether the tree has a file.</summary>
    /// <param name="path">The path.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Contains(RepoPath path) => _files.ContainsKey(path.Value);
}
