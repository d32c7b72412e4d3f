namespace DataPlatform.Sdk.Diagnostics;

/// <summary>The stable description of one diagnostic code: its id, title, default severity and fix hint.</summary>
/// <param name="Code">Stable id, <c>DP</c> + area letter + 3 digits.</param>
/// <param name="Title">Short title, used in docs and SARIF rule metadata.</param>
/// <param name="DefaultSeverity">Severity unless overridden per code.</param>
/// <param name="Help">A general fix hint for this code.</param>
public sealed record DiagnosticDescriptor(string Code, string Title, DiagnosticSeverity DefaultSeverity, string Help)
{
    /// <summary>Creates a diagnostic of this code.</summary>
    /// <param name="message">The specific message.</param>
    /// <param name="pointer">JSON pointer into the document.</param>
    /// <param name="location">File location, if known.</param>
    /// <param name="help">A specific fix hint; the descriptor's general hint when <see langword="null"/>.</param>
    /// <param name="severity">Overrides the default severity for this occurrence.</param>
    /// <returns>The diagnostic.</returns>
    public Diagnostic Create(
        string message,
        string pointer = "",
        SourceLocation? location = null,
        string? help = null,
        DiagnosticSeverity? severity = null) =>
        new(Code, severity ?? DefaultSeverity, SecretPatterns.Redact(message), pointer, location, help ?? Help); // Never echo key material, whatever a rule quotes.
}
