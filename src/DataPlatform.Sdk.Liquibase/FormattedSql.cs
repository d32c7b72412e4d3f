using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Liquibase;

/// <summary>
/// Liquibase's formatted SQL changelogs: <c>--liquibase formatted sql</c>, then per change set
/// <c>--changeset author:id attr:value…</c>, its SQL, <c>--rollback …</c>, <c>--comment: …</c>,
/// <c>--validCheckSum: …</c> and <c>--preconditions …</c>/<c>--precondition-sql-check …</c> lines. Read into the
/// same tree as the other formats (each change set a <c>sql</c> change), written back from any changelog whose changes
/// have SQL (typed DDL changes are rendered for the dialect asked for).
/// </summary>
public static partial class FormattedSql
{
    private static readonly HashSet<string> SqlChangeAttributes = new(StringComparer.Ordinal) { "splitStatements", "endDelimiter", "stripComments" };

    /// <summary>Whether text is a formatted SQL changelog (its first non-blank line is <c>--liquibase formatted sql</c>).</summary>
    /// <param name="text">The file content.</param>
    /// <returns><see langword="true"/> for formatted SQL changelogs.</returns>
    public static bool IsChangelog(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Only the first non-blank line matters: no split of the whole file (a .sql file can be large).
        var rest = text.AsSpan().TrimStart('\uFEFF').TrimStart();
        var end = rest.IndexOf('\n');
        return HeaderPattern().IsMatch((end < 0 ? rest : rest[..end]).Trim());
    }

    /// <summary>Reads a formatted SQL changelog into the YAML-shaped tree (with line numbers).</summary>
    /// <param name="text">The SQL.</param>
    /// <returns>The tree.</returns>
    /// <exception cref="FormatException">A malformed <c>--changeset</c> line (the message names the line).</exception>
    public static YamlDocument Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var items = new YamlSequence { Start = new YamlMark(1, 1) };
        Block? current = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var number = i + 1;
            var trimmed = line.Trim();
            if (HeaderPattern().IsMatch(trimmed))
            {
                continue;
            }

            if (ChangeSetPattern().Match(trimmed) is { Success: true } m)
            {
                if (current is not null)
                {
                    items.Items.Add(new YamlItem(current.ToNode()));
                }

                current = new Block(number, Unquote(m.Groups["author"].Value), Unquote(m.Groups["id"].Value), ParseAttributes(m.Groups["rest"].Value, number));
                continue;
            }

            if (trimmed.StartsWith("--changeset", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"Line {number}: a --changeset line needs 'author:id', e.g. '--changeset jane:create-orders'.");
            }

            if (current is null)
            {
                continue; // Text before the first change set is ignored by Liquibase too.
            }

            if (RollbackPattern().Match(line) is { Success: true } r)
            {
                current.Rollback.Add(r.Groups["sql"].Value);
                current.RollbackLine ??= number;
            }
            else if (CommentPattern().Match(trimmed) is { Success: true } c)
            {
                current.Comment = c.Groups["text"].Value.Trim();
                current.CommentLine = number;
            }
            else if (CheckSumPattern().Match(trimmed) is { Success: true } v)
            {
                current.CheckSums.Add(v.Groups["sum"].Value.Trim());
            }
            else if (PreconditionsPattern().Match(trimmed) is { Success: true } p)
            {
                current.PreconditionSettings.AddRange(ParseAttributes(p.Groups["rest"].Value, number));
                current.PreconditionLine ??= number;
            }
            else if (PreconditionPattern().Match(trimmed) is { Success: true } pc)
            {
                current.Preconditions.Add((pc.Groups["kind"].Value, pc.Groups["rest"].Value.Trim(), number));
                current.PreconditionLine ??= number;
            }
            else
            {
                current.Sql.Add(line);
                current.SqlLine ??= trimmed.Length > 0 ? number : null;
            }
        }

        if (current is not null)
        {
            items.Items.Add(new YamlItem(current.ToNode()));
        }

        var root = new YamlMapping { Start = new YamlMark(1, 1) };
        root.Entries.Add(new YamlEntry(new YamlScalar("databaseChangeLog") { Start = new YamlMark(1, 1) }, items));
        return new YamlDocument(root);
    }

    /// <summary>Writes a changelog as formatted SQL.</summary>
    /// <param name="changelog">The changelog.</param>
    /// <param name="dialect">The SQL dialect for typed changes: <c>postgresql</c>, <c>sqlite</c> or <c>ansi</c>.</param>
    /// <returns>The SQL text.</returns>
    /// <exception cref="NotSupportedException">An item or change formatted SQL cannot hold (includes, a change without a SQL rendering).</exception>
    public static string Write(LiquibaseChangelog changelog, string dialect = "postgresql")
    {
        ArgumentNullException.ThrowIfNull(changelog);
        var sb = new StringBuilder("--liquibase formatted sql\n");
        foreach (var item in changelog.Items)
        {
            if (item is not ChangeSet cs)
            {
                throw new NotSupportedException($"A formatted SQL changelog holds only change sets; '{item.ItemName}' needs a YAML, JSON or XML changelog (include this file from one).");
            }

            sb.Append('\n').Append("--changeset ").Append(Quote(cs.Author ?? string.Empty)).Append(':').Append(Quote(cs.Id ?? string.Empty));
            var json = JsonSerializer.SerializeToNode(cs, Json.ManifestJson.TypeInfo(typeof(ChangeSet)))!.AsObject();
            foreach (var (key, value) in json)
            {
                if (key is "id" or "author" or "comment" or "changes" or "rollback" or "validCheckSum" or "preConditions" || value is not JsonValue v)
                {
                    continue;
                }

                sb.Append(' ').Append(key).Append(':').Append(Quote(Text(v)));
            }

            var sqlChanges = cs.Changes.OfType<SqlChange>().ToList();
            if (sqlChanges.Count == 1 && cs.Changes.Count == 1)
            {
                var s = sqlChanges[0];
                if (s.SplitStatements is { } split)
                {
                    sb.Append(" splitStatements:").Append(split ? "true" : "false");
                }

                if (s.EndDelimiter is { } end)
                {
                    sb.Append(" endDelimiter:").Append(Quote(end));
                }

                if (s.StripComments is { } strip)
                {
                    sb.Append(" stripComments:").Append(strip ? "true" : "false");
                }
            }

            sb.Append('\n');
            if (cs.Comment is { } comment)
            {
                sb.Append("--comment: ").Append(comment.Replace('\n', ' ')).Append('\n');
            }

            foreach (var sum in cs.ValidCheckSum switch { JsonArray a => a.Select(x => x?.ToString() ?? string.Empty), JsonValue v => [v.ToString()], _ => [] })
            {
                sb.Append("--validCheckSum: ").Append(sum).Append('\n');
            }

            WritePreconditions(cs, sb);
            foreach (var change in cs.Changes)
            {
                sb.Append(SqlRenderer.Render(change, dialect, cs)).Append('\n');
            }

            var rollback = cs.Rollback switch
            {
                null => SqlRenderer.AutoRollback(cs, dialect),
                JsonValue v => v.ToString(),
                JsonNode node => SqlRenderer.RenderRollback(node, dialect, cs),
            };
            foreach (var line in (rollback ?? string.Empty).Split('\n').Where(l => l.Length > 0))
            {
                sb.Append("--rollback ").Append(line).Append('\n');
            }

            if (cs.Rollback is JsonValue { } empty && empty.ToString().Length == 0)
            {
                sb.Append("--rollback empty\n");
            }
        }

        return sb.ToString();
    }

    private static void WritePreconditions(ChangeSet cs, StringBuilder sb)
    {
        if (cs.PreConditions is not { } pcs)
        {
            return;
        }

        var settings = pcs.OfType<JsonObject>().Where(o => o.Count == 1 && o.First().Value is JsonValue).Select(o => $"{o.First().Key}:{Quote(o.First().Value!.ToString())}").ToList();
        if (settings.Count > 0)
        {
            sb.Append("--preconditions ").Append(string.Join(' ', settings)).Append('\n');
        }

        foreach (var p in pcs.OfType<JsonObject>().Where(o => o.Count == 1 && o.First().Value is JsonObject))
        {
            var (kind, body) = p.First();
            var attrs = body!.AsObject();
            switch (kind)
            {
                case "sqlCheck":
                    sb.Append("--precondition-sql-check expectedResult:").Append(Quote(attrs["expectedResult"]?.ToString() ?? string.Empty)).Append(' ').Append(attrs["sql"]?.ToString()).Append('\n');
                    break;
                case "tableExists":
                    sb.Append("--precondition-table-exists table:").Append(attrs["tableName"]).Append(attrs["schemaName"] is { } schema ? $" schema:{schema}" : string.Empty).Append('\n');
                    break;
                case "viewExists":
                    sb.Append("--precondition-view-exists view:").Append(attrs["viewName"]).Append('\n');
                    break;
                default:
                    throw new NotSupportedException($"Change set '{cs.Id}': formatted SQL has no line for the precondition '{kind}'.");
            }
        }
    }

    private static List<(string Key, string Value)> ParseAttributes(string text, int line)
    {
        var result = new List<(string, string)>();
        foreach (Match m in AttributePattern().Matches(text))
        {
            result.Add((m.Groups["key"].Value, Unquote(m.Groups["value"].Value)));
        }

        var rest = AttributePattern().Replace(text, string.Empty).Trim();
        if (rest.Length > 0)
        {
            throw new FormatException($"Line {line}: '{rest}' is not a key:value attribute.");
        }

        return result;
    }

    private static string Unquote(string s) => s.Length >= 2 && s[0] == '"' && s[^1] == '"' ? s[1..^1] : s;

    private static string Quote(string s) => s.Any(char.IsWhiteSpace) || s.Contains(':', StringComparison.Ordinal) ? "\"" + s + "\"" : s;

    private static string Text(JsonValue v) => v.GetValueKind() switch
    {
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.String => v.GetValue<string>(),
        _ => v.ToJsonString(),
    };

    /// <summary>One change set being read.</summary>
    private sealed class Block(int line, string author, string id, List<(string Key, string Value)> attributes)
    {
        public List<string> Sql { get; } = [];

        public int? SqlLine { get; set; }

        public List<string> Rollback { get; } = [];

        public int? RollbackLine { get; set; }

        public string? Comment { get; set; }

        public int CommentLine { get; set; }

        public List<string> CheckSums { get; } = [];

        public List<(string Key, string Value)> PreconditionSettings { get; } = [];

        public List<(string Kind, string Text, int Line)> Preconditions { get; } = [];

        public int? PreconditionLine { get; set; }

        public YamlMapping ToNode()
        {
            var at = new YamlMark(line, 1);
            var cs = new YamlMapping { Start = at };
            Add(cs, "id", Str(id, at), at);
            Add(cs, "author", Str(author, at), at);
            var sqlAttributes = new List<(string, string)>();
            foreach (var (key, value) in attributes)
            {
                if (SqlChangeAttributes.Contains(key))
                {
                    sqlAttributes.Add((key, value));
                    continue;
                }

                var info = LiquibaseSchema.Elements["changeSet"];
                Add(cs, key, info.Booleans.Contains(key) && value is "true" or "false" ? new YamlScalar(value) { Start = at } : Str(value, at), at);
            }

            if (Comment is not null)
            {
                Add(cs, "comment", Str(Comment, new YamlMark(CommentLine, 1)), new YamlMark(CommentLine, 1));
            }

            if (CheckSums.Count == 1)
            {
                Add(cs, "validCheckSum", Str(CheckSums[0], at), at);
            }
            else if (CheckSums.Count > 1)
            {
                var list = new YamlSequence { Start = at };
                list.Items.AddRange(CheckSums.Select(s => new YamlItem(Str(s, at))));
                Add(cs, "validCheckSum", list, at);
            }

            if (PreconditionSettings.Count > 0 || Preconditions.Count > 0)
            {
                var pat = new YamlMark(PreconditionLine ?? line, 1);
                var list = new YamlSequence { Start = pat };
                foreach (var (key, value) in PreconditionSettings)
                {
                    list.Items.Add(new YamlItem(One(key, Str(value, pat), pat)));
                }

                foreach (var (kind, rest, pline) in Preconditions)
                {
                    list.Items.Add(new YamlItem(Precondition(kind, rest, new YamlMark(pline, 1))));
                }

                Add(cs, "preConditions", list, pat);
            }

            var body = string.Join('\n', Sql).Trim('\n').TrimEnd();
            if (body.Length > 0)
            {
                var sat = new YamlMark(SqlLine ?? line, 1);
                var sql = new YamlMapping { Start = sat };
                foreach (var (key, value) in sqlAttributes)
                {
                    Add(sql, key, key == "endDelimiter" ? Str(value, sat) : new YamlScalar(value) { Start = sat }, sat);
                }

                Add(sql, "sql", Str(body, sat), sat);
                var changes = new YamlSequence { Start = sat };
                changes.Items.Add(new YamlItem(One("sql", sql, sat)));
                Add(cs, "changes", changes, sat);
            }

            if (Rollback.Count > 0)
            {
                var rat = new YamlMark(RollbackLine ?? line, 1);
                var text = string.Join('\n', Rollback).Trim();
                Add(cs, "rollback", Str(text.Equals("empty", StringComparison.OrdinalIgnoreCase) ? string.Empty : text, rat), rat);
            }

            return One("changeSet", cs, at);
        }

        private static YamlMapping Precondition(string kind, string rest, YamlMark at)
        {
            var body = new YamlMapping { Start = at };
            switch (kind)
            {
                case "sql-check":
                    var m = Regex.Match(rest, @"^expectedResult:(?<v>""[^""]*""|\S+)\s+(?<sql>.+)$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                    if (!m.Success)
                    {
                        throw new FormatException($"Line {at.Line}: --precondition-sql-check needs 'expectedResult:<value> <sql>'.");
                    }

                    Add(body, "expectedResult", Str(Unquote(m.Groups["v"].Value), at), at);
                    Add(body, "sql", Str(m.Groups["sql"].Value, at), at);
                    return One("sqlCheck", body, at);
                case "table-exists":
                case "view-exists":
                    foreach (var (key, value) in ParseAttributes(rest, at.Line))
                    {
                        Add(body, key switch { "table" => "tableName", "view" => "viewName", "schema" => "schemaName", _ => key }, Str(value, at), at);
                    }

                    return One(kind == "table-exists" ? "tableExists" : "viewExists", body, at);
                default:
                    throw new FormatException($"Line {at.Line}: unknown precondition '--precondition-{kind}'.");
            }
        }

        private static YamlScalar Str(string value, YamlMark at) =>
            new(value, value.Contains('\n', StringComparison.Ordinal) ? YamlScalarStyle.Literal : YamlScalarStyle.DoubleQuoted) { Start = at };

        private static YamlMapping One(string key, YamlNode value, YamlMark at)
        {
            var m = new YamlMapping { Start = at };
            m.Entries.Add(new YamlEntry(new YamlScalar(key) { Start = at }, value));
            return m;
        }

        private static void Add(YamlMapping m, string key, YamlNode value, YamlMark at) => m.Entries.Add(new YamlEntry(new YamlScalar(key) { Start = at }, value));
    }

    [GeneratedRegex(@"^--\s*liquibase\s+formatted\s+sql\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderPattern();

    [GeneratedRegex(@"^--\s*changeset\s+(?<author>""[^""]+""|[^\s:]+):(?<id>""[^""]+""|\S+)(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChangeSetPattern();

    [GeneratedRegex(@"^\s*--\s*rollback\s?(?<sql>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RollbackPattern();

    [GeneratedRegex(@"^--\s*comment:?\s?(?<text>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CommentPattern();

    [GeneratedRegex(@"^--\s*validCheckSum:?\s?(?<sum>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CheckSumPattern();

    [GeneratedRegex(@"^--\s*preconditions\s+(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PreconditionsPattern();

    [GeneratedRegex(@"^--\s*precondition-(?<kind>[a-z-]+)\s+(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PreconditionPattern();

    [GeneratedRegex(@"(?<key>[A-Za-z][A-Za-z0-9]*):(?<value>""[^""]*""|\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex AttributePattern();
}
