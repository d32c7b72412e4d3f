using System.Text;
using DataPlatform.Sdk.Cli;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Sops;
using DataPlatform.Sdk.Writing;

namespace DataPlatform.Sdk.Platform.Tests.Hostile;

/// <summary>
/// Issue #16: a repository an attacker controls (links, FIFOs, devices, odd names) makes no command read or write
/// outside its root, print what links point to, hang or crash. Each attack is built in the test.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Links, FIFOs and modes as Linux and macOS have them.
public sealed class FileSystemAttackTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dp-hostile-").FullName;

    public void Dispose() => Process("rm", "-rf", _dir); // .NET cannot delete a file whose name is not valid UTF-8.

    private string Repo => Path.Combine(_dir, "r");

    private string Outside => Path.Combine(_dir, "outside.txt");

    private string Write(string relative, string text)
    {
        var path = Path.Combine(Repo, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Out, string Err) Run(Func<TextWriter, TextWriter, int> command) => TestCli.Run(command);

    private const string Messy = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, namespace: apps}\ndata: {a: b}\n";

    [Fact]
    public void Fmt_never_writes_through_a_link_planted_where_its_temporary_file_used_to_go()
    {
        File.WriteAllText(Outside, "untouched");
        Write("apps/cm.yaml", Messy);
        File.CreateSymbolicLink(Path.Combine(Repo, "apps/cm.yaml.dataplatform-tmp"), Outside);

        Run((o, e) => Commands.Format(Repo, check: false, o, e));

        File.ReadAllText(Outside).ShouldBe("untouched");
        new FileInfo(Path.Combine(Repo, "apps/cm.yaml")).LinkTarget.ShouldBeNull();
        File.ReadAllText(Path.Combine(Repo, "apps/cm.yaml")).ShouldContain("name: cm\n");
    }

    [Fact]
    public void Fmt_does_not_follow_a_file_link_out_of_the_repository()
    {
        File.WriteAllText(Outside, Messy);
        Directory.CreateDirectory(Path.Combine(Repo, "apps"));
        File.CreateSymbolicLink(Path.Combine(Repo, "apps/cm.yaml"), Outside);

        var (_, output, error) = Run((o, e) => Commands.Format(Repo, check: false, o, e));

        File.ReadAllText(Outside).ShouldBe(Messy);
        (output + error).ShouldNotContain("name: cm");
        GitOpsRepository.Load(Repo).Validate().Diagnostics.ShouldContain(d => d.Code == "DPS022" && d.FilePath == "apps/cm.yaml");
    }

    [Fact]
    public void Secrets_in_place_never_writes_through_a_link_and_keeps_the_files_mode()
    {
        var identity = AgeIdentity.Generate();
        var secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: hunter2\n";
        var plain = Write("s.yaml", secret);
        File.SetUnixFileMode(plain, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Run((o, e) => Commands.Encrypt(plain, [identity.Recipient.ToString()], [], SecretKeys.None, inPlace: true, o, e)).Code.ShouldBe(0);
        File.GetUnixFileMode(plain).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Environment.SetEnvironmentVariable("SOPS_AGE_KEY", identity.ExportSecret());
        try
        {
            Run((o, e) => Commands.Decrypt(plain, SecretKeys.None, inPlace: true, o, e)).Code.ShouldBe(0);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SOPS_AGE_KEY", null);
        }

        File.ReadAllText(plain).ShouldContain("hunter2");
        File.GetUnixFileMode(plain).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite, "a decrypted file stays private");

        File.WriteAllText(Outside, secret);
        var link = Path.Combine(Repo, "link.yaml");
        File.CreateSymbolicLink(link, Outside);
        Run((o, e) => Commands.Encrypt(link, [identity.Recipient.ToString()], [], SecretKeys.None, inPlace: true, o, e)).Code.ShouldNotBe(0);
        File.ReadAllText(Outside).ShouldBe(secret);
        new FileInfo(link).LinkTarget.ShouldBe(Outside);
    }

    [Fact]
    public void Schema_output_never_writes_through_a_link()
    {
        File.WriteAllText(Outside, "untouched");
        var link = Path.Combine(_dir, "schema.json");
        File.CreateSymbolicLink(link, Outside);

        Should.Throw<IOException>(() => Commands.Schema("kestra-flow", link, TextWriter.Null));

        File.ReadAllText(Outside).ShouldBe("untouched");
    }

    [Fact]
    public void Plan_prints_nothing_a_link_points_to_and_survives_link_loops()
    {
        File.WriteAllText(Outside, "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ\nGITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789");
        Directory.CreateDirectory(Repo);
        File.CreateSymbolicLink(Path.Combine(Repo, "n.txt"), Outside);
        Directory.CreateSymbolicLink(Path.Combine(Repo, "a"), ".");
        Directory.CreateSymbolicLink(Path.Combine(Repo, "b"), ".");
        Write("notes.md", "my own notes: the password is hunter2\n");

        var plan = DataPlatformRepository.CreateBuilder("r").Cluster("dev", c => c.TrackBranch("main")).Build().Plan(Repo);
        var text = plan.ToText();

        text.ShouldNotContain("AGE-SECRET-KEY");
        text.ShouldNotContain("ghp_");
        text.ShouldNotContain("hunter2", customMessage: "files the SDK does not generate are named, never shown");
        text.Length.ShouldBeLessThan(2_000_000);
        plan.Changes.ShouldNotContain(c => c.Path.Value == "n.txt" || c.Path.Value == "notes.md", "files the SDK did not generate are left alone");
    }

    [Fact]
    public async Task A_fifo_a_device_and_odd_file_names_are_reported_not_hung_on_or_crashed_on()
    {
        Write("apps/cm.yaml", Messy);
        Write("notes-2024-01-01T10:00.md", "notes\n");
        Write("a\nb.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: apps\nspek: 1\n");
        Process("mkfifo", Path.Combine(Repo, "x.yaml"));
        File.CreateSymbolicLink(Path.Combine(Repo, "zero.yaml"), "/dev/zero");

        // WaitAsync throws a TimeoutException if validate blocks on the FIFO or reads /dev/zero forever.
        var (code, output, _) = await Task.Run(() => Run((o, e) => Commands.Validate(Repo, "text", o, e))).WaitAsync(TimeSpan.FromSeconds(60));

        code.ShouldBe(1);
        output.ShouldContain("x.yaml(1,1): warning DPS022");
        output.ShouldContain("zero.yaml(1,1): warning DPS022");
        output.ShouldContain("notes-2024-01-01T10:00.md(1,1): warning DPS023");
        output.ShouldContain("a\\nb.yaml(6,1): error DPS010", customMessage: "a newline in a file name is printed escaped, never as a second line");
        output.Split('\n').ShouldAllBe(l => l.Length == 0 || l.StartsWith("a\\nb.yaml", StringComparison.Ordinal) || l.StartsWith("x.yaml", StringComparison.Ordinal)
            || l.StartsWith("zero.yaml", StringComparison.Ordinal) || l.StartsWith("notes-", StringComparison.Ordinal) || l.StartsWith("apps/", StringComparison.Ordinal));
        await Task.Run(() => Run((o, e) => Commands.Format(Repo, check: true, o, e))).WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void A_file_name_that_is_not_utf8_is_reported_and_skipped()
    {
        Write("apps/cm.yaml", Messy);
        Process("python3", "-c", $"open(b'{Repo}/bad-\\xff.yaml', 'w').write('a: 1\\n')");

        var (code, output, _) = Run((o, e) => Commands.Validate(Repo, "text", o, e));

        code.ShouldBe(0, output);
        output.ShouldContain("warning DPS022");
        output.ShouldContain("cannot be opened");
    }

    [Fact]
    public void Ansi_escapes_and_sarif_paths_are_output_as_data()
    {
        Write("\u001b[31mred.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: apps\nspek: 1\n");
        Write("dir with space/%41.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n  namespace: apps\nspek: 1\n");

        var text = Run((o, e) => Commands.Validate(Repo, "text", o, e)).Out;
        var sarif = Run((o, e) => Commands.Validate(Repo, "sarif", o, e)).Out;

        text.ShouldNotContain("\u001b");
        text.ShouldContain("\\u001b[31mred.yaml");
        sarif.ShouldContain("\"uri\": \"dir%20with%20space/%2541.yaml\"");
        sarif.ShouldContain("%1B%5B31mred.yaml");
    }

    [Fact]
    public void Interrupted_writes_leave_nothing_the_next_run_does_not_clean_up()
    {
        // What kill -9 leaves: a temporary file of fmt, a staged tree, a tree moved aside, a temporary key file.
        Write("apps/cm.yaml", Messy);
        Write("apps/.cm.yaml.0123456789abcdef.dataplatform-tmp", "half written");
        var target = Path.Combine(_dir, "new");
        Directory.CreateDirectory(Path.Combine(_dir, ".new.staging-abc", "x"));
        Directory.CreateDirectory(Path.Combine(_dir, ".new.previous-abc"));
        File.WriteAllText(Path.Combine(_dir, ".new.previous-abc", "old.txt"), "the previous tree");
        var keys = Path.Combine(_dir, "keys");
        Directory.CreateDirectory(keys);
        File.WriteAllText(Path.Combine(keys, ".keys.txt.0123456789abcdef.dataplatform-tmp"), "AGE-SECRET-KEY-1…");

        Run((o, e) => Commands.Format(Repo, check: false, o, e));
        AtomicTreeWriter.Write(target, FileTree.Empty.With("a.txt", "a"));
        AgeKeys.LoadOrCreate(out _, out _, name => name == "SOPS_AGE_KEY_FILE" ? Path.Combine(keys, "keys.txt") : null);

        Directory.EnumerateFileSystemEntries(Repo, "*", SearchOption.AllDirectories).ShouldNotContain(p => p.EndsWith(SafeFiles.TemporarySuffix, StringComparison.Ordinal));
        Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName).ShouldNotContain(n => n!.StartsWith(".new.", StringComparison.Ordinal));
        Directory.GetFiles(keys).Select(Path.GetFileName).ShouldBe(["keys.txt"]);
        File.ReadAllText(Path.Combine(target, "a.txt")).ShouldBe("a");
    }

    [Fact]
    public void A_target_moved_aside_by_an_interrupted_swap_is_restored_first()
    {
        var target = Path.Combine(_dir, "repo");
        Directory.CreateDirectory(Path.Combine(_dir, ".repo.previous-abc"));
        File.WriteAllText(Path.Combine(_dir, ".repo.previous-abc", "kept.txt"), "was there");

        AtomicTreeWriter.Write(target, FileTree.Empty.With("kept.txt", "was there"), beforeSwap: _ => File.Exists(Path.Combine(target, "kept.txt")).ShouldBeTrue());

        Directory.EnumerateDirectories(_dir, ".repo.*").ShouldBeEmpty();
    }

    [Fact]
    public void A_file_added_during_a_write_is_never_deleted_and_two_writers_never_run_at_once()
    {
        var target = Path.Combine(_dir, "repo");
        Directory.CreateDirectory(target);

        var ex = Should.Throw<IOException>(() => AtomicTreeWriter.Write(target, FileTree.Empty.With("a.txt", "a"),
            beforeSwap: _ => File.WriteAllText(Path.Combine(target, "mine.txt"), "added meanwhile")));

        ex.Message.ShouldContain("changed while it was being written");
        File.ReadAllText(Path.Combine(target, "mine.txt")).ShouldBe("added meanwhile");
        using (SafeFiles.Lock(target))
        {
            Should.Throw<IOException>(() => AtomicTreeWriter.Write(target, FileTree.Empty.With("b.txt", "b"))).Message.ShouldContain("Another dataplatform command");
        }
    }

    [Fact]
    public void A_write_stops_when_the_file_changed_since_it_was_read()
    {
        var file = Write("a.yaml", "a: 1\n");
        var read = File.ReadAllBytes(file);
        File.WriteAllText(file, "a: 2 # my edit\n");

        Should.Throw<IOException>(() => SafeFiles.WriteAtomic(file, "a: 1\n", Repo, expected: read)).Message.ShouldContain("changed on disk");

        File.ReadAllText(file).ShouldBe("a: 2 # my edit\n");
    }

    [Fact]
    public void Keygen_refuses_a_path_inside_a_git_working_tree_and_plan_writes_no_key()
    {
        Directory.CreateDirectory(Path.Combine(Repo, ".git"));
        var (code, _, error) = Run((o, e) => Commands.Keygen(Path.Combine(Repo, "key.txt"), o, e));

        code.ShouldBe(2);
        error.ShouldContain("git working tree");
        File.Exists(Path.Combine(Repo, "key.txt")).ShouldBeFalse();

        // The key file is named through the command's environment, never the process's: other tests run beside this one.
        var keyFile = Path.Combine(_dir, "plan-key.txt");
        Run((o, e) => Commands.Plan(Path.Combine(_dir, "planned"), RepositoryProfile.Simplified, example: true, o, environment: name => name == "SOPS_AGE_KEY_FILE" ? keyFile : null)).Code.ShouldBe(0);

        File.Exists(keyFile).ShouldBeFalse("plan is a dry run");
        Directory.Exists(Path.Combine(_dir, "planned")).ShouldBeFalse();
    }

    private static void Process(string command, params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(command) { UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = System.Diagnostics.Process.Start(psi)!;
        p.WaitForExit();
        p.ExitCode.ShouldBe(0, command);
    }
}
