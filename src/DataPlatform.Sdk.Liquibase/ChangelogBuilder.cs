using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataPlatform.Sdk.Liquibase;

/// <summary>Builds a changelog: <c>LiquibaseChangelog.Create(c =&gt; c.ChangeSet("1", "platform", cs =&gt; cs.CreateTable(…)))</c>.</summary>
public sealed class ChangelogBuilder
{
    private readonly List<ChangelogItem> _items = [];

    /// <summary>Made by <see cref="LiquibaseChangelog.Create"/>, which returns the changelog.</summary>
    internal ChangelogBuilder()
    {
    }

    internal IReadOnlyList<ChangelogItem> Items => _items;

    /// <summary>Adds a change set.</summary>
    /// <param name="id">The id.</param>
    /// <param name="author">The author.</param>
    /// <param name="build">Adds changes, rollback and attributes.</param>
    /// <returns>This builder.</returns>
    public ChangelogBuilder ChangeSet(string id, string author, Action<ChangeSetBuilder> build)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(author);
        ArgumentNullException.ThrowIfNull(build);
        var b = new ChangeSetBuilder();
        build(b);
        _items.Add(b.Build(id, author));
        return this;
    }

    /// <summary>Tags the database (a rollback target such as a release), in a change set of its own as the XSD requires.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="id">The change set id.</param>
    /// <param name="author">The author.</param>
    /// <returns>This builder.</returns>
    public ChangelogBuilder Tag(string tag, string id, string author)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        _items.Add(new ChangeSet { Id = id, Author = author, Changes = [new TagDatabaseChange { Tag = tag }] });
        return this;
    }

    /// <summary>Includes another changelog, relative to this one.</summary>
    /// <param name="file">The file.</param>
    /// <returns>This builder.</returns>
    public ChangelogBuilder Include(string file)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        _items.Add(new ChangelogInclude { File = file, RelativeToChangelogFile = true });
        return this;
    }

    /// <summary>Includes every changelog of a directory (in name order), relative to this one.</summary>
    /// <param name="path">The directory.</param>
    /// <returns>This builder.</returns>
    public ChangelogBuilder IncludeAll(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _items.Add(new ChangelogIncludeAll { Path = path, RelativeToChangelogFile = true });
        return this;
    }

    /// <summary>Defines a changelog property (<c>${name}</c>).</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <param name="dbms">Only for these databases.</param>
    /// <returns>This builder.</returns>
    public ChangelogBuilder Property(string name, string value, string? dbms = null)
    {
        var body = new JsonObject { ["name"] = name, ["value"] = value };
        if (dbms is not null)
        {
            body["dbms"] = dbms;
        }

        _items.Add(new GenericChangelogItem("property", body));
        return this;
    }
}

/// <summary>Builds a list of changes (a change set's, or a rollback's).</summary>
/// <typeparam name="TSelf">The concrete builder.</typeparam>
public abstract class ChangeListBuilder<TSelf>
    where TSelf : ChangeListBuilder<TSelf>
{
    private readonly List<LiquibaseChange> _changes = [];

    internal IReadOnlyList<LiquibaseChange> Changes => _changes;

    /// <summary>Adds any change.</summary>
    /// <param name="change">The change.</param>
    /// <returns>This builder.</returns>
    public TSelf Change(LiquibaseChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        _changes.Add(change);
        return (TSelf)this;
    }

    /// <summary>Creates a table.</summary>
    /// <param name="table">The table name.</param>
    /// <param name="columns">Adds its columns.</param>
    /// <param name="schema">The schema.</param>
    /// <returns>This builder.</returns>
    public TSelf CreateTable(string table, Action<ColumnsBuilder> columns, string? schema = null) =>
        Change(new CreateTableChange { TableName = table, SchemaName = schema, Columns = ColumnsBuilder.Build(columns) });

    /// <summary>Adds columns to a table.</summary>
    /// <param name="table">The table.</param>
    /// <param name="columns">Adds the columns.</param>
    /// <returns>This builder.</returns>
    public TSelf AddColumn(string table, Action<ColumnsBuilder> columns) => Change(new AddColumnChange { TableName = table, Columns = ColumnsBuilder.Build(columns) });

    /// <summary>Drops a table.</summary>
    /// <param name="table">The table.</param>
    /// <param name="cascade">Drop dependent constraints too.</param>
    /// <returns>This builder.</returns>
    public TSelf DropTable(string table, bool? cascade = null) => Change(new DropTableChange { TableName = table, CascadeConstraints = cascade });

    /// <summary>Drops a column.</summary>
    /// <param name="table">The table.</param>
    /// <param name="column">The column.</param>
    /// <returns>This builder.</returns>
    public TSelf DropColumn(string table, string column) => Change(new DropColumnChange { TableName = table, ColumnName = column });

    /// <summary>Renames a table.</summary>
    /// <param name="oldName">The current name.</param>
    /// <param name="newName">The new name.</param>
    /// <returns>This builder.</returns>
    public TSelf RenameTable(string oldName, string newName) => Change(new RenameTableChange { OldTableName = oldName, NewTableName = newName });

    /// <summary>Renames a column.</summary>
    /// <param name="table">The table.</param>
    /// <param name="oldName">The current name.</param>
    /// <param name="newName">The new name.</param>
    /// <param name="dataType">The column type (some databases need it).</param>
    /// <returns>This builder.</returns>
    public TSelf RenameColumn(string table, string oldName, string newName, string? dataType = null) =>
        Change(new RenameColumnChange { TableName = table, OldColumnName = oldName, NewColumnName = newName, ColumnDataType = dataType });

    /// <summary>Creates an index.</summary>
    /// <param name="name">The index name.</param>
    /// <param name="table">The table.</param>
    /// <param name="unique">Whether it is unique.</param>
    /// <param name="columns">The indexed columns.</param>
    /// <returns>This builder.</returns>
    public TSelf CreateIndex(string name, string table, bool unique = false, params string[] columns) =>
        Change(new CreateIndexChange { IndexName = name, TableName = table, Unique = unique ? true : null, Columns = [.. columns.Select(c => new LiquibaseColumn { Name = c })] });

    /// <summary>Drops an index.</summary>
    /// <param name="name">The index name.</param>
    /// <param name="table">The table.</param>
    /// <returns>This builder.</returns>
    public TSelf DropIndex(string name, string table) => Change(new DropIndexChange { IndexName = name, TableName = table });

    /// <summary>Adds a foreign key.</summary>
    /// <param name="name">The constraint name.</param>
    /// <param name="table">The referencing table.</param>
    /// <param name="columns">Its columns (comma separated).</param>
    /// <param name="referencedTable">The referenced table.</param>
    /// <param name="referencedColumns">Its columns (comma separated).</param>
    /// <returns>This builder.</returns>
    public TSelf AddForeignKey(string name, string table, string columns, string referencedTable, string referencedColumns) =>
        Change(new AddForeignKeyConstraintChange { ConstraintName = name, BaseTableName = table, BaseColumnNames = columns, ReferencedTableName = referencedTable, ReferencedColumnNames = referencedColumns });

    /// <summary>Inserts a row.</summary>
    /// <param name="table">The table.</param>
    /// <param name="values">Column → value (strings are quoted; use <see cref="LiquibaseColumn"/> for numbers and computed values).</param>
    /// <returns>This builder.</returns>
    public TSelf Insert(string table, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Change(new InsertChange { TableName = table, Columns = [.. values.Select(v => new LiquibaseColumn { Name = v.Key, Value = v.Value })] });
    }

    /// <summary>Runs SQL.</summary>
    /// <param name="sql">The SQL (written as a literal block).</param>
    /// <param name="splitStatements">Split on ';' (default true).</param>
    /// <returns>This builder.</returns>
    public TSelf Sql(string sql, bool? splitStatements = null) => Change(new SqlChange { Sql = sql, SplitStatements = splitStatements });

    /// <summary>Runs a SQL file, relative to the changelog.</summary>
    /// <param name="path">The file.</param>
    /// <returns>This builder.</returns>
    public TSelf SqlFile(string path) => Change(new SqlFileChange { Path = path, RelativeToChangelogFile = true });

    /// <summary>Creates a view.</summary>
    /// <param name="name">The view name.</param>
    /// <param name="selectQuery">Its query.</param>
    /// <param name="replaceIfExists">Replace an existing view.</param>
    /// <returns>This builder.</returns>
    public TSelf CreateView(string name, string selectQuery, bool? replaceIfExists = null) =>
        Change(new CreateViewChange { ViewName = name, SelectQuery = selectQuery, ReplaceIfExists = replaceIfExists });
}

/// <summary>Builds one change set.</summary>
public sealed class ChangeSetBuilder : ChangeListBuilder<ChangeSetBuilder>
{
    private JsonNode? _rollback;
    private string? _comment;
    private string? _context;
    private string? _labels;
    private bool? _runOnChange;

    /// <summary>Describes the change set.</summary>
    /// <param name="comment">The comment.</param>
    /// <returns>This builder.</returns>
    public ChangeSetBuilder Comment(string comment)
    {
        _comment = comment;
        return this;
    }

    /// <summary>Runs the change set only in these contexts (context filter).</summary>
    /// <param name="context">The expression, e.g. <c>dev or test</c>.</param>
    /// <returns>This builder.</returns>
    public ChangeSetBuilder Context(string context)
    {
        _context = context;
        return this;
    }

    /// <summary>Labels the change set.</summary>
    /// <param name="labels">The labels.</param>
    /// <returns>This builder.</returns>
    public ChangeSetBuilder Labels(string labels)
    {
        _labels = labels;
        return this;
    }

    /// <summary>Runs the change set again whenever it changes (views, procedures).</summary>
    /// <returns>This builder.</returns>
    public ChangeSetBuilder RunOnChange()
    {
        _runOnChange = true;
        return this;
    }

    /// <summary>The changes that undo this change set.</summary>
    /// <param name="build">Adds them.</param>
    /// <returns>This builder.</returns>
    public ChangeSetBuilder Rollback(Action<RollbackBuilder> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var b = new RollbackBuilder();
        build(b);
        _rollback = JsonSerializer.SerializeToNode(b.Changes, Json.ManifestJson.TypeInfo(typeof(IReadOnlyList<LiquibaseChange>)));
        return this;
    }

    /// <summary>The SQL that undoes this change set.</summary>
    /// <param name="sql">The SQL.</param>
    /// <returns>This builder.</returns>
    public ChangeSetBuilder RollbackSql(string sql)
    {
        _rollback = JsonValue.Create(sql);
        return this;
    }

    /// <summary>Declares that rolling back needs nothing (an empty rollback).</summary>
    /// <returns>This builder.</returns>
    public ChangeSetBuilder NoRollbackNeeded()
    {
        _rollback = JsonValue.Create(string.Empty);
        return this;
    }

    internal ChangeSet Build(string id, string author) => new()
    {
        Id = id,
        Author = author,
        Comment = _comment,
        ContextFilter = _context,
        Labels = _labels,
        RunOnChange = _runOnChange,
        Changes = Changes,
        Rollback = _rollback,
    };
}

/// <summary>Builds the changes of a rollback.</summary>
public sealed class RollbackBuilder : ChangeListBuilder<RollbackBuilder>;

/// <summary>Builds the columns of a table.</summary>
public sealed class ColumnsBuilder
{
    private readonly List<LiquibaseColumn> _columns = [];

    /// <summary>Adds a column.</summary>
    /// <param name="name">The name.</param>
    /// <param name="type">The type (Liquibase types such as <c>int</c>, <c>varchar(50)</c>, <c>timestamp</c>).</param>
    /// <param name="configure">Constraints and defaults.</param>
    /// <returns>This builder.</returns>
    public ColumnsBuilder Column(string name, string type, Action<ColumnBuilder>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        var column = new ColumnBuilder(new LiquibaseColumn { Name = name, Type = type });
        configure?.Invoke(column);
        _columns.Add(column.Column);
        return this;
    }

    internal static IReadOnlyList<LiquibaseColumn> Build(Action<ColumnsBuilder> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var b = new ColumnsBuilder();
        build(b);
        return b._columns;
    }
}

/// <summary>Configures a column; every method returns this builder.</summary>
public sealed class ColumnBuilder
{
    internal ColumnBuilder(LiquibaseColumn column) => Column = column;

    internal LiquibaseColumn Column { get; private set; }

    private LiquibaseConstraints Constraints => Column.Constraints ?? new LiquibaseConstraints();

    /// <summary>Part of the primary key (and not null).</summary>
    /// <returns>This builder.</returns>
    public ColumnBuilder PrimaryKey() => Set(Column with { Constraints = Constraints with { PrimaryKey = true, Nullable = false } });

    /// <summary>Not null.</summary>
    /// <returns>This builder.</returns>
    public ColumnBuilder NotNull() => Set(Column with { Constraints = Constraints with { Nullable = false } });

    /// <summary>Unique.</summary>
    /// <returns>This builder.</returns>
    public ColumnBuilder Unique() => Set(Column with { Constraints = Constraints with { Unique = true } });

    /// <summary>Generated by the database.</summary>
    /// <returns>This builder.</returns>
    public ColumnBuilder AutoIncrement() => Set(Column with { AutoIncrement = true });

    /// <summary>A default value (a string).</summary>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public ColumnBuilder Default(string value) => Set(Column with { DefaultValue = value });

    /// <summary>A computed default (<c>CURRENT_TIMESTAMP</c>, a function call).</summary>
    /// <param name="expression">The expression.</param>
    /// <returns>This builder.</returns>
    public ColumnBuilder DefaultComputed(string expression) => Set(Column with { DefaultValueComputed = expression });

    /// <summary>References another table's column.</summary>
    /// <param name="table">The table.</param>
    /// <param name="column">The column.</param>
    /// <param name="constraintName">The foreign key name.</param>
    /// <returns>This builder.</returns>
    public ColumnBuilder References(string table, string column, string constraintName) =>
        Set(Column with { Constraints = Constraints with { ReferencedTableName = table, ReferencedColumnNames = column, ForeignKeyName = constraintName } });

    /// <summary>A comment on the column.</summary>
    /// <param name="remarks">The comment.</param>
    /// <returns>This builder.</returns>
    public ColumnBuilder Remarks(string remarks) => Set(Column with { Remarks = remarks });

    private ColumnBuilder Set(LiquibaseColumn column)
    {
        Column = column;
        return this;
    }
}
