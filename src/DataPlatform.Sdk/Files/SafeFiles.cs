using System.Security.Cryptography;
using System.Text;

namespace DataPlatform.Sdk.Files;

/// <summary>Why a file was not read.</summary>
public enum FileRefusal
{
    /// <summary>It was read.</summary>
    None,

    /// <summary>It does not exist (or vanished while being read).</summary>
    Missing,

    /// <summary>A symbolic link (of the file or of a folder above it) leads out of the root.</summary>
    LeavesRoot,

    /// <summary>Not a regular file: a FIFO, device or socket, which may block or never end.</summary>
    NotRegular,

    /// <summary>Larger than the limit.</summary>
    TooLarge,

    /// <summary>The operating system refused (permissions, a name it cannot open).</summary>
    Unreadable,
}

/// <summary>The bytes of a file, or why it was not read.</summary>
/// <param name="Bytes">The content, when read.</param>
/// <param name="Refusal">Why not, when not.</param>
/// <param name="Reason">A sentence for the user, when not.</param>
public sealed record FileReadResult(byte[]? Bytes, FileRefusal Refusal, string? Reason);

/// <summary>
/// The one way this SDK touches the file system: no symbolic link is followed out of a root, only regular files are
/// read and never more than a limit, temporary files are created exclusively (a random name beside the target, never
/// through a link), a replaced file keeps its mode, and a write can insist that the file did not change since it was
/// read. Leftovers of an interrupted write are recognisable and removed by the next one.
/// </summary>
public static class SafeFiles
{
    /// <summary>The suffix of every temporary file this SDK writes.</summary>
    public const string TemporarySuffix = ".dataplatform-tmp";

    /// <summary>The path with every symbolic link resolved (like realpath(3)); parts that do not exist are kept as they are.</summary>
    /// <param name="path">A path.</param>
    /// <returns>The full, resolved path.</returns>
    /// <exception cref="IOException">A link loop.</exception>
    public static string RealPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);

        // Inside a resolution scope (one repository load): each directory is resolved once, then only the file's own
        // name is checked for a link.
        return ResolvedDirectories.Value is null ? RealPathOf(path) : Resolve(path).Real;
    }

    /// <summary>
    /// Starts a scope in which <see cref="RealPath"/> resolves each directory once (a repository load reads thousands of
    /// files in a few directories); the scope flows into tasks started inside it and ends when disposed.
    /// </summary>
    /// <returns>The scope.</returns>
    internal static IDisposable ResolutionScope()
    {
        var previous = ResolvedDirectories.Value;
        ResolvedDirectories.Value = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        return new Scope(() => ResolvedDirectories.Value = previous);
    }

    private static readonly AsyncLocal<System.Collections.Concurrent.ConcurrentDictionary<string, string>?> ResolvedDirectories = new();

    private sealed class Scope(Action end) : IDisposable
    {
        public void Dispose() => end();
    }

    private static string RealPathOf(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var parts = new Queue<string>(full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        var current = root;
        var hops = 0;
        while (parts.Count > 0)
        {
            var next = Path.Combine(current, parts.Dequeue());
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++hops > 40)
            {
                throw new IOException($"Too many levels of symbolic links at '{next}'.");
            }

            var resolved = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target));
            var rest = parts.ToList();
            parts.Clear();
            var resolvedRoot = Path.GetPathRoot(resolved)!;
            foreach (var p in resolved[resolvedRoot.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Concat(rest))
            {
                parts.Enqueue(p);
            }

            current = resolvedRoot;
        }

        return current;
    }

    /// <summary>Whether <paramref name="path"/> lies inside <paramref name="root"/> (both real paths).</summary>
    /// <param name="root">The root.</param>
    /// <param name="path">The path.</param>
    /// <returns><see langword="true"/> when inside or equal.</returns>
    public static bool IsInside(string root, string path)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var r = root.AsSpan().TrimEnd(Path.DirectorySeparatorChar);
        return path.AsSpan().Equals(r, comparison)
            || (path.Length > r.Length && path[r.Length] == Path.DirectorySeparatorChar && path.AsSpan(0, r.Length).Equals(r, comparison));
    }

    /// <summary>What a path is, without following a link (a FIFO or device is not a regular file).</summary>
    /// <param name="path">The path.</param>
    /// <returns>The kind.</returns>
    public static FileEntryKind KindOf(string path) => FileKinds.Of(path);

    /// <summary>Reads a regular file of at most <paramref name="maxBytes"/> bytes inside <paramref name="root"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="root">The root no link may lead out of; <see langword="null"/> for none.</param>
    /// <param name="maxBytes">The size limit.</param>
    /// <returns>The bytes, or why they were not read.</returns>
    public static FileReadResult Read(string path, string? root, long maxBytes) => Read(path, root, maxBytes, out _);

    /// <summary>As <see cref="Read(string, string?, long)"/>, also giving the file's size and last write time before it was read.</summary>
    internal static FileReadResult Read(string path, string? root, long maxBytes, out (long Length, DateTime LastWriteUtc)? stamp)
    {
        var (bytes, refusal, reason) = Read(path, root, maxBytes, out stamp, static span => span.ToArray());
        return new(bytes, refusal, reason);
    }

    /// <summary>
    /// As <see cref="Read(string, string?, long)"/>, handing the bytes to <paramref name="use"/> instead of returning
    /// them (a repository load decodes each file at once; the bytes need not outlive the call).
    /// </summary>
    internal static (T? Value, FileRefusal Refusal, string? Reason) Read<T>(string path, string? root, long maxBytes, out (long Length, DateTime LastWriteUtc)? stamp, Func<ReadOnlySpan<byte>, T> use)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        stamp = null;
        try
        {
            var (real, status) = Resolve(path);

            // A real path has no links left in it, so if it lies under the root as written (as given, then made full:
            // a repository load passes a full root, which costs nothing to compare) it lies under the root's real path
            // too; only otherwise is the root resolved (it may sit behind a link itself, like /tmp on macOS).
            if (root is not null && !IsInside(root, real) && !IsInside(Path.GetFullPath(root), real) && !IsInside(RealPath(root), real))
            {
                return (default, FileRefusal.LeavesRoot, "it is a symbolic link to a file outside the repository; it is not read.");
            }

            switch (status.Kind)
            {
                case FileEntryKind.Missing:
                    return (default, FileRefusal.Missing, "it does not exist.");
                case FileEntryKind.Regular:
                    break;
                case var kind:
                    return (default, FileRefusal.NotRegular, $"it is not a regular file ({kind}); it is not read.");
            }

            if (status.Length > maxBytes)
            {
                return (default, FileRefusal.TooLarge, $"it is {status.Length} bytes; the limit is {maxBytes}.");
            }

            stamp = (status.Length, status.LastWriteUtc);
            if (LinuxFileReader.TryRead(real, status.Length, use, out var fast))
            {
                return (fast, FileRefusal.None, null);
            }

            using var handle = File.OpenHandle(real, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

            // Exactly the bytes the size promised, plus one more read to see whether the file grew meanwhile.
            var buffer = new byte[status.Length];
            var total = 0;
            int n;
            while (total < buffer.Length && (n = RandomAccess.Read(handle, buffer.AsSpan(total), total)) > 0)
            {
                total += n;
            }

            Span<byte> probe = stackalloc byte[1];
            if (total == buffer.Length && RandomAccess.Read(handle, probe, total) > 0)
            {
                return ReadGrowing(handle, maxBytes, use);
            }

            return (use(buffer.AsSpan(0, total)), FileRefusal.None, null);
        }
        catch (FileNotFoundException)
        {
            return (default, FileRefusal.Missing, "it does not exist.");
        }
        catch (DirectoryNotFoundException)
        {
            return (default, FileRefusal.Missing, "it does not exist.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return (default, FileRefusal.Unreadable, $"it cannot be read: {ex.Message}");
        }
    }

    /// <summary>
    /// The real path of a file and what is there: inside a resolution scope, one <c>statx</c> of the file under its
    /// already resolved folder tells both whether its own name is a link and, when it is not, its kind, size and time.
    /// </summary>
    private static (string Real, FileStatus Status) Resolve(string path)
    {
        if (ResolvedDirectories.Value is { } resolved && Path.GetFullPath(path) is var fullPath && Path.GetDirectoryName(fullPath.AsSpan()) is { IsEmpty: false } directory)
        {
            // Looked up by span, and the file's own path kept when its folder has no link in it: thousands of files
            // of a load allocate no path strings here.
            if (!resolved.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(directory, out var realDirectory))
            {
                realDirectory = resolved.GetOrAdd(directory.ToString(), RealPath);
            }

            var candidate = directory.SequenceEqual(realDirectory) ? fullPath : Path.Join(realDirectory, Path.GetFileName(fullPath.AsSpan()));
            var status = FileKinds.StatusOf(candidate);
            if (status.Kind != FileEntryKind.SymbolicLink)
            {
                return (candidate, status);
            }

            var target = RealPathOf(candidate);
            return (target, FileKinds.StatusOf(target));
        }

        var real = RealPathOf(path);
        return (real, FileKinds.StatusOf(real));
    }

    /// <summary>A file that grew while it was read: read it to its end, refusing it past the limit.</summary>
    private static (T? Value, FileRefusal Refusal, string? Reason) ReadGrowing<T>(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long maxBytes, Func<ReadOnlySpan<byte>, T> use)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        long offset = 0;
        int n;
        while ((n = RandomAccess.Read(handle, chunk, offset)) > 0)
        {
            buffer.Write(chunk, 0, n);
            offset += n;
            if (buffer.Length > maxBytes)
            {
                return (default, FileRefusal.TooLarge, $"it is larger than the limit of {maxBytes} bytes.");
            }
        }

        return (use(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)), FileRefusal.None, null);
    }

    /// <summary>
    /// Replaces (or creates) a file atomically: readers see the old bytes or the new, never a part. The temporary file is
    /// created exclusively beside the target under a random name; a link (or FIFO, device) at the target is refused,
    /// never written through; the mode of a replaced file is kept.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="content">The new bytes.</param>
    /// <param name="root">The root the file must lie in (its folder is resolved, links included); <see langword="null"/> for none.</param>
    /// <param name="expected">When set, the bytes the file held when it was read: the write stops if it changed since.</param>
    /// <exception cref="IOException">The folder leads out of the root, the file changed since it was read, or the file system refused.</exception>
    public static void WriteAtomic(string path, ReadOnlySpan<byte> content, string? root = null, byte[]? expected = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var folder = RealPath(Path.GetDirectoryName(full)!);
        if (root is not null && !IsInside(RealPath(root), folder))
        {
            throw new IOException($"'{path}' lies outside '{root}' (through a symbolic link); nothing was written.");
        }

        var target = Path.Combine(folder, Path.GetFileName(full));
        var existing = FileKinds.Of(target);
        if (existing is not (FileEntryKind.Missing or FileEntryKind.Regular))
        {
            throw new IOException($"'{path}' is {(existing == FileEntryKind.SymbolicLink ? "a symbolic link" : $"not a regular file ({existing})")}; it is not written through, nothing was written.");
        }

        if (expected is not null && !SameContent(target, existing, expected))
        {
            throw new IOException($"'{path}' changed on disk since it was read; nothing was written. Run the command again.");
        }

        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant()}{TemporarySuffix}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(stream.SafeFileHandle, existing == FileEntryKind.Regular
                        ? File.GetUnixFileMode(target)
                        : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                }

                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
                // Removed by the next run (RemoveLeftovers).
            }
        }
    }

    /// <summary>Replaces (or creates) a file atomically with UTF-8 text; as the byte overload does.</summary>
    /// <param name="path">The file.</param>
    /// <param name="text">The new text.</param>
    /// <param name="root">The root the file must lie in.</param>
    /// <param name="expected">The bytes the file held when it was read, to detect a change since.</param>
    public static void WriteAtomic(string path, string text, string? root = null, byte[]? expected = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteAtomic(path, Encoding.UTF8.GetBytes(text), root, expected);
    }

    /// <summary>
    /// Removes what an interrupted write of this SDK left in a folder and its subfolders (temporary files, staged
    /// trees): never anything else. Folders behind links are not entered.
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <returns>The paths removed.</returns>
    public static IReadOnlyList<string> RemoveLeftovers(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var removed = new List<string>();
        if (!Directory.Exists(folder))
        {
            return removed;
        }

        var stack = new Stack<string>();
        stack.Push(folder);
        while (stack.Count > 0)
        {
            var dir = stack.Pop();
            foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null)
                {
                    continue;
                }

                if (entry is FileInfo && entry.Name.StartsWith('.') && entry.Name.EndsWith(TemporarySuffix, StringComparison.Ordinal))
                {
                    entry.Delete();
                    removed.Add(entry.FullName);
                }
                else if (entry is DirectoryInfo d && d.Name != ".git")
                {
                    stack.Push(d.FullName);
                }
            }
        }

        return removed;
    }

    /// <summary>
    /// Takes the lock of a target folder for one command, so that two runs never write the same tree at once. The lock
    /// is an OS file lock (released by the kernel when the process ends, also by a kill), on a file outside the tree.
    /// </summary>
    /// <param name="folder">The target folder.</param>
    /// <returns>The lock; dispose it to release.</returns>
    /// <exception cref="IOException">Another run holds the lock.</exception>
    public static IDisposable Lock(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar))))[..24].ToLowerInvariant();
        var path = Path.Combine(Path.GetTempPath(), $"dataplatform-{key}.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"Another dataplatform command is writing '{folder}'; wait for it to finish.", ex);
        }
    }

    private static bool SameContent(string target, FileEntryKind kind, byte[] expected)
    {
        if (kind == FileEntryKind.Missing)
        {
            return expected.Length == 0;
        }

        var now = Read(target, null, expected.Length + 1L);
        return now.Bytes is { } bytes && bytes.AsSpan().SequenceEqual(expected);
    }
}
