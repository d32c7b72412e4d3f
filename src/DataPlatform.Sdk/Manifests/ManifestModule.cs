using System.Diagnostics.CodeAnalysis;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Validation;

namespace DataPlatform.Sdk.Manifests;

/// <summary>
/// What a technology package contributes: its kinds, its per-object rules and its diagnostic codes.
/// Announce a module with <see cref="ManifestModuleAttribute"/> so <see cref="KindRegistry.Default"/> finds it.
/// </summary>
public abstract class ManifestModule
{
    /// <summary>Registers the module's kinds.</summary>
    /// <param name="registry">The registry.</param>
    public abstract void RegisterKinds(KindRegistry registry);

    /// <summary>The module's per-object rules.</summary>
    public virtual IEnumerable<IObjectRule> Rules => [];

    /// <summary>The module's whole-repository rules (references across files, tool-specific layout checks).</summary>
    public virtual IEnumerable<Repository.IRepositoryRule> RepositoryRules => [];

    /// <summary>The diagnostic codes the module can report.</summary>
    public virtual IEnumerable<DiagnosticDescriptor> Diagnostics => [];

    /// <summary>
    /// Source-generated System.Text.Json contracts for the module's models (faster start-up, trimming- and AOT-safe);
    /// <see langword="null"/> to use reflection.
    /// </summary>
    public virtual System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver? TypeInfoResolver => null;
}

/// <summary>Names the <see cref="ManifestModule"/> of an assembly.</summary>
/// <param name="moduleType">A <see cref="ManifestModule"/> subclass with a public parameterless constructor.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class ManifestModuleAttribute(
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] Type moduleType) : Attribute
{
    /// <summary>The module type.</summary>
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)]
    public Type ModuleType { get; } = moduleType;
}
