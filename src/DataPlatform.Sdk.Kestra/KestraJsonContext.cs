using System.Text.Json.Serialization;

namespace DataPlatform.Sdk.Kestra;

/// <summary>
/// Source-generated JSON contracts of flows and of every typed task and trigger: flows are read without reflection,
/// also under Native AOT. A typed task added to <see cref="KestraPlugins"/> needs its line here.
/// </summary>
[JsonSerializable(typeof(KestraFlow))]
[JsonSerializable(typeof(KestraTask))]
[JsonSerializable(typeof(KestraTrigger))]
[JsonSerializable(typeof(DagTask))]
[JsonSerializable(typeof(FailTask))]
[JsonSerializable(typeof(FlowTrigger))]
[JsonSerializable(typeof(ForEachItemTask))]
[JsonSerializable(typeof(ForEachTask))]
[JsonSerializable(typeof(GenericTask))]
[JsonSerializable(typeof(GenericTrigger))]
[JsonSerializable(typeof(GitCloneTask))]
[JsonSerializable(typeof(GitSyncFlowsTask))]
[JsonSerializable(typeof(GitSyncNamespaceFilesTask))]
[JsonSerializable(typeof(GitTask))]
[JsonSerializable(typeof(HttpRequestTask))]
[JsonSerializable(typeof(IfTask))]
[JsonSerializable(typeof(KvSetTask))]
[JsonSerializable(typeof(LabelsTask))]
[JsonSerializable(typeof(LogTask))]
[JsonSerializable(typeof(OutputValuesTask))]
[JsonSerializable(typeof(ParallelTask))]
[JsonSerializable(typeof(PauseTask))]
[JsonSerializable(typeof(PostgresQueryTask))]
[JsonSerializable(typeof(PythonCommandsTask))]
[JsonSerializable(typeof(PythonScriptTask))]
[JsonSerializable(typeof(ReturnTask))]
[JsonSerializable(typeof(ScheduleTrigger))]
[JsonSerializable(typeof(ScriptTask))]
[JsonSerializable(typeof(SequentialTask))]
[JsonSerializable(typeof(ShellCommandsTask))]
[JsonSerializable(typeof(ShellScriptTask))]
[JsonSerializable(typeof(SleepTask))]
[JsonSerializable(typeof(SubflowTask))]
[JsonSerializable(typeof(SwitchTask))]
[JsonSerializable(typeof(WebhookTrigger))]
[JsonSerializable(typeof(WorkingDirectoryTask))]
internal sealed partial class KestraJsonContext : JsonSerializerContext;
