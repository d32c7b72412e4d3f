using System.Diagnostics;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Writing;

namespace DataPlatform.Sdk.Tests.Writing;

/// <summary>Writing into an existing directory or git checkout: what is written, kept, merged, deleted and refused.</summary>
public sealed class InPlaceWriteTests : IDisposable
{
    private const string Release = """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: loki
          namespace: monitoring
        spec:
          interval: 10m
          values:
            replicas: 1
            retention: 24h

        """;

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("dp-inplace-");

    private string Repo => Path.Combine(_work.FullName, "repo");

    public void Dispose() => _work.Delete(recursive: true);

    private static FileTree Tree(params (string Path, string Text)[] files) =>
        files.Aggregate(FileTree.Empty, (t, f) => t.With(f.Path, f.Text));

    private string Read(string path) => File.ReadAllText(Path.Combine(Repo, path));

    private void Write(string path, string text)
    {
        var full = Path.Combine(Repo, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    [Fact]
    public void Unrelated_files_and_git_are_never_touched_and_nothing_is_staged_beside_the_target()
    {
        Write("Program.cs", "class P {}\n");
        Write("notes/todo.md", "- ship it\n");
        Write(".git/HEAD", "ref: refs/heads/main\n");
        using var open = File.OpenRead(Path.Combine(Repo, "Program.cs"));

        RepositoryWriter.Write(Tree(("infra/loki.yaml", Release)), Repo);

        Read("Program.cs").ShouldBe("class P {}\n");
        Read("notes/todo.md").ShouldBe("- ship it\n");
        Read(".git/HEAD").ShouldBe("ref: refs/heads/main\n");
        Read("infra/loki.yaml").ShouldBe(Release);
        Read(".dataplatform/generated.txt").ShouldContain(" infra/loki.yaml");
        Directory.EnumerateDirectories(_work.FullName).ShouldBe([Repo], "written in place: nothing staged or moved aside");
    }

    [Fact]
    public void Writing_the_same_files_twice_changes_nothing_not_even_file_times()
    {
        var tree = Tree(("a.yaml", "a: 1\n"), ("b/c.txt", "c\n"));
        RepositoryWriter.Write(tree, Repo);
        var times = Directory.EnumerateFiles(Repo, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        Thread.Sleep(20);

        var plan = RepositoryWriter.Write(tree, Repo);

        plan.IsEmpty.ShouldBeTrue(plan.ToText());
        foreach (var (file, time) in times)
        {
            File.GetLastWriteTimeUtc(file).ShouldBe(time, file);
        }
    }

    [Fact]
    public void A_comment_and_a_hand_edited_value_survive_when_the_model_changes_something_else()
    {
        RepositoryWriter.Write(Tree(("loki.yaml", Release)), Repo);
        var edited = Read("loki.yaml").Replace("  interval: 10m\n", "  # Loki restarts slowly; keep the interval long.\n  interval: 10m\n", StringComparison.Ordinal)
            .Replace("replicas: 1", "replicas: 3", StringComparison.Ordinal);
        Write("loki.yaml", edited);

        // Unchanged model: nothing to do, whatever was edited.
        RepositoryWriter.Plan(Tree(("loki.yaml", Release)), Repo).IsEmpty.ShouldBeTrue();

        // The model changes retention: that value changes, the hand edits stay. The previous generated version is
        // not in git here; a first merge without it keeps comments but lets the model's values win...
        var plan = RepositoryWriter.Write(Tree(("loki.yaml", Release.Replace("24h", "72h", StringComparison.Ordinal))), Repo);
        plan.Changes.Single(c => c.Path.Value == "loki.yaml").Note.ShouldNotBeNull().ShouldContain("unknown");
        Read("loki.yaml").ShouldContain("# Loki restarts slowly");
        Read("loki.yaml").ShouldContain("retention: 72h");

        // ...and from then on the writer keeps what it generated, so the next merge is three-way: a value edited by
        // hand survives a model change elsewhere.
        Write("loki.yaml", Read("loki.yaml").Replace("replicas: 1", "replicas: 5", StringComparison.Ordinal));
        RepositoryWriter.Write(Tree(("loki.yaml", Release.Replace("24h", "96h", StringComparison.Ordinal))), Repo)
            .Changes.Single(c => c.Path.Value == "loki.yaml").Note.ShouldBe("merged with hand edits");
        Read("loki.yaml").ShouldContain("replicas: 5");
        Read("loki.yaml").ShouldContain("retention: 96h");
        Read("loki.yaml").ShouldContain("# Loki restarts slowly");
        Read(".dataplatform/baseline/loki.yaml").ShouldBe(Release.Replace("24h", "96h", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Category", "RealTool")]
    public void In_a_git_checkout_the_generated_version_committed_earlier_is_the_base_of_a_three_way_merge()
    {
        Directory.CreateDirectory(Repo);
        Git("init", "-q", "-b", "main");
        RepositoryWriter.Write(Tree(("loki.yaml", Release)), Repo);
        Git("add", "-A");
        Git("commit", "-qm", "generated");
        Write("loki.yaml", Read("loki.yaml").Replace("replicas: 1", "replicas: 3", StringComparison.Ordinal));
        Git("commit", "-qam", "scale loki by hand");

        var plan = RepositoryWriter.Write(Tree(("loki.yaml", Release.Replace("24h", "72h", StringComparison.Ordinal))), Repo);

        plan.Changes.Single(c => c.Path.Value == "loki.yaml").Note.ShouldBe("merged with hand edits");
        Read("loki.yaml").ShouldContain("replicas: 3");
        Read("loki.yaml").ShouldContain("retention: 72h");
    }

    [Fact]
    public void Only_files_generated_earlier_and_no_longer_generated_are_deleted_and_edited_ones_are_kept_unless_forced()
    {
        Write("docs/runbook.md", "# Runbook\n");
        RepositoryWriter.Write(Tree(("domains/a/flow.yaml", "id: a\n"), ("domains/b/flow.yaml", "id: b\n"), ("domains/c/flow.yaml", "id: c\n")), Repo);
        Write("domains/c/flow.yaml", "id: c\n# tuned by hand\n");

        var plan = RepositoryWriter.Write(Tree(("domains/a/flow.yaml", "id: a\n")), Repo);

        plan.Changes.Where(c => c.Kind == FileChangeKind.Deleted && !c.Path.Value.StartsWith(".dataplatform/", StringComparison.Ordinal))
            .Select(c => c.Path.Value).ShouldBe(["domains/b/flow.yaml"]);
        Directory.Exists(Path.Combine(Repo, "domains/b")).ShouldBeFalse("a folder the deletion emptied is removed");
        Read("domains/c/flow.yaml").ShouldContain("tuned by hand");
        plan.Notices.Single().Path.Value.ShouldBe("domains/c/flow.yaml");
        plan.ToText().ShouldContain("kept    domains/c/flow.yaml");
        Read("docs/runbook.md").ShouldBe("# Runbook\n");

        RepositoryWriter.Write(Tree(("domains/a/flow.yaml", "id: a\n")), Repo, new WriteOptions { Force = true });
        File.Exists(Path.Combine(Repo, "domains/c/flow.yaml")).ShouldBeFalse();
        Read(".dataplatform/generated.txt").ShouldNotContain("domains/c");
    }

    [Fact]
    public void A_file_changed_on_disk_after_the_plan_stops_the_write_before_anything_is_written()
    {
        RepositoryWriter.Write(Tree(("a.yaml", "a: 1\n"), ("b.yaml", "b: 1\n")), Repo);
        var plan = RepositoryWriter.Plan(Tree(("a.yaml", "a: 2\n"), ("b.yaml", "b: 2\n")), Repo);
        Write("b.yaml", "b: 1 # edited meanwhile\n");

        Should.Throw<IOException>(() => RepositoryWriter.Apply(plan)).Message.ShouldContain("'b.yaml' changed on disk since the plan was made");

        Read("a.yaml").ShouldBe("a: 1\n");
        Read("b.yaml").ShouldBe("b: 1 # edited meanwhile\n");
    }

    [Fact]
    public void Text_edited_by_hand_and_changed_by_the_model_is_a_conflict_until_forced()
    {
        RepositoryWriter.Write(Tree(("run.py", "print(1)\n")), Repo);
        Write("run.py", "print(1)  # mine\n");
        var plan = RepositoryWriter.Plan(Tree(("run.py", "print(2)\n")), Repo);

        plan.HasConflicts.ShouldBeTrue();
        Should.Throw<InvalidOperationException>(() => RepositoryWriter.Apply(plan)).Message.ShouldContain("run.py");
        Read("run.py").ShouldBe("print(1)  # mine\n");

        RepositoryWriter.Write(Tree(("run.py", "print(2)\n")), Repo, new WriteOptions { Force = true });
        Read("run.py").ShouldBe("print(2)\n");
    }

    [Fact]
    public void A_file_of_someone_else_where_the_layout_puts_one_is_left_alone_and_not_claimed()
    {
        Write("README.md", "# Our platform\n");

        var plan = RepositoryWriter.Write(Tree(("README.md", "# Generated\n"), ("a.yaml", "a: 1\n")), Repo);

        Read("README.md").ShouldBe("# Our platform\n");
        plan.Notices.Single().Path.Value.ShouldBe("README.md");
        plan.HasConflicts.ShouldBeFalse();
        Read(".dataplatform/generated.txt").ShouldNotContain("README.md", customMessage: "never claimed, so never deleted later");
        RepositoryWriter.Write(Tree(("a.yaml", "a: 1\n")), Repo).Changes.ShouldNotContain(c => c.Path.Value == "README.md");
        Read("README.md").ShouldBe("# Our platform\n");
    }

    [Fact]
    public void The_file_system_root_and_the_home_directory_are_refused()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Should.Throw<InvalidOperationException>(() => RepositoryWriter.Apply(RepositoryWriter.Plan(Tree(("x-dataplatform-test.yaml", "x: 1\n")), home)))
            .Message.ShouldContain("home directory");
        Should.Throw<InvalidOperationException>(() => RepositoryWriter.Apply(RepositoryWriter.Plan(Tree(("x-dataplatform-test.yaml", "x: 1\n")), "/")))
            .Message.ShouldContain("file system root");
        File.Exists(Path.Combine(home, "x-dataplatform-test.yaml")).ShouldBeFalse();
    }

    [Fact]
    public void A_new_directory_is_staged_and_moved_into_place_with_the_record()
    {
        var plan = RepositoryWriter.Write(Tree(("a.yaml", "a: 1\n")), Repo);

        plan.IsNewDirectory.ShouldBeTrue();
        Read("a.yaml").ShouldBe("a: 1\n");
        Read(".dataplatform/.gitignore").ShouldContain("/journal/");
        Directory.EnumerateDirectories(_work.FullName).ShouldBe([Repo]);
    }

    private void Git(params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = Repo, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["-c", "user.name=t", "-c", "user.email=t@example.com", .. args])
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        p.WaitForExit();
        p.ExitCode.ShouldBe(0, p.StandardError.ReadToEnd());
    }
}
