using DataPlatform.Sdk.Files;

namespace DataPlatform.Sdk.Tests.Files;

public sealed class FilesTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("dp-files-");

    public void Dispose() => _work.Delete(recursive: true);

    [Theory]
    [InlineData("a/b/c.yaml", "a/b/c.yaml")]
    [InlineData("./a//b/../c.yaml", "a/c.yaml")]
    [InlineData("a\\b.yaml", "a/b.yaml")]
    public void RepoPath_Parse_Normalises(string input, string expected)
    {
        RepoPath.Parse(input).Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("../escape.yaml")]
    [InlineData("a/../../escape.yaml")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/x.yaml")]
    [InlineData(".")]
    public void RepoPath_Parse_RejectsEscapesAndAbsolutePaths(string input)
    {
        Should.Throw<ArgumentException>(() => RepoPath.Parse(input));
    }

    [Fact]
    public void Write_ReplacesTheDirectoryWithTheTree()
    {
        var target = Path.Combine(_work.FullName, "repo");
        AtomicTreeWriter.Write(target, FileTree.Empty.With("a/one.yaml", "one: 1\n").With("stale.yaml", "x: 1\n"));
        AtomicTreeWriter.Write(target, FileTree.Empty.With("a/one.yaml", "one: 2\n"));
        File.ReadAllText(Path.Combine(target, "a", "one.yaml")).ShouldBe("one: 2\n");
        File.Exists(Path.Combine(target, "stale.yaml")).ShouldBeFalse();
        _work.GetDirectories().Select(d => d.Name).ShouldBe(["repo"], "no staging or backup directory is left behind");
    }

    [Fact]
    public void Write_FailingHalfway_LeavesThePreviousTreeUntouched()
    {
        var target = Path.Combine(_work.FullName, "repo");
        AtomicTreeWriter.Write(target, FileTree.Empty.With("keep.yaml", "keep: true\n"));
        Should.Throw<InvalidOperationException>(() =>
            AtomicTreeWriter.Write(target, FileTree.Empty.With("new.yaml", "new: true\n"), _ => throw new InvalidOperationException("boom")));
        Directory.GetFiles(target).Select(Path.GetFileName).ShouldBe(["keep.yaml"]);
        File.ReadAllText(Path.Combine(target, "keep.yaml")).ShouldBe("keep: true\n");
        _work.GetDirectories().Select(d => d.Name).ShouldBe(["repo"]);
    }

    [Fact]
    public void Write_IntoAGitWorkingTree_IsRefused()
    {
        var target = Path.Combine(_work.FullName, "checkout");
        Directory.CreateDirectory(Path.Combine(target, ".git"));
        Should.Throw<InvalidOperationException>(() => AtomicTreeWriter.Write(target, FileTree.Empty.With("a.yaml", "a: 1\n")));
        Directory.Exists(Path.Combine(target, ".git")).ShouldBeTrue();
    }

    [Theory]
    [InlineData("notes-2024-01-01T10:00.md", "character")]
    [InlineData("docs/CON.md", "reserved")]
    [InlineData("a/b.", "dot")]
    public void RepoPath_a_name_other_systems_cannot_hold_is_data_with_a_portability_problem(string input, string reason)
    {
        // Issue #16: a file name is data; portability is a warning (DPS023), never a reason to stop.
        var path = RepoPath.Parse(input);

        path.Value.ShouldBe(input);
        path.PortabilityProblem().ShouldNotBeNull().ShouldContain(reason.Trim(), Case.Insensitive);
        RepoPath.Parse("clusters/dev/a.yaml").PortabilityProblem().ShouldBeNull();
    }
}
