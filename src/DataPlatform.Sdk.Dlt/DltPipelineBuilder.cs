using DataPlatform.Sdk.Validation;

namespace DataPlatform.Sdk.Dlt;

/// <summary>Describes a pipeline fluently: <c>p.FromRestApi(…).ToPostgres(…).Dataset("stripe").Merge(primaryKey: "id").Schedule("0 * * * *")</c>.</summary>
public sealed class DltPipelineBuilder
{
    private DltSource? _source;
    private DltDestination? _destination;
    private string? _dataset;
    private WriteDisposition _disposition = WriteDisposition.Append;
    private IReadOnlyList<string> _primaryKey = [];
    private IReadOnlyList<string> _mergeKey = [];
    private DltIncremental? _incremental;
    private readonly List<DltColumn> _columns = [];
    private string? _schedule;
    private int _retries = 3;

    /// <summary>Creates a builder.</summary>
    /// <param name="name">The pipeline name.</param>
    public DltPipelineBuilder(string name)
    {
        if (!DltNames.IsValidPipelineName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid dlt pipeline name (letters, digits, '-' and '_').", nameof(name));
        }

        Name = name;
    }

    /// <summary>The pipeline name.</summary>
    public string Name { get; }

    /// <summary>Reads a REST API.</summary>
    /// <param name="baseUrl">The base URL.</param>
    /// <param name="resources">The endpoints.</param>
    /// <returns>This builder.</returns>
    public DltPipelineBuilder FromRestApi(string baseUrl, params string[] resources) => From(new RestApiSource(baseUrl, resources));

    /// <summary>Reads tables of a SQL database (its connection string is a secret).</summary>
    /// <param name="tables">The tables.</param>
    /// <returns>This builder.</returns>
    public DltPipelineBuilder FromSqlDatabase(params string[] tables) => From(new SqlDatabaseSource(tables));

    /// <summary>Reads files of a bucket.</summary>
    /// <param name="bucketUrl">The bucket URL.</param>
    /// <param name="fileGlob">The glob.</param>
    /// <param name="format">How the files are parsed.</param>
    /// <returns>This builder.</returns>
    public DltPipelineBuilder FromFilesystem(string bucketUrl, string fileGlob, DltFileFormat format = DltFileFormat.Csv) => From(new FilesystemSource(bucketUrl, fileGlob, format));

    /// <summary>Uses any source.</summary>
    /// <param name="source">The source.</param>
    /// <returns>This builder.</returns>
    public DltPipelineBuilder From(DltSource source)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        return this;
    }

    /// <summary>Loads into PostgreSQL.</summary>
    /// <param name="host">The host.</param>
    /// <param name="database">The database.</param>
    /// <param name="port">The port.</param>
    /// <returns>This builder.</returns>
    public DltPipelineBuilder ToPostgres(string host, string database, int port = 5432) => To(DltDestination.Postgres(host, database, port));

    /// <summary>Loads into a DuckDB file.</summary>
    /// <param name="file">The file.</param>
    /// <returns>This builder.</returns>
    public DltPipelineBuilder ToDuckDb(string file) => To(DltDestination.DuckDb(file));

    /// <summary>Uses any destination.</summary>
    /// <param name="destination">The destination.</param>
    /// <returns>This builder.</returns>
    public DltPipelineBuilder To(DltDestination destination)
    {
        _destination = destination ?? throw new ArgumentNullException(nameof(destination));
        return this;
    }

    /// <summary>The dataset (schema) in the destination.</summary>
    /// <param name="dataset">The name (snake_case).</param>
    /// <returns>This builder.</returns>
    public DltPipelineBuilder Dataset(string dataset)
    {
        _dataset = dataset;
        return this;
    }

    /// <summary>Upserts by key.</summary>
    /// <param name="primaryKey">The primary key columns.</param>
    /// <param name="mergeKey">The merge key columns, when different.</param>
    /// <returns>This builder.</returns>
    public DltPipelineBuilder Merge(string primaryKey, params string[] mergeKey)
    {
        _disposition = WriteDisposition.Merge;
        _primaryKey = [.. primaryKey.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        _mergeKey = mergeKey;
        return this;
    }

    /// <summary>Replaces the tables on every run.</summary>
    /// <returns>This builder.</returns>
    public DltPipelineBuilder Replace()
    {
        _disposition = WriteDisposition.Replace;
        return this;
    }

    /// <summary>Loads only rows past the cursor.</summary>
    /// <param name="cursorPath">The cursor field.</param>
    /// <param name="initialValue">Where the first run starts.</param>
    /// <returns>This builder.</returns>
    public DltPipelineBuilder Incremental(string cursorPath, string? initialValue = null)
    {
        _incremental = new DltIncremental(cursorPath, initialValue);
        return this;
    }

    /// <summary>A destination column hint.</summary>
    /// <param name="name">The column.</param>
    /// <param name="dataType">The dlt data type.</param>
    /// <param name="nullable">Whether NULL is allowed.</param>
    /// <param name="primaryKey">Whether it is part of the key.</param>
    /// <returns>This builder.</returns>
    public DltPipelineBuilder Column(string name, string dataType, bool nullable = true, bool primaryKey = false)
    {
        if (!DltColumn.DataTypes.Contains(dataType))
        {
            throw new ArgumentException($"'{dataType}' is not a dlt data type; use one of {string.Join(", ", DltColumn.DataTypes)}.", nameof(dataType));
        }

        _columns.Add(new DltColumn(name, dataType, nullable, primaryKey));
        return this;
    }

    /// <summary>The cron schedule the pipeline runs on (in the layout, its Kestra flow's Schedule trigger).</summary>
    /// <param name="cron">The expression.</param>
    /// <param name="retries">Attempts of a failed run.</param>
    /// <returns>This builder.</returns>
    public DltPipelineBuilder Schedule(string cron, int retries = 3)
    {
        if (Cron.Check(cron) is { } problem)
        {
            throw new ArgumentException(problem, nameof(cron));
        }

        _schedule = cron;
        _retries = retries;
        return this;
    }

    /// <summary>The description.</summary>
    /// <returns>The pipeline.</returns>
    /// <exception cref="InvalidOperationException">Source, destination or dataset is missing.</exception>
    public DltPipeline Build() => new()
    {
        Name = Name,
        Source = _source ?? throw new InvalidOperationException($"Pipeline '{Name}' has no source; call FromRestApi, FromSqlDatabase, FromFilesystem or From."),
        Destination = _destination ?? throw new InvalidOperationException($"Pipeline '{Name}' has no destination; call ToPostgres, ToDuckDb or To."),
        Dataset = _dataset ?? Name.Replace('-', '_'),
        WriteDisposition = _disposition,
        PrimaryKey = _primaryKey,
        MergeKey = _mergeKey,
        Incremental = _incremental,
        Columns = _columns,
        Schedule = _schedule,
        Retries = _retries,
    };
}
