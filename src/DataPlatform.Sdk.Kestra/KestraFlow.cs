using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Manifests;

namespace DataPlatform.Sdk.Kestra;

/// <summary>
/// A Kestra flow, as stored in <c>pipelines/&lt;name&gt;.yml</c>: its identity (<see cref="Id"/> and
/// <see cref="Namespace"/>), inputs, tasks (polymorphic on <c>type</c>), error handlers and triggers. Load one with
/// <see cref="ManifestLoader"/> (flows are recognised by their content) and build one with <see cref="Create"/>.
/// </summary>
public sealed record KestraFlow : IHasOrigin
{
    /// <summary>The stand-in apiVersion the kind registry files flows under (flows carry no apiVersion; it is never written).</summary>
    public const string RegistryApiVersion = "kestra.io/flow";

    /// <summary>The stand-in kind the kind registry files flows under.</summary>
    public const string RegistryKind = "Flow";

    /// <summary>The flow id, unique in its namespace (<c>^[a-zA-Z0-9][a-zA-Z0-9._-]*</c>).</summary>
    [JsonPropertyName("id")]
    [JsonPropertyOrder(-100)]
    public string Id { get; init; } = string.Empty;

    /// <summary>The namespace: lower case, dot separated (<c>finance.ingest</c>).</summary>
    [JsonPropertyName("namespace")]
    [JsonPropertyOrder(-99)]
    public string Namespace { get; init; } = string.Empty;

    /// <summary>The tenant (Kestra Enterprise).</summary>
    [JsonPropertyName("tenantId")]
    [JsonPropertyOrder(-98)]
    public string? TenantId { get; init; }

    /// <summary>The server-managed revision.</summary>
    [JsonPropertyName("revision")]
    [JsonPropertyOrder(-97)]
    public int? Revision { get; init; }

    /// <summary>Markdown description.</summary>
    [JsonPropertyName("description")]
    [JsonPropertyOrder(-96)]
    public string? Description { get; init; }

    /// <summary>Labels, as a map or a list of key/value pairs (the form read is the form written).</summary>
    [JsonPropertyName("labels")]
    [JsonPropertyOrder(-95)]
    public KestraLabels? Labels { get; init; }

    /// <summary>Whether the flow is disabled.</summary>
    [JsonPropertyName("disabled")]
    public bool? Disabled { get; init; }

    /// <summary>Whether the flow was deleted (server-managed).</summary>
    [JsonPropertyName("deleted")]
    public bool? Deleted { get; init; }

    /// <summary>Flow-level variables (<c>{{ vars.name }}</c>).</summary>
    [JsonPropertyName("variables")]
    public JsonObject? Variables { get; init; }

    /// <summary>The inputs.</summary>
    [JsonPropertyName("inputs")]
    public IReadOnlyList<KestraInput> Inputs { get; init => field = value ?? []; } = [];

    /// <summary>The flow outputs (values rendered when the execution ends).</summary>
    [JsonPropertyName("outputs")]
    public IReadOnlyList<KestraOutput> Outputs { get; init => field = value ?? []; } = [];

    /// <summary>The main tasks, run in order. A flow needs at least one.</summary>
    [JsonPropertyName("tasks")]
    public IReadOnlyList<KestraTask> Tasks { get; init => field = value ?? []; } = [];

    /// <summary>Tasks run when a task fails.</summary>
    [JsonPropertyName("errors")]
    public IReadOnlyList<KestraTask> Errors { get; init => field = value ?? []; } = [];

    /// <summary>Tasks run at the end, whatever the outcome.</summary>
    [JsonPropertyName("finally")]
    public IReadOnlyList<KestraTask> Finally { get; init => field = value ?? []; } = [];

    /// <summary>Tasks run after the execution has ended (its final state known).</summary>
    [JsonPropertyName("afterExecution")]
    public IReadOnlyList<KestraTask> AfterExecution { get; init => field = value ?? []; } = [];

    /// <summary>Deprecated listeners (Kestra replaced them with flow triggers).</summary>
    [JsonPropertyName("listeners")]
    public JsonArray? Listeners { get; init; }

    /// <summary>Triggers (schedules, flow triggers, webhooks, …).</summary>
    [JsonPropertyName("triggers")]
    public IReadOnlyList<KestraTrigger> Triggers { get; init => field = value ?? []; } = [];

    /// <summary>Default property values per plugin type.</summary>
    [JsonPropertyName("pluginDefaults")]
    public IReadOnlyList<KestraPluginDefault> PluginDefaults { get; init => field = value ?? []; } = [];

    /// <summary>The deprecated name of <see cref="PluginDefaults"/>.</summary>
    [JsonPropertyName("taskDefaults")]
    public IReadOnlyList<KestraPluginDefault> TaskDefaults { get; init => field = value ?? []; } = [];

    /// <summary>Concurrency limit of the flow's executions.</summary>
    [JsonPropertyName("concurrency")]
    public KestraConcurrency? Concurrency { get; init; }

    /// <summary>Retry of the whole flow.</summary>
    [JsonPropertyName("retry")]
    public KestraRetry? Retry { get; init; }

    /// <summary>Service level assertions.</summary>
    [JsonPropertyName("sla")]
    public IReadOnlyList<KestraSla> Sla { get; init => field = value ?? []; } = [];

    /// <summary>Checks evaluated before an execution is created (Kestra 1.x).</summary>
    [JsonPropertyName("checks")]
    public JsonArray? Checks { get; init; }

    /// <summary>The worker group the flow's tasks run on (Kestra Enterprise).</summary>
    [JsonPropertyName("workerGroup")]
    public JsonObject? WorkerGroup { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public ManifestOrigin Origin { get; init; }

    /// <summary>The file name a repository stores the flow under: <c>&lt;id&gt;.yml</c>.</summary>
    [JsonIgnore]
    public string FileName => Id + ".yml";

    /// <summary>Builds a flow.</summary>
    /// <param name="id">The flow id.</param>
    /// <param name="ns">The namespace.</param>
    /// <param name="build">Adds inputs, tasks, triggers, …</param>
    /// <returns>The flow.</returns>
    /// <exception cref="Diagnostics.ValidationException">The flow has errors Kestra would reject (a missing task, a duplicate id, …); the message lists every one.</exception>
    public static KestraFlow Create(string id, string ns, Action<KestraFlowBuilder> build)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(ns);
        ArgumentNullException.ThrowIfNull(build);
        var builder = new KestraFlowBuilder(id, ns);
        build(builder);
        var flow = builder.Build();
        Validation.ObjectValidator.Default.Validate(flow).ThrowIfErrors(); // Every built thing is validated: Kestra would reject it.
        return flow;
    }

    /// <summary>
    /// Whether a document's JSON looks like a flow: top-level <c>id</c> and <c>namespace</c> scalars (a namespace that
    /// YAML reads as a boolean or number is still recognised, and then reported) and at least one flow key.
    /// </summary>
    /// <param name="json">The document.</param>
    /// <returns><see langword="true"/> for flows (also those that lost their tasks).</returns>
    public static bool LooksLikeFlow(JsonElement json) =>
        json.ValueKind == JsonValueKind.Object
        && json.TryGetProperty("id", out var id) && id.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)
        && json.TryGetProperty("namespace", out var ns) && ns.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)
        && !json.TryGetProperty("apiVersion", out _) && !json.TryGetProperty("kind", out _)
        && (FlowKeys.Any(k => json.TryGetProperty(k, out _)) || json.EnumerateObject().All(p => TopLevelKeys.Contains(p.Name)));

    /// <summary>Keys only Kestra flows have beside id and namespace (generic ones such as labels or variables are not enough).</summary>
    private static readonly string[] FlowKeys =
        ["tasks", "triggers", "inputs", "errors", "finally", "afterExecution", "pluginDefaults", "taskDefaults", "listeners"];

    /// <summary>
    /// The keys of an empty flow: a document holding only these (id and namespace, perhaps a description or revision)
    /// is a flow too, and gets DPK004, while look-alikes with any other key (labels, variables, …) stay plain YAML.
    /// </summary>
    private static readonly HashSet<string> TopLevelKeys = new(StringComparer.Ordinal) { "id", "namespace", "description", "revision", "disabled", "deleted" };
}

/// <summary>Labels of a flow or execution: a map (<c>team: data</c>) or a list of <c>{key, value}</c>.</summary>
[JsonConverter(typeof(KestraLabelsConverter))]
public sealed class KestraLabels
{
    /// <summary>Creates labels.</summary>
    /// <param name="pairs">The pairs in order.</param>
    /// <param name="listForm">Write them as a list of <c>{key, value}</c> instead of a map.</param>
    public KestraLabels(IEnumerable<KeyValuePair<string, string>> pairs, bool listForm = false)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        Pairs = [.. pairs];
        ListForm = listForm;
    }

    /// <summary>The pairs, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Pairs { get; }

    /// <summary>Whether the labels are written as a list.</summary>
    public bool ListForm { get; }

    /// <summary>The value of a label.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public string? this[string key] => Pairs.Where(p => p.Key == key).Select(p => p.Value).FirstOrDefault();
}

/// <summary>Reads and writes <see cref="KestraLabels"/> in either form.</summary>
internal sealed class KestraLabelsConverter : JsonConverter<KestraLabels>
{
    public override KestraLabels Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        switch (root.ValueKind)
        {
            case JsonValueKind.Object:
                return new KestraLabels(root.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, Text(p.Value))));
            case JsonValueKind.Array:
                var pairs = new List<KeyValuePair<string, string>>();
                foreach (var item in root.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("key", out var k) || k.ValueKind != JsonValueKind.String)
                    {
                        throw new JsonException("Labels in list form need 'key' and 'value' in every item.");
                    }

                    pairs.Add(new(k.GetString()!, item.TryGetProperty("value", out var v) ? Text(v) : string.Empty));
                }

                return new KestraLabels(pairs, listForm: true);
            default:
                throw new JsonException("Labels must be a map or a list of {key, value}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, KestraLabels value, JsonSerializerOptions options)
    {
        if (value.ListForm)
        {
            writer.WriteStartArray();
            foreach (var p in value.Pairs)
            {
                writer.WriteStartObject();
                writer.WriteString("key", p.Key);
                writer.WriteString("value", p.Value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            return;
        }

        writer.WriteStartObject();
        foreach (var p in value.Pairs)
        {
            writer.WriteString(p.Key, p.Value);
        }

        writer.WriteEndObject();
    }

    private static string Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
}

/// <summary>The input types of Kestra.</summary>
public static class KestraInputTypes
{
    /// <summary>Every input type Kestra accepts (<c>ENUM</c> is deprecated in favour of <c>SELECT</c>).</summary>
    public static IReadOnlyList<string> All { get; } =
        ["STRING", "INT", "FLOAT", "BOOLEAN", "SELECT", "MULTISELECT", "ENUM", "DATETIME", "DATE", "TIME", "DURATION", "FILE", "JSON", "YAML", "URI", "SECRET", "ARRAY", "EMAIL", "BOOL"];
}

/// <summary>A flow input.</summary>
public sealed record KestraInput
{
    /// <summary>The input id (<c>^[a-zA-Z0-9][.a-zA-Z0-9_-]*</c>); referenced as <c>{{ inputs.id }}</c>.</summary>
    [JsonPropertyName("id")]
    [JsonPropertyOrder(-10)]
    public string? Id { get; init; }

    /// <summary>The deprecated name of <see cref="Id"/>.</summary>
    [JsonPropertyName("name")]
    [JsonPropertyOrder(-9)]
    public string? Name { get; init; }

    /// <summary>The type: STRING, INT, SELECT, … (see <see cref="KestraInputTypes.All"/>).</summary>
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-8)]
    public string Type { get; init; } = "STRING";

    /// <summary>Display name.</summary>
    [JsonPropertyName("displayName")]
    public string? DisplayName { get; init; }

    /// <summary>Description.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>Whether a value is required; Kestra's default is <see langword="true"/>.</summary>
    [JsonPropertyName("required")]
    public bool? Required { get; init; }

    /// <summary>The default value.</summary>
    [JsonPropertyName("defaults")]
    public JsonNode? Defaults { get; init; }

    /// <summary>A value to prefill without making it the default.</summary>
    [JsonPropertyName("prefill")]
    public JsonNode? Prefill { get; init; }

    /// <summary>Inputs this one depends on, and the condition to show it.</summary>
    [JsonPropertyName("dependsOn")]
    public JsonObject? DependsOn { get; init; }

    /// <summary>SELECT/MULTISELECT/ENUM values.</summary>
    [JsonPropertyName("values")]
    public JsonNode? Values { get; init; }

    /// <summary>MULTISELECT options (deprecated name of values).</summary>
    [JsonPropertyName("options")]
    public JsonNode? Options { get; init; }

    /// <summary>SELECT/MULTISELECT: an expression producing the values.</summary>
    [JsonPropertyName("expression")]
    public string? Expression { get; init; }

    /// <summary>SELECT/MULTISELECT: whether a custom value is allowed.</summary>
    [JsonPropertyName("allowCustomValue")]
    public bool? AllowCustomValue { get; init; }

    /// <summary>SELECT: whether several values may be chosen (Kestra 0.22+).</summary>
    [JsonPropertyName("allowMultiple")]
    public bool? AllowMultiple { get; init; }

    /// <summary>MULTISELECT: whether the list may be empty... and similar flags.</summary>
    [JsonPropertyName("autoSelectFirst")]
    public bool? AutoSelectFirst { get; init; }

    /// <summary>ARRAY: the type of the items.</summary>
    [JsonPropertyName("itemType")]
    public string? ItemType { get; init; }

    /// <summary>STRING/SECRET/EMAIL: a regular expression the value must match.</summary>
    [JsonPropertyName("validator")]
    public string? Validator { get; init; }

    /// <summary>Minimum (INT, FLOAT, DURATION).</summary>
    [JsonPropertyName("min")]
    public JsonNode? Min { get; init; }

    /// <summary>Maximum (INT, FLOAT, DURATION).</summary>
    [JsonPropertyName("max")]
    public JsonNode? Max { get; init; }

    /// <summary>Earliest value (DATE, DATETIME, TIME).</summary>
    [JsonPropertyName("after")]
    public JsonNode? After { get; init; }

    /// <summary>Latest value (DATE, DATETIME, TIME).</summary>
    [JsonPropertyName("before")]
    public JsonNode? Before { get; init; }

    /// <summary>FILE: allowed extensions.</summary>
    [JsonPropertyName("allowedFileExtensions")]
    public IReadOnlyList<string>? AllowedFileExtensions { get; init; }

    /// <summary>JSON/YAML: a schema.</summary>
    [JsonPropertyName("schema")]
    public JsonNode? Schema { get; init; }

    /// <summary>The id, or the deprecated name when there is no id.</summary>
    [JsonIgnore]
    public string? EffectiveId => Id ?? Name;
}

/// <summary>A flow output.</summary>
public sealed record KestraOutput
{
    /// <summary>The output id.</summary>
    [JsonPropertyName("id")]
    [JsonPropertyOrder(-10)]
    public string Id { get; init; } = string.Empty;

    /// <summary>The type (STRING, INT, JSON, FILE, …).</summary>
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-9)]
    public string? Type { get; init; }

    /// <summary>The value, usually an expression over task outputs.</summary>
    [JsonPropertyName("value")]
    public JsonNode? Value { get; init; }

    /// <summary>Description.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>Display name.</summary>
    [JsonPropertyName("displayName")]
    public string? DisplayName { get; init; }

    /// <summary>Whether the output must be present.</summary>
    [JsonPropertyName("required")]
    public bool? Required { get; init; }
}

/// <summary>Default property values applied to every plugin of a type.</summary>
public sealed record KestraPluginDefault
{
    /// <summary>The plugin type (or a package prefix).</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = string.Empty;

    /// <summary>Whether the defaults override values set on the task.</summary>
    [JsonPropertyName("forced")]
    public bool? Forced { get; init; }

    /// <summary>The default values.</summary>
    [JsonPropertyName("values")]
    public JsonObject? Values { get; init; }
}

/// <summary>The concurrency limit of a flow.</summary>
public sealed record KestraConcurrency
{
    /// <summary>The maximum number of running executions.</summary>
    [JsonPropertyName("limit")]
    public int Limit { get; init; }

    /// <summary>What happens beyond the limit: QUEUE, CANCEL or FAIL.</summary>
    [JsonPropertyName("behavior")]
    [System.ComponentModel.DataAnnotations.AllowedValues("QUEUE", "CANCEL", "FAIL")]
    public string? Behavior { get; init; }
}

/// <summary>A retry policy (of a task or of the flow).</summary>
public sealed record KestraRetry
{
    /// <summary>constant, exponential or random.</summary>
    [JsonPropertyName("type")]
    [System.ComponentModel.DataAnnotations.AllowedValues("constant", "exponential", "random")]
    public string Type { get; init; } = "constant";

    /// <summary>Flow retries: RETRY_FAILED_TASK or CREATE_NEW_EXECUTION.</summary>
    [JsonPropertyName("behavior")]
    [System.ComponentModel.DataAnnotations.AllowedValues("RETRY_FAILED_TASK", "CREATE_NEW_EXECUTION")]
    public string? Behavior { get; init; }

    /// <summary>The maximum number of attempts, as newer Kestra documentation spells it.</summary>
    [JsonPropertyName("maxAttempts")]
    public int? MaxAttempts { get; init; }

    /// <summary>The maximum number of attempts, as Kestra's own test flows spell it (the builder writes this one).</summary>
    [JsonPropertyName("maxAttempt")]
    public int? MaxAttempt { get; init; }

    /// <summary>The maximum total duration (ISO 8601).</summary>
    [JsonPropertyName("maxDuration")]
    public string? MaxDuration { get; init; }

    /// <summary>constant: the interval (ISO 8601, e.g. PT30S).</summary>
    [JsonPropertyName("interval")]
    public string? Interval { get; init; }

    /// <summary>exponential: the first interval.</summary>
    [JsonPropertyName("minInterval")]
    public string? MinInterval { get; init; }

    /// <summary>exponential/random: the largest interval.</summary>
    [JsonPropertyName("maxInterval")]
    public string? MaxInterval { get; init; }

    /// <summary>exponential: the growth factor.</summary>
    [JsonPropertyName("delayFactor")]
    public double? DelayFactor { get; init; }

    /// <summary>Whether a successful retry ends the task in WARNING.</summary>
    [JsonPropertyName("warningOnRetry")]
    public bool? WarningOnRetry { get; init; }
}

/// <summary>A service level assertion of a flow.</summary>
public sealed record KestraSla
{
    /// <summary>The SLA id.</summary>
    [JsonPropertyName("id")]
    public string Id { get; init; } = string.Empty;

    /// <summary>MAX_DURATION or EXECUTION_ASSERTION.</summary>
    [JsonPropertyName("type")]
    [System.ComponentModel.DataAnnotations.AllowedValues("MAX_DURATION", "EXECUTION_ASSERTION")]
    public string Type { get; init; } = "MAX_DURATION";

    /// <summary>FAIL, CANCEL or NONE.</summary>
    [JsonPropertyName("behavior")]
    [System.ComponentModel.DataAnnotations.AllowedValues("FAIL", "CANCEL", "NONE")]
    public string? Behavior { get; init; }

    /// <summary>MAX_DURATION: the duration (ISO 8601).</summary>
    [JsonPropertyName("duration")]
    public string? Duration { get; init; }

    /// <summary>EXECUTION_ASSERTION: the condition.</summary>
    [JsonPropertyName("assert")]
    public string? Assert { get; init; }

    /// <summary>Labels added to the execution when the SLA is violated.</summary>
    [JsonPropertyName("labels")]
    public KestraLabels? Labels { get; init; }
}
