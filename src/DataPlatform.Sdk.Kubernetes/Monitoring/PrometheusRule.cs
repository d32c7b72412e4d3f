using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Validation;

namespace DataPlatform.Sdk.Kubernetes.Monitoring;

/// <summary>A Prometheus Operator <c>PrometheusRule</c> (monitoring.coreos.com/v1): groups of alerting and recording rules.</summary>
public sealed record PrometheusRule : IManifest
{
    /// <summary>The API version.</summary>
    public const string CurrentApiVersion = "monitoring.coreos.com/v1";

    /// <inheritdoc />
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; init; } = CurrentApiVersion;

    /// <inheritdoc />
    [JsonPropertyName("kind")]
    public string Kind { get; init; } = "PrometheusRule";

    /// <inheritdoc />
    [JsonPropertyName("metadata")]
    public required ObjectMeta Metadata { get; init; }

    /// <summary>The rule groups.</summary>
    [JsonPropertyName("spec")]
    public required PrometheusRuleSpec Spec { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public ManifestOrigin Origin { get; init; }
}

/// <summary>The spec of a PrometheusRule.</summary>
public sealed record PrometheusRuleSpec
{
    /// <summary>The groups.</summary>
    [JsonPropertyName("groups")]
    public IReadOnlyList<PrometheusRuleGroup> Groups { get; init => field = value ?? []; } = [];
}

/// <summary>A rule group, evaluated together.</summary>
public sealed record PrometheusRuleGroup
{
    /// <summary>The group name (unique in the object).</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Evaluation interval (a Prometheus duration).</summary>
    [JsonPropertyName("interval")]
    public string? Interval { get; init; }

    /// <summary>The rules.</summary>
    [JsonPropertyName("rules")]
    public IReadOnlyList<PrometheusRuleEntry> Rules { get; init => field = value ?? []; } = [];
}

/// <summary>One alerting (<see cref="Alert"/>) or recording (<see cref="Record"/>) rule.</summary>
public sealed record PrometheusRuleEntry
{
    /// <summary>The alert name.</summary>
    [JsonPropertyName("alert")]
    public string? Alert { get; init; }

    /// <summary>The recorded series name.</summary>
    [JsonPropertyName("record")]
    public string? Record { get; init; }

    /// <summary>The PromQL expression.</summary>
    [JsonPropertyName("expr")]
    public required string Expr { get; init; }

    /// <summary>How long the condition must hold (a Prometheus duration such as 15m).</summary>
    [JsonPropertyName("for")]
    public string? For { get; init; }

    /// <summary>Labels (severity, …).</summary>
    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Annotations (summary, description, runbook_url, …).</summary>
    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}

/// <summary>DPC008: a PrometheusRule entry that is neither an alert nor a recording rule, or has an invalid duration or duplicate group.</summary>
public sealed partial class PrometheusRuleRule : ObjectRule<PrometheusRule>
{
    /// <summary>DPC008.</summary>
    public static readonly DiagnosticDescriptor InvalidRule = new(
        "DPC008", "Invalid Prometheus rule", DiagnosticSeverity.Error,
        "Each rule has exactly one of alert or record, a non-empty expr, and durations like 30s, 15m or 1h; group names are unique.");

    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [InvalidRule];

    /// <inheritdoc />
    protected override void Check(PrometheusRule obj, RuleContext context)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var g = 0; g < obj.Spec.Groups.Count; g++)
        {
            var group = obj.Spec.Groups[g];
            if (!names.Add(group.Name))
            {
                context.Report(InvalidRule, $"Group '{group.Name}' is defined twice.", $"/spec/groups/{g}/name");
            }

            if (group.Interval is { } interval && !Duration().IsMatch(interval))
            {
                context.Report(InvalidRule, $"'{interval}' is not a Prometheus duration.", $"/spec/groups/{g}/interval");
            }

            for (var r = 0; r < group.Rules.Count; r++)
            {
                var rule = group.Rules[r];
                var p = $"/spec/groups/{g}/rules/{r}";
                if ((rule.Alert is null) == (rule.Record is null))
                {
                    context.Report(InvalidRule, "A rule needs exactly one of 'alert' and 'record'.", p);
                }

                if (string.IsNullOrWhiteSpace(rule.Expr))
                {
                    context.Report(InvalidRule, "The rule has an empty 'expr'.", p + "/expr");
                }

                if (rule.For is { } f && !Duration().IsMatch(f))
                {
                    context.Report(InvalidRule, $"'{f}' is not a Prometheus duration.", p + "/for");
                }
            }
        }
    }

    [GeneratedRegex(@"^(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();
}
