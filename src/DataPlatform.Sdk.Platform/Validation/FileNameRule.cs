using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Repository;

namespace DataPlatform.Sdk.Platform.Validation;

/// <summary>DPS023: file names that a checkout on another operating system cannot hold (a warning: file names are data).</summary>
public sealed class FileNameRule : IRepositoryRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors => [SdkDiagnostics.NonPortableName];

    /// <inheritdoc />
    public void Check(RepositoryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var path in context.Repository.Files.Select(f => f.Path).Concat(context.Repository.OtherFiles))
        {
            if (path.PortabilityProblem() is { } problem)
            {
                context.Report(SdkDiagnostics.NonPortableName, new SourceLocation(path.Value, 1, 1), $"{problem}.");
            }
        }
    }
}
