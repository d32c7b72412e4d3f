using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Repository;

namespace DataPlatform.Sdk.Platform.Validation;

/// <summary>
/// DPR019: private keys (age, PGP, SSH, PEM) and token shapes (GitHub, GitLab, Slack, Stripe, AWS) in any file of the
/// repository — manifests, workflows (their <c>run:</c> scripts included), scripts, docs, a committed <c>keys.txt</c>.
/// The message names the kind and the line, never the value.
/// </summary>
public sealed class CredentialScanRule : IRepositoryRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors => [RepositoryDiagnostics.CredentialInRepository];

    /// <inheritdoc />
    public void Check(RepositoryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var repository = context.Repository;
        var paths = repository.Files.Select(f => f.Path).Concat(repository.OtherFiles).OrderBy(p => p.Value, StringComparer.Ordinal).ToList();

        // Every file is read and scanned on its own (on every core); findings are reported in path order.
        var findings = new List<(SourceLocation Where, string Message)>?[paths.Count];
        Parallel.For(0, paths.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => findings[i] = Scan(repository, paths[i]));
        foreach (var (where, message) in findings.Where(f => f is not null).SelectMany(f => f!))
        {
            context.Report(RepositoryDiagnostics.CredentialInRepository, where, message);
        }
    }

    private static List<(SourceLocation Where, string Message)>? Scan(GitOpsRepository repository, RepoPath path)
    {
        if (repository.ReadText(path) is not { } text || text.Contains('\0', StringComparison.Ordinal))
        {
            return null; // Not read (link, special file, too large) or binary.
        }

        List<(SourceLocation, string)>? found = null;
        foreach (var finding in SecretPatterns.Find(text, includeUrlPasswords: false))
        {
            var line = 1 + text.AsSpan(0, finding.Index).Count('\n');
            var column = finding.Index - (text.LastIndexOf('\n', Math.Max(0, finding.Index - 1)) + 1) + 1;
            (found ??= []).Add((new SourceLocation(path.Value, line, Math.Max(1, column)), $"{path} holds a {finding.Kind}."));
        }

        return found;
    }
}
