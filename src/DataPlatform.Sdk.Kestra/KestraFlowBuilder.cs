using System.Text.Json.Nodes;
using DataPlatform.Sdk.Validation;

namespace DataPlatform.Sdk.Kestra;

/// <summary>Builds a list of tasks, nesting flowable tasks through callbacks.</summary>
/// <typeparam name="TSelf">The concrete builder, returned by every method.</typeparam>
public abstract class TaskListBuilder<TSelf>
    where TSelf : TaskListBuilder<TSelf>
{
    private readonly List<KestraTask> _tasks = [];

    /// <summary>The tasks added so far.</summary>
    public IReadOnlyList<KestraTask> Tasks => _tasks;

    /// <summary>Adds any task (typed or <see cref="GenericTask"/>).</summary>
    /// <param name="task">The task.</param>
    /// <returns>This builder.</returns>
    public TSelf Task(KestraTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        _tasks.Add(task);
        return (TSelf)this;
    }

    /// <summary>Adds a task of a plugin without a typed class.</summary>
    /// <param name="id">The task id.</param>
    /// <param name="type">The plugin type.</param>
    /// <param name="properties">Its properties.</param>
    /// <returns>This builder.</returns>
    public TSelf Task(string id, string type, JsonObject properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var extra = properties.ToDictionary(p => p.Key, p => System.Text.Json.JsonSerializer.SerializeToElement(p.Value, Json.ManifestJson.TypeInfo(typeof(JsonNode))), StringComparer.Ordinal);
        return Task(new GenericTask { Id = id, Type = type, AdditionalProperties = extra });
    }

    /// <summary>Adds a Log task.</summary>
    /// <param name="id">The task id.</param>
    /// <param name="message">The message (Pebble).</param>
    /// <param name="level">The level (INFO when null).</param>
    /// <returns>This builder.</returns>
    public TSelf Log(string id, string message, KestraLogLevel? level = null) => Task(new LogTask { Id = id, Message = message, Level = level is { } l ? KestraEnumText.Text(l) : null });

    /// <summary>Adds a Return task.</summary>
    /// <param name="id">The task id.</param>
    /// <param name="format">The template.</param>
    /// <returns>This builder.</returns>
    public TSelf Return(string id, string format) => Task(new ReturnTask { Id = id, Format = format });

    /// <summary>Adds an inline Python script (written as a literal block).</summary>
    /// <param name="id">The task id.</param>
    /// <param name="script">The script.</param>
    /// <param name="configure">Sets the image, dependencies, env, …</param>
    /// <returns>This builder.</returns>
    public TSelf Python(string id, string script, Func<PythonScriptTask, PythonScriptTask>? configure = null)
    {
        var task = new PythonScriptTask { Id = id, Script = script };
        return Task(configure is null ? task : configure(task));
    }

    /// <summary>Adds Python commands.</summary>
    /// <param name="id">The task id.</param>
    /// <param name="commands">The commands.</param>
    /// <param name="configure">Sets the image, dependencies, env, …</param>
    /// <returns>This builder.</returns>
    public TSelf PythonCommands(string id, IReadOnlyList<string> commands, Func<PythonCommandsTask, PythonCommandsTask>? configure = null)
    {
        var task = new PythonCommandsTask { Id = id, Commands = commands };
        return Task(configure is null ? task : configure(task));
    }

    /// <summary>Adds shell commands.</summary>
    /// <param name="id">The task id.</param>
    /// <param name="commands">The commands.</param>
    /// <param name="configure">Sets the image, env, …</param>
    /// <returns>This builder.</returns>
    public TSelf Shell(string id, IReadOnlyList<string> commands, Func<ShellCommandsTask, ShellCommandsTask>? configure = null)
    {
        var task = new ShellCommandsTask { Id = id, Commands = commands };
        return Task(configure is null ? task : configure(task));
    }

    /// <summary>Adds an HTTP request.</summary>
    /// <param name="id">The task id.</param>
    /// <param name="uri">The URI.</param>
    /// <param name="method">The method (GET when null).</param>
    /// <returns>This builder.</returns>
    public TSelf Http(string id, string uri, HttpMethod? method = null) => Task(new HttpRequestTask { Id = id, Uri = uri, Method = method is null || method == HttpMethod.Get ? null : method.Method });

    /// <summary>Adds a PostgreSQL query.</summary>
    /// <param name="id">The task id.</param>
    /// <param name="sql">The SQL.</param>
    /// <param name="configure">Sets url, credentials (as secrets), fetch type.</param>
    /// <returns>This builder.</returns>
    public TSelf PostgresQuery(string id, string sql, Func<PostgresQueryTask, PostgresQueryTask>? configure = null)
    {
        var task = new PostgresQueryTask { Id = id, Sql = sql };
        return Task(configure is null ? task : configure(task));
    }

    /// <summary>Adds a Subflow task.</summary>
    /// <param name="id">The task id.</param>
    /// <param name="ns">The subflow namespace.</param>
    /// <param name="flowId">The subflow id.</param>
    /// <param name="inputs">Its inputs.</param>
    /// <returns>This builder.</returns>
    public TSelf Subflow(string id, string ns, string flowId, JsonObject? inputs = null) =>
        Task(new SubflowTask { Id = id, Namespace = ns, FlowId = flowId, Inputs = inputs });

    /// <summary>Adds a Fail task.</summary>
    /// <param name="id">The task id.</param>
    /// <param name="errorMessage">The message.</param>
    /// <param name="condition">Fail only when true.</param>
    /// <returns>This builder.</returns>
    public TSelf Fail(string id, string? errorMessage = null, string? condition = null) => Task(new FailTask { Id = id, ErrorMessage = errorMessage, Condition = condition });

    /// <summary>Adds a Sequential task.</summary>
    /// <param name="id">The task id.</param>
    /// <param name="tasks">Adds its tasks.</param>
    /// <param name="errors">Adds its error handlers.</param>
    /// <returns>This builder.</returns>
    public TSelf Sequential(string id, Action<TaskListBuilder> tasks, Action<TaskListBuilder>? errors = null) =>
        Task(new SequentialTask { Id = id, Tasks = Build(tasks), Errors = BuildOrNull(errors) });

    /// <summary>Adds a Parallel task.</summary>
    /// <param name="id">The task id.</param>
    /// <param name="tasks">Adds its tasks.</param>
    /// <param name="concurrent">How many run at once (all when null).</param>
    /// <returns>This builder.</returns>
    public TSelf Parallel(string id, Action<TaskListBuilder> tasks, int? concurrent = null) =>
        Task(new ParallelTask { Id = id, Tasks = Build(tasks), Concurrent = concurrent });

    /// <summary>Adds an If task.</summary>
    /// <param name="id">The task id.</param>
    /// <param name="condition">The condition.</param>
    /// <param name="then">Adds the tasks run when true.</param>
    /// <param name="else">Adds the tasks run when false.</param>
    /// <returns>This builder.</returns>
    public TSelf If(string id, string condition, Action<TaskListBuilder> then, Action<TaskListBuilder>? @else = null) =>
        Task(new IfTask { Id = id, Condition = condition, Then = Build(then), Else = BuildOrNull(@else) });

    /// <summary>Adds a ForEach task.</summary>
    /// <param name="id">The task id.</param>
    /// <param name="values">A list or an expression producing one.</param>
    /// <param name="tasks">Adds the tasks run per value.</param>
    /// <param name="concurrencyLimit">How many values run at once.</param>
    /// <returns>This builder.</returns>
    public TSelf ForEach(string id, JsonNode values, Action<TaskListBuilder> tasks, int? concurrencyLimit = null) =>
        Task(new ForEachTask { Id = id, Values = values, Tasks = Build(tasks), ConcurrencyLimit = concurrencyLimit });

    /// <summary>Adds a WorkingDirectory task.</summary>
    /// <param name="id">The task id.</param>
    /// <param name="tasks">Adds its tasks.</param>
    /// <returns>This builder.</returns>
    public TSelf WorkingDirectory(string id, Action<TaskListBuilder> tasks) => Task(new WorkingDirectoryTask { Id = id, Tasks = Build(tasks) });

    /// <summary>Builds a nested list.</summary>
    /// <param name="build">Adds the tasks.</param>
    /// <returns>The tasks.</returns>
    protected static IReadOnlyList<KestraTask> Build(Action<TaskListBuilder> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var b = new TaskListBuilder();
        build(b);
        return b.Tasks;
    }

    private static IReadOnlyList<KestraTask>? BuildOrNull(Action<TaskListBuilder>? build) => build is null ? null : Build(build);
}

/// <summary>Builds a nested list of tasks (the branches of flowable tasks).</summary>
public sealed class TaskListBuilder : TaskListBuilder<TaskListBuilder>;

/// <summary>Builds a <see cref="KestraFlow"/>: <c>KestraFlow.Create("ingest", "finance.ingest", f =&gt; f.Input(…).Log(…).Schedule("0 2 * * *"))</c>.</summary>
public sealed class KestraFlowBuilder : TaskListBuilder<KestraFlowBuilder>
{
    private readonly string _id;
    private readonly string _namespace;
    private readonly List<KestraInput> _inputs = [];
    private readonly List<KestraOutput> _outputs = [];
    private readonly List<KestraTrigger> _triggers = [];
    private readonly List<KestraTask> _errors = [];
    private readonly List<KestraTask> _finally = [];
    private readonly List<KestraPluginDefault> _defaults = [];
    private readonly List<KeyValuePair<string, string>> _labels = [];
    private readonly JsonObject _variables = [];
    private string? _description;
    private KestraRetry? _retry;
    private KestraConcurrency? _concurrency;

    internal KestraFlowBuilder(string id, string ns)
    {
        _id = id;
        _namespace = ns;
    }

    /// <summary>Sets the description.</summary>
    /// <param name="description">Markdown.</param>
    /// <returns>This builder.</returns>
    public KestraFlowBuilder Description(string description)
    {
        _description = description;
        return this;
    }

    /// <summary>Adds a label.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public KestraFlowBuilder Label(string key, string value)
    {
        _labels.Add(new(key, value));
        return this;
    }

    /// <summary>Adds an input.</summary>
    /// <param name="id">The id.</param>
    /// <param name="type">The type (STRING when null).</param>
    /// <param name="defaults">The default value.</param>
    /// <param name="required">Whether it is required (Kestra's default: true).</param>
    /// <param name="description">Description.</param>
    /// <returns>This builder.</returns>
    public KestraFlowBuilder Input(string id, KestraValueType type = KestraValueType.String, JsonNode? defaults = null, bool? required = null, string? description = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        _inputs.Add(new KestraInput { Id = id, Type = KestraEnumText.Text(type), Defaults = defaults, Required = required, Description = description });
        return this;
    }

    /// <summary>Adds an input.</summary>
    /// <param name="input">The input.</param>
    /// <returns>This builder.</returns>
    public KestraFlowBuilder Input(KestraInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _inputs.Add(input);
        return this;
    }

    /// <summary>Adds a flow output.</summary>
    /// <param name="id">The id.</param>
    /// <param name="value">The value (an expression).</param>
    /// <param name="type">The type.</param>
    /// <returns>This builder.</returns>
    public KestraFlowBuilder Output(string id, string value, KestraValueType type = KestraValueType.String)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        _outputs.Add(new KestraOutput { Id = id, Value = value, Type = KestraEnumText.Text(type) });
        return this;
    }

    /// <summary>Sets a variable.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public KestraFlowBuilder Variable(string name, JsonNode value)
    {
        _variables[name] = value;
        return this;
    }

    /// <summary>Adds error handlers.</summary>
    /// <param name="tasks">Adds them.</param>
    /// <returns>This builder.</returns>
    public KestraFlowBuilder Errors(Action<TaskListBuilder> tasks)
    {
        _errors.AddRange(Build(tasks));
        return this;
    }

    /// <summary>Adds final tasks.</summary>
    /// <param name="tasks">Adds them.</param>
    /// <returns>This builder.</returns>
    public KestraFlowBuilder Finally(Action<TaskListBuilder> tasks)
    {
        _finally.AddRange(Build(tasks));
        return this;
    }

    /// <summary>Adds a Schedule trigger.</summary>
    /// <param name="cron">The cron expression.</param>
    /// <param name="id">The trigger id.</param>
    /// <param name="timezone">The time zone.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The cron expression is not one Kestra accepts.</exception>
    public KestraFlowBuilder Schedule(string cron, string id = "schedule", string? timezone = null)
    {
        if (Cron.Check(cron) is { } problem)
        {
            throw new ArgumentException(problem, nameof(cron));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        _triggers.Add(new ScheduleTrigger { Id = id, Cron = cron, Timezone = timezone });
        return this;
    }

    /// <summary>Adds a Webhook trigger.</summary>
    /// <param name="key">The secret part of the URL; use a <c>{{ secret('…') }}</c> expression.</param>
    /// <param name="id">The trigger id.</param>
    /// <returns>This builder.</returns>
    public KestraFlowBuilder Webhook(string key, string id = "webhook")
    {
        _triggers.Add(new WebhookTrigger { Id = id, Key = key });
        return this;
    }

    /// <summary>Adds a Flow trigger: run when another flow's execution ends in one of the states.</summary>
    /// <param name="ns">The upstream namespace.</param>
    /// <param name="flowId">The upstream flow id.</param>
    /// <param name="id">The trigger id.</param>
    /// <param name="states">The states (SUCCESS when none given).</param>
    /// <returns>This builder.</returns>
    public KestraFlowBuilder AfterFlow(string ns, string flowId, string id = "upstream", params KestraExecutionState[] states)
    {
        ArgumentNullException.ThrowIfNull(states);
        var names = states.Length == 0 ? ["SUCCESS"] : states.Select(KestraEnumText.Text).ToArray();
        var flows = new JsonArray(new JsonObject { ["namespace"] = ns, ["flowId"] = flowId, ["states"] = new JsonArray([.. names.Select(s => (JsonNode?)s)]) });
        _triggers.Add(new FlowTrigger { Id = id, Preconditions = new JsonObject { ["id"] = "upstream", ["flows"] = flows } });
        return this;
    }

    /// <summary>Adds any trigger.</summary>
    /// <param name="trigger">The trigger.</param>
    /// <returns>This builder.</returns>
    public KestraFlowBuilder Trigger(KestraTrigger trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        _triggers.Add(trigger);
        return this;
    }

    /// <summary>Sets the retry of every failed task run of the flow.</summary>
    /// <param name="maxAttempts">Maximum attempts.</param>
    /// <param name="interval">ISO 8601 interval.</param>
    /// <returns>This builder.</returns>
    public KestraFlowBuilder Retry(int maxAttempts, string interval = "PT1M")
    {
        _retry = new KestraRetry { Type = "constant", MaxAttempt = maxAttempts, Interval = interval, Behavior = "RETRY_FAILED_TASK" };
        return this;
    }

    /// <summary>Limits concurrent executions.</summary>
    /// <param name="limit">The limit.</param>
    /// <param name="behavior">What happens to an execution beyond the limit.</param>
    /// <returns>This builder.</returns>
    public KestraFlowBuilder Concurrency(int limit, ConcurrencyBehavior behavior = ConcurrencyBehavior.Queue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        _concurrency = new KestraConcurrency { Limit = limit, Behavior = KestraEnumText.Text(behavior) };
        return this;
    }

    /// <summary>Sets default properties for a plugin type.</summary>
    /// <param name="type">The plugin type.</param>
    /// <param name="values">The values.</param>
    /// <param name="forced">Override values set on tasks.</param>
    /// <returns>This builder.</returns>
    public KestraFlowBuilder PluginDefault(string type, JsonObject values, bool? forced = null)
    {
        _defaults.Add(new KestraPluginDefault { Type = type, Values = values, Forced = forced });
        return this;
    }

    internal KestraFlow Build() => new()
    {
        Id = _id,
        Namespace = _namespace,
        Description = _description,
        Labels = _labels.Count == 0 ? null : new KestraLabels(_labels),
        Inputs = _inputs,
        Variables = _variables.Count == 0 ? null : _variables,
        Tasks = Tasks,
        Errors = _errors,
        Finally = _finally,
        Outputs = _outputs,
        Triggers = _triggers,
        PluginDefaults = _defaults,
        Retry = _retry,
        Concurrency = _concurrency,
    };
}
