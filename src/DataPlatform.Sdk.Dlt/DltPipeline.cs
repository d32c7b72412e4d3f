namespace DataPlatform.Sdk.Dlt;

/// <summary>How loaded rows meet existing ones.</summary>
public enum WriteDisposition
{
    /// <summary>Add rows.</summary>
    Append,

    /// <summary>Replace the table's content.</summary>
    Replace,

    /// <summary>Upsert by primary or merge key.</summary>
    Merge,
}

/// <summary>A destination column hint: the seed's "define destination schema".</summary>
/// <param name="Name">The column.</param>
/// <param name="DataType">dlt data type: text, bigint, double, bool, timestamp, date, decimal, json, binary, …</param>
/// <param name="Nullable">Whether NULL is allowed.</param>
/// <param name="PrimaryKey">Whether it is part of the primary key.</param>
public sealed record DltColumn(string Name, string DataType, bool Nullable = true, bool PrimaryKey = false)
{
    /// <summary>dlt's data types.</summary>
    public static IReadOnlyList<string> DataTypes { get; } = ["text", "bigint", "double", "bool", "timestamp", "date", "time", "decimal", "wei", "json", "binary"];
}

/// <summary>An incremental cursor: only rows after the last value seen are loaded.</summary>
/// <param name="CursorPath">The field, e.g. <c>updated_at</c>.</param>
/// <param name="InitialValue">The first run's start, e.g. <c>2024-01-01T00:00:00Z</c>.</param>
public sealed record DltIncremental(string CursorPath, string? InitialValue = null);

/// <summary>A value dlt reads from its providers: the key path and whether it is a secret.</summary>
/// <param name="KeyPath">The dotted key (<c>sources.rest_api.token</c>).</param>
/// <param name="Secret">Whether it is a credential (secrets.toml / secret provider, never config.toml).</param>
/// <param name="Value">The value written to config.toml (non-secrets only).</param>
public sealed record DltSetting(string KeyPath, bool Secret, object? Value = null);

/// <summary>A dlt source.</summary>
public abstract record DltSource
{
    /// <summary>The source's name in key paths (<c>sources.&lt;name&gt;</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The pip extra the source needs, if any.</summary>
    public virtual string? Extra => null;

    /// <summary>What the source reads from dlt's providers, under <c>sources.&lt;section&gt;</c>.</summary>
    /// <param name="section">The section: the pipeline's Python name, so that two pipelines never share a key.</param>
    /// <returns>The settings.</returns>
    public abstract IEnumerable<DltSetting> Settings(string section);
}

/// <summary>A REST API source (dlt's rest_api): a client base URL, auth and resources.</summary>
/// <param name="BaseUrl">The API's base URL.</param>
/// <param name="Resources">The endpoints, each a resource (table).</param>
/// <param name="Auth">bearer, api_key or http_basic; null for none.</param>
public sealed record RestApiSource(string BaseUrl, IReadOnlyList<string> Resources, string? Auth = "bearer") : DltSource
{
    /// <inheritdoc />
    public override string Name => "rest_api";

    /// <inheritdoc />
    public override IEnumerable<DltSetting> Settings(string section)
    {
        yield return new DltSetting($"sources.{section}.base_url", false, BaseUrl);
        switch (Auth)
        {
            case "bearer":
                yield return new DltSetting($"sources.{section}.token", true);
                break;
            case "api_key":
                yield return new DltSetting($"sources.{section}.api_key", true);
                break;
            case "http_basic":
                yield return new DltSetting($"sources.{section}.username", false);
                yield return new DltSetting($"sources.{section}.password", true);
                break;
        }
    }
}

/// <summary>A SQL database source (dlt's sql_database): tables of a database reached by a connection string.</summary>
/// <param name="Tables">The tables.</param>
/// <param name="Backend">sqlalchemy, pyarrow, pandas or connectorx.</param>
public sealed record SqlDatabaseSource(IReadOnlyList<string> Tables, string Backend = "sqlalchemy") : DltSource
{
    /// <inheritdoc />
    public override string Name => "sql_database";

    /// <inheritdoc />
    public override string? Extra => "sql_database";

    /// <inheritdoc />
    public override IEnumerable<DltSetting> Settings(string section) => [new DltSetting($"sources.{section}.credentials", true)];
}

/// <summary>The file formats dlt's filesystem source reads (each has its <c>read_&lt;format&gt;</c> transformer).</summary>
public enum DltFileFormat
{
    /// <summary>csv.</summary>
    Csv,

    /// <summary>jsonl.</summary>
    Jsonl,

    /// <summary>parquet.</summary>
    Parquet,
}

/// <summary>A filesystem source (dlt's filesystem): files under a bucket URL matching a glob.</summary>
/// <param name="BucketUrl">s3://, gs://, az:// or file://.</param>
/// <param name="FileGlob">The glob, e.g. <c>orders/*.csv</c>.</param>
/// <param name="Format">How the files are parsed.</param>
public sealed record FilesystemSource(string BucketUrl, string FileGlob, DltFileFormat Format = DltFileFormat.Csv) : DltSource
{
    /// <inheritdoc />
    public override string Name => "filesystem";

    /// <inheritdoc />
    public override string? Extra => BucketUrl.StartsWith("s3://", StringComparison.Ordinal) ? "s3" : BucketUrl.StartsWith("gs://", StringComparison.Ordinal) ? "gs" : BucketUrl.StartsWith("az://", StringComparison.Ordinal) ? "az" : null;

    /// <inheritdoc />
    public override IEnumerable<DltSetting> Settings(string section)
    {
        yield return new DltSetting($"sources.{section}.bucket_url", false, BucketUrl);
        yield return new DltSetting($"sources.{section}.file_glob", false, FileGlob);
        if (BucketUrl.StartsWith("s3://", StringComparison.Ordinal))
        {
            yield return new DltSetting($"sources.{section}.credentials.aws_access_key_id", true);
            yield return new DltSetting($"sources.{section}.credentials.aws_secret_access_key", true);
        }
    }
}

/// <summary>A custom Python source: a module of the repository with a <c>@dlt.source</c> function.</summary>
/// <param name="Module">The module, e.g. <c>sources.billing</c>.</param>
/// <param name="Function">The source function.</param>
/// <param name="SecretArguments">Arguments of the function read with <c>dlt.secrets.value</c>.</param>
public sealed record CustomSource(string Module, string Function, IReadOnlyList<string>? SecretArguments = null) : DltSource
{
    /// <inheritdoc />
    public override string Name => Module.Split('.')[^1];

    /// <inheritdoc />
    public override IEnumerable<DltSetting> Settings(string section) => (SecretArguments ?? []).Select(a => new DltSetting($"sources.{section}.{a}", true));
}

/// <summary>A dlt destination with the credentials it needs.</summary>
/// <param name="Name">dlt's destination name.</param>
/// <param name="Config">Non-secret settings (key under <c>destination.&lt;name&gt;</c>) and values.</param>
/// <param name="Secrets">Secret settings (key under <c>destination.&lt;name&gt;</c>).</param>
public sealed record DltDestination(string Name, IReadOnlyDictionary<string, object> Config, IReadOnlyList<string> Secrets)
{
    /// <summary>The credential keys each destination type needs (under <c>destination.&lt;name&gt;.</c>), as dlt documents them.</summary>
    public static IReadOnlyDictionary<string, string[]> RequiredCredentials { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["postgres"] = ["credentials.database", "credentials.username", "credentials.password", "credentials.host"],
        ["mssql"] = ["credentials.database", "credentials.username", "credentials.password", "credentials.host"],
        ["snowflake"] = ["credentials.database", "credentials.username", "credentials.password", "credentials.host"],
        ["bigquery"] = ["credentials.project_id", "credentials.private_key", "credentials.client_email"],
        ["motherduck"] = ["credentials.database", "credentials.password"],
        ["filesystem"] = ["bucket_url"],
        ["duckdb"] = [],
    };

    /// <summary>PostgreSQL (host and database in config, user and password secret).</summary>
    public static DltDestination Postgres(string host, string database, int port = 5432) =>
        new("postgres", new Dictionary<string, object> { ["credentials.host"] = host, ["credentials.port"] = port, ["credentials.database"] = database }, ["credentials.username", "credentials.password"]);

    /// <summary>A DuckDB file (no credentials).</summary>
    public static DltDestination DuckDb(string file) => new("duckdb", new Dictionary<string, object> { ["credentials"] = file }, []);

    /// <summary>Snowflake.</summary>
    public static DltDestination Snowflake(string account, string database, string warehouse, string role) =>
        new("snowflake", new Dictionary<string, object> { ["credentials.host"] = account, ["credentials.database"] = database, ["credentials.warehouse"] = warehouse, ["credentials.role"] = role }, ["credentials.username", "credentials.password"]);

    /// <summary>BigQuery with a service account.</summary>
    public static DltDestination BigQuery(string projectId, string location = "US") =>
        new("bigquery", new Dictionary<string, object> { ["credentials.project_id"] = projectId, ["location"] = location }, ["credentials.private_key", "credentials.client_email"]);

    /// <summary>Microsoft SQL Server.</summary>
    public static DltDestination Mssql(string host, string database) =>
        new("mssql", new Dictionary<string, object> { ["credentials.host"] = host, ["credentials.database"] = database, ["credentials.driver"] = "ODBC Driver 18 for SQL Server" }, ["credentials.username", "credentials.password"]);

    /// <summary>A bucket (parquet/jsonl files).</summary>
    public static DltDestination Filesystem(string bucketUrl) =>
        new("filesystem", new Dictionary<string, object> { ["bucket_url"] = bucketUrl },
            bucketUrl.StartsWith("s3://", StringComparison.Ordinal) ? ["credentials.aws_access_key_id", "credentials.aws_secret_access_key"] : []);

    /// <summary>MotherDuck (the token is the password).</summary>
    public static DltDestination MotherDuck(string database) =>
        new("motherduck", new Dictionary<string, object> { ["credentials.database"] = database }, ["credentials.password"]);

    /// <summary>The pip extra of the destination.</summary>
    public string Extra => Name switch { "filesystem" => "filesystem", var n => n };
}

/// <summary>A dlt pipeline: source, destination, dataset, write disposition, incremental cursor, schema hints, schedule.</summary>
public sealed record DltPipeline
{
    /// <summary>The pipeline name (letters, digits, '-' and '_'), e.g. <c>stripe-postgres</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The source.</summary>
    public required DltSource Source { get; init; }

    /// <summary>The destination.</summary>
    public required DltDestination Destination { get; init; }

    /// <summary>The dataset (schema) in the destination.</summary>
    public required string Dataset { get; init; }

    /// <summary>How rows are written.</summary>
    public WriteDisposition WriteDisposition { get; init; } = WriteDisposition.Append;

    /// <summary>Primary key for merge.</summary>
    public IReadOnlyList<string> PrimaryKey { get; init; } = [];

    /// <summary>Merge key for merge (when different from the primary key).</summary>
    public IReadOnlyList<string> MergeKey { get; init; } = [];

    /// <summary>The incremental cursor.</summary>
    public DltIncremental? Incremental { get; init; }

    /// <summary>Destination column hints.</summary>
    public IReadOnlyList<DltColumn> Columns { get; init; } = [];

    /// <summary>The cron schedule of the Kestra flow that runs it.</summary>
    public string? Schedule { get; init; }

    /// <summary>How many times the flow retries a failed run.</summary>
    public int Retries { get; init; } = 3;

    /// <summary>The dlt version pinned in requirements.txt.</summary>
    public string DltVersion { get; init; } = "1.31.0";

    /// <summary>The Python name of the pipeline (for files and functions).</summary>
    public string PythonName => Name.Replace('-', '_');

    /// <summary>Every setting dlt reads for this pipeline: the source's and the destination's.</summary>
    /// <returns>The settings.</returns>
    public IEnumerable<DltSetting> Settings() =>
        Source.Settings(PythonName)
            .Concat(Destination.Config.Select(c => new DltSetting($"destination.{Destination.Name}.{c.Key}", false, c.Value)))
            .Concat(Destination.Secrets.Select(s => new DltSetting($"destination.{Destination.Name}.{s}", true)));

    /// <summary>The Kestra secret that feeds a dlt secret: the pipeline name and key path in upper snake case.</summary>
    /// <param name="keyPath">The dlt key path.</param>
    /// <returns>The Kestra secret name.</returns>
    public string KestraSecretFor(string keyPath) =>
        (PythonName + "_" + string.Join('_', keyPath.Split('.').Where(p => p is not ("sources" or "destination" or "credentials") && p != PythonName))).ToUpperInvariant();
}
