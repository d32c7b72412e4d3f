using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Repository;

namespace DataPlatform.Sdk.Cli;

/// <summary>What the commands ask git: refs are resolved once, strictly, and only commit ids reach later calls.</summary>
internal static partial class Commands
{
    /// <summary>
    /// Resolves a ref to a commit id with <c>git rev-parse --verify --end-of-options</c> (a ref starting with '-' is a
    /// ref, never an option). Returns <see langword="null"/> on success, else what is wrong.
    /// </summary>
    private static string? ResolveCommit(string workingTree, string reference, out string? commit)
    {
        commit = null;
        var (code, output, error) = Git(workingTree, "rev-parse", "--verify", "--quiet", "--end-of-options", reference + "^{commit}");
        if (code is null)
        {
            return "git is not available; --base-ref needs it";
        }

        if (code != 0)
        {
            return Git(workingTree, "rev-parse", "--git-dir").Code == 0
                ? "ref not found in this repository (fetch it: actions/checkout needs fetch-depth: 0 for tags)"
                : $"not a git repository{(error.Length > 0 ? $" ({Printable(error.Trim())})" : string.Empty)}";
        }

        commit = output.Trim();
        return commit.Length >= 40 && commit.All(char.IsAsciiHexDigit) ? null : "git did not return a commit id";
    }

    /// <summary>DPL010 for every changelog of the repository, against its version at a commit (files new since then are skipped).</summary>
    private static IEnumerable<Diagnostic> EditedChangeSets(GitOpsRepository repo, string commit)
    {
        foreach (var obj in repo.Objects.Where(o => o.Value is DataPlatform.Sdk.Liquibase.LiquibaseChangelog))
        {
            var (code, previousText, _) = Git(repo.Root, "show", $"{commit}:{obj.File.Value}");
            if (code != 0)
            {
                continue; // New since the base ref.
            }

            if (DataPlatform.Sdk.Liquibase.LiquibaseFile.Parse(previousText, obj.File.Value).Changelog is { } previous)
            {
                foreach (var d in DataPlatform.Sdk.Liquibase.ChangelogHistory.Compare(previous, (DataPlatform.Sdk.Liquibase.LiquibaseChangelog)obj.Value))
                {
                    yield return d with { Location = d.Location is { } l ? l with { FilePath = obj.File.Value } : d.Location };
                }
            }
        }
    }

    /// <summary>Runs git with arguments passed as a list (no shell); <c>Code</c> is <see langword="null"/> when git cannot be started.</summary>
    private static (int? Code, string Output, string Error) Git(string workingDirectory, params string[] arguments)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("git")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = workingDirectory,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        try
        {
            using var git = System.Diagnostics.Process.Start(psi)!;
            git.StandardInput.Close();
            var error = git.StandardError.ReadToEndAsync();
            var output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            return (git.ExitCode, output, error.GetAwaiter().GetResult());
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, string.Empty, string.Empty);
        }
    }
}
