using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Repository;

namespace DataPlatform.Sdk.Tests.Files;

/// <summary>One <c>statx</c> per file gives what FileInfo gives, and a loaded repository reads each file once.</summary>
public sealed class FileStatusTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("dp-status-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void The_status_of_a_file_is_what_FileInfo_reports()
    {
        var file = Path.Combine(_work.FullName, "a.yaml");
        File.WriteAllText(file, "a: 1\n");
        File.SetLastWriteTimeUtc(file, new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1234567));
        var status = FileKinds.StatusOf(file);
        var info = new FileInfo(file);
        status.Kind.ShouldBe(FileEntryKind.Regular);
        status.Length.ShouldBe(info.Length);
        status.LastWriteUtc.ShouldBe(info.LastWriteTimeUtc);
        status.LastWriteUtc.Kind.ShouldBe(DateTimeKind.Utc);

        // The stamp a load records is the one a writer compares with later.
        ManifestLoader.Default.Load(file).Stamp.ShouldBe(ManifestLoader.StampOf(file));
        ManifestLoader.StampOf(file).ShouldBe((info.Length, info.LastWriteTimeUtc));
    }

    [Fact]
    public void The_status_of_a_link_a_folder_and_nothing()
    {
        var target = Path.Combine(_work.FullName, "t.yaml");
        File.WriteAllText(target, "a: 1\n");
        var link = Path.Combine(_work.FullName, "l.yaml");
        File.CreateSymbolicLink(link, target);
        FileKinds.StatusOf(link).Kind.ShouldBe(FileEntryKind.SymbolicLink);
        FileKinds.StatusOf(_work.FullName).Kind.ShouldBe(FileEntryKind.Directory);
        FileKinds.StatusOf(Path.Combine(_work.FullName, "none")).Kind.ShouldBe(FileEntryKind.Missing);

        // A link inside the root is read through; its stamp is the target's.
        var read = SafeFiles.Read(link, _work.FullName, 1000);
        read.Bytes.ShouldNotBeNull();
        ManifestLoader.Default.Load(link, "l.yaml", _work.FullName).Stamp.ShouldBe(ManifestLoader.StampOf(target));
    }

    [Fact]
    public void A_loaded_repository_gives_the_text_its_objects_were_read_from()
    {
        var manifest = Path.Combine(_work.FullName, "cm.yaml");
        var script = Path.Combine(_work.FullName, "run.py");
        File.WriteAllText(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
        File.WriteAllText(script, "print(1)\n");
        var repo = GitOpsRepository.Load(_work.FullName);

        File.WriteAllText(manifest, "changed: on disk\n");
        File.WriteAllText(script, "print(2)\n");

        repo.ReadText(RepoPath.Parse("cm.yaml")).ShouldBe("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
        repo.ReadText(RepoPath.Parse("run.py")).ShouldBe("print(2)\n"); // Not read at load: read when asked.
        repo.ReadText(RepoPath.Parse("missing.yaml")).ShouldBeNull();
    }

    [Fact]
    public void Exists_knows_every_folder_that_holds_a_file()
    {
        var repo = GitOpsRepository.Load(FileTree.Empty.With(RepoPath.Parse("a/bc/x.yaml"), "k: v\n").With(RepoPath.Parse("d.txt"), "x"));
        repo.Exists("a/bc/x.yaml").ShouldBeTrue();
        repo.Exists("d.txt").ShouldBeTrue();
        repo.Exists("a").ShouldBeTrue();
        repo.Exists("a/").ShouldBeTrue();
        repo.Exists("a/bc").ShouldBeTrue();
        repo.Exists("").ShouldBeTrue();
        repo.Exists("a/b").ShouldBeFalse();
        repo.Exists("bc").ShouldBeFalse();
        repo.Exists("a/bc/x").ShouldBeFalse();
    }

    [Fact]
    public void The_linux_reader_reads_exactly_the_known_size_or_leaves_the_file_to_the_ordinary_reader()
    {
        var file = Path.Combine(_work.FullName, "a.yaml");
        var bytes = "apiVersion: v1\nkind: ConfigMap\n"u8.ToArray();
        File.WriteAllBytes(file, bytes);
        var link = Path.Combine(_work.FullName, "l.yaml");
        File.CreateSymbolicLink(link, file);
        var empty = Path.Combine(_work.FullName, "e.yaml");
        File.WriteAllBytes(empty, []);
        if (!OperatingSystem.IsLinux())
        {
            Read(file, bytes.Length).ShouldBeNull();
            return;
        }

        Read(file, bytes.Length).ShouldBe(bytes);
        Read(empty, 0).ShouldBe([]);
        Read(file, bytes.Length - 1).ShouldBeNull(); // Grew since its size was taken.
        Read(file, bytes.Length + 1).ShouldBeNull(); // Shrank.
        Read(link, bytes.Length).ShouldBeNull(); // A link is never followed.
        Read(Path.Combine(_work.FullName, "none"), 1).ShouldBeNull();

        // The bytes go to the caller's function from a pooled buffer and are not kept: what it makes of them is returned.
        LinuxFileReader.TryRead(file, bytes.Length, span => System.Text.Encoding.UTF8.GetString(span), out var text).ShouldBeTrue();
        text.ShouldBe("apiVersion: v1\nkind: ConfigMap\n");
        LinuxFileReader.TryRead(link, bytes.Length, span => span.Length, out var never).ShouldBeFalse();
        never.ShouldBe(0);

        static byte[]? Read(string path, long length) => LinuxFileReader.TryRead(path, length, span => span.ToArray(), out var read) ? read : null;
        SafeFiles.Read(file, _work.FullName, 1000).Bytes.ShouldBe(bytes);
        SafeFiles.Read(link, _work.FullName, 1000).Bytes.ShouldBe(bytes);
    }

    [Theory]
    [InlineData("/a/b", "/a/b", true)]
    [InlineData("/a/b", "/a/b/c.yaml", true)]
    [InlineData("/a/b/", "/a/b/c.yaml", true)]
    [InlineData("/a/b/", "/a/b", true)]
    [InlineData("/a/b", "/a/bc/d.yaml", false)]
    [InlineData("/a/b", "/a", false)]
    [InlineData("/a/b", "/x/a/b/c", false)]
    [InlineData("a/b", "/a/b/c", false)]
    public void A_path_is_inside_a_root_only_below_a_whole_segment(string root, string path, bool inside)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // The cases are written with '/'.
        }

        SafeFiles.IsInside(root, path).ShouldBe(inside);
    }

    [Fact]
    public void A_load_reads_files_in_a_linked_folder_inside_the_root_and_refuses_one_leading_out()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var repo = Directory.CreateDirectory(Path.Combine(_work.FullName, "repo"));
        var real = Directory.CreateDirectory(Path.Combine(repo.FullName, "real"));
        File.WriteAllText(Path.Combine(real.FullName, "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: inside\n");
        var outside = Directory.CreateDirectory(Path.Combine(_work.FullName, "outside"));
        File.WriteAllText(Path.Combine(outside.FullName, "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: outside\n");
        Directory.CreateSymbolicLink(Path.Combine(repo.FullName, "in-link"), real.FullName);
        File.CreateSymbolicLink(Path.Combine(repo.FullName, "out.yaml"), Path.Combine(outside.FullName, "cm.yaml"));

        // Read as a repository reads them: one resolution scope, folders resolved once.
        var loader = ManifestLoader.Default;
        var viaLink = loader.Load(Path.Combine(repo.FullName, "in-link", "cm.yaml"), "in-link/cm.yaml", repo.FullName);
        viaLink.Diagnostics.Errors.ShouldBeEmpty();
        viaLink.Documents.Single().Source.Data!.Value.GetProperty("metadata").GetProperty("name").GetString().ShouldBe("inside");
        var leaving = loader.Load(Path.Combine(repo.FullName, "out.yaml"), "out.yaml", repo.FullName);
        leaving.Documents.ShouldBeEmpty();
        leaving.Diagnostics.Diagnostics.ShouldContain(d => d.Message.Contains("outside the repository", StringComparison.Ordinal));
        GitOpsRepository.Load(repo.FullName).Objects.Select(o => o.Name).ShouldBe(["inside"]);
    }
}
