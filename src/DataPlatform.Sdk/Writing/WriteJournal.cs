using System.Globalization;
using System.Text;
using DataPlatform.Sdk.Files;

namespace DataPlatform.Sdk.Writing;

/// <summary>
/// Makes a batch of file writes atomic as a whole, with a journal in <c>.dataplatform/journal/</c> inside the target
/// (the same file system, so every step is a rename):
/// <list type="number">
/// <item>prepare: every new content and every replaced or deleted file's old content is copied into the journal and
///   flushed to disk; then the index is renamed into place — the commit point;</item>
/// <item>apply: each new file is renamed over its target (atomic per file), each deleted file removed;</item>
/// <item>finish: the index, then the journal, is removed.</item>
/// </list>
/// A crash before the commit point leaves every file old (the next run removes the journal); after it, every file is
/// old or new and the next run rolls the batch forward. A failure while applying (the process still running) rolls
/// back from the copies. Only one writer works on a target at a time (<see cref="SafeFiles.Lock"/>).
/// </summary>
internal sealed class WriteJournal
{
    private const string IndexName = "index";
    private readonly string _root;
    private readonly string _folder;
    private readonly List<(FileChangeKind Kind, string Path)> _entries = [];

    private WriteJournal(string root)
    {
        _root = root;
        _folder = Path.Combine(root, GeneratedRecord.JournalFolder.Replace('/', Path.DirectorySeparatorChar));
    }

    /// <summary>A step is about to change the file system (a test stops the writer there, as a kill would).</summary>
    internal static AsyncLocal<Action<string>?> Step { get; } = new();

    /// <summary>Writes the journal of a batch up to its commit point.</summary>
    /// <param name="root">The target directory.</param>
    /// <param name="batch">Each change with the bytes its file holds now (<see langword="null"/> when absent).</param>
    /// <returns>The committed journal.</returns>
    public static WriteJournal Prepare(string root, IReadOnlyList<(FileChange Change, byte[]? Current)> batch)
    {
        var journal = new WriteJournal(root);
        Mark("create journal");
        Directory.CreateDirectory(journal._folder);
        var index = new StringBuilder();
        for (var i = 0; i < batch.Count; i++)
        {
            var (change, current) = batch[i];
            if (change.Content is { } content)
            {
                journal.WriteDurably(Name(i, "new"), content);
            }

            if (current is not null)
            {
                journal.WriteDurably(Name(i, "old"), current);
            }

            journal._entries.Add((change.Kind, change.Path.Value));
            index.Append(change.Kind.ToString()).Append('\t').Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(change.Path.Value))).Append('\n');
        }

        journal.WriteDurably(IndexName + ".tmp", Encoding.UTF8.GetBytes(index.ToString()));
        Mark("commit");
        File.Move(journal.PathOf(IndexName + ".tmp"), journal.PathOf(IndexName));
        return journal;
    }

    /// <summary>Finishes (rolls forward) or removes what an interrupted write left. Call under the target's lock.</summary>
    /// <param name="root">The target directory.</param>
    /// <returns>Whether an interrupted batch was completed.</returns>
    public static bool Recover(string root)
    {
        var journal = new WriteJournal(root);
        if (!Directory.Exists(journal._folder))
        {
            return false;
        }

        var index = journal.PathOf(IndexName);
        var committed = File.Exists(index);
        if (committed)
        {
            foreach (var line in File.ReadAllText(index).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                journal._entries.Add((Enum.Parse<FileChangeKind>(line[..tab]), Encoding.UTF8.GetString(Convert.FromBase64String(line[(tab + 1)..]))));
            }

            journal.Apply();
        }

        journal.Finish();
        return committed;
    }

    /// <summary>Applies the batch: renames each new file into place, removes each deleted one. Idempotent (recovery runs it again).</summary>
    public void Apply()
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            var (kind, path) = _entries[i];
            var target = Target(path);
            if (kind == FileChangeKind.Deleted)
            {
                if (FileKinds.Of(target) != FileEntryKind.Missing)
                {
                    Mark("delete " + path);
                    File.Delete(target);
                }

                PruneEmptyFolders(path);
                continue;
            }

            var staged = PathOf(Name(i, "new"));
            if (!File.Exists(staged))
            {
                continue; // Applied before an interruption.
            }

            var folder = Path.GetDirectoryName(target)!;
            Mark("folder " + path);
            Directory.CreateDirectory(folder);
            if (!SafeFiles.IsInside(SafeFiles.RealPath(_root), SafeFiles.RealPath(folder)))
            {
                throw new IOException($"'{path}' lies outside '{_root}' (through a symbolic link); the write was stopped.");
            }

            if (!OperatingSystem.IsWindows() && FileKinds.Of(target) == FileEntryKind.Regular)
            {
                File.SetUnixFileMode(staged, File.GetUnixFileMode(target)); // A replaced file keeps its mode (an executable script stays executable).
            }

            Mark("rename " + path);
            File.Move(staged, target, overwrite: true);
        }
    }

    /// <summary>Undoes what <see cref="Apply"/> did, from the copies of the old files, then removes the journal.</summary>
    public void Rollback()
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            var (kind, path) = _entries[i];
            var target = Target(path);
            var old = PathOf(Name(i, "old"));
            var applied = kind == FileChangeKind.Deleted ? FileKinds.Of(target) == FileEntryKind.Missing : !File.Exists(PathOf(Name(i, "new")));
            if (!applied)
            {
                continue;
            }

            if (File.Exists(old))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(old, target, overwrite: true);
            }
            else if (kind == FileChangeKind.Added && FileKinds.Of(target) == FileEntryKind.Regular)
            {
                File.Delete(target);
                PruneEmptyFolders(path);
            }
        }

        Finish();
    }

    /// <summary>Removes the journal: the index first, so an interruption here leaves nothing to roll forward.</summary>
    public void Finish()
    {
        Mark("finish");
        var index = PathOf(IndexName);
        if (File.Exists(index))
        {
            File.Delete(index);
        }

        Directory.Delete(_folder, recursive: true);
        var bookkeeping = Path.GetDirectoryName(_folder)!;
        if (Directory.Exists(bookkeeping) && !Directory.EnumerateFileSystemEntries(bookkeeping).Any())
        {
            Directory.Delete(bookkeeping); // Created for the journal alone.
        }
    }

    private static void Mark(string step) => Step.Value?.Invoke(step);

    private static string Name(int index, string suffix) => index.ToString(CultureInfo.InvariantCulture) + "." + suffix;

    private string PathOf(string name) => Path.Combine(_folder, name);

    private string Target(string path) => Path.Combine(_root, path.Replace('/', Path.DirectorySeparatorChar));

    private void WriteDurably(string name, ReadOnlySpan<byte> content)
    {
        Mark("journal " + name);
        using var stream = new FileStream(PathOf(name), FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Removes the folders a deletion left empty, up to (not including) the root.</summary>
    private void PruneEmptyFolders(string path)
    {
        var parts = path.Split('/');
        for (var n = parts.Length - 1; n > 0; n--)
        {
            var folder = Path.Combine(_root, string.Join(Path.DirectorySeparatorChar, parts[..n]));
            if (FileKinds.Of(folder) != FileEntryKind.Directory || Directory.EnumerateFileSystemEntries(folder).Any())
            {
                return;
            }

            Mark("prune " + string.Join('/', parts[..n]));
            Directory.Delete(folder);
        }
    }
}
