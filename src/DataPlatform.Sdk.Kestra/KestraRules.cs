using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Validation;

namespace DataPlatform.Sdk.Kestra;

/// <summary>The patterns Kestra validates ids and types with.</summary>
public static partial class KestraPatterns
{
    /// <summary>Flow id: <c>^[a-zA-Z0-9][a-zA-Z0-9._-]*</c>.</summary>
    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9._-]*$", RegexOptions.CultureInvariant)]
    public static partial Regex FlowId();

    /// <summary>Namespace: <c>^[a-z0-9][a-z0-9._-]*</c>.</summary>
    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]*$", RegexOptions.CultureInvariant)]
    public static partial Regex Namespace();

    /// <summary>Task and trigger id: <c>^[a-zA-Z0-9][a-zA-Z0-9_-]*</c>.</summary>
    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9_-]*$", RegexOptions.CultureInvariant)]
    public static partial Regex TaskId();

    /// <summary>Input id: <c>^[a-zA-Z0-9][.a-zA-Z0-9_-]*</c>.</summary>
    [GeneratedRegex(@"^[a-zA-Z0-9][.a-zA-Z0-9_-]*$", RegexOptions.CultureInvariant)]
    public static partial Regex InputId();

    /// <summary>A dotted Java class name.</summary>
    [GeneratedRegex(@"^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)+$", RegexOptions.CultureInvariant)]
    public static partial Regex JavaClass();

    /// <summary>An ISO 8601 duration as java.time.Duration parses it.</summary>
    [GeneratedRegex(@"^[-+]?P(?:[-+]?[0-9]+D)?(?:T(?:[-+]?[0-9]+H)?(?:[-+]?[0-9]+M)?(?:[-+]?[0-9]+(?:[.,][0-9]{0,9})?S)?)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    public static partial Regex IsoDuration();
}

/// <summary>Base of the flow rules: one code each, reading the cached <see cref="FlowAnalysis"/>.</summary>
public abstract class KestraFlowRule : ObjectRule<KestraFlow>
{
    /// <summary>Every trigger with its pointer.</summary>
    /// <param name="flow">The flow.</param>
    /// <returns>The triggers.</returns>
    protected static IEnumerable<(KestraTrigger Trigger, string Pointer)> Triggers(KestraFlow flow) =>
        flow.Triggers.Select((t, i) => (t, "/triggers/" + i.ToString(CultureInfo.InvariantCulture)));
}

/// <summary>DPK001/DPK002: the flow id and namespace patterns.</summary>
public sealed class FlowIdentityRule : KestraFlowRule
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [KestraDiagnostics.InvalidFlowId, KestraDiagnostics.InvalidNamespace];

    /// <inheritdoc />
    protected override void Check(KestraFlow obj, RuleContext context)
    {
        if (!KestraPatterns.FlowId().IsMatch(obj.Id))
        {
            context.Report(KestraDiagnostics.InvalidFlowId, $"Flow id '{obj.Id}' does not match ^[a-zA-Z0-9][a-zA-Z0-9._-]*.", "/id");
        }

        if (!KestraPatterns.Namespace().IsMatch(obj.Namespace))
        {
            var lower = obj.Namespace.ToLowerInvariant();
            context.Report(KestraDiagnostics.InvalidNamespace, $"Namespace '{obj.Namespace}' does not match ^[a-z0-9][a-z0-9._-]*.", "/namespace",
                KestraPatterns.Namespace().IsMatch(lower) ? $"Namespaces are lower case: use '{lower}'." : null);
        }
    }
}

/// <summary>DPK003: task and trigger ids (no dots).</summary>
public sealed class TaskIdRule : KestraFlowRule
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [KestraDiagnostics.InvalidTaskId];

    /// <inheritdoc />
    protected override void Check(KestraFlow obj, RuleContext context)
    {
        foreach (var node in FlowAnalysis.Of(obj).Tasks)
        {
            Check(node.Task.Id, node.Pointer, "Task", context);
        }

        foreach (var (trigger, pointer) in Triggers(obj))
        {
            Check(trigger.Id, pointer, "Trigger", context);
        }
    }

    private static void Check(string id, string pointer, string what, RuleContext context)
    {
        if (string.IsNullOrEmpty(id))
        {
            context.Report(KestraDiagnostics.InvalidTaskId, $"{what} has no id.", pointer);
        }
        else if (!KestraPatterns.TaskId().IsMatch(id))
        {
            context.Report(KestraDiagnostics.InvalidTaskId, $"{what} id '{id}' does not match ^[a-zA-Z0-9][a-zA-Z0-9_-]*{(id.Contains('.', StringComparison.Ordinal) ? " (dots are not allowed)" : string.Empty)}.",
                pointer + "/id", id.Contains('.', StringComparison.Ordinal) ? $"Use '{id.Replace('.', '_')}'." : null);
        }
    }
}

/// <summary>DPK004: at least one task.</summary>
public sealed class NoTasksRule : KestraFlowRule
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [KestraDiagnostics.NoTasks];

    /// <inheritdoc />
    protected override void Check(KestraFlow obj, RuleContext context)
    {
        if (obj.Tasks.Count == 0)
        {
            context.Report(KestraDiagnostics.NoTasks, $"Flow '{obj.Namespace}.{obj.Id}' has no tasks.", obj.Origin.Source?.Document.Locate("/tasks").IsKnown == true ? "/tasks" : "/id");
        }
    }
}

/// <summary>DPK005: task and trigger ids unique across the whole flow.</summary>
public sealed class DuplicateIdRule : KestraFlowRule
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [KestraDiagnostics.DuplicateId];

    /// <inheritdoc />
    protected override void Check(KestraFlow obj, RuleContext context)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var all = FlowAnalysis.Of(obj).Tasks.Select(n => (n.Task.Id, n.Pointer, What: "task")).Concat(Triggers(obj).Select(t => (t.Trigger.Id, t.Pointer, What: "trigger")));
        foreach (var (id, pointer, what) in all)
        {
            if (string.IsNullOrEmpty(id))
            {
                continue;
            }

            if (seen.TryGetValue(id, out var first))
            {
                context.Report(KestraDiagnostics.DuplicateId, $"The {what} id '{id}' is already used at {first}.", pointer + "/id");
            }
            else
            {
                seen[id] = pointer;
            }
        }
    }
}

/// <summary>DPK006: cron expressions of Schedule triggers.</summary>
public sealed class CronRule : KestraFlowRule
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [KestraDiagnostics.InvalidCron];

    /// <inheritdoc />
    protected override void Check(KestraFlow obj, RuleContext context)
    {
        foreach (var (trigger, pointer) in Triggers(obj))
        {
            if (trigger is ScheduleTrigger { Cron: { Length: > 0 } cron } schedule && !Pebble.IsTemplate(cron)
                && Cron.Check(cron, schedule.WithSeconds == true) is { } problem)
            {
                context.Report(KestraDiagnostics.InvalidCron, $"Trigger '{trigger.Id}': {problem}", pointer + "/cron");
            }
        }
    }
}

/// <summary>
/// DPK007/DPK008: every <c>{{ outputs.&lt;taskId&gt; }}</c> names a task of the flow that has run when the expression is
/// rendered. Certain cases (a later task in the same sequence, a main task reading an error handler) are errors;
/// uncertain ones (a parallel sibling, another branch of an If or Switch, a Dag task without a dependency path) are
/// warnings. Expressions rendered against other executions (triggers, Subflow outputs) are not checked.
/// </summary>
public sealed class OutputReferenceRule : KestraFlowRule
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [KestraDiagnostics.UnknownOutputTask, KestraDiagnostics.OutputNotYetAvailable];

    /// <inheritdoc />
    protected override void Check(KestraFlow obj, RuleContext context)
    {
        var analysis = FlowAnalysis.Of(obj);
        foreach (var r in analysis.References.Where(r => r.Reference.Kind == PebbleReferenceKind.Output && r.Context != ReferenceContext.Foreign))
        {
            var target = analysis.Find(r.Reference.Name);
            if (target is null)
            {
                if (!r.Reference.Guarded)
                {
                    var near = Spelling.Closest(analysis.Tasks.Select(n => n.Task.Id), r.Reference.Name, 2);
                    context.Report(KestraDiagnostics.UnknownOutputTask, $"'outputs.{r.Reference.Name}' refers to no task of this flow.", r.Pointer,
                        near is null ? null : $"Did you mean '{near}'?");
                }

                continue;
            }

            if (r.Context != ReferenceContext.Task || r.From is null || r.From.IsHandler || r.Reference.Guarded)
            {
                continue;
            }

            if (Order(target, r.From) is { } finding)
            {
                context.Report(KestraDiagnostics.OutputNotYetAvailable, finding.Severity,
                    $"Task '{r.From.Task.Id}' reads 'outputs.{r.Reference.Name}', but {finding.Why}.", r.Pointer);
            }
        }
    }

    /// <summary>Whether <paramref name="target"/> has surely run before <paramref name="reader"/>; a finding when not.</summary>
    private static (DiagnosticSeverity Severity, string Why)? Order(TaskNode target, TaskNode reader)
    {
        if (ReferenceEquals(target, reader))
        {
            return (DiagnosticSeverity.Warning, "that is the task itself, whose outputs exist only once it has ended");
        }

        var tc = target.Chain;
        var rc = reader.Chain;
        if (rc.Contains(target))
        {
            return (DiagnosticSeverity.Warning, $"'{target.Task.Id}' contains it and ends after it");
        }

        if (tc.Contains(reader))
        {
            return (DiagnosticSeverity.Warning, $"'{target.Task.Id}' runs inside it, so its outputs are not there when '{reader.Task.Id}' starts");
        }

        if (target.Section != reader.Section)
        {
            return target.Section == FlowSection.Tasks ? null : (DiagnosticSeverity.Error, $"'{target.Task.Id}' is in the flow's {Name(target.Section)}, which runs after the main tasks");
        }

        // The deepest common ancestor, and the two children of it (or top-level nodes) that lead to each task.
        var depth = 0;
        while (depth < tc.Count && depth < rc.Count && ReferenceEquals(tc[depth], rc[depth]))
        {
            depth++;
        }

        var t = tc[depth];
        var r = rc[depth];
        if (t.Branch is null && r.Branch is null)
        {
            return t.Index < r.Index ? null : (DiagnosticSeverity.Error, $"'{target.Task.Id}' runs later in the flow");
        }

        if (!ReferenceEquals(t.Branch, r.Branch) && t.Branch is not null && r.Branch is not null && t.Branch.Name != r.Branch.Name)
        {
            if (t.Branch.Kind is BranchKind.Errors or BranchKind.Finally)
            {
                return (DiagnosticSeverity.Error, $"'{target.Task.Id}' is in the {t.Branch.Name} of '{t.Parent!.Task.Id}', which run after its tasks");
            }

            return t.Branch.Exclusive && r.Branch.Exclusive
                ? (DiagnosticSeverity.Warning, $"'{target.Task.Id}' is in the '{t.Branch.Name}' branch of '{t.Parent!.Task.Id}' and '{reader.Task.Id}' in '{r.Branch.Name}'; only one of them runs")
                : (DiagnosticSeverity.Warning, $"'{target.Task.Id}' and '{reader.Task.Id}' are in different branches of '{t.Parent!.Task.Id}'");
        }

        var kind = t.Branch!.Kind;
        switch (kind)
        {
            case BranchKind.Parallel:
                return (DiagnosticSeverity.Warning, $"'{target.Task.Id}' runs in parallel with it (in '{t.Parent!.Task.Id}'); it may not have ended yet");
            case BranchKind.Dag when t.Parent!.Task is DagTask dag:
                return DependsOn(dag, r.Task.Id, t.Task.Id)
                    ? null
                    : (DiagnosticSeverity.Warning, $"'{r.Task.Id}' does not depend on '{t.Task.Id}' in the Dag '{dag.Id}'; add it to dependsOn");
            default:
                return t.Index < r.Index ? null : (DiagnosticSeverity.Error, $"'{target.Task.Id}' runs after it (later in '{t.Parent!.Task.Id}')");
        }
    }

    private static bool DependsOn(DagTask dag, string from, string on)
    {
        var deps = (dag.Tasks ?? []).ToDictionary(e => e.Task.Id, e => e.DependsOn ?? [], StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([from]);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (!seen.Add(id) || !deps.TryGetValue(id, out var next))
            {
                continue;
            }

            foreach (var d in next)
            {
                if (d == on)
                {
                    return true;
                }

                stack.Push(d);
            }
        }

        return false;
    }

    private static string Name(FlowSection section) => section switch
    {
        FlowSection.Errors => "'errors'",
        FlowSection.Finally => "'finally'",
        FlowSection.AfterExecution => "'afterExecution'",
        _ => "'tasks'",
    };
}

/// <summary>DPK009: every <c>{{ inputs.x }}</c> names a declared input.</summary>
public sealed class InputReferenceRule : KestraFlowRule
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [KestraDiagnostics.UndeclaredInput];

    /// <inheritdoc />
    protected override void Check(KestraFlow obj, RuleContext context)
    {
        var declared = obj.Inputs.Select(i => i.EffectiveId).OfType<string>().ToList();
        foreach (var r in FlowAnalysis.Of(obj).References.Where(r => r.Reference.Kind == PebbleReferenceKind.Input && r.Context != ReferenceContext.Foreign && !r.Reference.Guarded))
        {
            var path = r.Reference.Name;
            if (declared.Any(d => d == path || path.StartsWith(d + ".", StringComparison.Ordinal) || d.StartsWith(path + ".", StringComparison.Ordinal)))
            {
                continue;
            }

            var near = Spelling.Closest(declared, path, 2);
            context.Report(KestraDiagnostics.UndeclaredInput, $"'inputs.{path}' is not declared{(declared.Count == 0 ? "; the flow has no inputs" : string.Empty)}.", r.Pointer,
                near is null ? null : $"Did you mean '{near}'?");
        }
    }
}

/// <summary>DPK010/DPK013: plugin types are dotted class names, and relocated ones are flagged.</summary>
public sealed class PluginTypeRule : KestraFlowRule
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [KestraDiagnostics.InvalidType, KestraDiagnostics.DeprecatedType];

    /// <inheritdoc />
    protected override void Check(KestraFlow obj, RuleContext context)
    {
        foreach (var node in FlowAnalysis.Of(obj).Tasks)
        {
            CheckType(node.Task.Type, node.Pointer + "/type", context);
        }

        foreach (var (trigger, pointer) in Triggers(obj))
        {
            CheckType(trigger.Type, pointer + "/type", context);
            var i = 0;
            foreach (var condition in trigger.Conditions ?? [])
            {
                if (condition?["type"]?.GetValueKind() == JsonValueKind.String)
                {
                    CheckType(condition["type"]!.GetValue<string>(), $"{pointer}/conditions/{i}/type", context);
                }

                i++;
            }
        }

        for (var i = 0; i < obj.PluginDefaults.Count; i++)
        {
            CheckType(obj.PluginDefaults[i].Type, $"/pluginDefaults/{i}/type", context, allowPackage: true);
        }

        for (var i = 0; i < obj.TaskDefaults.Count; i++)
        {
            CheckType(obj.TaskDefaults[i].Type, $"/taskDefaults/{i}/type", context, allowPackage: true);
        }
    }

    private static void CheckType(string type, string pointer, RuleContext context, bool allowPackage = false)
    {
        if (string.IsNullOrEmpty(type))
        {
            context.Report(KestraDiagnostics.InvalidType, "The plugin type is missing.", pointer);
            return;
        }

        if (!KestraPatterns.JavaClass().IsMatch(type) && !(allowPackage && KestraPatterns.JavaClass().IsMatch(type.TrimEnd('.', '*'))))
        {
            context.Report(KestraDiagnostics.InvalidType, $"'{type}' is not a dotted Java class name.", pointer);
            return;
        }

        if (KestraPlugins.ReplacementOf(type) is { } replacement)
        {
            context.Report(KestraDiagnostics.DeprecatedType, $"'{type}' is replaced by '{replacement}'.", pointer, $"Write type: {replacement} (KestraMigrations.Migrate does it for every flow).");
        }
    }
}

/// <summary>DPK011: the properties a typed task or trigger needs.</summary>
public sealed class RequiredPropertyRule : KestraFlowRule
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [KestraDiagnostics.MissingProperty];

    /// <inheritdoc />
    protected override void Check(KestraFlow obj, RuleContext context)
    {
        foreach (var node in FlowAnalysis.Of(obj).Tasks)
        {
            foreach (var (name, present) in node.Task.RequiredProperties())
            {
                if (!present)
                {
                    context.Report(KestraDiagnostics.MissingProperty, $"Task '{node.Task.Id}' ({Short(node.Task.Type)}) needs '{name}'.", node.Pointer);
                }
            }
        }

        foreach (var (trigger, pointer) in Triggers(obj))
        {
            foreach (var (name, present) in trigger.RequiredProperties())
            {
                if (!present)
                {
                    context.Report(KestraDiagnostics.MissingProperty, $"Trigger '{trigger.Id}' ({Short(trigger.Type)}) needs '{name}'.", pointer);
                }
            }
        }
    }

    private static string Short(string type) => type[(type.LastIndexOf('.') + 1)..];
}

/// <summary>DPK012: Pebble templates balance.</summary>
public sealed class TemplateSyntaxRule : KestraFlowRule
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [KestraDiagnostics.TemplateSyntax];

    /// <inheritdoc />
    protected override void Check(KestraFlow obj, RuleContext context)
    {
        foreach (var p in FlowAnalysis.Of(obj).TemplateProblems)
        {
            context.Report(KestraDiagnostics.TemplateSyntax, p.Problem, p.Pointer);
        }
    }
}

/// <summary>DPK016/DPK017: inputs have valid, unique ids and known types.</summary>
public sealed class InputDeclarationRule : KestraFlowRule
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [KestraDiagnostics.InvalidInput, KestraDiagnostics.DuplicateInput];

    /// <inheritdoc />
    protected override void Check(KestraFlow obj, RuleContext context)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < obj.Inputs.Count; i++)
        {
            var input = obj.Inputs[i];
            var pointer = "/inputs/" + i.ToString(CultureInfo.InvariantCulture);
            if (input.EffectiveId is not { Length: > 0 } id)
            {
                context.Report(KestraDiagnostics.InvalidInput, "The input has no 'id'.", pointer);
                continue;
            }

            if (!KestraPatterns.InputId().IsMatch(id))
            {
                context.Report(KestraDiagnostics.InvalidInput, $"Input id '{id}' does not match ^[a-zA-Z0-9][.a-zA-Z0-9_-]*.", pointer + (input.Id is null ? "/name" : "/id"));
            }

            if (!KestraInputTypes.All.Contains(input.Type, StringComparer.Ordinal))
            {
                var upper = input.Type.ToUpperInvariant();
                context.Report(KestraDiagnostics.InvalidInput, $"Input '{id}' has the unknown type '{input.Type}'.", pointer + "/type",
                    KestraInputTypes.All.Contains(upper, StringComparer.Ordinal) ? $"Types are upper case: {upper}." : $"Use one of {string.Join(", ", KestraInputTypes.All.Where(t => t != "BOOL"))}.");
            }

            if (!seen.Add(id))
            {
                context.Report(KestraDiagnostics.DuplicateInput, $"Input id '{id}' is declared twice.", pointer);
            }
        }
    }
}

/// <summary>DPK018: ISO 8601 durations (task timeouts, retry intervals, Sleep, Pause, SLA).</summary>
public sealed class DurationRule : KestraFlowRule
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [KestraDiagnostics.InvalidDuration];

    /// <inheritdoc />
    protected override void Check(KestraFlow obj, RuleContext context)
    {
        foreach (var node in FlowAnalysis.Of(obj).Tasks)
        {
            var t = node.Task;
            CheckValue(t.Timeout, node.Pointer + "/timeout", context);
            CheckRetry(t.Retry, node.Pointer + "/retry", context);
            switch (t)
            {
                case SleepTask s:
                    CheckValue(s.Duration, node.Pointer + "/duration", context);
                    break;
                case PauseTask p:
                    CheckValue(p.PauseDuration, node.Pointer + "/pauseDuration", context);
                    CheckValue(p.Delay, node.Pointer + "/delay", context);
                    break;
            }
        }

        CheckRetry(obj.Retry, "/retry", context);
        for (var i = 0; i < obj.Sla.Count; i++)
        {
            CheckValue(obj.Sla[i].Duration, $"/sla/{i}/duration", context);
        }
    }

    private static void CheckRetry(KestraRetry? retry, string pointer, RuleContext context)
    {
        if (retry is null)
        {
            return;
        }

        CheckValue(retry.Interval, pointer + "/interval", context);
        CheckValue(retry.MinInterval, pointer + "/minInterval", context);
        CheckValue(retry.MaxInterval, pointer + "/maxInterval", context);
        CheckValue(retry.MaxDuration, pointer + "/maxDuration", context);
    }

    private static void CheckValue(string? value, string pointer, RuleContext context)
    {
        if (string.IsNullOrEmpty(value) || Pebble.IsTemplate(value) || (KestraPatterns.IsoDuration().IsMatch(value) && value.Any(char.IsDigit)))
        {
            return;
        }

        context.Report(KestraDiagnostics.InvalidDuration, $"'{value}' is not an ISO 8601 duration.", pointer,
            GoStyle(value) is { } iso ? $"Write '{iso}'." : null);
    }

    /// <summary>Suggests the ISO form of a Go/Flux-style duration (<c>5m</c> → <c>PT5M</c>).</summary>
    private static string? GoStyle(string value)
    {
        var m = Regex.Match(value, @"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!m.Success || value.Length == 0)
        {
            return null;
        }

        var sb = new System.Text.StringBuilder("PT");
        if (m.Groups[1].Success)
        {
            sb.Append(m.Groups[1].Value).Append('H');
        }

        if (m.Groups[2].Success)
        {
            sb.Append(m.Groups[2].Value).Append('M');
        }

        if (m.Groups[3].Success)
        {
            sb.Append(m.Groups[3].Value).Append('S');
        }

        return sb.ToString();
    }
}
