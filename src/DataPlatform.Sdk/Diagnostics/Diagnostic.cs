using System.Globalization;
using System.Text;

namespace DataPlatform.Sdk.Diagnostics;

/// <summary>How serious a <see cref="Diagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Informational: nothing to fix, worth knowing.</summary>
    Info = 0,

    /// <summary>Probably wrong or deprecated; the repository still works.</summary>
    Warning = 1,

    /// <summary>The repository is invalid or will fail to reconcile.</summary>
    Error = 2,
}

/// <summary>A position in a file. Line and column are 1-based, like YamlDotNet's <c>Mark</c>.</summary>
/// <param name="FilePath">Repository-relative (or as given) path of the file, with forward slashes.</param>
/// <param name="Line">1-based line; 0 when unknown.</param>
/// <param name="Column">1-based column; 0 when unknown.</param>
public readonly record struct SourceLocation(string FilePath, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() =>
        Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"{FilePath}({Line},{Column})") : FilePath;
}

/// <summary>One finding about a manifest or about the repository layout.</summary>
/// <param name="Code">Stable id such as <c>DPF003</c>. Never reused; documented in <c>docs/diagnostics.md</c>.</param>
/// <param name="Severity">Effective severity (after per-code overrides).</param>
/// <param name="Message">What is wrong, in one sentence.</param>
/// <param name="Pointer">JSON Pointer into the document, for example <c>/spec/sourceRef/name</c>. Empty for file-level findings.</param>
/// <param name="Location">Where it came from on disk; <see langword="null"/> for in-memory models.</param>
/// <param name="Help">How to fix it, when there is something concrete to say.</param>
public sealed record Diagnostic(
    string Code,
    DiagnosticSeverity Severity,
    string Message,
    string Pointer = "",
    SourceLocation? Location = null,
    string? Help = null)
{
    /// <summary>The file the diagnostic is about, if known.</summary>
    public string? FilePath => Location?.FilePath;

    /// <summary>1-based line, or 0 when unknown.</summary>
    public int Line => Location?.Line ?? 0;

    /// <summary>1-based column, or 0 when unknown.</summary>
    public int Column => Location?.Column ?? 0;

    /// <summary>
    /// Uses MSBuild's canonical <c>file(line,col): error CODE: text</c> form so CI systems and IDEs can parse it.
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Location?.ToString() ?? "<in-memory>");
        sb.Append(": ").Append(SeverityText(Severity)).Append(' ').Append(Code).Append(": ").Append(Message);
        if (Pointer.Length > 0)
        {
            sb.Append(" [").Append(Pointer).Append(']');
        }

        if (Help is not null)
        {
            sb.Append(" Fix: ").Append(Help);
        }

        return sb.ToString();
    }

    /// <summary>The lower-case word used for a severity in text output (<c>error</c>, <c>warning</c>, <c>info</c>).</summary>
    /// <param name="severity">The severity.</param>
    /// <returns>The word.</returns>
    public static string SeverityText(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };
}
