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
    [InlineData("a/b:c.yaml")]
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
}
