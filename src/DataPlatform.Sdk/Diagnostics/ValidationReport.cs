using System.Collections.Immutable;
using System.Text;
using System.Text.Json;

namespace DataPlatform.Sdk.Diagnostics;

/// <summary>
/// An immutable, deterministically ordered set of diagnostics. Validation returns one; it never throws for content problems.
/// </summary>
public sealed class ValidationReport
{
    /// <summary>A report with no diagnostics.</summary>
    public static ValidationReport Empty { get; } = new([]);

    /// <summary>Creates a report; the diagnostics are sorted by file, line, column, code and message, so output is stable.</summary>
    /// <param name="diagnostics">The findings, in any order. Exact duplicates are removed.</param>
    public ValidationReport(IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (diagnostics.TryGetNonEnumeratedCount(out var count) && count == 0)
        {
            Diagnostics = []; // Most files have nothing to report: no sort machinery for them.
            return;
        }

        Diagnostics = [.. diagnostics
            .Distinct()
            .OrderBy(d => d.Location?.FilePath ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(d => d.Line)
            .ThenBy(d => d.Column)
            .ThenBy(d => d.Code, StringComparer.Ordinal)
            .ThenBy(d => d.Pointer, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal)];
    }

    /// <summary>All diagnostics, sorted.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary><see langword="true"/> when there is no error (warnings and infos are allowed).</summary>
    public bool IsValid => !Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>The errors only.</summary>
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>The warnings only.</summary>
    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning);

    /// <summary>Combines this report with more diagnostics.</summary>
    /// <param name="more">Diagnostics to add.</param>
    /// <returns>A new report.</returns>
    public ValidationReport With(IEnumerable<Diagnostic> more) => new(Diagnostics.Concat(more));

    /// <summary>Throws a <see cref="ValidationException"/> listing every error when the report has any.</summary>
    /// <exception cref="ValidationException">The report contains at least one error.</exception>
    public void ThrowIfErrors()
    {
        if (!IsValid)
        {
            throw new ValidationException(this);
        }
    }

    /// <summary>Renders one line per diagnostic in MSBuild's canonical format.</summary>
    /// <returns>The text, LF-separated, with a final newline when not empty.</returns>
    public string ToText()
    {
        var sb = new StringBuilder();
        foreach (var d in Diagnostics)
        {
            sb.Append(d).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>
    /// Renders <c>{"diagnostics":[{"code","severity","message","file","line","column","pointer","help"}]}</c>.
    /// </summary>
    /// <param name="indented">Pretty-print the JSON.</param>
    /// <returns>The JSON text.</returns>
    public string ToJson(bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, NewLine = "\n" }))
        {
            w.WriteStartObject();
            w.WriteStartArray("diagnostics");
            foreach (var d in Diagnostics)
            {
                w.WriteStartObject();
                w.WriteString("code", d.Code);
                w.WriteString("severity", Diagnostic.SeverityText(d.Severity));
                w.WriteString("message", d.Message);
                if (d.FilePath is { } file)
                {
                    w.WriteString("file", file);
                }

                if (d.Line > 0)
                {
                    w.WriteNumber("line", d.Line);
                    w.WriteNumber("column", d.Column);
                }

                w.WriteString("pointer", d.Pointer);
                if (d.Help is { } help)
                {
                    w.WriteString("help", help);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <inheritdoc />
    public override string ToString() => ToText();
}

/// <summary>Thrown by <see cref="ValidationReport.ThrowIfErrors"/>; the message lists every error, one per line.</summary>
public sealed class ValidationException : Exception
{
    /// <summary>Creates the exception from a report.</summary>
    /// <param name="report">The report with errors.</param>
    public ValidationException(ValidationReport report)
        : base(BuildMessage(report)) => Report = report;

    /// <summary>The full report, warnings included.</summary>
    public ValidationReport Report { get; }

    private static string BuildMessage(ValidationReport report)
    {
        var errors = report.Errors.ToList();
        var sb = new StringBuilder();
        sb.Append(errors.Count).Append(errors.Count == 1 ? " error:" : " errors:");
        foreach (var e in errors)
        {
            sb.Append('\n').Append(e);
        }

        return sb.ToString();
    }
}
