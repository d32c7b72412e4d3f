using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Validation;

namespace DataPlatform.Sdk.Kestra;


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
