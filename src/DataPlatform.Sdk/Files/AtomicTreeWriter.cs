namespace DataPlatform.Sdk.Files;

/// <summary>
/// Writes a <see cref="FileTree"/> as a whole directory, atomically: the tree is written to a temporary directory
/// beside the target and swapped into place only when complete. A failure at any point leaves the previous directory
/// exactly as it was.
/// </summary>
public static class AtomicTreeWriter
{
    /// <summary>Replaces <paramref name="targetDirectory"/> with the tree.</summary>
    /// <param name="targetDirectory">The directory to create or replace.</param>
    /// <param name="tree">The files.</param>
    /// <param name="beforeSwap">Called with the staged directory before the swap (for checks); throwing aborts the write.</param>
    /// <exception cref="IOException">The file system refused the write; the target is unchanged.</exception>
    /// <exception cref="InvalidOperationException">The target is a git working tree (it would lose its history).</exception>
    public static void Write(string targetDirectory, FileTree tree, Action<string>? beforeSwap = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetDirectory);
        ArgumentNullException.ThrowIfNull(tree);
        var target = Path.GetFullPath(targetDirectory).TrimEnd(Path.DirectorySeparatorChar);
        if (Directory.Exists(Path.Combine(target, ".git")) || File.Exists(Path.Combine(target, ".git")))
        {
            throw new InvalidOperationException(
                $"'{target}' is a git working tree; replacing it whole would delete its history. Write to a new directory instead.");
        }
        var parent = Path.GetDirectoryName(target) ?? throw new IOException($"Cannot write to the file system root '{target}'.");
        Directory.CreateDirectory(parent);
        var name = Path.GetFileName(target);
        using var writing = SafeFiles.Lock(target); // One writer per target; a second run waits its turn or fails clearly.
        Recover(parent, name, target);
        var before = Snapshot(target);
        var staging = Path.Combine(parent, $".{name}.staging-{Guid.NewGuid():N}");
        var backup = Path.Combine(parent, $".{name}.previous-{Guid.NewGuid():N}");
        try
        {
            var created = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (path, content) in tree.Entries)
            {
                var file = Path.Combine(staging, path.Replace('/', Path.DirectorySeparatorChar));
                var directory = Path.GetDirectoryName(file)!;
                if (created.Add(directory))
                {
                    Directory.CreateDirectory(directory);
                }

                // No fsync per file: the swap below makes the tree appear at once for every other process, and a
                // failure before it leaves the old tree untouched; syncing each file would cost more than the write.
                File.WriteAllBytes(file, content.Span);
            }

            Directory.CreateDirectory(staging);
            beforeSwap?.Invoke(staging);
            if (Snapshot(target) is var after && !after.SequenceEqual(before))
            {
                var changed = after.Except(before).Concat(before.Except(after)).Select(e => e.Path).Order(StringComparer.Ordinal).First();
                throw new IOException($"'{target}' changed while it was being written ({changed}); nothing was written. Run the command again.");
            }

            var hadPrevious = Directory.Exists(target);
            if (hadPrevious)
            {
                Directory.Move(target, backup);
            }

            try
            {
                Directory.Move(staging, target);
            }
            catch
            {
                if (hadPrevious)
                {
                    Directory.Move(backup, target);
                }

                throw;
            }

            if (hadPrevious)
            {
                TryDelete(backup);
            }
        }
        finally
        {
            TryDelete(staging);
        }
    }

    /// <summary>
    /// Finishes or undoes what an interrupted write left beside the target: a target moved aside but not replaced is
    /// moved back; staged and backup trees are removed.
    /// </summary>
    private static void Recover(string parent, string name, string target)
    {
        var backups = Directory.EnumerateDirectories(parent, $".{name}.previous-*").ToList();
        if (!Directory.Exists(target) && backups.Count == 1)
        {
            Directory.Move(backups[0], target);
            backups.Clear();
        }

        foreach (var leftover in backups.Concat(Directory.EnumerateDirectories(parent, $".{name}.staging-*")))
        {
            TryDelete(leftover);
        }
    }

    /// <summary>Every file below the target with its size and last write time, to notice a change made during the write.</summary>
    private static List<(string Path, long Length, DateTime Written)> Snapshot(string target)
    {
        var result = new List<(string, long, DateTime)>();
        if (!Directory.Exists(target))
        {
            return result;
        }

        var stack = new Stack<DirectoryInfo>();
        stack.Push(new DirectoryInfo(target));
        while (stack.Count > 0)
        {
            foreach (var entry in stack.Pop().EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo d && d.LinkTarget is null)
                {
                    stack.Push(d);
                }
                else
                {
                    result.Add((Path.GetRelativePath(target, entry.FullName), entry is FileInfo f && f.LinkTarget is null ? f.Length : -1, entry.LastWriteTimeUtc));
                }
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return result;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Leftover staging or backup directories are harmless; they are named with a leading dot.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
