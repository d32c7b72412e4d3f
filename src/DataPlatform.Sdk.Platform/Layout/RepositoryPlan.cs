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

    /// <summary>
    /// Compares files with a directory. Only files under the directory are looked at: links are not followed out of it,
    /// special files (FIFOs, devices) are not read, and files that would be deleted are named without their contents
    /// (they were not generated here and may hold anything). Files under <c>.git</c> are never compared.
    /// </summary>
    /// <param name="files">The rendered files.</param>
    /// <param name="directory">The directory; a missing one counts as empty.</param>
    /// <returns>The plan.</returns>
    public static RepositoryPlan Create(FileTree files, string directory)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var existing = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in ExistingFiles(directory))
        {
            existing[Path.GetRelativePath(directory, file).Replace('\\', '/')] = file;
        }

        var changes = new List<FileChange>();
        foreach (var path in files.Paths)
        {
            var text = files.ReadText(path);
            if (!existing.Remove(path.Value, out var current))
            {
                changes.Add(new FileChange(path, FileChangeKind.Added, Diff(string.Empty, text)));
                continue;
            }

            var read = SafeFiles.Read(current, directory, 16L * 1024 * 1024);
            if (read.Bytes is null)
            {
                changes.Add(new FileChange(path, FileChangeKind.Changed, $"  (the file on disk is not shown: {read.Reason})\n"));
            }
            else if (Encoding.UTF8.GetString(read.Bytes) is var old && old != text)
            {
                changes.Add(new FileChange(path, FileChangeKind.Changed, Diff(old, text)));
            }
        }

        foreach (var (relative, _) in existing)
        {
            changes.Add(new FileChange(RepoPath.Parse(relative), FileChangeKind.Deleted, "  (not generated here; contents not shown)\n"));
        }

        return new RepositoryPlan([.. changes.OrderBy(c => c.Path.Value, StringComparer.Ordinal)]);
    }

    /// <summary>The files below a directory, without entering linked folders or <c>.git</c>.</summary>
    private static IEnumerable<string> ExistingFiles(string directory)
    {
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        var stack = new Stack<string>();
        stack.Push(directory);
        while (stack.Count > 0)
        {
            foreach (var entry in new DirectoryInfo(stack.Pop()).EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo d && entry.LinkTarget is null)
                {
                    if (d.Name != ".git")
                    {
                        stack.Push(d.FullName);
                    }
                }
                else if (entry is FileInfo || entry.LinkTarget is not null)
                {
                    yield return entry.FullName;
                }
            }
        }
    }

    /// <summary>The plan as text: one header line per file, then its diff.</summary>
    /// <param name="withDiffs">Include the line diffs.</param>
    /// <returns>The text.</returns>
    public string ToText(bool withDiffs = true)
    {
        var sb = new StringBuilder();
        foreach (var c in Changes)
        {
            // A file name is data: control characters in it are escaped, so a name cannot fake a line of the plan.
            var name = string.Concat(c.Path.Value.Select(ch => char.IsControl(ch) ? $"\\u{(int)ch:x4}" : ch.ToString()));
            sb.Append(c.Kind switch { FileChangeKind.Added => "added   ", FileChangeKind.Changed => "changed ", _ => "deleted " }).Append(name).Append('\n');
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
