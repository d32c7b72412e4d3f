using System.Text;
using DataPlatform.Sdk.Files;

using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>How a file changes.</summary>
public enum FileChangeKind
{
    /// <summary>The file is new.</summary>
    Added,

    /// <summary>The file's content changes.</summary>
    Changed,

    /// <summary>The file disappears.</summary>
    Deleted,
}

/// <summary>One file a plan adds, changes or deletes, with a line diff.</summary>
/// <param name="Path">The path.</param>
/// <param name="Kind">The change.</param>
/// <param name="Diff">A unified-style diff (lines prefixed with <c>+</c>, <c>-</c> or a space).</param>
public sealed record FileChange(RepoPath Path, FileChangeKind Kind, string Diff);

/// <summary>What writing a rendered repository to a directory would change.</summary>
public sealed class RepositoryPlan
{
    private RepositoryPlan(IReadOnlyList<FileChange> changes) => Changes = changes;

    /// <summary>The changes, in path order.</summary>
    public IReadOnlyList<FileChange> Changes { get; }

    /// <summary>Whether nothing would change.</summary>
    public bool IsEmpty => Changes.Count == 0;

    /// <summary>Compares files with a directory (files under <c>.git</c> are never compared).</summary>
    /// <param name="files">The rendered files.</param>
    /// <param name="directory">The directory; a missing one counts as empty.</param>
    /// <returns>The plan.</returns>
    public static RepositoryPlan Create(FileTree files, string directory)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var existing = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
                if (!relative.StartsWith(".git/", StringComparison.Ordinal) && relative != ".git")
                {
                    existing[relative] = file;
                }
            }
        }

        var changes = new List<FileChange>();
        foreach (var path in files.Paths)
        {
            var text = files.ReadText(path);
            if (!existing.Remove(path.Value, out var current))
            {
                changes.Add(new FileChange(path, FileChangeKind.Added, Diff(string.Empty, text)));
            }
            else if (File.ReadAllText(current) is var old && old != text)
            {
                changes.Add(new FileChange(path, FileChangeKind.Changed, Diff(old, text)));
            }
        }

        foreach (var (relative, file) in existing)
        {
            changes.Add(new FileChange(RepoPath.Parse(relative), FileChangeKind.Deleted, Diff(File.ReadAllText(file), string.Empty)));
        }

        return new RepositoryPlan([.. changes.OrderBy(c => c.Path.Value, StringComparer.Ordinal)]);
    }

    /// <summary>The plan as text: one header line per file, then its diff.</summary>
    /// <param name="withDiffs">Include the line diffs.</param>
    /// <returns>The text.</returns>
    public string ToText(bool withDiffs = true)
    {
        var sb = new StringBuilder();
        foreach (var c in Changes)
        {
            sb.Append(c.Kind switch { FileChangeKind.Added => "added   ", FileChangeKind.Changed => "changed ", _ => "deleted " }).Append(c.Path).Append('\n');
            if (withDiffs)
            {
                sb.Append(c.Diff);
            }
        }

        sb.Append(Changes.Count(c => c.Kind == FileChangeKind.Added)).Append(" added, ")
          .Append(Changes.Count(c => c.Kind == FileChangeKind.Changed)).Append(" changed, ")
          .Append(Changes.Count(c => c.Kind == FileChangeKind.Deleted)).Append(" deleted\n");
        return sb.ToString();
    }

    private static string Diff(string before, string after)
    {
        var model = InlineDiffBuilder.Diff(before, after, ignoreWhiteSpace: false);
        var sb = new StringBuilder();
        foreach (var line in model.Lines)
        {
            switch (line.Type)
            {
                case ChangeType.Inserted:
                    sb.Append("+ ").Append(line.Text).Append('\n');
                    break;
                case ChangeType.Deleted:
                    sb.Append("- ").Append(line.Text).Append('\n');
                    break;
            }
        }

        return sb.ToString();
    }
}
