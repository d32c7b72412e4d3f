using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DataPlatform.Sdk.Json;

namespace DataPlatform.Sdk.Kestra;


/// <summary>
/// The properties every Kestra script task shares (<c>io.kestra.plugin.scripts.*</c>: Script and Commands, for Python,
/// shell and the other languages): where and how the script runs, its files and environment.
/// </summary>
public abstract record ScriptTask : KestraTask
{
    /// <summary>The container image.</summary>
    [JsonPropertyName("containerImage")]
    [JsonPropertyOrder(1)]
    public string? ContainerImage { get; init; }

    /// <summary>Where to run: process, docker, kubernetes, …</summary>
    [JsonPropertyName("taskRunner")]
    [JsonPropertyOrder(2)]
    public JsonObject? TaskRunner { get; init; }

    /// <summary>Commands run first.</summary>
    [JsonPropertyName("beforeCommands")]
    [JsonPropertyOrder(3)]
    public IReadOnlyList<string>? BeforeCommands { get; init; }

    /// <summary>Environment variables (use {{ secret('…') }} for credentials).</summary>
    [JsonPropertyName("env")]
    [JsonPropertyOrder(4)]
    public JsonObject? Env { get; init; }

    /// <summary>Files to create in the working directory.</summary>
    [JsonPropertyName("inputFiles")]
    [JsonPropertyOrder(5)]
    public JsonNode? InputFiles { get; init; }

    /// <summary>Files to keep as outputs.</summary>
    [JsonPropertyName("outputFiles")]
    [JsonPropertyOrder(6)]
    public IReadOnlyList<string>? OutputFiles { get; init; }

    /// <summary>Namespace files to copy in.</summary>
    [JsonPropertyName("namespaceFiles")]
    [JsonPropertyOrder(7)]
    public JsonObject? NamespaceFiles { get; init; }

    /// <summary>The interpreter.</summary>
    [JsonPropertyName("interpreter")]
    [JsonPropertyOrder(8)]
    public IReadOnlyList<string>? Interpreter { get; init; }

    /// <summary>End in WARNING when stderr has output.</summary>
    [JsonPropertyName("warningOnStdErr")]
    [JsonPropertyOrder(9)]
    public bool? WarningOnStdErr { get; init; }

    /// <summary>Deprecated docker options.</summary>
    [JsonPropertyName("docker")]
    [JsonPropertyOrder(10)]
    public JsonObject? Docker { get; init; }

    /// <summary>Deprecated runner.</summary>
    [JsonPropertyName("runner")]
    [JsonPropertyOrder(11)]
    public string? Runner { get; init; }

    /// <summary>LINUX, WINDOWS or AUTO.</summary>
    [JsonPropertyName("targetOS")]
    [JsonPropertyOrder(12)]
    public string? TargetOS { get; init; }
}

/// <summary>Runs an inline Python script. Kestra type <c>io.kestra.plugin.scripts.python.Script</c>.</summary>
[AllowUnknownFields]
public sealed record PythonScriptTask : ScriptTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.scripts.python.Script";

    /// <summary>Creates the task with its type set.</summary>
    public PythonScriptTask() => Type = TypeName;

    /// <summary>The script (written as a literal block).</summary>
    [JsonPropertyName("script")]
    [JsonPropertyOrder(0)]
    public string? Script { get; init; }

    /// <summary>pip packages to install.</summary>
    [JsonPropertyName("dependencies")]
    [JsonPropertyOrder(13)]
    public IReadOnlyList<string>? Dependencies { get; init; }

    /// <summary>The Python version.</summary>
    [JsonPropertyName("pythonVersion")]
    [JsonPropertyOrder(14)]
    public string? PythonVersion { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("script", Has(Script))];
}

/// <summary>Runs Python commands (scripts from namespace files or a cloned repository). Kestra type <c>io.kestra.plugin.scripts.python.Commands</c>.</summary>
[AllowUnknownFields]
public sealed record PythonCommandsTask : ScriptTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.scripts.python.Commands";

    /// <summary>Creates the task with its type set.</summary>
    public PythonCommandsTask() => Type = TypeName;

    /// <summary>The commands.</summary>
    [JsonPropertyName("commands")]
    [JsonPropertyOrder(0)]
    public IReadOnlyList<string>? Commands { get; init; }

    /// <summary>pip packages to install.</summary>
    [JsonPropertyName("dependencies")]
    [JsonPropertyOrder(13)]
    public IReadOnlyList<string>? Dependencies { get; init; }

    /// <summary>The Python version.</summary>
    [JsonPropertyName("pythonVersion")]
    [JsonPropertyOrder(14)]
    public string? PythonVersion { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("commands", Commands is { Count: > 0 })];
}

/// <summary>Runs an inline shell script. Kestra type <c>io.kestra.plugin.scripts.shell.Script</c>.</summary>
[AllowUnknownFields]
public sealed record ShellScriptTask : ScriptTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.scripts.shell.Script";

    /// <summary>Creates the task with its type set.</summary>
    public ShellScriptTask() => Type = TypeName;

    /// <summary>The script.</summary>
    [JsonPropertyName("script")]
    [JsonPropertyOrder(0)]
    public string? Script { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("script", Has(Script))];
}

/// <summary>Runs shell commands. Kestra type <c>io.kestra.plugin.scripts.shell.Commands</c>.</summary>
[AllowUnknownFields]
public sealed record ShellCommandsTask : ScriptTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.scripts.shell.Commands";

    /// <summary>Creates the task with its type set.</summary>
    public ShellCommandsTask() => Type = TypeName;

    /// <summary>The commands.</summary>
    [JsonPropertyName("commands")]
    [JsonPropertyOrder(0)]
    public IReadOnlyList<string>? Commands { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("commands", Commands is { Count: > 0 })];
}

/// <summary>The connection properties every Kestra git task shares (<c>io.kestra.plugin.git.*</c>): repository and credentials.</summary>
public abstract record GitTask : KestraTask
{
    /// <summary>The repository URL.</summary>
    [JsonPropertyName("url")]
    [JsonPropertyOrder(0)]
    public string? Url { get; init; }

    /// <summary>The branch.</summary>
    [JsonPropertyName("branch")]
    [JsonPropertyOrder(1)]
    public string? Branch { get; init; }

    /// <summary>The user.</summary>
    [JsonPropertyName("username")]
    [JsonPropertyOrder(2)]
    public string? Username { get; init; }

    /// <summary>The password or token: use {{ secret('…') }}.</summary>
    [JsonPropertyName("password")]
    [JsonPropertyOrder(3)]
    public string? Password { get; init; }

    /// <summary>An SSH private key: use {{ secret('…') }}.</summary>
    [JsonPropertyName("privateKey")]
    [JsonPropertyOrder(4)]
    public string? PrivateKey { get; init; }

    /// <summary>The key passphrase.</summary>
    [JsonPropertyName("passphrase")]
    [JsonPropertyOrder(5)]
    public string? Passphrase { get; init; }

    /// <summary>git configuration.</summary>
    [JsonPropertyName("gitConfig")]
    [JsonPropertyOrder(6)]
    public JsonObject? GitConfig { get; init; }
}

/// <summary>Clones a git repository into the working directory. Kestra type <c>io.kestra.plugin.git.Clone</c>.</summary>
[AllowUnknownFields]
public sealed record GitCloneTask : GitTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.git.Clone";

    /// <summary>Creates the task with its type set.</summary>
    public GitCloneTask() => Type = TypeName;

    /// <summary>Where to clone.</summary>
    [JsonPropertyName("directory")]
    [JsonPropertyOrder(7)]
    public string? Directory { get; init; }

    /// <summary>Clone depth.</summary>
    [JsonPropertyName("depth")]
    [JsonPropertyOrder(8)]
    public int? Depth { get; init; }

    /// <summary>Clone submodules.</summary>
    [JsonPropertyName("cloneSubmodules")]
    [JsonPropertyOrder(9)]
    public bool? CloneSubmodules { get; init; }

    /// <summary>A tag to check out.</summary>
    [JsonPropertyName("tag")]
    [JsonPropertyOrder(10)]
    public string? Tag { get; init; }

    /// <summary>A commit to check out.</summary>
    [JsonPropertyName("commit")]
    [JsonPropertyOrder(11)]
    public string? Commit { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("url", Has(Url))];
}

/// <summary>Makes the flows of a namespace what a git directory holds (GitOps). Kestra type <c>io.kestra.plugin.git.SyncFlows</c>.</summary>
[AllowUnknownFields]
public sealed record GitSyncFlowsTask : GitTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.git.SyncFlows";

    /// <summary>Creates the task with its type set.</summary>
    public GitSyncFlowsTask() => Type = TypeName;

    /// <summary>The namespace the flows go to.</summary>
    [JsonPropertyName("targetNamespace")]
    [JsonPropertyOrder(7)]
    public string? TargetNamespace { get; init; }

    /// <summary>The directory in the repository (default _flows).</summary>
    [JsonPropertyName("gitDirectory")]
    [JsonPropertyOrder(8)]
    public string? GitDirectory { get; init; }

    /// <summary>Also sync child namespaces from sub-directories.</summary>
    [JsonPropertyName("includeChildNamespaces")]
    [JsonPropertyOrder(9)]
    public bool? IncludeChildNamespaces { get; init; }

    /// <summary>Delete flows that are not in git.</summary>
    [JsonPropertyName("delete")]
    [JsonPropertyOrder(10)]
    public bool? Delete { get; init; }

    /// <summary>Only log what would change.</summary>
    [JsonPropertyName("dryRun")]
    [JsonPropertyOrder(11)]
    public bool? DryRun { get; init; }

    /// <summary>Skip invalid flows instead of failing.</summary>
    [JsonPropertyName("ignoreInvalidFlows")]
    [JsonPropertyOrder(12)]
    public bool? IgnoreInvalidFlows { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("url", Has(Url)), ("targetNamespace", Has(TargetNamespace))];
}

/// <summary>Makes the namespace files what a git directory holds. Kestra type <c>io.kestra.plugin.git.SyncNamespaceFiles</c>.</summary>
[AllowUnknownFields]
public sealed record GitSyncNamespaceFilesTask : GitTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.git.SyncNamespaceFiles";

    /// <summary>Creates the task with its type set.</summary>
    public GitSyncNamespaceFilesTask() => Type = TypeName;

    /// <summary>The namespace.</summary>
    [JsonPropertyName("namespace")]
    [JsonPropertyOrder(7)]
    public string? Namespace { get; init; }

    /// <summary>The directory in the repository (default _files).</summary>
    [JsonPropertyName("gitDirectory")]
    [JsonPropertyOrder(8)]
    public string? GitDirectory { get; init; }

    /// <summary>Delete files that are not in git.</summary>
    [JsonPropertyName("delete")]
    [JsonPropertyOrder(9)]
    public bool? Delete { get; init; }

    /// <summary>Only log what would change.</summary>
    [JsonPropertyName("dryRun")]
    [JsonPropertyOrder(10)]
    public bool? DryRun { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("url", Has(Url)), ("namespace", Has(Namespace))];
}

/// <summary>Runs a SQL query on PostgreSQL. Kestra type <c>io.kestra.plugin.jdbc.postgresql.Query</c>.</summary>
[AllowUnknownFields]
public sealed record PostgresQueryTask : KestraTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.jdbc.postgresql.Query";

    /// <summary>Creates the task with its type set.</summary>
    public PostgresQueryTask() => Type = TypeName;

    /// <summary>The JDBC URL (jdbc:postgresql://host:5432/db).</summary>
    [JsonPropertyName("url")]
    [JsonPropertyOrder(0)]
    public string? Url { get; init; }

    /// <summary>The user.</summary>
    [JsonPropertyName("username")]
    [JsonPropertyOrder(1)]
    public string? Username { get; init; }

    /// <summary>The password: use {{ secret('…') }}.</summary>
    [JsonPropertyName("password")]
    [JsonPropertyOrder(2)]
    public string? Password { get; init; }

    /// <summary>The SQL.</summary>
    [JsonPropertyName("sql")]
    [JsonPropertyOrder(3)]
    public string? Sql { get; init; }

    /// <summary>NONE, FETCH_ONE, FETCH or STORE.</summary>
    [JsonPropertyName("fetchType")]
    [JsonPropertyOrder(4)]
    public string? FetchType { get; init; }

    /// <summary>Named parameters.</summary>
    [JsonPropertyName("parameters")]
    [JsonPropertyOrder(5)]
    public JsonObject? Parameters { get; init; }

    /// <summary>The time zone.</summary>
    [JsonPropertyName("timeZoneId")]
    [JsonPropertyOrder(6)]
    public string? TimeZoneId { get; init; }

    /// <summary>Use TLS.</summary>
    [JsonPropertyName("ssl")]
    [JsonPropertyOrder(7)]
    public bool? Ssl { get; init; }

    /// <summary>The TLS mode.</summary>
    [JsonPropertyName("sslMode")]
    [JsonPropertyOrder(8)]
    public string? SslMode { get; init; }

    /// <summary>The CA certificate.</summary>
    [JsonPropertyName("sslRootCert")]
    [JsonPropertyOrder(9)]
    public string? SslRootCert { get; init; }

    /// <summary>The client certificate.</summary>
    [JsonPropertyName("sslCert")]
    [JsonPropertyOrder(10)]
    public string? SslCert { get; init; }

    /// <summary>The client key.</summary>
    [JsonPropertyName("sslKey")]
    [JsonPropertyOrder(11)]
    public string? SslKey { get; init; }

    /// <summary>The client key password.</summary>
    [JsonPropertyName("sslKeyPassword")]
    [JsonPropertyOrder(12)]
    public string? SslKeyPassword { get; init; }

    /// <summary>SQL run after the query.</summary>
    [JsonPropertyName("afterSQL")]
    [JsonPropertyOrder(13)]
    public string? AfterSQL { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("sql", Has(Sql))];
}
