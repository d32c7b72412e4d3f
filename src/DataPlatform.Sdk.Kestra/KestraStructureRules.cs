using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Validation;

namespace DataPlatform.Sdk.Kestra;

/// <summary>DPK019: a Dag whose <c>dependsOn</c> names no task of the Dag, or whose dependencies form a cycle.</summary>
public sealed class DagDependencyRule : KestraFlowRule
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [KestraDiagnostics.DagDependency];

    /// <inheritdoc />
    protected override void Check(KestraFlow obj, RuleContext context)
    {
        foreach (var node in FlowAnalysis.Of(obj).Tasks.Where(n => n.Task is DagTask))
        {
            var entries = ((DagTask)node.Task).Tasks ?? [];
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < entries.Count; i++)
            {
                index.TryAdd(entries[i].Task.Id, i);
            }

            for (var i = 0; i < entries.Count; i++)
            {
                var deps = entries[i].DependsOn ?? [];
                for (var d = 0; d < deps.Count; d++)
                {
                    if (!index.ContainsKey(deps[d]))
                    {
                        var near = Spelling.Closest(index.Keys, deps[d], 2, ignoreCase: false);
                        context.Report(KestraDiagnostics.DagDependency,
                            $"Task '{entries[i].Task.Id}' of Dag '{node.Task.Id}' depends on '{deps[d]}', which is not a task of this Dag{(near is null ? string.Empty : $"; did you mean '{near}'?")}.",
                            $"{node.Pointer}/tasks/{i.ToString(CultureInfo.InvariantCulture)}/dependsOn/{d.ToString(CultureInfo.InvariantCulture)}");
                    }
                }
            }

            if (FindCycle(entries, index) is { } cycle)
            {
                context.Report(KestraDiagnostics.DagDependency,
                    $"The dependencies of Dag '{node.Task.Id}' form a cycle: {string.Join(" → ", cycle.Select(c => entries[c].Task.Id))} → {entries[cycle[0]].Task.Id}.",
                    $"{node.Pointer}/tasks/{cycle[0].ToString(CultureInfo.InvariantCulture)}/dependsOn");
            }
        }
    }

    /// <summary>One cycle of the dependency graph (entry indexes in order), found without recursion.</summary>
    private static List<int>? FindCycle(IReadOnlyList<DagTaskEntry> entries, Dictionary<string, int> index)
    {
        var state = new int[entries.Count]; // 0 new, 1 on the path, 2 done
        for (var start = 0; start < entries.Count; start++)
        {
            if (state[start] != 0)
            {
                continue;
            }

            var path = new List<int>();
            var stack = new Stack<(int Node, int Next)>();
            stack.Push((start, 0));
            state[start] = 1;
            path.Add(start);
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                var deps = entries[node].DependsOn ?? [];
                if (next < deps.Count)
                {
                    stack.Push((node, next + 1));
                    if (!index.TryGetValue(deps[next], out var target))
                    {
                        continue;
                    }

                    if (state[target] == 1)
                    {
                        return path[path.IndexOf(target)..];
                    }

                    if (state[target] == 0)
                    {
                        state[target] = 1;
                        path.Add(target);
                        stack.Push((target, 0));
                    }
                }
                else
                {
                    state[node] = 2;
                    path.RemoveAt(path.Count - 1);
                }
            }
        }

        return null;
    }
}

/// <summary>
/// DPK020: a flow that cannot be saved for its structure — a Subflow that starts its own flow, a Switch with neither
/// cases nor defaults, a flowable task inside WorkingDirectory, a listener without tasks.
/// </summary>
public sealed class FlowStructureRule : KestraFlowRule
{
    /// <summary>Core tasks that are not runnable tasks (flowable or executable): WorkingDirectory cannot hold them.</summary>
    private static readonly HashSet<string> NotRunnable = new(StringComparer.Ordinal)
    {
        "AllowFailure", "ChildFlow", "Dag", "EachParallel", "EachSequential", "Flow", "ForEach", "ForEachItem", "If", "LoopUntil",
        "Parallel", "Pause", "Sequential", "Subflow", "Switch", "Template", "WaitFor", "WorkingDirectory",
    };

    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [KestraDiagnostics.InvalidStructure];

    /// <inheritdoc />
    protected override void Check(KestraFlow obj, RuleContext context)
    {
        foreach (var node in FlowAnalysis.Of(obj).Tasks)
        {
            switch (node.Task)
            {
                case SubflowTask { Namespace: { } ns, FlowId: { } id } when ns == obj.Namespace && id == obj.Id:
                    context.Report(KestraDiagnostics.InvalidStructure, $"Subflow task '{node.Task.Id}' starts its own flow ({ns}.{id}); Kestra refuses recursive flows.", node.Pointer + "/flowId");
                    break;
                case SwitchTask { Cases: null or { Count: 0 }, Defaults: null or { Count: 0 } }:
                    context.Report(KestraDiagnostics.InvalidStructure, $"Switch '{node.Task.Id}' has neither cases nor defaults: there is nothing it could run.", node.Pointer);
                    break;
                case WorkingDirectoryTask { Tasks: { } children }:
                    for (var i = 0; i < children.Count; i++)
                    {
                        var type = children[i].Type;
                        if (type.StartsWith(KestraCorePlugins.Package + "flow.", StringComparison.Ordinal) && NotRunnable.Contains(type[(type.LastIndexOf('.') + 1)..]))
                        {
                            context.Report(KestraDiagnostics.InvalidStructure,
                                $"WorkingDirectory '{node.Task.Id}' holds '{children[i].Id}' ({type[(type.LastIndexOf('.') + 1)..]}), a flowable task; it runs runnable tasks only.",
                                $"{node.Pointer}/tasks/{i.ToString(CultureInfo.InvariantCulture)}/type");
                        }
                    }

                    break;
            }
        }

        for (var i = 0; i < (obj.Listeners?.Count ?? 0); i++)
        {
            if (obj.Listeners![i] is JsonObject listener && listener["tasks"] is not JsonArray { Count: > 0 })
            {
                context.Report(KestraDiagnostics.InvalidStructure, $"Listener {i + 1} has no tasks.", $"/listeners/{i.ToString(CultureInfo.InvariantCulture)}");
            }
        }
    }
}

/// <summary>DPK021: a type in Kestra's core package that does not exist (anywhere in the flow: tasks, triggers, conditions, listeners).</summary>
public sealed class CoreTypeRule : KestraFlowRule
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [KestraDiagnostics.UnknownCoreType];

    /// <inheritdoc />
    protected override void Check(KestraFlow obj, RuleContext context)
    {
        var json = JsonSerializer.SerializeToElement(obj, ManifestJson.TypeInfo(typeof(KestraFlow)));
        var stack = new Stack<(JsonElement Value, string Pointer)>();
        stack.Push((json, string.Empty));
        while (stack.Count > 0)
        {
            var (value, pointer) = stack.Pop();
            if (value.ValueKind == JsonValueKind.Object)
            {
                if (value.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && KestraCorePlugins.IsUnknownCoreType(t.GetString()))
                {
                    var near = KestraCorePlugins.Closest(t.GetString()!);
                    context.Report(KestraDiagnostics.UnknownCoreType,
                        $"'{t.GetString()}' is not a plugin of Kestra's core{(near is null ? string.Empty : $"; did you mean '{near}'?")}.", pointer + "/type");
                }

                foreach (var p in value.EnumerateObject())
                {
                    if (pointer.Length == 0 && p.Name is "pluginDefaults" or "taskDefaults")
                    {
                        continue; // Plugin defaults may name a package prefix, not a class.
                    }

                    stack.Push((p.Value, pointer + "/" + YamlJson.EscapePointer(p.Name)));
                }
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    stack.Push((item, pointer + "/" + i.ToString(CultureInfo.InvariantCulture)));
                    i++;
                }
            }
        }
    }
}

/// <summary>DPK022: labels in the reserved <c>system.</c> prefix that only Kestra may set.</summary>
public sealed class SystemLabelRule : KestraFlowRule
{
    /// <summary>The system labels a flow may carry itself.</summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "system.readOnly" };

    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [KestraDiagnostics.SystemLabel];

    /// <inheritdoc />
    protected override void Check(KestraFlow obj, RuleContext context)
    {
        var pairs = obj.Labels?.Pairs ?? [];
        for (var i = 0; i < pairs.Count; i++)
        {
            var key = pairs[i].Key;
            if (key.StartsWith("system.", StringComparison.Ordinal) && !Allowed.Contains(key))
            {
                var pointer = obj.Labels!.ListForm ? $"/labels/{i.ToString(CultureInfo.InvariantCulture)}/key" : "/labels/" + YamlJson.EscapePointer(key);
                context.Report(KestraDiagnostics.SystemLabel, $"Label '{key}' is a system label; only Kestra sets those (a flow may set system.readOnly).", pointer);
            }
        }
    }
}

/// <summary>DPK016 (input constraints): an input validator that is not a regular expression, a FILE default that is not a URI, an ARRAY of ARRAY.</summary>
public sealed class InputConstraintRule : KestraFlowRule
{
    /// <summary>The item types an ARRAY input may have.</summary>
    private static readonly HashSet<string> ItemTypes = new(StringComparer.Ordinal)
    {
        "STRING", "ENUM", "SELECT", "INT", "FLOAT", "BOOLEAN", "DATETIME", "DATE", "TIME", "DURATION", "FILE", "JSON", "URI", "SECRET", "YAML", "EMAIL",
    };

    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [KestraDiagnostics.InvalidInput];

    /// <inheritdoc />
    protected override void Check(KestraFlow obj, RuleContext context)
    {
        for (var i = 0; i < obj.Inputs.Count; i++)
        {
            var input = obj.Inputs[i];
            var pointer = "/inputs/" + i.ToString(CultureInfo.InvariantCulture);
            if (input.Validator is { } validator && !Pebble.IsTemplate(validator) && !IsRegex(validator))
            {
                context.Report(KestraDiagnostics.InvalidInput, $"The validator of input '{input.Id}' is not a regular expression: '{validator}'.", pointer + "/validator");
            }

            if (input.Type == "FILE" && input.Defaults is JsonValue v && v.TryGetValue<string>(out var file) && !Pebble.IsTemplate(file)
                && !(Uri.TryCreate(file, UriKind.Absolute, out var uri) && uri.Scheme.Length > 1))
            {
                context.Report(KestraDiagnostics.InvalidInput, $"The default of FILE input '{input.Id}' is not a URI ('{file}'); use kestra:///…, nsfile:///… or file:///….", pointer + "/defaults");
            }

            if (input.Type == "ARRAY" && input.ItemType is { } item && !ItemTypes.Contains(item))
            {
                context.Report(KestraDiagnostics.InvalidInput, $"ARRAY input '{input.Id}' has itemType '{item}'; items are one of {string.Join(", ", ItemTypes.Order(StringComparer.Ordinal))}.", pointer + "/itemType");
            }
        }
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
