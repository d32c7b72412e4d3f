using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace DataPlatform.Sdk.Kestra;

/// <summary>
/// Maps Kestra plugin type names to the typed classes tasks and triggers are read into, and old plugin names
/// (<c>io.kestra.core.tasks.*</c>) to their current ones. Register your own plugin classes with <see cref="RegisterTask{T}"/>.
/// </summary>
public static class KestraPlugins
{
    private static readonly ConcurrentDictionary<string, Type> Tasks = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Type> Triggers = new(StringComparer.Ordinal);

    /// <summary>Old names and the names that replaced them (Kestra keeps them as aliases and warns).</summary>
    private static readonly Dictionary<string, string> Relocations = new(StringComparer.Ordinal)
    {
        ["io.kestra.core.tasks.log.Log"] = LogTask.TypeName,
        ["io.kestra.core.tasks.log.Fetch"] = "io.kestra.plugin.core.log.Fetch",
        ["io.kestra.core.tasks.debugs.Return"] = ReturnTask.TypeName,
        ["io.kestra.core.tasks.debugs.Echo"] = LogTask.TypeName,
        ["io.kestra.core.tasks.outputs.OutputValues"] = OutputValuesTask.TypeName,
        ["io.kestra.core.tasks.flows.Sequential"] = SequentialTask.TypeName,
        ["io.kestra.core.tasks.flows.Parallel"] = ParallelTask.TypeName,
        ["io.kestra.core.tasks.flows.If"] = IfTask.TypeName,
        ["io.kestra.core.tasks.flows.Switch"] = SwitchTask.TypeName,
        ["io.kestra.core.tasks.flows.ForEach"] = ForEachTask.TypeName,
        ["io.kestra.core.tasks.flows.ForEachItem"] = ForEachItemTask.TypeName,
        ["io.kestra.core.tasks.flows.EachSequential"] = "io.kestra.plugin.core.flow.EachSequential",
        ["io.kestra.core.tasks.flows.EachParallel"] = "io.kestra.plugin.core.flow.EachParallel",
        ["io.kestra.core.tasks.flows.Flow"] = SubflowTask.TypeName,
        ["io.kestra.core.tasks.flows.Subflow"] = SubflowTask.TypeName,
        ["io.kestra.core.tasks.flows.Dag"] = DagTask.TypeName,
        ["io.kestra.core.tasks.flows.WorkingDirectory"] = WorkingDirectoryTask.TypeName,
        ["io.kestra.core.tasks.flows.Pause"] = PauseTask.TypeName,
        ["io.kestra.core.tasks.flows.AllowFailure"] = "io.kestra.plugin.core.flow.AllowFailure",
        ["io.kestra.core.tasks.flows.Template"] = "io.kestra.plugin.core.flow.Template",
        ["io.kestra.core.tasks.executions.Fail"] = FailTask.TypeName,
        ["io.kestra.core.tasks.executions.Labels"] = LabelsTask.TypeName,
        ["io.kestra.core.tasks.executions.Counts"] = "io.kestra.plugin.core.execution.Count",
        ["io.kestra.core.tasks.storages.LocalFiles"] = "io.kestra.plugin.core.storage.LocalFiles",
        ["io.kestra.core.tasks.storages.Concat"] = "io.kestra.plugin.core.storage.Concat",
        ["io.kestra.core.tasks.storages.Split"] = "io.kestra.plugin.core.storage.Split",
        ["io.kestra.core.tasks.storages.Purge"] = "io.kestra.plugin.core.storage.Purge",
        ["io.kestra.core.tasks.states.Set"] = "io.kestra.plugin.core.state.Set",
        ["io.kestra.core.tasks.states.Get"] = "io.kestra.plugin.core.state.Get",
        ["io.kestra.core.tasks.templating.TemplatedTask"] = "io.kestra.plugin.core.templating.TemplatedTask",
        ["io.kestra.core.tasks.trigger.Toggle"] = "io.kestra.plugin.core.trigger.Toggle",
        ["io.kestra.plugin.fs.http.Request"] = HttpRequestTask.TypeName,
        ["io.kestra.plugin.fs.http.Download"] = "io.kestra.plugin.core.http.Download",
        ["io.kestra.core.models.triggers.types.Schedule"] = ScheduleTrigger.TypeName,
        ["io.kestra.core.models.triggers.types.Flow"] = FlowTrigger.TypeName,
        ["io.kestra.core.models.triggers.types.Webhook"] = WebhookTrigger.TypeName,
        ["io.kestra.plugin.fs.http.Trigger"] = "io.kestra.plugin.core.http.Trigger",
        ["io.kestra.core.models.conditions.types.ExecutionStatusCondition"] = "io.kestra.plugin.core.condition.ExecutionStatus",
        ["io.kestra.core.models.conditions.types.ExecutionFlowCondition"] = "io.kestra.plugin.core.condition.ExecutionFlow",
        ["io.kestra.core.models.conditions.types.ExecutionNamespaceCondition"] = "io.kestra.plugin.core.condition.ExecutionNamespace",
        ["io.kestra.core.models.conditions.types.VariableCondition"] = "io.kestra.plugin.core.condition.Expression",
        ["io.kestra.core.models.conditions.types.DayWeekCondition"] = "io.kestra.plugin.core.condition.DayWeek",
        ["io.kestra.core.models.conditions.types.WeekendCondition"] = "io.kestra.plugin.core.condition.Weekend",
    };

    static KestraPlugins()
    {
        RegisterTask<LogTask>(LogTask.TypeName);
        RegisterTask<ReturnTask>(ReturnTask.TypeName);
        RegisterTask<OutputValuesTask>(OutputValuesTask.TypeName);
        RegisterTask<SleepTask>(SleepTask.TypeName);
        RegisterTask<SequentialTask>(SequentialTask.TypeName);
        RegisterTask<ParallelTask>(ParallelTask.TypeName);
        RegisterTask<IfTask>(IfTask.TypeName);
        RegisterTask<SwitchTask>(SwitchTask.TypeName);
        RegisterTask<ForEachTask>(ForEachTask.TypeName);
        RegisterTask<ForEachItemTask>(ForEachItemTask.TypeName);
        RegisterTask<SubflowTask>(SubflowTask.TypeName);
        RegisterTask<DagTask>(DagTask.TypeName);
        RegisterTask<WorkingDirectoryTask>(WorkingDirectoryTask.TypeName);
        RegisterTask<PauseTask>(PauseTask.TypeName);
        RegisterTask<HttpRequestTask>(HttpRequestTask.TypeName);
        RegisterTask<FailTask>(FailTask.TypeName);
        RegisterTask<LabelsTask>(LabelsTask.TypeName);
        RegisterTask<KvSetTask>(KvSetTask.TypeName);
        RegisterTask<PythonScriptTask>(PythonScriptTask.TypeName);
        RegisterTask<PythonCommandsTask>(PythonCommandsTask.TypeName);
        RegisterTask<ShellScriptTask>(ShellScriptTask.TypeName);
        RegisterTask<ShellCommandsTask>(ShellCommandsTask.TypeName);
        RegisterTask<GitCloneTask>(GitCloneTask.TypeName);
        RegisterTask<GitSyncFlowsTask>(GitSyncFlowsTask.TypeName);
        RegisterTask<GitSyncNamespaceFilesTask>(GitSyncNamespaceFilesTask.TypeName);
        RegisterTask<PostgresQueryTask>(PostgresQueryTask.TypeName);
        RegisterTrigger<ScheduleTrigger>(ScheduleTrigger.TypeName);
        RegisterTrigger<FlowTrigger>(FlowTrigger.TypeName);
        RegisterTrigger<WebhookTrigger>(WebhookTrigger.TypeName);
    }

    /// <summary>The typed task classes, by Kestra type name.</summary>
    public static IReadOnlyDictionary<string, Type> TaskTypes => Tasks;

    /// <summary>The typed trigger classes, by Kestra type name.</summary>
    public static IReadOnlyDictionary<string, Type> TriggerTypes => Triggers;

    /// <summary>Registers a typed task class for a plugin type.</summary>
    /// <typeparam name="T">The class.</typeparam>
    /// <param name="typeName">The Kestra type name.</param>
    public static void RegisterTask<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(string typeName)
        where T : KestraTask, new() => Tasks[typeName] = typeof(T);

    /// <summary>Registers a typed trigger class for a plugin type.</summary>
    /// <typeparam name="T">The class.</typeparam>
    /// <param name="typeName">The Kestra type name.</param>
    public static void RegisterTrigger<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(string typeName)
        where T : KestraTrigger, new() => Triggers[typeName] = typeof(T);

    /// <summary>The current name of a relocated plugin type, if it was relocated.</summary>
    /// <param name="typeName">The type name as written.</param>
    /// <returns>The new name, or <see langword="null"/>.</returns>
    public static string? ReplacementOf(string typeName)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        if (Relocations.TryGetValue(typeName, out var replacement))
        {
            return replacement;
        }

        // Other core tasks moved the same way: io.kestra.core.tasks.<package>.<Class> -> io.kestra.plugin.core.<package>.<Class>.
        const string OldPrefix = "io.kestra.core.tasks.";
        if (typeName.StartsWith(OldPrefix, StringComparison.Ordinal) && typeName[OldPrefix.Length..] is var rest
            && rest.IndexOf('.', StringComparison.Ordinal) is > 0 and var dot && dot < rest.Length - 1 && rest.Count(c => c == '.') == 1)
        {
            var package = rest[..dot] switch
            {
                "flows" => "flow",
                "executions" => "execution",
                "storages" => "storage",
                "debugs" => "debug",
                "outputs" => "output",
                "states" => "state",
                var other => other,
            };
            return "io.kestra.plugin.core." + package + rest[dot..];
        }

        return null;
    }

    /// <summary>The current name of a type (itself when not relocated).</summary>
    /// <param name="typeName">The type name.</param>
    /// <returns>The current name.</returns>
    public static string CurrentName(string typeName) => ReplacementOf(typeName) ?? typeName;

    /// <summary>The class a task or trigger object is read into.</summary>
    /// <typeparam name="TBase"><see cref="KestraTask"/> or <see cref="KestraTrigger"/>.</typeparam>
    /// <param name="json">The object.</param>
    /// <returns>The class.</returns>
    public static Type Resolve<TBase>(JsonElement json)
    {
        var isTask = typeof(TBase) == typeof(KestraTask);
        var name = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : string.Empty;
        var table = isTask ? Tasks : Triggers;
        return table.TryGetValue(name, out var type) || table.TryGetValue(CurrentName(name), out type)
            ? type
            : isTask ? typeof(GenericTask) : typeof(GenericTrigger);
    }
}
