using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.GitHub;
using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Validation;

[assembly: ManifestModule(typeof(GitHubModule))]

namespace DataPlatform.Sdk.GitHub;

/// <summary>A GitHub Actions workflow (<c>.github/workflows/*.yaml</c>). <c>on</c> is written quoted, so YAML 1.1 readers do not turn it into <c>true</c>.</summary>
[AllowUnknownFields]
public sealed record GitHubWorkflow : IHasOrigin
{
    /// <summary>The stand-in apiVersion the kind registry files workflows under (never written).</summary>
    public const string RegistryApiVersion = "github.com/actions";

    /// <summary>The workflow name.</summary>
    [JsonPropertyName("name")]
    [JsonPropertyOrder(-10)]
    public string? Name { get; init; }

    /// <summary>The run name expression.</summary>
    [JsonPropertyName("run-name")]
    [JsonPropertyOrder(-9)]
    public string? RunName { get; init; }

    /// <summary>The triggers: an event name, a list of events, or a map of events to filters.</summary>
    [JsonPropertyName("on")]
    [JsonPropertyOrder(-8)]
    public JsonNode? On { get; init; }

    /// <summary>Token permissions: <c>read-all</c>, <c>write-all</c>, <c>{}</c> or a map of scope → read/write/none.</summary>
    [JsonPropertyName("permissions")]
    [JsonPropertyOrder(-7)]
    public JsonNode? Permissions { get; init; }

    /// <summary>Concurrency group (a string or {group, cancel-in-progress}).</summary>
    [JsonPropertyName("concurrency")]
    [JsonPropertyOrder(-6)]
    public JsonNode? Concurrency { get; init; }

    /// <summary>Environment variables of every job.</summary>
    [JsonPropertyName("env")]
    [JsonPropertyOrder(-5)]
    public JsonObject? Env { get; init; }

    /// <summary>Defaults (run shell, working directory).</summary>
    [JsonPropertyName("defaults")]
    [JsonPropertyOrder(-4)]
    public JsonObject? Defaults { get; init; }

    /// <summary>The jobs, by id.</summary>
    [JsonPropertyName("jobs")]
    public IReadOnlyDictionary<string, GitHubJob> Jobs { get; init => field = value ?? new Dictionary<string, GitHubJob>(); } = new Dictionary<string, GitHubJob>();

    /// <summary>Keys this model does not know, kept.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <inheritdoc />
    [JsonIgnore]
    public ManifestOrigin Origin { get; init; }

    /// <summary>Whether a document is a workflow: <c>jobs</c> and <c>on</c> (or the <c>true</c> YAML 1.1 makes of an unquoted <c>on</c>).</summary>
    /// <param name="json">The document.</param>
    /// <returns><see langword="true"/> for workflows.</returns>
    public static bool LooksLikeWorkflow(JsonElement json) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty("jobs", out var jobs) && jobs.ValueKind == JsonValueKind.Object
        && (json.TryGetProperty("on", out _) || json.TryGetProperty("true", out _)) && !json.TryGetProperty("apiVersion", out _);
}

/// <summary>A job.</summary>
[AllowUnknownFields]
public sealed record GitHubJob
{
    /// <summary>Display name.</summary>
    [JsonPropertyName("name")]
    [JsonPropertyOrder(-10)]
    public string? Name { get; init; }

    /// <summary>Jobs that must succeed first (a string or a list).</summary>
    [JsonPropertyName("needs")]
    [JsonPropertyOrder(-9)]
    public JsonNode? Needs { get; init; }

    /// <summary>Condition.</summary>
    [JsonPropertyName("if")]
    [JsonPropertyOrder(-8)]
    public string? If { get; init; }

    /// <summary>The runner (a label, a list of labels or a group).</summary>
    [JsonPropertyName("runs-on")]
    [JsonPropertyOrder(-7)]
    public JsonNode? RunsOn { get; init; }

    /// <summary>The deployment environment (name or {name, url}).</summary>
    [JsonPropertyName("environment")]
    [JsonPropertyOrder(-6)]
    public JsonNode? Environment { get; init; }

    /// <summary>Token permissions of this job.</summary>
    [JsonPropertyName("permissions")]
    [JsonPropertyOrder(-5)]
    public JsonNode? Permissions { get; init; }

    /// <summary>Concurrency of this job.</summary>
    [JsonPropertyName("concurrency")]
    public JsonNode? Concurrency { get; init; }

    /// <summary>Timeout.</summary>
    [JsonPropertyName("timeout-minutes")]
    public JsonNode? TimeoutMinutes { get; init; }

    /// <summary>Environment variables.</summary>
    [JsonPropertyName("env")]
    public JsonObject? Env { get; init; }

    /// <summary>Matrix strategy.</summary>
    [JsonPropertyName("strategy")]
    public JsonObject? Strategy { get; init; }

    /// <summary>A reusable workflow to call instead of steps.</summary>
    [JsonPropertyName("uses")]
    public string? Uses { get; init; }

    /// <summary>Inputs of the reusable workflow.</summary>
    [JsonPropertyName("with")]
    public JsonObject? With { get; init; }

    /// <summary>Secrets passed to the reusable workflow (<c>inherit</c> or a map).</summary>
    [JsonPropertyName("secrets")]
    public JsonNode? Secrets { get; init; }

    /// <summary>Outputs.</summary>
    [JsonPropertyName("outputs")]
    public JsonObject? Outputs { get; init; }

    /// <summary>The steps.</summary>
    [JsonPropertyName("steps")]
    public IReadOnlyList<GitHubStep> Steps { get; init => field = value ?? []; } = [];

    /// <summary>Keys this model does not know (container, services, defaults, continue-on-error…), kept.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A step: an action (<c>uses</c>) or a shell command (<c>run</c>).</summary>
[AllowUnknownFields]
public sealed record GitHubStep
{
    /// <summary>The step id (for outputs).</summary>
    [JsonPropertyName("id")]
    [JsonPropertyOrder(-10)]
    public string? Id { get; init; }

    /// <summary>Display name.</summary>
    [JsonPropertyName("name")]
    [JsonPropertyOrder(-9)]
    public string? Name { get; init; }

    /// <summary>Condition.</summary>
    [JsonPropertyName("if")]
    [JsonPropertyOrder(-8)]
    public string? If { get; init; }

    /// <summary>The action, pinned: <c>owner/repo@v4</c> or a full commit SHA.</summary>
    [JsonPropertyName("uses")]
    [JsonPropertyOrder(-7)]
    public string? Uses { get; init; }

    /// <summary>Inputs of the action.</summary>
    [JsonPropertyName("with")]
    public JsonObject? With { get; init; }

    /// <summary>Environment variables.</summary>
    [JsonPropertyName("env")]
    public JsonObject? Env { get; init; }

    /// <summary>The command (a literal block when multi-line).</summary>
    [JsonPropertyName("run")]
    public string? Run { get; init; }

    /// <summary>The shell.</summary>
    [JsonPropertyName("shell")]
    public string? Shell { get; init; }

    /// <summary>The working directory.</summary>
    [JsonPropertyName("working-directory")]
    public string? WorkingDirectory { get; init; }

    /// <summary>Keys this model does not know, kept.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Diagnostics of GitHub Actions workflows (<c>DPW</c>).</summary>
public static class GitHubDiagnostics
{
    /// <summary>DPW001: an action not pinned to a version tag or commit.</summary>
    public static readonly DiagnosticDescriptor UnpinnedAction = new(
        "DPW001", "Action not pinned", DiagnosticSeverity.Error,
        "Pin the action to a release tag (actions/checkout@v4) or, better, a full commit SHA; a branch can change under you.");

    /// <summary>DPW002: permissions that are not least-privilege.</summary>
    public static readonly DiagnosticDescriptor BroadPermissions = new(
        "DPW002", "Token permissions not least-privilege", DiagnosticSeverity.Error,
        "Declare 'permissions' at the top (e.g. contents: read) and widen them only on the job that needs it; never write-all.");

    /// <summary>DPW003: a credential written into the workflow.</summary>
    public static readonly DiagnosticDescriptor PlaintextSecret = new(
        "DPW003", "Secret in plain text", DiagnosticSeverity.Error,
        "Reference it: ${{ secrets.NAME }} (repository or environment secret), never the value.");

    /// <summary>DPW004: an unquoted 'on' that YAML 1.1 reads as true.</summary>
    public static readonly DiagnosticDescriptor UnquotedOn = new(
        "DPW004", "Unquoted 'on' key", DiagnosticSeverity.Warning,
        "Write \"on\": GitHub reads it, but YAML 1.1 tools (yamllint, Kubernetes tooling) read an unquoted on as true.");

    /// <summary>Every code of this package.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = [UnpinnedAction, BroadPermissions, PlaintextSecret, UnquotedOn];
}

/// <summary>Registers workflows (recognised by content: <c>on</c> and <c>jobs</c>) and their rules.</summary>
public sealed class GitHubModule : ManifestModule
{
    /// <inheritdoc />
    public override System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver? TypeInfoResolver => GitHubJsonContext.Default;

    /// <inheritdoc />
    public override void RegisterKinds(KindRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register<GitHubWorkflow>(GitHubWorkflow.RegistryApiVersion, "Workflow");
        registry.RegisterRecognizer(GitHubWorkflow.RegistryApiVersion, "Workflow", GitHubWorkflow.LooksLikeWorkflow);
    }

    /// <inheritdoc />
    public override IEnumerable<IObjectRule> Rules => [new WorkflowRule()];

    /// <inheritdoc />
    public override IEnumerable<DiagnosticDescriptor> Diagnostics => GitHubDiagnostics.All;
}

/// <summary>DPW001–DPW004.</summary>
public sealed partial class WorkflowRule : ObjectRule<GitHubWorkflow>
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => GitHubDiagnostics.All;

    /// <inheritdoc />
    protected override void Check(GitHubWorkflow obj, RuleContext context)
    {
        if (obj.On is null && obj.AdditionalProperties?.ContainsKey("true") == true)
        {
            context.Report(GitHubDiagnostics.UnquotedOn, "The triggers are under an unquoted 'on', which YAML 1.1 reads as the boolean true.", "/true");
        }
        else if (context.Source?.Document.Root is Yaml.YamlMapping root && root.Find("on") is { Key.Style: Yaml.YamlScalarStyle.Plain })
        {
            context.Report(GitHubDiagnostics.UnquotedOn, "The 'on' key is unquoted; YAML 1.1 tools read it as the boolean true.", "/on");
        }

        if (obj.Permissions is JsonValue { } p && p.ToString() == "write-all")
        {
            context.Report(GitHubDiagnostics.BroadPermissions, "permissions: write-all gives every job every scope.", "/permissions");
        }

        CheckEnv(obj.Env, "/env", context);
        foreach (var (id, job) in obj.Jobs)
        {
            var jp = "/jobs/" + YamlJson.EscapePointer(id);
            if (obj.Permissions is null && job.Permissions is null)
            {
                context.Report(GitHubDiagnostics.BroadPermissions, DiagnosticSeverity.Warning, $"Job '{id}' runs with the repository's default token permissions (possibly write); declare them.", jp);
            }

            if (job.Permissions is JsonValue { } jperm && jperm.ToString() == "write-all")
            {
                context.Report(GitHubDiagnostics.BroadPermissions, $"Job '{id}' has permissions: write-all.", jp + "/permissions");
            }

            if (job.Uses is { } reusable && !IsPinned(reusable) && !reusable.StartsWith("./", StringComparison.Ordinal))
            {
                context.Report(GitHubDiagnostics.UnpinnedAction, $"Job '{id}' calls '{reusable}' without a pinned ref.", jp + "/uses");
            }

            CheckEnv(job.Env, jp + "/env", context);
            for (var i = 0; i < job.Steps.Count; i++)
            {
                var step = job.Steps[i];
                var sp = $"{jp}/steps/{i}";
                if (step.Uses is { } uses && !uses.StartsWith("./", StringComparison.Ordinal) && !IsPinned(uses))
                {
                    context.Report(GitHubDiagnostics.UnpinnedAction, $"Step {i + 1} of '{id}' uses '{uses}' without a version tag or commit SHA.", sp + "/uses");
                }

                CheckEnv(step.Env, sp + "/env", context);
                CheckEnv(step.With, sp + "/with", context);
            }
        }
    }

    /// <summary>Whether an action reference is pinned: <c>@v4</c>, <c>@v4.1.2</c>, <c>@&lt;40-hex SHA&gt;</c>, or a docker image with a tag or digest.</summary>
    /// <param name="uses">The reference.</param>
    /// <returns><see langword="true"/> when pinned.</returns>
    public static bool IsPinned(string uses)
    {
        ArgumentNullException.ThrowIfNull(uses);
        if (uses.StartsWith("docker://", StringComparison.Ordinal))
        {
            var image = uses["docker://".Length..];
            return image.Contains('@', StringComparison.Ordinal) || (image.LastIndexOf(':') > image.LastIndexOf('/') && !image.EndsWith(":latest", StringComparison.Ordinal));
        }

        var at = uses.LastIndexOf('@');
        if (at < 0)
        {
            return false;
        }

        var reference = uses[(at + 1)..];
        return Sha().IsMatch(reference) || VersionTag().IsMatch(reference);
    }

    private static void CheckEnv(JsonObject? values, string pointer, RuleContext context)
    {
        foreach (var (key, value) in values ?? [])
        {
            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } text
                && !text.Contains("${{", StringComparison.Ordinal)
                && (SecretName().IsMatch(key) && text.Length >= 8 || KnownToken().IsMatch(text)))
            {
                context.Report(GitHubDiagnostics.PlaintextSecret, $"'{key}' holds a literal credential.", pointer + "/" + YamlJson.EscapePointer(key));
            }
        }
    }

    [GeneratedRegex(@"^[0-9a-f]{40}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha();

    [GeneratedRegex(@"^v?\d+(\.\d+){0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionTag();

    [GeneratedRegex(@"(password|passwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"(ghp_[0-9A-Za-z]{20,}|github_pat_[0-9A-Za-z_]{20,}|AKIA[0-9A-Z]{16}|xox[bp]-|sk_live_|-----BEGIN [A-Z ]*PRIVATE KEY-----)", RegexOptions.CultureInvariant)]
    private static partial Regex KnownToken();
}
