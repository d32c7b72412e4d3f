using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Repository;

namespace DataPlatform.Sdk.Cli;

/// <summary>Renders a report as text, JSON, SARIF 2.1.0 or GitHub Actions annotations.</summary>
internal static class ReportFormats
{
    public static readonly string[] Names = ["text", "json", "sarif", "github"];

    public static string Render(ValidationReport report, string format, RepositorySummary? summary = null) => format switch
    {
        "json" => Json(Sanitized(report), summary),
        "sarif" => Sarif(report, summary),
        "github" => GitHub(report),
        _ => string.Concat(report.Diagnostics.Select(d => Commands.Printable(SecretPatterns.Redact(d.ToString())) + "\n")),
    };

    /// <summary>A run that failed, as a valid document of the format (one error diagnostic): machine readers never get nothing.</summary>
    public static string Failure(string message, string format) =>
        Render(new ValidationReport([Validation.ObjectValidator.RuleFailed.Create(message, help: "The validation did not complete; the repository was not checked.")]), format);

    /// <summary>The report as it is printed: messages and help redacted (no key material), file names as data.</summary>
    public static ValidationReport Sanitized(ValidationReport report) => new(report.Diagnostics.Select(d => d with
    {
        Message = SecretPatterns.Redact(d.Message),
        Help = d.Help is null ? null : SecretPatterns.Redact(d.Help),
    }));

    /// <summary>The report's JSON with a <c>summary</c>: objects per kind, plain files (syntax only) and files not read.</summary>
    private static string Json(ValidationReport report, RepositorySummary? summary)
    {
        var node = JsonNode.Parse(report.ToJson())!.AsObject();
        if (summary is not null)
        {
            node["summary"] = SummaryJson(summary);
        }

        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static JsonObject SummaryJson(RepositorySummary summary)
    {
        var kinds = new JsonObject();
        foreach (var (kind, count) in summary.Kinds)
        {
            kinds[kind] = count;
        }

        return new JsonObject
        {
            ["objects"] = kinds,
            ["plainFiles"] = new JsonArray([.. summary.PlainFiles.Select(p => (JsonNode)JsonValue.Create(p.Value))]),
            ["otherFiles"] = summary.OtherFiles.Count,
        };
    }

    private static string GitHub(ValidationReport report)
    {
        var sb = new StringBuilder();
        foreach (var d in report.Diagnostics)
        {
            var level = d.Severity switch { DiagnosticSeverity.Error => "error", DiagnosticSeverity.Warning => "warning", _ => "notice" };
            sb.Append("::").Append(level);
            var props = new List<string>();
            if (d.FilePath is { } file)
            {
                props.Add("file=" + Escape(Commands.Printable(file), property: true));
            }

            if (d.Line > 0)
            {
                props.Add("line=" + d.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
                props.Add("col=" + d.Column.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            props.Add("title=" + Escape(d.Code, property: true));
            sb.Append(' ').Append(string.Join(',', props)).Append("::").Append(Escape(Commands.Printable(SecretPatterns.Redact(d.Message + (d.Help is null ? string.Empty : " Fix: " + d.Help))), property: false)).Append('\n');
        }

        return sb.ToString();
    }

    private static string Escape(string value, bool property)
    {
        var s = value.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);
        return property ? s.Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal) : s;
    }

    private static string Sarif(ValidationReport report, RepositorySummary? summary)
    {
        var descriptors = KindRegistry.Default.Modules.SelectMany(m => m.Diagnostics).GroupBy(d => d.Code).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            w.WriteStartObject();
            w.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            w.WriteStartObject();
            w.WriteStartObject("tool");
            w.WriteStartObject("driver");
            w.WriteString("name", "dataplatform");
            w.WriteStartArray("rules");
            foreach (var code in report.Diagnostics.Select(d => d.Code).Distinct().Order(StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("id", code);
                if (descriptors.TryGetValue(code, out var descriptor))
                {
                    w.WriteStartObject("shortDescription");
                    w.WriteString("text", descriptor.Title);
                    w.WriteEndObject();
                    w.WriteStartObject("help");
                    w.WriteString("text", descriptor.Help);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("results");
            foreach (var d in report.Diagnostics)
            {
                w.WriteStartObject();
                w.WriteString("ruleId", d.Code);
                w.WriteString("level", d.Severity switch { DiagnosticSeverity.Error => "error", DiagnosticSeverity.Warning => "warning", _ => "note" });
                w.WriteStartObject("message");
                w.WriteString("text", SecretPatterns.Redact(d.Message));
                w.WriteEndObject();
                if (d.FilePath is { } file)
                {
                    w.WriteStartArray("locations");
                    w.WriteStartObject();
                    w.WriteStartObject("physicalLocation");
                    w.WriteStartObject("artifactLocation");
                    w.WriteString("uri", string.Join('/', file.Split('/').Select(Uri.EscapeDataString)));
                    w.WriteEndObject();
                    if (d.Line > 0)
                    {
                        w.WriteStartObject("region");
                        w.WriteNumber("startLine", d.Line);
                        w.WriteNumber("startColumn", Math.Max(1, d.Column));
                        w.WriteEndObject();
                    }

                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (summary is not null)
            {
                w.WriteStartObject("properties");
                w.WritePropertyName("summary");
                SummaryJson(summary).WriteTo(w);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
