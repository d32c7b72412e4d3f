using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Platform.Validation;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// The content problems of a description, collected as the builders are called (a domain defined twice, a setting
/// given twice) and reported together by <c>Validate()</c> and <c>Build()</c>: no call is ever silently dropped.
/// Argument errors (a malformed name or value) throw at the call instead.
/// </summary>
internal sealed class DescriptionProblems
{
    private readonly List<Diagnostic> _problems = [];

    public IReadOnlyList<Diagnostic> All => _problems;

    public void Add(string message, string? help = null) => _problems.Add(RepositoryDiagnostics.InvalidDescription.Create(message, help: help));

    /// <summary>Records that something was given twice, when it was.</summary>
    /// <returns>Whether the value is new (and should be taken).</returns>
    public bool Once<T>(T? current, string what, string help)
    {
        if (current is null)
        {
            return true;
        }

        Add($"{what} is already set; a second call would silently replace it.", help);
        return false;
    }

    /// <summary>Records a second definition of a named thing.</summary>
    /// <returns>Whether the name is new.</returns>
    public bool Define(ISet<string> names, string name, string what)
    {
        if (names.Add(name))
        {
            return true;
        }

        Add($"{what} '{name}' is already defined; a second definition would silently replace the first.",
            $"Describe {what.ToLowerInvariant()} '{name}' in one call (both configurations merged), or give the second one another name.");
        return false;
    }
}
