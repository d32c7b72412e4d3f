namespace DataPlatform.Sdk.Tests.Shared;

/// <summary>Locates the repository, the test corpus and the shared reference data.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Corpus => Path.Combine(RepoRoot, "tests", "corpus");

    /// <summary>The shared reference folder beside the repository; fails loudly when missing.</summary>
    public static string Reference
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "reference"));
            if (!Directory.Exists(path))
            {
                throw new DirectoryNotFoundException($"The shared reference data is missing: expected it at {path} (../shared beside the repository).");
            }

            return path;
        }
    }

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
