using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataPlatform.Sdk.Liquibase;

/// <summary>
/// Renders typed changes as SQL for formatted SQL changelogs, in the dialects the platform runs (PostgreSQL, SQLite)
/// and plain ANSI. Changes without a rendering are refused with a message naming them, never guessed.
/// </summary>
internal static class SqlRenderer
{
    public static string Render(LiquibaseChange change, string dialect, ChangeSet cs) => change switch
    {
        SqlChange s => Terminate(s.Sql ?? string.Empty, s.EndDelimiter),
        CreateTableChange t => CreateTable(t, dialect),
        DropTableChange t => $"DROP TABLE {Table(t.SchemaName, t.TableName)}{(t.CascadeConstraints == true ? " CASCADE" : string.Empty)};",
        AddColumnChange a => string.Join('\n', (a.Columns ?? []).Select(c => $"ALTER TABLE {Table(a.SchemaName, a.TableName)} ADD {ColumnDefinition(c, dialect, inCreate: false)};")),
        DropColumnChange d => string.Join('\n', (d.ColumnName is { } one ? [one] : (d.Columns ?? []).Select(c => c.Name!)).Select(c => $"ALTER TABLE {Table(d.SchemaName, d.TableName)} DROP COLUMN {c};")),
        RenameTableChange r => $"ALTER TABLE {Table(r.SchemaName, r.OldTableName)} RENAME TO {r.NewTableName};",
        RenameColumnChange r => $"ALTER TABLE {Table(r.SchemaName, r.TableName)} RENAME COLUMN {r.OldColumnName} TO {r.NewColumnName};",
        CreateIndexChange i => $"CREATE {(i.Unique == true ? "UNIQUE " : string.Empty)}INDEX {i.IndexName} ON {Table(i.SchemaName, i.TableName)} ({string.Join(", ", (i.Columns ?? []).Select(c => c.Name + (c.Descending == true ? " DESC" : string.Empty)))});",
        DropIndexChange i => dialect == "postgresql" || dialect == "sqlite" ? $"DROP INDEX {i.IndexName};" : $"DROP INDEX {i.IndexName} ON {Table(i.SchemaName, i.TableName)};",
        InsertChange i => $"INSERT INTO {Table(i.SchemaName, i.TableName)} ({string.Join(", ", (i.Columns ?? []).Select(c => c.Name))}) VALUES ({string.Join(", ", (i.Columns ?? []).Select(Value))});",
        UpdateChange u => $"UPDATE {Table(u.SchemaName, u.TableName)} SET {string.Join(", ", (u.Columns ?? []).Select(c => $"{c.Name} = {Value(c)}"))}{(u.Where is { } w ? " WHERE " + w : string.Empty)};",
        DeleteChange d => $"DELETE FROM {Table(d.SchemaName, d.TableName)}{(d.Where is { } w ? " WHERE " + w : string.Empty)};",
        CreateViewChange v => $"CREATE {(v.ReplaceIfExists == true && dialect != "sqlite" ? "OR REPLACE " : string.Empty)}VIEW {Table(v.SchemaName, v.ViewName)} AS {v.SelectQuery?.TrimEnd(';')};",
        DropViewChange v => $"DROP VIEW {Table(v.SchemaName, v.ViewName)};",
        CreateSequenceChange s when dialect != "sqlite" => $"CREATE SEQUENCE {Table(s.SchemaName, s.SequenceName)}{(s.StartValue is { } start ? " START WITH " + start : string.Empty)}{(s.IncrementBy is { } by ? " INCREMENT BY " + by : string.Empty)};",
        DropSequenceChange s when dialect != "sqlite" => $"DROP SEQUENCE {Table(s.SchemaName, s.SequenceName)};",
        AddNotNullConstraintChange n when dialect == "postgresql" => $"ALTER TABLE {Table(n.SchemaName, n.TableName)} ALTER COLUMN {n.ColumnName} SET NOT NULL;",
        AddPrimaryKeyChange p when dialect != "sqlite" => $"ALTER TABLE {Table(p.SchemaName, p.TableName)} ADD {(p.ConstraintName is { } n ? $"CONSTRAINT {n} " : string.Empty)}PRIMARY KEY ({p.ColumnNames});",
        AddUniqueConstraintChange u when dialect != "sqlite" => $"ALTER TABLE {Table(u.SchemaName, u.TableName)} ADD {(u.ConstraintName is { } n ? $"CONSTRAINT {n} " : string.Empty)}UNIQUE ({u.ColumnNames});",
        AddForeignKeyConstraintChange f when dialect != "sqlite" => $"ALTER TABLE {Table(f.BaseTableSchemaName, f.BaseTableName)} ADD CONSTRAINT {f.ConstraintName} FOREIGN KEY ({f.BaseColumnNames}) REFERENCES {Table(f.ReferencedTableSchemaName, f.ReferencedTableName)} ({f.ReferencedColumnNames}){(f.OnDelete is { } od ? " ON DELETE " + od : string.Empty)};",
        EmptyChange => "-- empty",
        _ => throw new NotSupportedException($"Change set '{cs.Id}' ({cs.Author}): '{change.Name}' has no {dialect} SQL rendering here; keep this change set in a YAML, JSON or XML changelog."),
    };

    /// <summary>The SQL that undoes the change set's changes, when Liquibase can infer it; null otherwise.</summary>
    public static string? AutoRollback(ChangeSet cs, string dialect)
    {
        var lines = new List<string>();
        foreach (var change in cs.Changes.Reverse())
        {
            var sql = change switch
            {
                CreateTableChange t => $"DROP TABLE {Table(t.SchemaName, t.TableName)};",
                AddColumnChange a => string.Join('\n', (a.Columns ?? []).Select(c => $"ALTER TABLE {Table(a.SchemaName, a.TableName)} DROP COLUMN {c.Name};")),
                CreateIndexChange i => dialect is "postgresql" or "sqlite" ? $"DROP INDEX {i.IndexName};" : $"DROP INDEX {i.IndexName} ON {Table(i.SchemaName, i.TableName)};",
                RenameTableChange r => $"ALTER TABLE {Table(r.SchemaName, r.NewTableName)} RENAME TO {r.OldTableName};",
                RenameColumnChange r => $"ALTER TABLE {Table(r.SchemaName, r.TableName)} RENAME COLUMN {r.NewColumnName} TO {r.OldColumnName};",
                CreateViewChange v => $"DROP VIEW {Table(v.SchemaName, v.ViewName)};",
                CreateSequenceChange s => $"DROP SEQUENCE {Table(s.SchemaName, s.SequenceName)};",
                EmptyChange => string.Empty,
                _ => null,
            };
            if (sql is null)
            {
                return null;
            }

            if (sql.Length > 0)
            {
                lines.Add(sql);
            }
        }

        return lines.Count == 0 ? null : string.Join('\n', lines);
    }

    /// <summary>An explicit rollback given as changes, rendered.</summary>
    public static string RenderRollback(JsonNode rollback, string dialect, ChangeSet cs)
    {
        var items = rollback switch
        {
            JsonArray a => a.ToList(),
            JsonObject o => [o],
            _ => [],
        };
        var sb = new StringBuilder();
        foreach (var item in items)
        {
            var change = item.Deserialize(Json.ManifestJson.TypeInfo(typeof(LiquibaseChange))) as LiquibaseChange
                ?? throw new NotSupportedException($"Change set '{cs.Id}': a rollback item is not a change.");
            sb.Append(Render(change, dialect, cs)).Append('\n');
        }

        return sb.ToString().TrimEnd('\n');
    }

    private static string CreateTable(CreateTableChange t, string dialect)
    {
        var columns = t.Columns ?? [];
        var defs = columns.Select(c => "    " + ColumnDefinition(c, dialect, inCreate: true)).ToList();
        var pk = columns.Where(c => c.Constraints?.PrimaryKey == true).Select(c => c.Name).ToList();
        var inlinePk = dialect == "sqlite" && pk.Count == 1 && columns.Any(c => c.Name == pk[0] && c.AutoIncrement == true);
        if (pk.Count > 0 && !inlinePk)
        {
            var name = columns.Select(c => c.Constraints?.PrimaryKeyName).FirstOrDefault(n => n is not null);
            defs.Add($"    {(name is null ? string.Empty : $"CONSTRAINT {name} ")}PRIMARY KEY ({string.Join(", ", pk)})");
        }

        return $"CREATE TABLE {(t.IfNotExists == true ? "IF NOT EXISTS " : string.Empty)}{Table(t.SchemaName, t.TableName)} (\n{string.Join(",\n", defs)}\n);";
    }

    private static string ColumnDefinition(LiquibaseColumn c, string dialect, bool inCreate)
    {
        var type = c.Type ?? "varchar(255)";
        var sb = new StringBuilder(c.Name);
        if (c.AutoIncrement == true)
        {
            sb.Append(dialect switch
            {
                "postgresql" => $" {(type.StartsWith("bigint", StringComparison.OrdinalIgnoreCase) ? "BIGINT" : "INTEGER")} GENERATED BY DEFAULT AS IDENTITY",
                "sqlite" => c.Constraints?.PrimaryKey == true && inCreate ? " INTEGER PRIMARY KEY AUTOINCREMENT" : " INTEGER",
                _ => $" {type} GENERATED BY DEFAULT AS IDENTITY",
            });
        }
        else
        {
            sb.Append(' ').Append(type);
        }

        if (Default(c) is { } d)
        {
            sb.Append(" DEFAULT ").Append(d);
        }

        if (c.Constraints?.Nullable == false || (c.Constraints?.PrimaryKey == true && dialect != "sqlite"))
        {
            sb.Append(" NOT NULL");
        }

        if (c.Constraints?.Unique == true)
        {
            sb.Append(" UNIQUE");
        }

        if (c.Constraints?.References is { } references)
        {
            sb.Append(" REFERENCES ").Append(references);
        }
        else if (c.Constraints?.ReferencedTableName is { } rt)
        {
            sb.Append(" REFERENCES ").Append(rt).Append(" (").Append(c.Constraints.ReferencedColumnNames).Append(')');
        }

        return sb.ToString();
    }

    private static string? Default(LiquibaseColumn c) =>
        c.DefaultValue is { } s ? Quote(s)
        : c.DefaultValueNumeric ?? (c.DefaultValueBoolean is { } b ? (b ? "TRUE" : "FALSE") : c.DefaultValueComputed ?? (c.DefaultValueDate is { } date ? Quote(date) : null));

    private static string Value(LiquibaseColumn c) =>
        c.Value is { } s ? Quote(s)
        : c.ValueNumeric ?? (c.ValueBoolean is { } b ? b.ToUpperInvariant() : c.ValueComputed ?? (c.ValueDate is { } d ? Quote(d) : "NULL"));

    private static string Quote(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Table(string? schema, string? name) => schema is null ? name ?? string.Empty : schema + "." + name;

    private static string Terminate(string sql, string? endDelimiter)
    {
        var trimmed = sql.TrimEnd();
        var delimiter = endDelimiter ?? ";";
        return trimmed.EndsWith(delimiter, StringComparison.Ordinal) || delimiter.Length == 0 ? trimmed : trimmed + delimiter;
    }
}
