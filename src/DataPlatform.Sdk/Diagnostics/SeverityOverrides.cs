using System.Collections.Immutable;

namespace DataPlatform.Sdk.Diagnostics;

/// <summary>
/// Per-code severity overrides, for example to turn a warning into an error in CI, or to silence a code.
/// </summary>
public sealed class SeverityOverrides
{
    private readonly ImmutableDictionary<string, DiagnosticSeverity?> _map;

    private SeverityOverrides(ImmutableDictionary<string, DiagnosticSeverity?> map) => _map = map;

    /// <summary>No overrides.</summary>
    public static SeverityOverrides None { get; } = new(ImmutableDictionary<string, DiagnosticSeverity?>.Empty.WithComparers(StringComparer.Ordinal));

    /// <summary>Returns a copy in which <paramref name="code"/> has <paramref name="severity"/>.</summary>
    /// <param name="code">The diagnostic code.</param>
    /// <param name="severity">The new severity.</param>
    /// <returns>The new overrides.</returns>
    public SeverityOverrides Set(string code, DiagnosticSeverity severity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        return new(_map.SetItem(code, severity));
    }

    /// <summary>Returns a copy in which <paramref name="code"/> is never reported.</summary>
    /// <param name="code">The diagnostic code.</param>
    /// <returns>The new overrides.</returns>
    public SeverityOverrides Suppress(string code)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        return new(_map.SetItem(code, null));
    }

    /// <summary>Applies the overrides to a sequence of diagnostics (suppressed codes are dropped).</summary>
    /// <param name="diagnostics">The input.</param>
    /// <returns>The adjusted diagnostics.</returns>
    public IEnumerable<Diagnostic> Apply(IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        return _map.Count == 0 || diagnostics.TryGetNonEnumeratedCount(out var count) && count == 0 ? diagnostics : ApplyEach(diagnostics);
    }

    private IEnumerable<Diagnostic> ApplyEach(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            if (!_map.TryGetValue(d.Code, out var severity))
            {
                yield return d;
            }
            else if (severity is { } s)
            {
                yield return d with { Severity = s };
            }
        }
    }
}
