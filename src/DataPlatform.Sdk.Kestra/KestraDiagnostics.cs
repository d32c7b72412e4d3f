using DataPlatform.Sdk.Diagnostics;

namespace DataPlatform.Sdk.Kestra;

/// <summary>Diagnostics of Kestra flows (<c>DPK</c>).</summary>
public static class KestraDiagnostics
{
    /// <summary>DPK001: the flow id does not match Kestra's pattern.</summary>
    public static readonly DiagnosticDescriptor InvalidFlowId = new(
        "DPK001", "Invalid flow id", DiagnosticSeverity.Error,
        "A flow id starts with a letter or digit and holds only letters, digits, '.', '_' and '-' (pattern ^[a-zA-Z0-9][a-zA-Z0-9._-]*).");

    /// <summary>DPK002: the namespace does not match Kestra's pattern.</summary>
    public static readonly DiagnosticDescriptor InvalidNamespace = new(
        "DPK002", "Invalid flow namespace", DiagnosticSeverity.Error,
        "A namespace is lower case: letters, digits, '.', '_' and '-', starting with a letter or digit (e.g. 'finance.ingest').");

    /// <summary>DPK003: a task or trigger id does not match Kestra's pattern.</summary>
    public static readonly DiagnosticDescriptor InvalidTaskId = new(
        "DPK003", "Invalid task or trigger id", DiagnosticSeverity.Error,
        "Task and trigger ids hold letters, digits, '_' and '-' only (no dots), starting with a letter or digit.");

    /// <summary>DPK004: a flow without tasks.</summary>
    public static readonly DiagnosticDescriptor NoTasks = new(
        "DPK004", "Flow has no tasks", DiagnosticSeverity.Error,
        "Add at least one task under 'tasks'; Kestra rejects a flow without tasks.");

    /// <summary>DPK005: two tasks or triggers share an id.</summary>
    public static readonly DiagnosticDescriptor DuplicateId = new(
        "DPK005", "Duplicate task or trigger id", DiagnosticSeverity.Error,
        "Ids must be unique across the whole flow, nested tasks, error handlers and triggers included; rename one.");

    /// <summary>DPK006: a cron expression Kestra cannot read.</summary>
    public static readonly DiagnosticDescriptor InvalidCron = new(
        "DPK006", "Invalid cron expression", DiagnosticSeverity.Error,
        "Use 5 fields (minute hour day-of-month month day-of-week), 6 with 'withSeconds: true', or a macro such as @daily.");

    /// <summary>DPK007: an expression reads the outputs of a task that does not exist.</summary>
    public static readonly DiagnosticDescriptor UnknownOutputTask = new(
        "DPK007", "Output of an unknown task", DiagnosticSeverity.Error,
        "Refer to the id of a task of this flow: {{ outputs.<taskId>.<output> }}; ids with '-' need {{ outputs['task-id'] }}.");

    /// <summary>DPK008: an expression reads the outputs of a task that has not run (yet) at that point.</summary>
    public static readonly DiagnosticDescriptor OutputNotYetAvailable = new(
        "DPK008", "Output of a task that has not run yet", DiagnosticSeverity.Error,
        "Move the task that produces the output before the one that reads it, or read it in a later task, 'errors', 'finally' or the flow outputs.");

    /// <summary>DPK009: an expression reads an input the flow does not declare.</summary>
    public static readonly DiagnosticDescriptor UndeclaredInput = new(
        "DPK009", "Undeclared input", DiagnosticSeverity.Error,
        "Declare the input under 'inputs', or fix the name; test optional ones with '{{ inputs.x ?? default }}'.");

    /// <summary>DPK010: a type that is not a dotted Java class name.</summary>
    public static readonly DiagnosticDescriptor InvalidType = new(
        "DPK010", "Invalid plugin type", DiagnosticSeverity.Error,
        "A type is a fully qualified Java class name such as io.kestra.plugin.core.log.Log.");

    /// <summary>DPK011: a typed task or trigger lacks a property its plugin requires.</summary>
    public static readonly DiagnosticDescriptor MissingProperty = new(
        "DPK011", "Required property missing", DiagnosticSeverity.Error,
        "Set the property; Kestra rejects the flow without it.");

    /// <summary>DPK012: a Pebble template that does not parse.</summary>
    public static readonly DiagnosticDescriptor TemplateSyntax = new(
        "DPK012", "Unbalanced Pebble expression", DiagnosticSeverity.Warning,
        "Close every '{{' with '}}' and '{%' with '%}', balance brackets and quotes, and end every block tag ({% if %} … {% endif %}). Kestra saves the flow and fails when it renders the template.");

    /// <summary>DPK013: a relocated plugin name.</summary>
    public static readonly DiagnosticDescriptor DeprecatedType = new(
        "DPK013", "Deprecated plugin type", DiagnosticSeverity.Warning,
        "Use the new type name (KestraMigrations.Migrate rewrites them all); Kestra still accepts the old one as an alias.");

    /// <summary>DPK014: a property the SDK's model of the plugin does not know.</summary>
    public static readonly DiagnosticDescriptor UnknownProperty = new(
        "DPK014", "Property unknown to the plugin model", DiagnosticSeverity.Warning,
        "Kestra rejects properties a plugin does not have; check the spelling against the plugin documentation.");

    /// <summary>DPK015: a deprecated flow feature.</summary>
    public static readonly DiagnosticDescriptor DeprecatedFeature = new(
        "DPK015", "Deprecated flow feature", DiagnosticSeverity.Warning,
        "Use the replacement named in the message.");

    /// <summary>DPK016: an input without id, with an invalid id or an unknown type.</summary>
    public static readonly DiagnosticDescriptor InvalidInput = new(
        "DPK016", "Invalid input", DiagnosticSeverity.Error,
        "Every input needs an 'id' (^[a-zA-Z0-9][.a-zA-Z0-9_-]*) and one of Kestra's input types.");

    /// <summary>DPK017: two inputs share an id.</summary>
    public static readonly DiagnosticDescriptor DuplicateInput = new(
        "DPK017", "Duplicate input id", DiagnosticSeverity.Error,
        "Input ids must be unique; rename one.");

    /// <summary>DPK018: a duration that is not ISO 8601.</summary>
    public static readonly DiagnosticDescriptor InvalidDuration = new(
        "DPK018", "Invalid ISO 8601 duration", DiagnosticSeverity.Error,
        "Kestra durations are ISO 8601: PT30S, PT15M, PT1H30M, P1D.");

    /// <summary>DPK019: a Dag dependency on a task that is not in the Dag, or a dependency cycle.</summary>
    public static readonly DiagnosticDescriptor DagDependency = new(
        "DPK019", "Invalid Dag dependency", DiagnosticSeverity.Error,
        "Every dependsOn entry names a task of the same Dag, and the dependencies form no cycle.");

    /// <summary>DPK020: a flow structure Kestra refuses (recursive Subflow, empty Switch, flowable in WorkingDirectory, empty listener).</summary>
    public static readonly DiagnosticDescriptor InvalidStructure = new(
        "DPK020", "Invalid flow structure", DiagnosticSeverity.Error,
        "Kestra rejects the flow when it is saved; change the structure as the message says.");

    /// <summary>DPK021: a type in Kestra's core package that does not exist.</summary>
    public static readonly DiagnosticDescriptor UnknownCoreType = new(
        "DPK021", "Unknown core plugin", DiagnosticSeverity.Error,
        "Use an existing io.kestra.plugin.core class (see the Kestra plugin documentation), or the full type of the plugin you meant.");

    /// <summary>DPK022: a label in the reserved system prefix.</summary>
    public static readonly DiagnosticDescriptor SystemLabel = new(
        "DPK022", "Reserved system label", DiagnosticSeverity.Error,
        "Rename the label: keys starting with 'system.' are reserved for Kestra (except system.readOnly).");

    /// <summary>Every code of this package.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
    [
        InvalidFlowId, InvalidNamespace, InvalidTaskId, NoTasks, DuplicateId, InvalidCron, UnknownOutputTask,
        OutputNotYetAvailable, UndeclaredInput, InvalidType, MissingProperty, TemplateSyntax, DeprecatedType,
        UnknownProperty, DeprecatedFeature, InvalidInput, DuplicateInput, InvalidDuration, DagDependency, InvalidStructure,
        UnknownCoreType, SystemLabel,
    ];
}
