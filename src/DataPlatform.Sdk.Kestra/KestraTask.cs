using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DataPlatform.Sdk.Json;

namespace DataPlatform.Sdk.Kestra;

/// <summary>How the tasks of a branch run relative to each other.</summary>
public enum BranchKind
{
    /// <summary>One after the other (flow tasks, Sequential, WorkingDirectory, ForEach, If/Switch branches).</summary>
    Sequential,

    /// <summary>At the same time (Parallel).</summary>
    Parallel,

    /// <summary>By declared dependencies (Dag).</summary>
    Dag,

    /// <summary>Error handlers: run after a failure of the tasks beside them.</summary>
    Errors,

    /// <summary>Run at the end, whatever the outcome.</summary>
    Finally,
}

/// <summary>A list of child tasks of a flowable task.</summary>
/// <param name="Name">The property, for example <c>tasks</c>, <c>then</c> or <c>cases/FIRST</c>.</param>
/// <param name="Kind">How its tasks run.</param>
/// <param name="Tasks">The tasks with their pointers relative to the flowable task.</param>
/// <param name="Exclusive">The branch runs instead of its sibling branches (If's then/else, Switch cases).</param>
public sealed record TaskBranch(string Name, BranchKind Kind, IReadOnlyList<(string Pointer, KestraTask Task)> Tasks, bool Exclusive = false);

/// <summary>
/// A Kestra task. Each value is read into the typed class registered for its <c>type</c> in <see cref="KestraPlugins"/>
/// (or into <see cref="GenericTask"/>, which keeps every property of any other plugin). Properties a typed class does
/// not model are kept in <see cref="AdditionalProperties"/> and written back.
/// </summary>
[JsonConverter(typeof(KestraPolymorphicConverter<KestraTask>))]
[ShapeResolver(typeof(KestraTaskShapeResolver))]
public abstract record KestraTask
{
    /// <summary>The task id, unique in the flow (<c>^[a-zA-Z0-9][a-zA-Z0-9_-]*</c>, no dots).</summary>
    [JsonPropertyName("id")]
    [JsonPropertyOrder(-100)]
    public string Id { get; init; } = string.Empty;

    /// <summary>The plugin type: a dotted Java class name.</summary>
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-99)]
    public string Type { get; init; } = string.Empty;

    /// <summary>Description.</summary>
    [JsonPropertyName("description")]
    [JsonPropertyOrder(-98)]
    public string? Description { get; init; }

    /// <summary>Retry policy.</summary>
    [JsonPropertyName("retry")]
    [JsonPropertyOrder(50)]
    public KestraRetry? Retry { get; init; }

    /// <summary>Maximum duration (ISO 8601, e.g. PT1H).</summary>
    [JsonPropertyName("timeout")]
    [JsonPropertyOrder(51)]
    public string? Timeout { get; init; }

    /// <summary>Whether the task is skipped.</summary>
    [JsonPropertyName("disabled")]
    [JsonPropertyOrder(52)]
    public bool? Disabled { get; init; }

    /// <summary>Whether a failure of this task lets the execution go on (ending in WARNING).</summary>
    [JsonPropertyName("allowFailure")]
    [JsonPropertyOrder(53)]
    public bool? AllowFailure { get; init; }

    /// <summary>Whether a WARNING of this task ends as SUCCESS.</summary>
    [JsonPropertyName("allowWarning")]
    [JsonPropertyOrder(54)]
    public bool? AllowWarning { get; init; }

    /// <summary>Run the task only when this expression is true.</summary>
    [JsonPropertyName("runIf")]
    [JsonPropertyOrder(55)]
    public string? RunIf { get; init; }

    /// <summary>Minimum log level kept.</summary>
    [JsonPropertyName("logLevel")]
    [JsonPropertyOrder(56)]
    public string? LogLevel { get; init; }

    /// <summary>Whether logs go to a file instead of the database.</summary>
    [JsonPropertyName("logToFile")]
    [JsonPropertyOrder(57)]
    public bool? LogToFile { get; init; }

    /// <summary>The worker group (Kestra Enterprise).</summary>
    [JsonPropertyName("workerGroup")]
    [JsonPropertyOrder(58)]
    public JsonObject? WorkerGroup { get; init; }

    /// <summary>Properties the typed class does not model (every property beyond the common ones for <see cref="GenericTask"/>).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>The child task lists, for flowable tasks.</summary>
    /// <returns>The branches, in the order Kestra runs them.</returns>
    public virtual IEnumerable<TaskBranch> Branches() => [];

    /// <summary>The JSON names of properties whose strings are rendered in another flow's context (Subflow <c>outputs</c>).</summary>
    [JsonIgnore]
    public virtual IReadOnlyCollection<string> ForeignContextProperties => [];

    /// <summary>Extra task ids a flowable task creates at run time, whose outputs may be referenced (ForEachItem's <c>_merge</c>, …).</summary>
    [JsonIgnore]
    public virtual IEnumerable<string> GeneratedTaskIds => [];

    /// <summary>Properties this typed class needs (Kestra rejects the task without them), with whether each is set.</summary>
    /// <returns>Name and presence of each required property.</returns>
    public virtual IEnumerable<(string Name, bool Present)> RequiredProperties() => [];

    /// <summary>Whether the class models its plugin (false for <see cref="GenericTask"/>).</summary>
    [JsonIgnore]
    public virtual bool IsTyped => true;

    /// <summary>Builds a branch from a list.</summary>
    /// <param name="name">The property.</param>
    /// <param name="kind">How its tasks run.</param>
    /// <param name="tasks">The tasks.</param>
    /// <param name="exclusive">Whether the branch excludes its siblings.</param>
    /// <returns>The branch.</returns>
    protected static TaskBranch ListBranch(string name, BranchKind kind, IReadOnlyList<KestraTask>? tasks, bool exclusive = false) =>
        new(name, kind, [.. (tasks ?? []).Select((t, i) => ("/" + name + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), t))], exclusive);

    /// <summary>The error handlers and final tasks every flowable task may have.</summary>
    /// <param name="errors">errors.</param>
    /// <param name="finally">finally.</param>
    /// <returns>The branches that are not empty.</returns>
    protected static IEnumerable<TaskBranch> Handlers(IReadOnlyList<KestraTask>? errors, IReadOnlyList<KestraTask>? @finally)
    {
        if (errors is { Count: > 0 })
        {
            yield return ListBranch("errors", BranchKind.Errors, errors);
        }

        if (@finally is { Count: > 0 })
        {
            yield return ListBranch("finally", BranchKind.Finally, @finally);
        }
    }

    /// <summary>Whether a string property is set.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when not empty.</returns>
    protected static bool Has(string? value) => !string.IsNullOrEmpty(value);
}

/// <summary>A task of a plugin without a typed class: every property is kept and written back.</summary>
[AllowUnknownFields]
public sealed record GenericTask : KestraTask
{
    private static readonly (string Name, BranchKind Kind)[] BranchNames =
    [
        ("tasks", BranchKind.Sequential), ("then", BranchKind.Sequential), ("else", BranchKind.Sequential),
        ("defaults", BranchKind.Sequential), ("errors", BranchKind.Errors), ("finally", BranchKind.Finally),
    ];

    /// <inheritdoc />
    [JsonIgnore]
    public override bool IsTyped => false;

    /// <summary>A property's value.</summary>
    /// <param name="name">The JSON name.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public JsonElement? this[string name] => AdditionalProperties is { } p && p.TryGetValue(name, out var v) ? v : null;

    /// <summary>
    /// Child tasks found in the usual flowable properties (tasks, then, else, cases, defaults, errors, finally), so
    /// that ids, references and nesting are checked inside plugins without a typed class (AllowFailure, LoopUntil, …).
    /// </summary>
    /// <returns>The branches.</returns>
    public override IEnumerable<TaskBranch> Branches()
    {
        if (AdditionalProperties is null)
        {
            yield break;
        }

        foreach (var (name, kind) in BranchNames)
        {
            if (AdditionalProperties.TryGetValue(name, out var list) && ReadTasks(list, "/" + name) is { Count: > 0 } tasks)
            {
                yield return new TaskBranch(name, kind, tasks, Exclusive: name is "then" or "else");
            }
        }

        if (AdditionalProperties.TryGetValue("cases", out var cases) && cases.ValueKind == JsonValueKind.Object)
        {
            foreach (var c in cases.EnumerateObject())
            {
                var pointer = "/cases/" + YamlJson.EscapePointer(c.Name);
                if (ReadTasks(c.Value, pointer) is { Count: > 0 } tasks)
                {
                    yield return new TaskBranch("cases/" + c.Name, BranchKind.Sequential, tasks, Exclusive: true);
                }
            }
        }
    }

    private static List<(string, KestraTask)> ReadTasks(JsonElement list, string pointer)
    {
        var result = new List<(string, KestraTask)>();
        if (list.ValueKind != JsonValueKind.Array)
        {
            return result;
        }

        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                && item.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String)
            {
                try
                {
                    if (item.Deserialize(ManifestJson.TypeInfo(typeof(KestraTask))) is KestraTask task)
                    {
                        result.Add((pointer + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), task));
                    }
                }
                catch (JsonException)
                {
                    // Not a task after all; the plugin owns this property.
                }
            }

            i++;
        }

        return result;
    }
}

/// <summary>
/// A Kestra trigger. Read into the typed class registered for its <c>type</c>, or into <see cref="GenericTrigger"/>.
/// </summary>
[JsonConverter(typeof(KestraPolymorphicConverter<KestraTrigger>))]
[ShapeResolver(typeof(KestraTriggerShapeResolver))]
public abstract record KestraTrigger
{
    /// <summary>The trigger id, unique in the flow (no dots).</summary>
    [JsonPropertyName("id")]
    [JsonPropertyOrder(-100)]
    public string Id { get; init; } = string.Empty;

    /// <summary>The plugin type.</summary>
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-99)]
    public string Type { get; init; } = string.Empty;

    /// <summary>Description.</summary>
    [JsonPropertyName("description")]
    [JsonPropertyOrder(-98)]
    public string? Description { get; init; }

    /// <summary>Whether the trigger is disabled.</summary>
    [JsonPropertyName("disabled")]
    [JsonPropertyOrder(50)]
    public bool? Disabled { get; init; }

    /// <summary>Conditions that must hold for the trigger to fire.</summary>
    [JsonPropertyName("conditions")]
    [JsonPropertyOrder(51)]
    public JsonArray? Conditions { get; init; }

    /// <summary>Execution states after which the trigger disables itself.</summary>
    [JsonPropertyName("stopAfter")]
    [JsonPropertyOrder(52)]
    public IReadOnlyList<string>? StopAfter { get; init; }

    /// <summary>Minimum log level kept.</summary>
    [JsonPropertyName("logLevel")]
    [JsonPropertyOrder(53)]
    public string? LogLevel { get; init; }

    /// <summary>Minimum log level kept (newer name).</summary>
    [JsonPropertyName("minLogLevel")]
    [JsonPropertyOrder(54)]
    public string? MinLogLevel { get; init; }

    /// <summary>Whether logs go to a file.</summary>
    [JsonPropertyName("logToFile")]
    [JsonPropertyOrder(55)]
    public bool? LogToFile { get; init; }

    /// <summary>The worker group (Kestra Enterprise).</summary>
    [JsonPropertyName("workerGroup")]
    [JsonPropertyOrder(56)]
    public JsonObject? WorkerGroup { get; init; }

    /// <summary>Properties the typed class does not model.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>Properties this typed class needs, with whether each is set.</summary>
    /// <returns>Name and presence of each required property.</returns>
    public virtual IEnumerable<(string Name, bool Present)> RequiredProperties() => [];

    /// <summary>Whether the class models its plugin.</summary>
    [JsonIgnore]
    public virtual bool IsTyped => true;

    /// <summary>Whether a string property is set.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when not empty.</returns>
    protected static bool Has(string? value) => !string.IsNullOrEmpty(value);
}

/// <summary>A trigger of a plugin without a typed class: every property is kept and written back.</summary>
[AllowUnknownFields]
public sealed record GenericTrigger : KestraTrigger
{
    /// <inheritdoc />
    [JsonIgnore]
    public override bool IsTyped => false;
}

/// <summary>Reads a task or trigger into the class registered for its <c>type</c>, and writes it with its own contract.</summary>
/// <typeparam name="TBase">KestraTask or KestraTrigger.</typeparam>
internal sealed class KestraPolymorphicConverter<TBase> : JsonConverter<TBase>
    where TBase : class
{
    public override TBase? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"A {(typeof(TBase) == typeof(KestraTask) ? "task" : "trigger")} must be an object with 'id' and 'type'.");
        }

        var concrete = KestraPlugins.Resolve<TBase>(root);
        return (TBase?)root.Clone().Deserialize(options.GetTypeInfo(concrete));
    }

    public override void Write(Utf8JsonWriter writer, TBase value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options.GetTypeInfo(value.GetType()));
}

/// <summary>Lets the shape validator check each task against its typed class.</summary>
public sealed class KestraTaskShapeResolver : IShapeTypeResolver
{
    /// <inheritdoc />
    public Type Resolve(JsonElement json) => KestraPlugins.Resolve<KestraTask>(json);
}

/// <summary>Lets the shape validator check each trigger against its typed class.</summary>
public sealed class KestraTriggerShapeResolver : IShapeTypeResolver
{
    /// <inheritdoc />
    public Type Resolve(JsonElement json) => KestraPlugins.Resolve<KestraTrigger>(json);
}
