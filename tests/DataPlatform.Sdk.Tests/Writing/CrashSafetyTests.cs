using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Writing;

namespace DataPlatform.Sdk.Tests.Writing;

/// <summary>
/// The writer stopped at every step of an in-place write, as a kill would stop it (no rollback runs), then run again:
/// every file is old or new in between, and the next run completes the batch and leaves nothing behind.
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("dp-crash-");

    public void Dispose() => _work.Delete(recursive: true);

    /// <summary>Thrown by the step hook: not an IOException, so the writer does not roll back (a kill does not either).</summary>
    private sealed class Killed : Exception;

    private static FileTree Old() => Enumerable.Range(0, 12).Aggregate(
        FileTree.Empty,
        (t, i) => t.With($"domains/d{i % 4}/file{i}.yaml", $"id: f{i}\nvalue: old-{i}\n"));

    // Changes six files, keeps three, deletes three (a whole folder among them) and adds six, some in new folders.
    private static FileTree New()
    {
        var tree = FileTree.Empty;
        for (var i = 0; i < 9; i++)
        {
            tree = tree.With($"domains/d{i % 4}/file{i}.yaml", i < 6 ? $"id: f{i}\nvalue: new-{i}\n" : $"id: f{i}\nvalue: old-{i}\n");
        }

        for (var i = 0; i < 6; i++)
        {
            tree = tree.With($"domains/n{i % 2}/added{i}.yaml", $"id: a{i}\n");
        }

        return tree;
    }

    private static Dictionary<string, string> Snapshot(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText);

    private static int Steps(string root)
    {
        var count = 0;
        WriteJournal.Step.Value = _ => count++;
        try
        {
            RepositoryWriter.Write(New(), root);
        }
        finally
        {
            WriteJournal.Step.Value = null;
        }

        return count;
    }

    [Fact]
    public void Killed_at_every_step_every_file_is_old_or_new_and_the_next_run_completes_the_batch()
    {
        var counting = Path.Combine(_work.FullName, "count");
        RepositoryWriter.Write(Old(), counting);
        var steps = Steps(counting);
        steps.ShouldBeGreaterThanOrEqualTo(50, "the batch must have enough kill points to mean something");

        for (var k = 0; k < steps; k++)
        {
            var root = Path.Combine(_work.FullName, $"kill-{k}");
            RepositoryWriter.Write(Old(), root);
            var before = Snapshot(root);
            var plan = RepositoryWriter.Plan(New(), root);
            var after = plan.Changes.Aggregate(before.ToDictionary(e => e.Key, e => (string?)e.Value, StringComparer.Ordinal), (state, c) =>
            {
                state[c.Path.Value] = c.Kind == FileChangeKind.Deleted ? null : System.Text.Encoding.UTF8.GetString(c.Content!);
                return state;
            });

            var step = 0;
            WriteJournal.Step.Value = _ =>
            {
                if (step++ == k)
                {
                    throw new Killed();
                }
            };
            try
            {
                Should.Throw<Killed>(() => RepositoryWriter.Apply(plan), $"step {k}");
            }
            finally
            {
                WriteJournal.Step.Value = null;
            }

            var midway = Snapshot(root);
            foreach (var path in before.Keys.Concat(after.Keys).Distinct().Where(p => !p.StartsWith(".dataplatform/journal/", StringComparison.Ordinal)))
            {
                var now = midway.GetValueOrDefault(path);
                (now == before.GetValueOrDefault(path) || now == after[path]).ShouldBeTrue($"killed at step {k}: {path} is neither old nor new");
            }

            // The next run finishes (or, killed before the commit point, redoes) the batch; then nothing is left to do.
            RepositoryWriter.Write(New(), root);
            RepositoryWriter.Plan(New(), root).IsEmpty.ShouldBeTrue($"killed at step {k}: the batch should be complete");
            var final = Snapshot(root);
            final.Keys.ShouldNotContain(p => p.Contains("journal", StringComparison.Ordinal) || p.EndsWith(SafeFiles.TemporarySuffix, StringComparison.Ordinal));
            final.ShouldBe(after.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!), ignoreOrder: true);
            Directory.Exists(Path.Combine(root, "domains/d3")).ShouldBeTrue();
        }

    }

    [Fact]
    public void A_failure_while_applying_rolls_every_file_back()
    {
        var root = Path.Combine(_work.FullName, "fail");
        RepositoryWriter.Write(Old(), root);
        var before = Snapshot(root);
        var plan = RepositoryWriter.Plan(New(), root);
        var renames = 0;
        WriteJournal.Step.Value = step =>
        {
            if (step.StartsWith("rename", StringComparison.Ordinal) && ++renames == 5)
            {
                throw new IOException("disk full");
            }
        };
        try
        {
            Should.Throw<IOException>(() => RepositoryWriter.Apply(plan)).Message.ShouldContain("rolled back");
        }
        finally
        {
            WriteJournal.Step.Value = null;
        }

        Snapshot(root).ShouldBe(before, ignoreOrder: true);
    }
}
