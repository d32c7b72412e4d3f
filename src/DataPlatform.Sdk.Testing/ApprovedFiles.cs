using System.Runtime.CompilerServices;
using System.Text;
using DataPlatform.Sdk.Files;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace DataPlatform.Sdk.Testing;

/// <summary>
/// Approved-file snapshots of whole generated trees: every file is compared with its approved copy in a folder that
/// is committed with the tests. On a difference, the received tree is written beside it (<c>*.received</c> folder)
/// and the assertion fails with a diff; approve by setting <c>DP_APPROVE=1</c> and running the test again.
/// </summary>
public static class ApprovedFiles
{
    /// <summary>The environment variable that approves received output.</summary>
    public const string ApproveVariable = "DP_APPROVE";

    /// <summary>Compares a tree with an approved folder.</summary>
    /// <param name="tree">The received files.</param>
    /// <param name="approvedDirectory">
    /// The folder of approved files (created when approving). A relative path is relative to the folder of the test's
    /// source file, so the approved files live beside the test and are committed with it (never under <c>bin/</c>).
    /// </param>
    /// <param name="sourceFile">Filled in by the compiler: the calling test's source file.</param>
    /// <exception cref="RepositoryAssertionException">Files differ, are missing or are extra; the message shows the diffs.</exception>
    public static void Verify(FileTree tree, string approvedDirectory, [CallerFilePath] string sourceFile = "")
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentException.ThrowIfNullOrWhiteSpace(approvedDirectory);
        approvedDirectory = Resolve(approvedDirectory, sourceFile);
        var received = approvedDirectory.TrimEnd('/', '\\') + ".received";
        if (Environment.GetEnvironmentVariable(ApproveVariable) == "1")
        {
            AtomicTreeWriter.Write(approvedDirectory, tree);
            if (Directory.Exists(received))
            {
                Directory.Delete(received, recursive: true);
            }

            return;
        }

        var problems = new StringBuilder();
        var approvedFiles = Directory.Exists(approvedDirectory)
            ? Directory.GetFiles(approvedDirectory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(approvedDirectory, f).Replace('\\', '/')).ToHashSet(StringComparer.Ordinal)
            : [];
        foreach (var path in tree.Paths)
        {
            var text = tree.ReadText(path);
            if (!approvedFiles.Remove(path.Value))
            {
                problems.Append("new file ").Append(path).Append('\n');
                continue;
            }

            var approved = File.ReadAllText(Path.Combine(approvedDirectory, path.Value));
            if (approved != text)
            {
                problems.Append("changed ").Append(path).Append('\n').Append(Diff(approved, text));
            }
        }

        foreach (var missing in approvedFiles.Order(StringComparer.Ordinal))
        {
            problems.Append("missing ").Append(missing).Append('\n');
        }

        if (problems.Length > 0)
        {
            AtomicTreeWriter.Write(received, tree);
            if (!Directory.Exists(approvedDirectory))
            {
                throw new RepositoryAssertionException(
                    $"There are no approved files: the folder {Path.GetFullPath(approvedDirectory)} does not exist (received files: {received}). " +
                    $"On a first run, approve with {ApproveVariable}=1 and commit the folder; if it is committed, pass its absolute path " +
                    $"(the test's source file, '{sourceFile}', was not found on this machine).\n{problems}");
            }

            throw new RepositoryAssertionException(
                $"The generated tree differs from the approved files in {approvedDirectory} (received files: {received}). " +
                $"If the change is intended, run the tests with {ApproveVariable}=1 and commit the approved files.\n{problems}");
        }

        if (Directory.Exists(received))
        {
            Directory.Delete(received, recursive: true);
        }
    }

    /// <summary>
    /// A relative folder is taken relative to the calling source file's folder. Deterministic builds
    /// (<c>ContinuousIntegrationBuild</c>, <c>PathMap</c>: most CI systems) record that file as <c>/_/tests/…</c>; such a
    /// path is mapped back by finding its trailing segments under the folders the test runs from.
    /// </summary>
    internal static string Resolve(string approvedDirectory, string sourceFile)
    {
        if (Path.IsPathRooted(approvedDirectory) || string.IsNullOrEmpty(sourceFile))
        {
            return approvedDirectory;
        }

        var source = File.Exists(sourceFile) ? sourceFile : LocateMappedSource(sourceFile);
        return source is null ? approvedDirectory : Path.Combine(Path.GetDirectoryName(source)!, approvedDirectory);
    }

    /// <summary>
    /// Finds a source file whose recorded path was rewritten by the compiler's path map: the longest trailing part of
    /// the path that exists under the test's base directory, the current directory or one of their ancestors.
    /// </summary>
    internal static string? LocateMappedSource(string sourceFile)
    {
        var segments = sourceFile.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2)
        {
            return null;
        }

        string[] starts = [AppContext.BaseDirectory, Environment.CurrentDirectory];
        for (var skip = 1; skip < segments.Length - 1; skip++)
        {
            var tail = Path.Combine(segments[skip..]);
            foreach (var start in starts)
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    var candidate = Path.Combine(dir.FullName, tail);
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }
        }

        return null;
    }

    private static string Diff(string before, string after)
    {
        var sb = new StringBuilder();
        foreach (var line in InlineDiffBuilder.Diff(before, after).Lines.Where(l => l.Type != ChangeType.Unchanged).Take(40))
        {
            sb.Append(line.Type == ChangeType.Inserted ? "  + " : "  - ").Append(line.Text).Append('\n');
        }

        return sb.ToString();
    }
}
