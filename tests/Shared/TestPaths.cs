namespace DataPlatform.Sdk.Tests.Shared;

/// <summary>Locates the repository, the test corpus and the vendored upstream reference data.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Corpus => Path.Combine(RepoRoot, "tests", "corpus");

    /// <summary>The upstream reference data vendored into the repository (<c>reference/</c>, provenance in its README).</summary>
    public static string Reference => Path.Combine(RepoRoot, "reference");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DataPlatform.Sdk.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("DataPlatform.Sdk.sln not found above the test binaries.");
    }
}
