using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Kestra;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Validation;

[assembly: ManifestModule(typeof(KestraModule))]

namespace DataPlatform.Sdk.Kestra;

/// <summary>
/// Registers Kestra flows with the object engine: documents with top-level <c>id</c>, <c>namespace</c> and flow keys
/// (and no apiVersion/kind) load as <see cref="KestraFlow"/>, anywhere in a tree, and get the DPK rules.
/// </summary>
public sealed class KestraModule : ManifestModule
{
    /// <inheritdoc />
    public override System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver? TypeInfoResolver => KestraJsonContext.Default;

    /// <summary>The flow rules, one per code.</summary>
    public static IReadOnlyList<IObjectRule> FlowRules { get; } =
    [
        new FlowIdentityRule(), new TaskIdRule(), new NoTasksRule(), new DuplicateIdRule(), new CronRule(),
        new OutputReferenceRule(), new InputReferenceRule(), new PluginTypeRule(), new RequiredPropertyRule(),
        new TemplateSyntaxRule(), new UnknownPropertyRule(), new DeprecatedFeatureRule(), new InputDeclarationRule(),
        new DurationRule(), new DagDependencyRule(), new FlowStructureRule(), new CoreTypeRule(), new SystemLabelRule(),
        new InputConstraintRule(),
    ];

    /// <inheritdoc />
    public override void RegisterKinds(KindRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register<KestraFlow>(KestraFlow.RegistryApiVersion, KestraFlow.RegistryKind);
        registry.RegisterRecognizer(KestraFlow.RegistryApiVersion, KestraFlow.RegistryKind, KestraFlow.LooksLikeFlow);
    }

    /// <inheritdoc />
    public override IEnumerable<IObjectRule> Rules => FlowRules;

    /// <inheritdoc />
    public override IEnumerable<DiagnosticDescriptor> Diagnostics => KestraDiagnostics.All;
}
