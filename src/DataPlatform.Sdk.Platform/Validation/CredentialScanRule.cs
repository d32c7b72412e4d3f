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
        foreach (var path in repository.Files.Select(f => f.Path).Concat(repository.OtherFiles).OrderBy(p => p.Value, StringComparer.Ordinal))
        {
            if (repository.ReadText(path) is not { } text || text.Contains('\0', StringComparison.Ordinal))
            {
                continue; // Not read (link, special file, too large) or binary.
            }

            foreach (var finding in SecretPatterns.Find(text).Where(f => f.Kind != "password in a URL"))
            {
                var line = 1 + text.AsSpan(0, finding.Index).Count('\n');
                var column = finding.Index - (text.LastIndexOf('\n', Math.Max(0, finding.Index - 1)) + 1) + 1;
                context.Report(RepositoryDiagnostics.CredentialInRepository, new SourceLocation(path.Value, line, Math.Max(1, column)), $"{path} holds a {finding.Kind}.");
            }
        }
    }
}
