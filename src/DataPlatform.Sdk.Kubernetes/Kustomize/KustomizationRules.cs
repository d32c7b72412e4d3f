using System.Globalization;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Validation;

namespace DataPlatform.Sdk.Kubernetes.Kustomize;

/// <summary>DPC001–DPC004: deprecated fields, patch sources, apiVersion/kind pairs and list entries of kustomization files.</summary>
public sealed class KustomizationRules : ObjectRule<KustomizationFile>
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => KubernetesDiagnostics.All;

    /// <inheritdoc />
    protected override void Check(KustomizationFile obj, RuleContext context)
    {
        var (apiVersion, kind) = (obj.ApiVersion ?? KustomizationFile.KustomizationApiVersion, obj.Kind ?? KustomizationFile.KustomizationKind);
        var valid = (apiVersion, kind) is (KustomizationFile.KustomizationApiVersion, KustomizationFile.KustomizationKind)
            or (KustomizationFile.ComponentApiVersion, KustomizationFile.ComponentKind);
        if (!valid)
        {
            context.Report(KubernetesDiagnostics.KustomizeTypeMismatch, $"'{apiVersion}' with kind '{kind}' is not a kustomization or component.", "/kind");
        }

        Deprecated(context, obj.Bases.Count > 0, "bases", "resources");
        Deprecated(context, obj.CommonLabels is not null, "commonLabels", "labels (with includeSelectors: true to keep the selector behaviour)");
        Deprecated(context, obj.PatchesStrategicMerge.Count > 0, "patchesStrategicMerge", "patches");
        Deprecated(context, obj.PatchesJson6902.Count > 0, "patchesJson6902", "patches (with a target)");
        Deprecated(context, obj.Vars.Count > 0, "vars", "replacements");
        Deprecated(context, obj.ImageTags.Count > 0, "imageTags", "images");
        Deprecated(context, obj.HelmChartInflationGenerator.Count > 0, "helmChartInflationGenerator", "helmCharts");

        for (var i = 0; i < obj.Patches.Count; i++)
        {
            var p = obj.Patches[i];
            if (string.IsNullOrEmpty(p.Path) == string.IsNullOrEmpty(p.Patch))
            {
                context.Report(KubernetesDiagnostics.PatchSource, p.Path is null ? "The patch has neither 'path' nor 'patch'." : "The patch has both 'path' and 'patch'.", "/patches/" + i.ToString(CultureInfo.InvariantCulture));
            }
        }

        Entries(context, obj.Resources, "resources");
        Entries(context, obj.Components, "components");
    }

    private static void Deprecated(RuleContext context, bool present, string field, string replacement)
    {
        if (present)
        {
            context.Report(KubernetesDiagnostics.DeprecatedKustomizeField, $"'{field}' is deprecated; use '{replacement}'.", "/" + field);
        }
    }

    private static void Entries(RuleContext context, IReadOnlyList<string> entries, string field)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var pointer = "/" + field + "/" + i.ToString(CultureInfo.InvariantCulture);
            if (string.IsNullOrWhiteSpace(e))
            {
                context.Report(KubernetesDiagnostics.KustomizeEntry, $"Entry {i} of '{field}' is empty.", pointer);
            }
            else if (!seen.Add(e.TrimEnd('/')))
            {
                context.Report(KubernetesDiagnostics.KustomizeEntry, $"'{e}' is listed twice in '{field}'.", pointer);
            }
        }
    }
}
