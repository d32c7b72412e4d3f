using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Validation;

namespace DataPlatform.Sdk.Kestra;

/// <summary>DPK014: properties of typed tasks and triggers that their model does not know (a warning: models may lag behind plugins).</summary>
public sealed class UnknownPropertyRule : KestraFlowRule
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [KestraDiagnostics.UnknownProperty];

    /// <inheritdoc />
    protected override void Check(KestraFlow obj, RuleContext context)
    {
        foreach (var node in FlowAnalysis.Of(obj).Tasks.Where(n => n.Task.IsTyped))
        {
            Report(node.Task.GetType(), node.Task.Id, node.Task.Type, node.Task.AdditionalProperties, node.Pointer, context);
        }

        foreach (var (trigger, pointer) in Triggers(obj).Where(t => t.Trigger.IsTyped))
        {
            Report(trigger.GetType(), trigger.Id, trigger.Type, trigger.AdditionalProperties, pointer, context);
        }
    }

    private static void Report(Type model, string id, string type, Dictionary<string, JsonElement>? extra, string pointer, RuleContext context)
    {
        if (extra is null)
        {
            return;
        }

        // Kestra rejects unknown properties of its plugins ("Unrecognized field"). Where the model holds every property of
        // the plugin (the core flow and log tasks, checked against Kestra's own test flows) an unknown one is an error;
        // for other plugins the model may lag behind, so it is a warning.
        var severity = KestraCorePlugins.FullyModelled.Contains(type) ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
        var known = ManifestJson.TypeInfo(model).Properties.Where(p => !p.IsExtensionData).Select(p => p.Name).ToList();
        foreach (var name in extra.Keys)
        {
            var near = Spelling.Closest(known, name, Math.Max(1, name.Length / 3), ignoreCase: true);
            context.Report(KestraDiagnostics.UnknownProperty, severity, $"'{id}' ({type}) has property '{name}', which the plugin does not have{(near is null ? string.Empty : $"; did you mean '{near}'?")}.",
                pointer + "/" + YamlJson.EscapePointer(name));
        }
    }
}

/// <summary>DPK015: deprecated flow features (taskDefaults, listeners, input name, ENUM inputs, Pause delay, Subflow outputs).</summary>
public sealed class DeprecatedFeatureRule : KestraFlowRule
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [KestraDiagnostics.DeprecatedFeature];

    /// <inheritdoc />
    protected override void Check(KestraFlow obj, RuleContext context)
    {
        if (obj.TaskDefaults.Count > 0)
        {
            context.Report(KestraDiagnostics.DeprecatedFeature, "'taskDefaults' is deprecated; rename it to 'pluginDefaults'.", "/taskDefaults");
        }

        if (obj.Listeners is { Count: > 0 })
        {
            context.Report(KestraDiagnostics.DeprecatedFeature, "'listeners' are deprecated; use a flow trigger or 'afterExecution'.", "/listeners");
        }

        for (var i = 0; i < obj.Inputs.Count; i++)
        {
            var input = obj.Inputs[i];
            if (input.Id is null && input.Name is not null)
            {
                context.Report(KestraDiagnostics.DeprecatedFeature, $"Input '{input.Name}' uses the deprecated 'name'; rename the key to 'id'.", $"/inputs/{i}/name");
            }

            if (input.Type == "ENUM")
            {
                context.Report(KestraDiagnostics.DeprecatedFeature, $"Input '{input.EffectiveId}' has the deprecated type ENUM; use SELECT.", $"/inputs/{i}/type");
            }
        }

        foreach (var node in FlowAnalysis.Of(obj).Tasks)
        {
            switch (node.Task)
            {
                case PauseTask { Delay: not null }:
                    context.Report(KestraDiagnostics.DeprecatedFeature, $"Pause '{node.Task.Id}': 'delay' is deprecated; use 'pauseDuration'.", node.Pointer + "/delay");
                    break;
                case SubflowTask { Outputs: not null }:
                    context.Report(KestraDiagnostics.DeprecatedFeature, $"Subflow '{node.Task.Id}': 'outputs' is deprecated; declare flow outputs in the subflow and read outputs.{node.Task.Id}.outputs.", node.Pointer + "/outputs");
                    break;
            }
        }
    }
}
