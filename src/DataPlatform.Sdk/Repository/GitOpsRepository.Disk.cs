using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Manifests;

namespace DataPlatform.Sdk.Repository;

/// <summary>Reading a repository from a directory.</summary>
public sealed partial class GitOpsRepository
{
    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.Ordinal) { ".git", "node_modules", "bin", "obj", ".terraform" };

    /// <summary>Reads a repository from disk.</summary>
    /// <param name="directory">The repository root.</param>
    /// <param name="loader">The manifest loader; <see cref="ManifestLoader.Default"/> when <see langword="null"/>.</param>
    /// <returns>The repository.</returns>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public static GitOpsRepository Load(string directory, ManifestLoader? loader = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Repository directory '{directory}' does not exist.");
        }

        var l = loader ?? ManifestLoader.Default;
        using var scope = SafeFiles.ResolutionScope();
        var repo = Assemble(root, Walk(root, l), l);
        repo.IsOnDisk = true;
        var limit = l.Options.Yaml.MaxFileBytes;
        var loaded = repo._loadedText;

        // A file read at load gives the text read then (the repository is one snapshot, and validation reads every
        // file again); any other file is read now.
        repo._readText = p => loaded.TryGetValue(p.Value, out var text)
            ? text
            : SafeFiles.Read(Path.Combine(root, p.Value), root, limit).Bytes is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;
        return repo;
    }

    /// <summary>
    /// Lists the folders below <paramref name="root"/> and reads their files, both on every core the loader allows: a
    /// folder listed adds its subfolders and files to the work, and a core with nothing else to do reads files while
    /// the other lists (listing thousands of folders costs as much as reading the files in them). Each folder is read
    /// once; an entry's kind comes with the listing (only a folder is asked whether it is a link, which costs a stat).
    /// Folders behind links are not entered; hidden files are files like any other. The result is sorted by path, so it
    /// does not depend on the scheduling.
    /// </summary>
    private static List<(RepoPath Path, LoadResult? Result, RepositoryFile? File)> Walk(string root, ManifestLoader loader)
    {
        var folders = new ConcurrentStack<(string Full, string Relative)>();
        var files = new ConcurrentQueue<(string Full, string Relative)>();
        var read = new ConcurrentBag<(RepoPath Path, LoadResult? Result, RepositoryFile? File)>();
        var pending = 1;
        ExceptionDispatchInfo? failure = null;
        folders.Push((root, string.Empty));

        void Work()
        {
            var spin = default(SpinWait);
            while (Volatile.Read(ref pending) > 0 && Volatile.Read(ref failure) is null)
            {
                // Folders first: they bring more work for the other cores.
                if (folders.TryPop(out var folder))
                {
                    Do(() => List(folder.Full, folder.Relative));
                }
                else if (files.TryDequeue(out var file))
                {
                    Do(() =>
                    {
                        var path = RepoPath.Parse(file.Relative);
                        var (result, built) = ReadOne(path, p => loader.Load(file.Full, p.Value, root));
                        read.Add((path, result, built));
                    });
                }
                else
                {
                    spin.SpinOnce(); // Another core is listing a folder.
                    continue;
                }

                spin.Reset();
            }
        }

        void Do(Action step)
        {
            try
            {
                step();
            }
#pragma warning disable CA1031 // Rethrown on the calling thread below, as a sequential read would have thrown it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(ex), null);
            }
            finally
            {
                Interlocked.Decrement(ref pending);
            }
        }

        void List(string full, string relative)
        {
            var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };
            var entries = new System.IO.Enumeration.FileSystemEnumerable<(string Name, bool IsDirectory, bool IsLink)>(
                full, static (ref System.IO.Enumeration.FileSystemEntry e) => (e.FileName.ToString(), e.IsDirectory, e.IsDirectory && (e.Attributes & FileAttributes.ReparsePoint) != 0), options);
            foreach (var (name, isDirectory, isLink) in entries)
            {
                var childRelative = relative.Length == 0 ? name : relative + "/" + name;
                if (!isDirectory)
                {
                    Interlocked.Increment(ref pending);
                    files.Enqueue((Path.Join(full, name), childRelative));
                }
                else if (!isLink && !SkippedDirectories.Contains(name) && !name.StartsWith(".dataplatform", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref pending);
                    folders.Push((Path.Join(full, name), childRelative));
                }
            }
        }

        Parallel.For(0, loader.Options.MaxDegreeOfParallelism, _ => Work());
        failure?.Throw();
        var sorted = read.ToList();
        sorted.Sort((a, b) => string.CompareOrdinal(a.Path.Value, b.Path.Value));
        return sorted;
    }
}
