using System.Text;
using DataPlatform.Sdk.Files;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace DataPlatform.Sdk.Writing;

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
/// <param name="Diff">A diff of the changed lines (prefixed with <c>+ </c> or <c>- </c>).</param>
public sealed record FileChange(RepoPath Path, FileChangeKind Kind, string Diff)
{
    /// <summary>Why the change looks as it does, when it is not a plain write: "merged with hand edits", …</summary>
    public string? Note { get; init; }

    /// <summary>The bytes written (added and changed files).</summary>
    internal byte[]? Content { get; init; }

    /// <summary>The bytes on disk when the plan was made (changed and deleted files): the write stops if they changed since.</summary>
    internal byte[]? Expected { get; init; }
}

/// <summary>A file the plan leaves alone although the model asks otherwise, and why.</summary>
/// <param name="Path">The path.</param>
/// <param name="Reason">Why, and what to do.</param>
/// <param name="BlocksWrite">Whether writing refuses (without <see cref="WriteOptions.Force"/>) because of it.</param>
public sealed record FileNotice(RepoPath Path, string Reason, bool BlocksWrite);

/// <summary>
/// Exactly what a write will do to a directory: the files it adds, changes (with diffs) and deletes, and what it
/// leaves alone and why. Make one with <see cref="RepositoryWriter.Plan(FileTree, string, WriteOptions?)"/>, show it,
/// then <see cref="RepositoryWriter.Apply"/> it: the write refuses if a file changed on disk meanwhile.
/// </summary>
public sealed class RepositoryPlan
{
    internal RepositoryPlan(string directory, IReadOnlyList<FileChange> changes, IReadOnlyList<FileNotice> notices, bool newDirectory)
    {
        Directory = directory;
        Changes = [.. changes.OrderBy(c => c.Path.Value, StringComparer.Ordinal)];
        Notices = [.. notices.OrderBy(c => c.Path.Value, StringComparer.Ordinal)];
        IsNewDirectory = newDirectory;
    }

    /// <summary>The directory (full path).</summary>
    public string Directory { get; }

    /// <summary>The changes, in path order (the SDK's bookkeeping under <c>.dataplatform/</c> included).</summary>
    public IReadOnlyList<FileChange> Changes { get; }

    /// <summary>Files left alone, in path order: hand-edited files the model no longer generates, and conflicts that stop the write.</summary>
    public IReadOnlyList<FileNotice> Notices { get; }

    /// <summary>Whether nothing would change.</summary>
    public bool IsEmpty => Changes.Count == 0;

    /// <summary>Whether a notice stops the write unless forced.</summary>
    public bool HasConflicts => Notices.Any(n => n.BlocksWrite);

    /// <summary>Whether the directory did not exist when planned: the write stages the whole tree beside it and moves it into place.</summary>
    public bool IsNewDirectory { get; }

    /// <summary>The plan as text: one line per file (control characters escaped), its note and diff, then a summary line.</summary>
    /// <param name="withDiffs">Include the line diffs.</param>
    /// <returns>The text.</returns>
    public string ToText(bool withDiffs = true)
    {
        var sb = new StringBuilder();
        foreach (var c in Changes)
        {
            sb.Append(c.Kind switch { FileChangeKind.Added => "added   ", FileChangeKind.Changed => "changed ", _ => "deleted " }).Append(Printable(c.Path.Value));
            sb.Append(c.Note is null ? string.Empty : $"  ({c.Note})").Append('\n');
            if (withDiffs)
            {
                sb.Append(c.Diff);
            }
        }

        foreach (var n in Notices)
        {
            sb.Append(n.BlocksWrite ? "conflict " : "kept    ").Append(Printable(n.Path.Value)).Append("  (").Append(n.Reason).Append(")\n");
        }

        sb.Append(Changes.Count(c => c.Kind == FileChangeKind.Added)).Append(" added, ")
          .Append(Changes.Count(c => c.Kind == FileChangeKind.Changed)).Append(" changed, ")
          .Append(Changes.Count(c => c.Kind == FileChangeKind.Deleted)).Append(" deleted");
        var conflicts = Notices.Count(n => n.BlocksWrite);
        sb.Append(conflicts > 0 ? $", {conflicts} conflict(s)" : string.Empty).Append(Notices.Count > conflicts ? $", {Notices.Count - conflicts} kept" : string.Empty).Append('\n');
        return sb.ToString();
    }

    // A file name is data: control characters in it are escaped, so a name cannot fake a line of the plan.
    private static string Printable(string name) => string.Concat(name.Select(ch => char.IsControl(ch) ? $"\\u{(int)ch:x4}" : ch.ToString()));

    /// <summary>The changed lines between two texts.</summary>
    internal static string Diff(string before, string after)
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
