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
