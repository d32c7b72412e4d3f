using System.Text;
using DataPlatform.Sdk.Files;

namespace DataPlatform.Sdk.Writing;

/// <summary>A file edited in code, for <see cref="RepositoryWriter.PlanEdits"/>.</summary>
/// <param name="Path">The path.</param>
/// <param name="Content">The new bytes, or <see langword="null"/> to delete the file.</param>
public sealed record FileEdit(RepoPath Path, byte[]? Content)
{
    /// <summary>Why the edit must not be written (for example: the file changed on disk since it was read), or <see langword="null"/>.</summary>
    public string? Blocked { get; init; }
}

/// <summary>How <see cref="RepositoryWriter"/> writes.</summary>
public sealed record WriteOptions
{
    /// <summary>The defaults: careful.</summary>
    public static WriteOptions Default { get; } = new();

    /// <summary>
    /// Write even where the writer would refuse: over files that changed on disk since the plan, over hand edits that
    /// cannot be merged, into the file system root or the home directory; and delete generated files that were edited
    /// by hand and are no longer generated.
    /// </summary>
    public bool Force { get; init; }

    /// <summary>The largest file read from the target.</summary>
    /// <value>Default: 64 MiB.</value>
    public long MaxFileBytes { get; init; } = 64L * 1024 * 1024;
}

/// <summary>
/// Writes generated files into a directory the way a careful person would: only files whose bytes change are written;
/// only files it generated earlier (recorded in <c>.dataplatform/generated.txt</c>) and no longer generates are
/// deleted; nothing else is touched (unrelated files, <c>.git</c>); hand edits inside generated files are kept wherever
/// the model did not change that value (merged three ways, as <c>fmt</c> does). The batch is atomic: a crash at any
/// moment leaves every file old or new, and the next write finishes the batch (<see cref="WriteJournal"/>). Writing the
/// same files twice changes nothing. A directory that does not exist yet is staged beside it and moved into place.
/// </summary>
public static class RepositoryWriter
{
    /// <summary>What writing <paramref name="files"/> into <paramref name="directory"/> would do. Reads, never writes.</summary>
    /// <param name="files">The generated files (their paths may not lie under <c>.dataplatform/</c>).</param>
    /// <param name="directory">The target; it may not exist.</param>
    /// <param name="options">Options; <see cref="WriteOptions.Default"/> when <see langword="null"/>.</param>
    /// <returns>The plan.</returns>
    public static RepositoryPlan Plan(FileTree files, string directory, WriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        options ??= WriteOptions.Default;
        var root = FullPath(directory);
        FinishInterruptedWrite(root);
        if (files.Paths.FirstOrDefault(p => GeneratedRecord.IsBookkeeping(p.Value)) is { Value: not null } reserved)
        {
            throw new ArgumentException($"'{reserved}' lies under {GeneratedRecord.Folder}/, which holds the writer's own records.", nameof(files));
        }

        var planner = new Planner(root, options);
        foreach (var (path, content) in files.Entries)
        {
            planner.Generated(path, content.ToArray());
        }

        return planner.Finish(Directory.Exists(root) is false);
    }

    /// <summary>
    /// What writing edited files into <paramref name="directory"/> would do: each file is written as given (a
    /// <see langword="null"/> content deletes it). The SDK's record of generated files is not changed.
    /// </summary>
    /// <param name="edits">The edited files.</param>
    /// <param name="directory">The directory.</param>
    /// <param name="options">Options.</param>
    /// <returns>The plan.</returns>
    public static RepositoryPlan PlanEdits(IEnumerable<FileEdit> edits, string directory, WriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(edits);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var root = FullPath(directory);
        FinishInterruptedWrite(root);
        var planner = new Planner(root, options ?? WriteOptions.Default);
        foreach (var edit in edits)
        {
            planner.Edited(edit);
        }

        return planner.Finish(newDirectory: false, bookkeeping: false);
    }

    /// <summary>Plans and writes.</summary>
    /// <param name="files">The generated files.</param>
    /// <param name="directory">The target.</param>
    /// <param name="options">Options.</param>
    /// <returns>The plan that was carried out.</returns>
    public static RepositoryPlan Write(FileTree files, string directory, WriteOptions? options = null)
    {
        var plan = Plan(files, directory, options);
        Apply(plan, options);
        return plan;
    }

    /// <summary>Carries out a plan, atomically as a whole.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="options">Options; <see cref="WriteOptions.Default"/> when <see langword="null"/>.</param>
    /// <exception cref="InvalidOperationException">The target is the file system root or the home directory, or the plan has conflicts (without <see cref="WriteOptions.Force"/>).</exception>
    /// <exception cref="IOException">A file changed on disk since the plan was made (nothing was written), or the file system refused (everything was rolled back).</exception>
    public static void Apply(RepositoryPlan plan, WriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        options ??= WriteOptions.Default;
        var root = plan.Directory;
        if (!options.Force && DangerousTarget(root) is { } danger)
        {
            throw new InvalidOperationException($"Refusing to write into {danger} ('{root}'); give the repository's own directory.");
        }

        if (!options.Force && plan.HasConflicts)
        {
            throw new InvalidOperationException("Nothing was written; these files need a decision first:\n"
                + string.Join("\n", plan.Notices.Where(n => n.BlocksWrite).Select(n => $"  {n.Path}: {n.Reason}")));
        }

        if (plan.IsNewDirectory && !Directory.Exists(root))
        {
            var tree = FileTree.Empty;
            foreach (var c in plan.Changes)
            {
                tree = tree.With(c.Path, c.Content!);
            }

            AtomicTreeWriter.Write(root, tree);
            return;
        }

        using var writing = SafeFiles.Lock(root);
        WriteJournal.Recover(root);
        var batch = new List<(FileChange, byte[]?)>();
        foreach (var change in plan.Changes)
        {
            var now = SafeFiles.Read(Path.Combine(root, change.Path.Value), root, options.MaxFileBytes);
            var current = now.Bytes;
            var unchanged = change.Kind == FileChangeKind.Added ? now.Refusal == FileRefusal.Missing : current is not null && change.Expected is { } e && current.AsSpan().SequenceEqual(e);
            if (!unchanged && !options.Force)
            {
                throw new IOException($"'{change.Path}' changed on disk since the plan was made; nothing was written. Plan again.");
            }

            if (change.Kind != FileChangeKind.Added && current is null && now.Refusal != FileRefusal.Missing)
            {
                throw new IOException($"'{change.Path}' cannot be replaced: {now.Reason}; nothing was written.");
            }

            batch.Add((change, current));
        }

        if (batch.Count == 0)
        {
            return;
        }

        var journal = WriteJournal.Prepare(root, batch);
        try
        {
            journal.Apply();
            journal.Finish();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            journal.Rollback();
            throw new IOException($"Writing '{root}' failed and was rolled back; every file is as it was: {ex.Message}", ex);
        }
    }

    /// <summary>The full path, without a trailing separator (except for a file system root).</summary>
    private static string FullPath(string directory)
    {
        var full = Path.GetFullPath(directory);
        return full.Length > (Path.GetPathRoot(full)?.Length ?? 0) ? full.TrimEnd(Path.DirectorySeparatorChar) : full;
    }

    /// <summary>
    /// A write that a crash interrupted is finished before anything else (so a plan sees the files as they will be);
    /// this is the only writing a plan does, and only when a journal is there.
    /// </summary>
    private static void FinishInterruptedWrite(string root)
    {
        if (Directory.Exists(Path.Combine(root, GeneratedRecord.JournalFolder)))
        {
            using var writing = SafeFiles.Lock(root);
            WriteJournal.Recover(root);
        }
    }

    private static string? DangerousTarget(string root)
    {
        if (string.Equals(Path.GetPathRoot(root), root, StringComparison.Ordinal))
        {
            return "the file system root";
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home.Length > 0 && string.Equals(Path.GetFullPath(home).TrimEnd(Path.DirectorySeparatorChar), root, StringComparison.Ordinal) ? "the home directory" : null;
    }

    /// <summary>Builds a plan file by file.</summary>
    private sealed class Planner(string root, WriteOptions options)
    {
        private static readonly UTF8Encoding Utf8 = new(false);
        private readonly List<FileChange> _changes = [];
        private readonly List<FileNotice> _notices = [];
        private readonly SortedDictionary<string, string> _previous = GeneratedRecord.Parse(ReadText(root, GeneratedRecord.RecordPath, options));
        private readonly SortedDictionary<string, string> _record = new(StringComparer.Ordinal);
        private readonly Dictionary<string, byte[]?> _baselines = new(StringComparer.Ordinal);

        /// <summary>A file the model generates.</summary>
        public void Generated(string path, byte[] content)
        {
            var id = GeneratedRecord.BlobId(content);
            _record[path] = id;
            var disk = Read(path);
            if (disk.Refusal == FileRefusal.Missing)
            {
                _changes.Add(Added(path, content));
                return;
            }

            if (disk.Bytes is not { } current)
            {
                _notices.Add(new FileNotice(path, $"the model generates this file, but {disk.Reason}", BlocksWrite: true));
                return;
            }

            if (current.AsSpan().SequenceEqual(content))
            {
                _baselines[path] = null; // Equal to what the model generates: no baseline needed.
                return;
            }

            var previous = _previous.GetValueOrDefault(path);
            var currentId = GeneratedRecord.BlobId(current);
            if (previous == currentId)
            {
                _changes.Add(Changed(path, current, content, null)); // Not edited since it was generated.
                _baselines[path] = null;
                return;
            }

            if (previous == id)
            {
                // The model generates what it generated before: the hand edits stay as they are, and so does the baseline.
                if (Read(GeneratedRecord.BaselineOf(path)).Bytes is { } kept && GeneratedRecord.BlobId(kept) == id)
                {
                    _baselines[path] = kept;
                }

                return;
            }

            var baseline = previous is null ? null : Baseline(path, previous);
            var (merged, outcome) = FileMerge.Merge(path, content, current, baseline);
            if (merged is null)
            {
                if (options.Force)
                {
                    _changes.Add(Changed(path, current, content, "overwrites hand edits (forced)"));
                    _baselines[path] = null;
                }
                else if (previous is null)
                {
                    // Somebody else's file where the layout puts one of its own (a checkout's README.md): it is theirs,
                    // left as it is and not recorded as generated.
                    _record.Remove(path);
                    _notices.Add(new FileNotice(path, "exists and was not generated here; left as it is (write with --force to replace it with the generated one)", BlocksWrite: false));
                }
                else
                {
                    _notices.Add(new FileNotice(path, "edited by hand and changed by the model, and it cannot be merged value by value; bring the edits into the model, or write with --force to take the model's version", BlocksWrite: true));
                }

                return;
            }

            _baselines[path] = content; // The file now holds more than the model: keep what the model generated, for the next merge.
            if (!merged.AsSpan().SequenceEqual(current))
            {
                _changes.Add(Changed(path, current, merged, outcome == MergeOutcome.Merged
                    ? "merged with hand edits"
                    : "merged with hand edits; what was generated before is unknown, so where both changed a value the model's wins"));
            }
        }

        /// <summary>A file edited in code.</summary>
        public void Edited(FileEdit edit)
        {
            var (path, content) = (edit.Path.Value, edit.Content);
            var disk = Read(path);
            if (edit.Blocked is { } reason && !options.Force)
            {
                _notices.Add(new FileNotice(path, reason, BlocksWrite: true));
            }
            else if (disk.Refusal != FileRefusal.Missing && disk.Bytes is null)
            {
                _notices.Add(new FileNotice(path, $"cannot be written: {disk.Reason}", BlocksWrite: true));
            }
            else if (content is null)
            {
                if (disk.Bytes is { } old)
                {
                    _changes.Add(new FileChange(path, FileChangeKind.Deleted, RepositoryPlan.Diff(Utf8.GetString(old), string.Empty)) { Expected = old });
                }
            }
            else if (disk.Bytes is null)
            {
                _changes.Add(Added(path, content));
            }
            else if (!disk.Bytes.AsSpan().SequenceEqual(content))
            {
                _changes.Add(Changed(path, disk.Bytes, content, null));
            }
        }

        public RepositoryPlan Finish(bool newDirectory, bool bookkeeping = true)
        {
            if (bookkeeping)
            {
                Orphans();
                Bookkeeping();
            }

            return new RepositoryPlan(root, _changes, _notices, newDirectory);
        }

        /// <summary>Files generated before and no longer: deleted when untouched, kept (and reported) when edited.</summary>
        private void Orphans()
        {
            foreach (var (path, id) in _previous.Where(p => !_record.ContainsKey(p.Key)))
            {
                var disk = Read(path);
                _baselines[path] = null;
                if (disk.Refusal == FileRefusal.Missing)
                {
                    continue;
                }

                if (disk.Bytes is { } current && (GeneratedRecord.BlobId(current) == id || options.Force))
                {
                    _changes.Add(new FileChange(path, FileChangeKind.Deleted, string.Empty) { Expected = current, Note = GeneratedRecord.BlobId(current) == id ? "no longer generated" : "no longer generated; hand edits dropped (forced)" });
                    continue;
                }

                _record[path] = id; // Reported again next time, until someone decides.
                _notices.Add(new FileNotice(path, disk.Bytes is null
                    ? $"generated earlier and no longer, but {disk.Reason}"
                    : "generated earlier and no longer, but edited by hand since; delete it yourself, or write with --force", BlocksWrite: false));
            }
        }

        /// <summary>The record, the baselines of merged files and the journal's ignore file, as changes like any other.</summary>
        private void Bookkeeping()
        {
            var existingBaselines = new List<string>();
            var folder = Path.Combine(root, GeneratedRecord.BaselineFolder.Replace('/', Path.DirectorySeparatorChar));
            if (FileKinds.Of(folder) == FileEntryKind.Directory)
            {
                foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
                {
                    existingBaselines.Add(Path.GetRelativePath(root, file).Replace('\\', '/'));
                }
            }

            foreach (var (path, content) in _baselines)
            {
                Put(GeneratedRecord.BaselineOf(path), content, "what the model generated, the base of the next merge");
            }

            foreach (var stale in existingBaselines.Where(b => !_baselines.ContainsKey(b[(GeneratedRecord.BaselineFolder.Length + 1)..])))
            {
                Put(stale, null, "no longer needed");
            }

            if (_record.Count > 0 || _previous.Count > 0)
            {
                Put(GeneratedRecord.RecordPath, Utf8.GetBytes(GeneratedRecord.Render(_record)), "the files generated here");
                Put(GeneratedRecord.IgnorePath, Utf8.GetBytes(GeneratedRecord.IgnoreText), null);
            }
        }

        private void Put(string path, byte[]? content, string? note)
        {
            var disk = Read(path);
            if (content is null)
            {
                if (disk.Bytes is { } old)
                {
                    _changes.Add(new FileChange(path, FileChangeKind.Deleted, string.Empty) { Expected = old, Note = note });
                }
            }
            else if (disk.Refusal == FileRefusal.Missing)
            {
                _changes.Add(new FileChange(path, FileChangeKind.Added, string.Empty) { Content = content, Note = note });
            }
            else if (disk.Bytes is { } old && !old.AsSpan().SequenceEqual(content))
            {
                _changes.Add(new FileChange(path, FileChangeKind.Changed, string.Empty) { Content = content, Expected = old, Note = note });
            }
        }

        /// <summary>What the model generated before: the kept baseline, else the blob in git, else unknown.</summary>
        private byte[]? Baseline(string path, string id)
        {
            var kept = Read(GeneratedRecord.BaselineOf(path)).Bytes;
            if (kept is not null && GeneratedRecord.BlobId(kept) == id)
            {
                _baselines[path] = kept;
                return kept;
            }

            return GitBlobs.TryRead(root, id);
        }

        private FileReadResult Read(string path) =>
            Directory.Exists(root)
                ? SafeFiles.Read(Path.Combine(root, path.Replace('/', Path.DirectorySeparatorChar)), root, options.MaxFileBytes)
                : new FileReadResult(null, FileRefusal.Missing, "it does not exist");

        private static FileChange Added(string path, byte[] content) =>
            new(path, FileChangeKind.Added, RepositoryPlan.Diff(string.Empty, Utf8.GetString(content))) { Content = content };

        private static FileChange Changed(string path, byte[] old, byte[] content, string? note)
        {
            var before = Utf8.GetString(old);
            var after = Utf8.GetString(content);
            note ??= SopsMetadataChange.IsMetadataOnly(path, before, after) ? SopsMetadataChange.Note : null;
            return new(path, FileChangeKind.Changed, RepositoryPlan.Diff(before, after)) { Content = content, Expected = old, Note = note };
        }

        private static string? ReadText(string root, string path, WriteOptions options) =>
            Directory.Exists(root) && SafeFiles.Read(Path.Combine(root, path), root, options.MaxFileBytes).Bytes is { } b ? Utf8.GetString(b) : null;
    }
}
