using System.Xml;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Liquibase;

/// <summary>The four changelog formats.</summary>
public enum ChangelogFormat
{
    /// <summary>YAML.</summary>
    Yaml,

    /// <summary>JSON.</summary>
    Json,

    /// <summary>XML (the dbchangelog namespace).</summary>
    Xml,

    /// <summary>Formatted SQL (<c>--liquibase formatted sql</c>).</summary>
    Sql,
}

/// <summary>Reads and writes changelogs in any format; converting keeps the meaning.</summary>
public static class LiquibaseFile
{
    /// <summary>The format of a file by its extension.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The format.</returns>
    public static ChangelogFormat FormatOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".json" => ChangelogFormat.Json,
            ".xml" => ChangelogFormat.Xml,
            ".sql" => ChangelogFormat.Sql,
            _ => ChangelogFormat.Yaml,
        };
    }

    /// <summary>Reads a changelog file (any format), with diagnostics placed in the file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="displayPath">The path to name in diagnostics.</param>
    /// <returns>The changelog (or <see langword="null"/> when unreadable) and the diagnostics.</returns>
    public static (LiquibaseChangelog? Changelog, ValidationReport Diagnostics) Load(string path, string? displayPath = null)
    {
        var result = ManifestLoader.Default.Load(path, displayPath);
        return (result.Objects.OfType<LiquibaseChangelog>().FirstOrDefault(), result.Diagnostics);
    }

    /// <summary>Reads changelog text (any format).</summary>
    /// <param name="text">The content.</param>
    /// <param name="displayPath">The path (its extension picks XML or SQL when the content does not say).</param>
    /// <returns>The changelog and the diagnostics.</returns>
    public static (LiquibaseChangelog? Changelog, ValidationReport Diagnostics) Parse(string text, string displayPath)
    {
        var result = ManifestLoader.Default.Parse(text, displayPath);
        return (result.Objects.OfType<LiquibaseChangelog>().FirstOrDefault(), result.Diagnostics);
    }

    /// <summary>Writes a changelog in a format.</summary>
    /// <param name="changelog">The changelog.</param>
    /// <param name="format">The format.</param>
    /// <param name="sqlDialect">For <see cref="ChangelogFormat.Sql"/>: the dialect typed changes are rendered in.</param>
    /// <returns>The text.</returns>
    /// <exception cref="NotSupportedException">Formatted SQL cannot hold an item of the changelog (the message names it).</exception>
    public static string Write(LiquibaseChangelog changelog, ChangelogFormat format, string sqlDialect = "postgresql")
    {
        ArgumentNullException.ThrowIfNull(changelog);
        return format switch
        {
            ChangelogFormat.Json => ManifestSerializer.ToJson(changelog with { Origin = default }),
            ChangelogFormat.Xml => ChangelogXml.Write(changelog),
            ChangelogFormat.Sql => FormattedSql.Write(changelog, sqlDialect),
            _ => ManifestSerializer.ToYaml(changelog.Origin.Source?.Document.Root is not null && FormatOfSource(changelog) == ChangelogFormat.Yaml ? changelog : changelog with { Origin = default }),
        };
    }

    /// <summary>Writes a changelog back in the format of the file it was read from (YAML keeps comments and layout).</summary>
    /// <param name="changelog">The changelog.</param>
    /// <param name="path">The file's path.</param>
    /// <returns>The text.</returns>
    public static string WriteAs(LiquibaseChangelog changelog, string path) => FormatOf(path) switch
    {
        ChangelogFormat.Yaml => ManifestSerializer.ToYaml(changelog),
        var f => Write(changelog, f),
    };

    private static ChangelogFormat? FormatOfSource(LiquibaseChangelog changelog) =>
        changelog.Origin.Source?.FilePath is { } p ? FormatOf(p) : null;
}

/// <summary>Reads XML changelogs for the loader.</summary>
public sealed partial class XmlChangelogReader : IDocumentReader
{
    [System.Text.RegularExpressions.GeneratedRegex(@"<!DOCTYPE\b")]
    private static partial System.Text.RegularExpressions.Regex Doctype();

    [System.Text.RegularExpressions.GeneratedRegex(@" Line \d+, position \d+\.$")]
    private static partial System.Text.RegularExpressions.Regex XmlPosition();

    /// <inheritdoc />
    public IReadOnlyList<string> Extensions => [".xml"];

    /// <inheritdoc />
    public bool CanRead(string path, string text) =>
        path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && ChangelogXml.IsChangelog(text);

    /// <inheritdoc />
    public YamlReadResult Read(string text, string displayPath)
    {
        try
        {
            var found = new List<Diagnostic>();
            if (Doctype().Match(text) is { Success: true } doctype)
            {
                var line = text.AsSpan(0, doctype.Index).Count('\n') + 1;
                found.Add(LiquibaseDiagnostics.DoctypeIgnored.Create(
                    "The DOCTYPE is not read: entities it declares are not expanded and no external file is fetched.", location: new SourceLocation(displayPath, line, 1)));
            }

            return new YamlReadResult([ChangelogXml.Read(text)], found);
        }
        catch (XmlException ex)
        {
            // XmlException repeats the position in its text ("… Line 3, position 7."); it is in the location already.
            var message = XmlPosition().Replace(ex.Message, string.Empty);
            return new YamlReadResult([], [SdkDiagnostics.SyntaxError.Create(message, location: new SourceLocation(displayPath, Math.Max(1, ex.LineNumber), Math.Max(1, ex.LinePosition)),
                help: "Fix the XML at the position given: every element closed, attributes quoted, '&' written as '&amp;'.")]);
        }
    }
}

/// <summary>Reads formatted SQL changelogs for the loader.</summary>
public sealed class SqlChangelogReader : IDocumentReader
{
    /// <inheritdoc />
    public IReadOnlyList<string> Extensions => [".sql"];

    /// <inheritdoc />
    public bool CanRead(string path, string text) => path.EndsWith(".sql", StringComparison.OrdinalIgnoreCase) && FormattedSql.IsChangelog(text);

    /// <inheritdoc />
    public YamlReadResult Read(string text, string displayPath)
    {
        try
        {
            return new YamlReadResult([FormattedSql.Read(text)], []);
        }
        catch (FormatException ex)
        {
            var line = System.Text.RegularExpressions.Regex.Match(ex.Message, @"^Line (\d+)", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)) is { Success: true } m
                ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;
            return new YamlReadResult([], [SdkDiagnostics.SyntaxError.Create(ex.Message, location: new SourceLocation(displayPath, line, 1))]);
        }
    }
}
