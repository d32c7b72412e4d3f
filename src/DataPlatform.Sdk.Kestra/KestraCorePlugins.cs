namespace DataPlatform.Sdk.Kestra;

/// <summary>
/// The plugin classes of Kestra's core (<c>io.kestra.plugin.core.*</c>), open source edition, from 0.15 (when the core
/// plugins moved there) to 0.24, deprecated aliases included. A type in that package that is not listed does not exist:
/// Kestra rejects the flow when it is saved. Other packages are plugins the SDK cannot enumerate.
/// </summary>
/// <remarks>Source: the classes under <c>core/src/main/java/io/kestra/plugin/core</c> of kestra-io/kestra.</remarks>
public static class KestraCorePlugins
{
    /// <summary>The package prefix of the core plugins.</summary>
    public const string Package = "io.kestra.plugin.core.";

    /// <summary>Every known core plugin class, without the package prefix (for example <c>flow.Subflow</c>).</summary>
    public static IReadOnlySet<string> Classes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "condition.DateTimeBetween", "condition.DateTimeBetweenCondition", "condition.DayWeek", "condition.DayWeekCondition",
        "condition.DayWeekInMonth", "condition.DayWeekInMonthCondition", "condition.ExecutionFlow", "condition.ExecutionFlowCondition",
        "condition.ExecutionLabels", "condition.ExecutionLabelsCondition", "condition.ExecutionNamespace", "condition.ExecutionNamespaceCondition",
        "condition.ExecutionOutputs", "condition.ExecutionOutputsCondition", "condition.ExecutionStatus", "condition.ExecutionStatusCondition",
        "condition.Expression", "condition.ExpressionCondition", "condition.FlowCondition", "condition.FlowNamespaceCondition",
        "condition.HasRetryAttempt", "condition.HasRetryAttemptCondition", "condition.MultipleCondition", "condition.Not", "condition.NotCondition",
        "condition.Or", "condition.OrCondition", "condition.PublicHoliday", "condition.PublicHolidayCondition", "condition.TimeBetween",
        "condition.TimeBetweenCondition", "condition.Weekend", "condition.WeekendCondition", "condition.ExecutionsWindow",
        "debug.Echo", "debug.Return",
        "execution.Assert", "execution.Count", "execution.Exit", "execution.Fail", "execution.Labels", "execution.PurgeExecutions",
        "execution.Resume", "execution.SetVariables", "execution.UnsetVariables",
        "flow.AllowFailure", "flow.ChildFlow", "flow.Dag", "flow.EachParallel", "flow.EachSequential", "flow.Flow", "flow.ForEach",
        "flow.ForEachItem", "flow.If", "flow.LoopUntil", "flow.Parallel", "flow.Pause", "flow.Sequential", "flow.Sleep", "flow.Subflow",
        "flow.Switch", "flow.Template", "flow.WaitFor", "flow.WorkingDirectory",
        "http.Download", "http.Request", "http.SseRequest", "http.Trigger", "http.RealtimeTrigger",
        "kv.Delete", "kv.Get", "kv.GetKeys", "kv.PurgeKV", "kv.Set",
        "log.Fetch", "log.Log", "log.PurgeLogs",
        "metric.Publish",
        "namespace.DeleteFiles", "namespace.DownloadFiles", "namespace.UploadFiles",
        "output.OutputValues",
        "runner.Process",
        "state.Delete", "state.Get", "state.Set",
        "storage.Concat", "storage.DeduplicateItems", "storage.Delete", "storage.FilterItems", "storage.LocalFiles", "storage.Purge",
        "storage.PurgeCurrentExecutionFiles", "storage.PurgeExecution", "storage.Reverse", "storage.Size", "storage.Split", "storage.Write",
        "templating.TemplatedTask",
        "trigger.Flow", "trigger.Schedule", "trigger.ScheduleOnDates", "trigger.Toggle", "trigger.Webhook",
    };

    /// <summary>
    /// The core plugins whose typed model holds every property Kestra (0.21) accepts: an unknown property on them is an
    /// error, as it is for Kestra. Other typed plugins get a warning, since their models may lag behind the plugin.
    /// </summary>
    public static IReadOnlySet<string> FullyModelled { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        LogTask.TypeName, ReturnTask.TypeName, OutputValuesTask.TypeName, SleepTask.TypeName, SequentialTask.TypeName,
        ParallelTask.TypeName, IfTask.TypeName, SwitchTask.TypeName, ForEachTask.TypeName, DagTask.TypeName, FailTask.TypeName,
        LabelsTask.TypeName, SubflowTask.TypeName, ForEachItemTask.TypeName,
    };

    /// <summary>Whether a type names the core package but no class that exists there.</summary>
    /// <param name="type">A plugin type.</param>
    /// <returns><see langword="true"/> for an unknown core class.</returns>
    public static bool IsUnknownCoreType(string? type) =>
        type is not null && type.StartsWith(Package, StringComparison.Ordinal) && !Classes.Contains(type[Package.Length..]);

    /// <summary>The closest known core class to an unknown one, for a "did you mean".</summary>
    /// <param name="type">The unknown type.</param>
    /// <returns>The full type name, or <see langword="null"/>.</returns>
    public static string? Closest(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var name = type.StartsWith(Package, StringComparison.Ordinal) ? type[Package.Length..] : type;
        return Diagnostics.Spelling.Closest(Classes, name, Math.Max(2, name.Length / 4), ignoreCase: true) is { } near ? Package + near : null;
    }
}
