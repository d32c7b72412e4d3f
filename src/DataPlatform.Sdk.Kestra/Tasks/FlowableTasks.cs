using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DataPlatform.Sdk.Json;

namespace DataPlatform.Sdk.Kestra;


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
