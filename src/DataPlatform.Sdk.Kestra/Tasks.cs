using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DataPlatform.Sdk.Json;

namespace DataPlatform.Sdk.Kestra;

/// <summary>Logs a message (or a list of messages). Kestra type <c>io.kestra.plugin.core.log.Log</c>.</summary>
[AllowUnknownFields]
public sealed record LogTask : KestraTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.core.log.Log";

    /// <summary>Creates the task with its type set.</summary>
    public LogTask() => Type = TypeName;

    /// <summary>The message: a string or a list of strings (Pebble rendered).</summary>
    [JsonPropertyName("message")]
    [JsonPropertyOrder(0)]
    public JsonNode? Message { get; init; }

    /// <summary>TRACE, DEBUG, INFO (default), WARN or ERROR.</summary>
    [JsonPropertyName("level")]
    [JsonPropertyOrder(1)]
    public string? Level { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("message", Message is not null)];
}

/// <summary>Renders a value and returns it as output <c>value</c>. Kestra type <c>io.kestra.plugin.core.debug.Return</c>.</summary>
[AllowUnknownFields]
public sealed record ReturnTask : KestraTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.core.debug.Return";

    /// <summary>Creates the task with its type set.</summary>
    public ReturnTask() => Type = TypeName;

    /// <summary>The template to render.</summary>
    [JsonPropertyName("format")]
    [JsonPropertyOrder(0)]
    public string? Format { get; init; }
}

/// <summary>Outputs values (<c>outputs.&lt;id&gt;.values</c>). Kestra type <c>io.kestra.plugin.core.output.OutputValues</c>.</summary>
[AllowUnknownFields]
public sealed record OutputValuesTask : KestraTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.core.output.OutputValues";

    /// <summary>Creates the task with its type set.</summary>
    public OutputValuesTask() => Type = TypeName;

    /// <summary>The values.</summary>
    [JsonPropertyName("values")]
    [JsonPropertyOrder(0)]
    public JsonObject? Values { get; init; }
}

/// <summary>Waits for a duration. Kestra type <c>io.kestra.plugin.core.flow.Sleep</c>.</summary>
[AllowUnknownFields]
public sealed record SleepTask : KestraTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.core.flow.Sleep";

    /// <summary>Creates the task with its type set.</summary>
    public SleepTask() => Type = TypeName;

    /// <summary>ISO 8601 duration, e.g. PT5M.</summary>
    [JsonPropertyName("duration")]
    [JsonPropertyOrder(0)]
    public string? Duration { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("duration", Has(Duration))];
}

/// <summary>Runs tasks one after the other. Kestra type <c>io.kestra.plugin.core.flow.Sequential</c>.</summary>
[AllowUnknownFields]
public sealed record SequentialTask : KestraTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.core.flow.Sequential";

    /// <summary>Creates the task with its type set.</summary>
    public SequentialTask() => Type = TypeName;

    /// <summary>The tasks.</summary>
    [JsonPropertyName("tasks")]
    [JsonPropertyOrder(0)]
    public IReadOnlyList<KestraTask>? Tasks { get; init; }

    /// <summary>Error handlers.</summary>
    [JsonPropertyName("errors")]
    [JsonPropertyOrder(1)]
    public IReadOnlyList<KestraTask>? Errors { get; init; }

    /// <summary>Final tasks.</summary>
    [JsonPropertyName("finally")]
    [JsonPropertyOrder(2)]
    public IReadOnlyList<KestraTask>? Finally { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("tasks", Tasks is { Count: > 0 })];

    /// <inheritdoc />
    public override IEnumerable<TaskBranch> Branches() =>
        new[] { ListBranch("tasks", BranchKind.Sequential, Tasks) }
            .Concat(Handlers(Errors, Finally));
}

/// <summary>Runs tasks at the same time. Kestra type <c>io.kestra.plugin.core.flow.Parallel</c>.</summary>
[AllowUnknownFields]
public sealed record ParallelTask : KestraTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.core.flow.Parallel";

    /// <summary>Creates the task with its type set.</summary>
    public ParallelTask() => Type = TypeName;

    /// <summary>The tasks.</summary>
    [JsonPropertyName("tasks")]
    [JsonPropertyOrder(0)]
    public IReadOnlyList<KestraTask>? Tasks { get; init; }

    /// <summary>How many run at once (0: all).</summary>
    [JsonPropertyName("concurrent")]
    [JsonPropertyOrder(1)]
    public int? Concurrent { get; init; }

    /// <summary>Error handlers.</summary>
    [JsonPropertyName("errors")]
    [JsonPropertyOrder(2)]
    public IReadOnlyList<KestraTask>? Errors { get; init; }

    /// <summary>Final tasks.</summary>
    [JsonPropertyName("finally")]
    [JsonPropertyOrder(3)]
    public IReadOnlyList<KestraTask>? Finally { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("tasks", Tasks is { Count: > 0 })];

    /// <inheritdoc />
    public override IEnumerable<TaskBranch> Branches() =>
        new[] { ListBranch("tasks", BranchKind.Parallel, Tasks) }
            .Concat(Handlers(Errors, Finally));
}

/// <summary>Runs <c>then</c> or <c>else</c> depending on a condition. Kestra type <c>io.kestra.plugin.core.flow.If</c>.</summary>
[AllowUnknownFields]
public sealed record IfTask : KestraTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.core.flow.If";

    /// <summary>Creates the task with its type set.</summary>
    public IfTask() => Type = TypeName;

    /// <summary>The condition (Pebble).</summary>
    [JsonPropertyName("condition")]
    [JsonPropertyOrder(0)]
    public string? Condition { get; init; }

    /// <summary>Tasks when true.</summary>
    [JsonPropertyName("then")]
    [JsonPropertyOrder(1)]
    public IReadOnlyList<KestraTask>? Then { get; init; }

    /// <summary>Tasks when false.</summary>
    [JsonPropertyName("else")]
    [JsonPropertyOrder(2)]
    public IReadOnlyList<KestraTask>? Else { get; init; }

    /// <summary>Error handlers.</summary>
    [JsonPropertyName("errors")]
    [JsonPropertyOrder(3)]
    public IReadOnlyList<KestraTask>? Errors { get; init; }

    /// <summary>Final tasks.</summary>
    [JsonPropertyName("finally")]
    [JsonPropertyOrder(4)]
    public IReadOnlyList<KestraTask>? Finally { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("condition", Has(Condition)), ("then", Then is { Count: > 0 })];

    /// <inheritdoc />
    public override IEnumerable<TaskBranch> Branches() =>
        new[] { ListBranch("then", BranchKind.Sequential, Then, exclusive: true), ListBranch("else", BranchKind.Sequential, Else, exclusive: true) }
            .Concat(Handlers(Errors, Finally));
}

/// <summary>Runs the tasks of the case matching a value. Kestra type <c>io.kestra.plugin.core.flow.Switch</c>.</summary>
[AllowUnknownFields]
public sealed record SwitchTask : KestraTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.core.flow.Switch";

    /// <summary>Creates the task with its type set.</summary>
    public SwitchTask() => Type = TypeName;

    /// <summary>The value to match (Pebble).</summary>
    [JsonPropertyName("value")]
    [JsonPropertyOrder(0)]
    public string? Value { get; init; }

    /// <summary>Tasks per case value.</summary>
    [JsonPropertyName("cases")]
    [JsonPropertyOrder(1)]
    public IReadOnlyDictionary<string, IReadOnlyList<KestraTask>>? Cases { get; init; }

    /// <summary>Tasks when no case matches.</summary>
    [JsonPropertyName("defaults")]
    [JsonPropertyOrder(2)]
    public IReadOnlyList<KestraTask>? Defaults { get; init; }

    /// <summary>Error handlers.</summary>
    [JsonPropertyName("errors")]
    [JsonPropertyOrder(3)]
    public IReadOnlyList<KestraTask>? Errors { get; init; }

    /// <summary>Final tasks.</summary>
    [JsonPropertyName("finally")]
    [JsonPropertyOrder(4)]
    public IReadOnlyList<KestraTask>? Finally { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("value", Has(Value))];

    /// <inheritdoc />
    public override IEnumerable<TaskBranch> Branches() =>
        (Cases ?? new Dictionary<string, IReadOnlyList<KestraTask>>()).Select(c => ListBranch("cases/" + c.Key, BranchKind.Sequential, c.Value, exclusive: true) with { Tasks = [.. c.Value.Select((t, i) => ("/cases/" + YamlJson.EscapePointer(c.Key) + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), t))] })
            .Append(ListBranch("defaults", BranchKind.Sequential, Defaults, exclusive: true))
            .Concat(Handlers(Errors, Finally));
}

/// <summary>Runs tasks for each value (<c>{{ taskrun.value }}</c>). Kestra type <c>io.kestra.plugin.core.flow.ForEach</c>.</summary>
[AllowUnknownFields]
public sealed record ForEachTask : KestraTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.core.flow.ForEach";

    /// <summary>Creates the task with its type set.</summary>
    public ForEachTask() => Type = TypeName;

    /// <summary>A list, or an expression producing one.</summary>
    [JsonPropertyName("values")]
    [JsonPropertyOrder(0)]
    public JsonNode? Values { get; init; }

    /// <summary>The tasks run per value.</summary>
    [JsonPropertyName("tasks")]
    [JsonPropertyOrder(1)]
    public IReadOnlyList<KestraTask>? Tasks { get; init; }

    /// <summary>How many values run at once (default 1, 0: all).</summary>
    [JsonPropertyName("concurrencyLimit")]
    [JsonPropertyOrder(2)]
    public int? ConcurrencyLimit { get; init; }

    /// <summary>Error handlers.</summary>
    [JsonPropertyName("errors")]
    [JsonPropertyOrder(3)]
    public IReadOnlyList<KestraTask>? Errors { get; init; }

    /// <summary>Final tasks.</summary>
    [JsonPropertyName("finally")]
    [JsonPropertyOrder(4)]
    public IReadOnlyList<KestraTask>? Finally { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("values", Values is not null), ("tasks", Tasks is { Count: > 0 })];

    /// <inheritdoc />
    public override IEnumerable<TaskBranch> Branches() =>
        new[] { ListBranch("tasks", BranchKind.Sequential, Tasks) }
            .Concat(Handlers(Errors, Finally));
}

/// <summary>Runs a subflow per batch of items of a file. Kestra type <c>io.kestra.plugin.core.flow.ForEachItem</c>.</summary>
[AllowUnknownFields]
public sealed record ForEachItemTask : KestraTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.core.flow.ForEachItem";

    /// <summary>Creates the task with its type set.</summary>
    public ForEachItemTask() => Type = TypeName;

    /// <summary>The internal-storage URI of the file.</summary>
    [JsonPropertyName("items")]
    [JsonPropertyOrder(0)]
    public string? Items { get; init; }

    /// <summary>Batch size (rows, bytes, partitions).</summary>
    [JsonPropertyName("batch")]
    [JsonPropertyOrder(1)]
    public JsonObject? Batch { get; init; }

    /// <summary>The subflow namespace.</summary>
    [JsonPropertyName("namespace")]
    [JsonPropertyOrder(2)]
    public string? Namespace { get; init; }

    /// <summary>The subflow id.</summary>
    [JsonPropertyName("flowId")]
    [JsonPropertyOrder(3)]
    public string? FlowId { get; init; }

    /// <summary>The subflow revision.</summary>
    [JsonPropertyName("revision")]
    [JsonPropertyOrder(4)]
    public int? Revision { get; init; }

    /// <summary>Subflow inputs.</summary>
    [JsonPropertyName("inputs")]
    [JsonPropertyOrder(5)]
    public JsonObject? Inputs { get; init; }

    /// <summary>Labels of the subflow executions.</summary>
    [JsonPropertyName("labels")]
    [JsonPropertyOrder(6)]
    public JsonNode? Labels { get; init; }

    /// <summary>Pass this execution's labels on.</summary>
    [JsonPropertyName("inheritLabels")]
    [JsonPropertyOrder(7)]
    public bool? InheritLabels { get; init; }

    /// <summary>Wait for the subflows.</summary>
    [JsonPropertyName("wait")]
    [JsonPropertyOrder(8)]
    public bool? Wait { get; init; }

    /// <summary>Fail when a subflow fails.</summary>
    [JsonPropertyName("transmitFailed")]
    [JsonPropertyOrder(9)]
    public bool? TransmitFailed { get; init; }

    /// <summary>When to start the subflows.</summary>
    [JsonPropertyName("scheduleDate")]
    [JsonPropertyOrder(10)]
    public string? ScheduleDate { get; init; }

    /// <summary>RETRY_FAILED or NEW_EXECUTION.</summary>
    [JsonPropertyName("restartBehavior")]
    [JsonPropertyOrder(11)]
    public string? RestartBehavior { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("items", Has(Items)), ("namespace", Has(Namespace)), ("flowId", Has(FlowId))];

    /// <inheritdoc />
    [JsonIgnore]
    public override IEnumerable<string> GeneratedTaskIds => [Id + "_split", Id + "_items", Id + "_merge"];
}

/// <summary>Starts another flow. Kestra type <c>io.kestra.plugin.core.flow.Subflow</c>.</summary>
[AllowUnknownFields]
public sealed record SubflowTask : KestraTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.core.flow.Subflow";

    /// <summary>Creates the task with its type set.</summary>
    public SubflowTask() => Type = TypeName;

    /// <summary>The subflow namespace.</summary>
    [JsonPropertyName("namespace")]
    [JsonPropertyOrder(0)]
    public string? Namespace { get; init; }

    /// <summary>The subflow id.</summary>
    [JsonPropertyName("flowId")]
    [JsonPropertyOrder(1)]
    public string? FlowId { get; init; }

    /// <summary>The subflow revision.</summary>
    [JsonPropertyName("revision")]
    [JsonPropertyOrder(2)]
    public int? Revision { get; init; }

    /// <summary>Subflow inputs (rendered here).</summary>
    [JsonPropertyName("inputs")]
    [JsonPropertyOrder(3)]
    public JsonObject? Inputs { get; init; }

    /// <summary>Labels of the subflow execution.</summary>
    [JsonPropertyName("labels")]
    [JsonPropertyOrder(4)]
    public JsonNode? Labels { get; init; }

    /// <summary>Pass this execution's labels on.</summary>
    [JsonPropertyName("inheritLabels")]
    [JsonPropertyOrder(5)]
    public bool? InheritLabels { get; init; }

    /// <summary>Wait for the subflow (default true).</summary>
    [JsonPropertyName("wait")]
    [JsonPropertyOrder(6)]
    public bool? Wait { get; init; }

    /// <summary>Fail when the subflow fails (default true).</summary>
    [JsonPropertyName("transmitFailed")]
    [JsonPropertyOrder(7)]
    public bool? TransmitFailed { get; init; }

    /// <summary>When to start the subflow.</summary>
    [JsonPropertyName("scheduleDate")]
    [JsonPropertyOrder(8)]
    public string? ScheduleDate { get; init; }

    /// <summary>RETRY_FAILED or NEW_EXECUTION.</summary>
    [JsonPropertyName("restartBehavior")]
    [JsonPropertyOrder(9)]
    public string? RestartBehavior { get; init; }

    /// <summary>Deprecated: values rendered in the subflow's context; use the subflow's flow outputs.</summary>
    [JsonPropertyName("outputs")]
    [JsonPropertyOrder(10)]
    public JsonObject? Outputs { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("namespace", Has(Namespace)), ("flowId", Has(FlowId))];

    /// <inheritdoc />
    [JsonIgnore]
    public override IReadOnlyCollection<string> ForeignContextProperties => ["outputs"];
}

/// <summary>Runs tasks by their dependencies. Kestra type <c>io.kestra.plugin.core.flow.Dag</c>.</summary>
[AllowUnknownFields]
public sealed record DagTask : KestraTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.core.flow.Dag";

    /// <summary>Creates the task with its type set.</summary>
    public DagTask() => Type = TypeName;

    /// <summary>The tasks with their dependencies.</summary>
    [JsonPropertyName("tasks")]
    [JsonPropertyOrder(0)]
    public IReadOnlyList<DagTaskEntry>? Tasks { get; init; }

    /// <summary>How many run at once (0: all).</summary>
    [JsonPropertyName("concurrent")]
    [JsonPropertyOrder(1)]
    public int? Concurrent { get; init; }

    /// <summary>Error handlers.</summary>
    [JsonPropertyName("errors")]
    [JsonPropertyOrder(2)]
    public IReadOnlyList<KestraTask>? Errors { get; init; }

    /// <summary>Final tasks.</summary>
    [JsonPropertyName("finally")]
    [JsonPropertyOrder(3)]
    public IReadOnlyList<KestraTask>? Finally { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("tasks", Tasks is { Count: > 0 })];

    /// <inheritdoc />
    public override IEnumerable<TaskBranch> Branches() =>
        new[] { new TaskBranch("tasks", BranchKind.Dag, [.. (Tasks ?? []).Select((e, i) => ("/tasks/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/task", e.Task))]) }
            .Concat(Handlers(Errors, Finally));
}

/// <summary>Runs tasks sharing one working directory. Kestra type <c>io.kestra.plugin.core.flow.WorkingDirectory</c>.</summary>
[AllowUnknownFields]
public sealed record WorkingDirectoryTask : KestraTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.core.flow.WorkingDirectory";

    /// <summary>Creates the task with its type set.</summary>
    public WorkingDirectoryTask() => Type = TypeName;

    /// <summary>The tasks.</summary>
    [JsonPropertyName("tasks")]
    [JsonPropertyOrder(0)]
    public IReadOnlyList<KestraTask>? Tasks { get; init; }

    /// <summary>Namespace files to copy in.</summary>
    [JsonPropertyName("namespaceFiles")]
    [JsonPropertyOrder(1)]
    public JsonObject? NamespaceFiles { get; init; }

    /// <summary>Files to create.</summary>
    [JsonPropertyName("inputFiles")]
    [JsonPropertyOrder(2)]
    public JsonNode? InputFiles { get; init; }

    /// <summary>Files to keep as outputs.</summary>
    [JsonPropertyName("outputFiles")]
    [JsonPropertyOrder(3)]
    public IReadOnlyList<string>? OutputFiles { get; init; }

    /// <summary>Cache of files between runs.</summary>
    [JsonPropertyName("cache")]
    [JsonPropertyOrder(4)]
    public JsonObject? Cache { get; init; }

    /// <summary>Error handlers.</summary>
    [JsonPropertyName("errors")]
    [JsonPropertyOrder(5)]
    public IReadOnlyList<KestraTask>? Errors { get; init; }

    /// <summary>Final tasks.</summary>
    [JsonPropertyName("finally")]
    [JsonPropertyOrder(6)]
    public IReadOnlyList<KestraTask>? Finally { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("tasks", Tasks is { Count: > 0 })];

    /// <inheritdoc />
    public override IEnumerable<TaskBranch> Branches() =>
        new[] { ListBranch("tasks", BranchKind.Sequential, Tasks) }
            .Concat(Handlers(Errors, Finally));
}

/// <summary>Pauses the execution until resumed or a duration passes. Kestra type <c>io.kestra.plugin.core.flow.Pause</c>.</summary>
[AllowUnknownFields]
public sealed record PauseTask : KestraTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.core.flow.Pause";

    /// <summary>Creates the task with its type set.</summary>
    public PauseTask() => Type = TypeName;

    /// <summary>How long to pause (ISO 8601).</summary>
    [JsonPropertyName("pauseDuration")]
    [JsonPropertyOrder(0)]
    public string? PauseDuration { get; init; }

    /// <summary>Deprecated name of pauseDuration.</summary>
    [JsonPropertyName("delay")]
    [JsonPropertyOrder(1)]
    public string? Delay { get; init; }

    /// <summary>RESUME, WARN, FAIL or CANCEL when the pause ends.</summary>
    [JsonPropertyName("behavior")]
    [JsonPropertyOrder(3)]
    public string? Behavior { get; init; }

    /// <summary>Inputs asked when resuming.</summary>
    [JsonPropertyName("onResume")]
    [JsonPropertyOrder(4)]
    public JsonArray? OnResume { get; init; }

    /// <summary>Deprecated: tasks run after the pause.</summary>
    [JsonPropertyName("tasks")]
    [JsonPropertyOrder(5)]
    public IReadOnlyList<KestraTask>? Tasks { get; init; }

    /// <inheritdoc />
    public override IEnumerable<TaskBranch> Branches() =>
        new[] { ListBranch("tasks", BranchKind.Sequential, Tasks) };
}

/// <summary>Sends an HTTP request. Kestra type <c>io.kestra.plugin.core.http.Request</c>.</summary>
[AllowUnknownFields]
public sealed record HttpRequestTask : KestraTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.core.http.Request";

    /// <summary>Creates the task with its type set.</summary>
    public HttpRequestTask() => Type = TypeName;

    /// <summary>The URI.</summary>
    [JsonPropertyName("uri")]
    [JsonPropertyOrder(0)]
    public string? Uri { get; init; }

    /// <summary>GET (default), POST, PUT, PATCH, DELETE, HEAD, OPTIONS.</summary>
    [JsonPropertyName("method")]
    [JsonPropertyOrder(1)]
    public string? Method { get; init; }

    /// <summary>The body.</summary>
    [JsonPropertyName("body")]
    [JsonPropertyOrder(2)]
    public JsonNode? Body { get; init; }

    /// <summary>The content type.</summary>
    [JsonPropertyName("contentType")]
    [JsonPropertyOrder(3)]
    public string? ContentType { get; init; }

    /// <summary>Headers.</summary>
    [JsonPropertyName("headers")]
    [JsonPropertyOrder(4)]
    public JsonObject? Headers { get; init; }

    /// <summary>Form data.</summary>
    [JsonPropertyName("formData")]
    [JsonPropertyOrder(5)]
    public JsonObject? FormData { get; init; }

    /// <summary>Client options (timeouts, auth, …).</summary>
    [JsonPropertyName("options")]
    [JsonPropertyOrder(6)]
    public JsonObject? Options { get; init; }

    /// <summary>TLS options.</summary>
    [JsonPropertyName("sslOptions")]
    [JsonPropertyOrder(7)]
    public JsonObject? SslOptions { get; init; }

    /// <summary>Do not fail on 4xx/5xx.</summary>
    [JsonPropertyName("allowFailed")]
    [JsonPropertyOrder(8)]
    public bool? AllowFailed { get; init; }

    /// <summary>Encrypt the response body in outputs.</summary>
    [JsonPropertyName("encryptBody")]
    [JsonPropertyOrder(9)]
    public bool? EncryptBody { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("uri", Has(Uri))];
}

/// <summary>Fails the execution (when a condition holds). Kestra type <c>io.kestra.plugin.core.execution.Fail</c>.</summary>
[AllowUnknownFields]
public sealed record FailTask : KestraTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.core.execution.Fail";

    /// <summary>Creates the task with its type set.</summary>
    public FailTask() => Type = TypeName;

    /// <summary>Fail only when true.</summary>
    [JsonPropertyName("condition")]
    [JsonPropertyOrder(0)]
    public string? Condition { get; init; }

    /// <summary>The message.</summary>
    [JsonPropertyName("errorMessage")]
    [JsonPropertyOrder(1)]
    public string? ErrorMessage { get; init; }
}

/// <summary>Adds labels to the running execution. Kestra type <c>io.kestra.plugin.core.execution.Labels</c>.</summary>
[AllowUnknownFields]
public sealed record LabelsTask : KestraTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.core.execution.Labels";

    /// <summary>Creates the task with its type set.</summary>
    public LabelsTask() => Type = TypeName;

    /// <summary>A map or a list of {key, value}.</summary>
    [JsonPropertyName("labels")]
    [JsonPropertyOrder(0)]
    public JsonNode? Labels { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("labels", Labels is not null)];
}

/// <summary>Stores a value in the KV store. Kestra type <c>io.kestra.plugin.core.kv.Set</c>.</summary>
[AllowUnknownFields]
public sealed record KvSetTask : KestraTask
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.core.kv.Set";

    /// <summary>Creates the task with its type set.</summary>
    public KvSetTask() => Type = TypeName;

    /// <summary>The key.</summary>
    [JsonPropertyName("key")]
    [JsonPropertyOrder(0)]
    public string? Key { get; init; }

    /// <summary>The value.</summary>
    [JsonPropertyName("value")]
    [JsonPropertyOrder(1)]
    public JsonNode? Value { get; init; }

    /// <summary>The namespace (default: the flow's).</summary>
    [JsonPropertyName("namespace")]
    [JsonPropertyOrder(2)]
    public string? Namespace { get; init; }

    /// <summary>Overwrite an existing value (default true).</summary>
    [JsonPropertyName("overwrite")]
    [JsonPropertyOrder(3)]
    public bool? Overwrite { get; init; }

    /// <summary>Time to live (ISO 8601).</summary>
    [JsonPropertyName("ttl")]
    [JsonPropertyOrder(4)]
    public string? Ttl { get; init; }

    /// <summary>STRING, NUMBER, BOOLEAN, DATETIME, DATE, DURATION or JSON.</summary>
    [JsonPropertyName("kvType")]
    [JsonPropertyOrder(5)]
    public string? KvType { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("key", Has(Key)), ("value", Value is not null)];
}

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

/// <summary>Starts the flow on a cron schedule. Kestra type <c>io.kestra.plugin.core.trigger.Schedule</c>.</summary>
[AllowUnknownFields]
public sealed record ScheduleTrigger : KestraTrigger
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.core.trigger.Schedule";

    /// <summary>Creates the task with its type set.</summary>
    public ScheduleTrigger() => Type = TypeName;

    /// <summary>The cron expression: 5 fields (6 with withSeconds) or @hourly, @daily, …</summary>
    [JsonPropertyName("cron")]
    [JsonPropertyOrder(0)]
    public string? Cron { get; init; }

    /// <summary>The time zone (default the server's).</summary>
    [JsonPropertyName("timezone")]
    [JsonPropertyOrder(1)]
    public string? Timezone { get; init; }

    /// <summary>The cron has a seconds field.</summary>
    [JsonPropertyName("withSeconds")]
    [JsonPropertyOrder(2)]
    public bool? WithSeconds { get; init; }

    /// <summary>Inputs of the started executions.</summary>
    [JsonPropertyName("inputs")]
    [JsonPropertyOrder(3)]
    public JsonObject? Inputs { get; init; }

    /// <summary>Labels of the started executions.</summary>
    [JsonPropertyName("labels")]
    [JsonPropertyOrder(4)]
    public JsonNode? Labels { get; init; }

    /// <summary>Backfill from a start date.</summary>
    [JsonPropertyName("backfill")]
    [JsonPropertyOrder(5)]
    public JsonObject? Backfill { get; init; }

    /// <summary>ALL, LAST or NONE.</summary>
    [JsonPropertyName("recoverMissedSchedules")]
    [JsonPropertyOrder(6)]
    public string? RecoverMissedSchedules { get; init; }

    /// <summary>Skip schedules later than this.</summary>
    [JsonPropertyName("lateMaximumDelay")]
    [JsonPropertyOrder(7)]
    public string? LateMaximumDelay { get; init; }

    /// <summary>Conditions on the schedule date.</summary>
    [JsonPropertyName("scheduleConditions")]
    [JsonPropertyOrder(8)]
    public JsonArray? ScheduleConditions { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("cron", Has(Cron))];
}

/// <summary>Starts the flow when other executions end. Kestra type <c>io.kestra.plugin.core.trigger.Flow</c>.</summary>
[AllowUnknownFields]
public sealed record FlowTrigger : KestraTrigger
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.core.trigger.Flow";

    /// <summary>Creates the task with its type set.</summary>
    public FlowTrigger() => Type = TypeName;

    /// <summary>Inputs, rendered in the context of the upstream execution.</summary>
    [JsonPropertyName("inputs")]
    [JsonPropertyOrder(0)]
    public JsonObject? Inputs { get; init; }

    /// <summary>Upstream flows and states to wait for.</summary>
    [JsonPropertyName("preconditions")]
    [JsonPropertyOrder(1)]
    public JsonObject? Preconditions { get; init; }

    /// <summary>Upstream end states (default SUCCESS, WARNING, FAILED, KILLED).</summary>
    [JsonPropertyName("states")]
    [JsonPropertyOrder(2)]
    public IReadOnlyList<string>? States { get; init; }

    /// <summary>Labels of the started executions.</summary>
    [JsonPropertyName("labels")]
    [JsonPropertyOrder(3)]
    public JsonNode? Labels { get; init; }
}

/// <summary>Starts the flow on an HTTP call to /api/v1/executions/webhook/{namespace}/{flowId}/{key}. Kestra type <c>io.kestra.plugin.core.trigger.Webhook</c>.</summary>
[AllowUnknownFields]
public sealed record WebhookTrigger : KestraTrigger
{
    /// <summary>The Kestra type name.</summary>
    public const string TypeName = "io.kestra.plugin.core.trigger.Webhook";

    /// <summary>Creates the task with its type set.</summary>
    public WebhookTrigger() => Type = TypeName;

    /// <summary>The secret part of the URL.</summary>
    [JsonPropertyName("key")]
    [JsonPropertyOrder(0)]
    public string? Key { get; init; }

    /// <summary>Inputs of the started executions.</summary>
    [JsonPropertyName("inputs")]
    [JsonPropertyOrder(1)]
    public JsonObject? Inputs { get; init; }

    /// <summary>Answer only when the execution ends.</summary>
    [JsonPropertyName("wait")]
    [JsonPropertyOrder(2)]
    public bool? Wait { get; init; }

    /// <summary>Answer with the flow outputs.</summary>
    [JsonPropertyName("returnOutputs")]
    [JsonPropertyOrder(3)]
    public bool? ReturnOutputs { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Name, bool Present)> RequiredProperties() => [("key", Has(Key))];
}

/// <summary>One task of a <see cref="DagTask"/> with the ids it waits for.</summary>
public sealed record DagTaskEntry
{
    /// <summary>The task.</summary>
    [JsonPropertyName("task")]
    public required KestraTask Task { get; init; }

    /// <summary>Ids of the Dag tasks that must end first.</summary>
    [JsonPropertyName("dependsOn")]
    public IReadOnlyList<string>? DependsOn { get; init; }
}
