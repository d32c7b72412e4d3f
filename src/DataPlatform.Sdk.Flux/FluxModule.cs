using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Flux.Rules;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Validation;

[assembly: ManifestModule(typeof(FluxModule))]

namespace DataPlatform.Sdk.Flux;

/// <summary>Registers every Flux kind (current and the older versions still found in repositories) and the Flux rules.</summary>
public sealed class FluxModule : ManifestModule
{
    /// <inheritdoc />
    public override void RegisterKinds(KindRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var (apiVersion, kind, type, _) in FluxKinds.Current)
        {
            registry.Register(new ManifestKind(apiVersion, kind, type));
        }

        foreach (var old in FluxKinds.Deprecated)
        {
            registry.Register(new ManifestKind(old.ApiVersion, old.Kind, old.Type) { Deprecation = old.Replacement });
        }
    }

    /// <inheritdoc />
    public override IEnumerable<IObjectRule> Rules =>
    [
        new DeprecatedFluxApiRule(), new HelmReleaseRules(), new FluxKustomizationRules(), new ImagePolicyRules(),
        new SourceProviderRules(), new NotificationRules(), new SuspendedRule(),
    ];

    /// <inheritdoc />
    public override IEnumerable<DiagnosticDescriptor> Diagnostics => FluxDiagnostics.All;

    /// <inheritdoc />
    public override System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver? TypeInfoResolver => FluxJsonContext.Default;
}

/// <summary>The Flux kinds: generated current versions, and the older API versions still found in repositories.</summary>
public static partial class FluxKinds
{
    /// <summary>API versions Flux 2.9 no longer serves, each loading into the current model with DPF001.</summary>
    public static IReadOnlyList<(string ApiVersion, string Kind, Type Type, string Replacement)> Deprecated => LazyDeprecated.Value;

    // Lazy: static initializers of the generated half of this partial class may run after this one's.
    private static readonly Lazy<List<(string, string, Type, string)>> LazyDeprecated = new(BuildDeprecated);

    /// <summary>The current apiVersion of a kind, if it is a Flux kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="group">The API group (kinds such as Kustomization exist in other groups too).</param>
    /// <returns>The apiVersion, or <see langword="null"/>.</returns>
    public static string? CurrentApiVersion(string kind, string group) =>
        Current.FirstOrDefault(k => k.Kind == kind && k.ApiVersion.StartsWith(group + "/", StringComparison.Ordinal)).ApiVersion;

    private static List<(string, string, Type, string)> BuildDeprecated()
    {
        var old = new (string Group, string[] Versions, string[] Kinds)[]
        {
            ("source.toolkit.fluxcd.io", ["v1beta1", "v1beta2"], ["GitRepository", "HelmRepository", "HelmChart", "Bucket", "OCIRepository"]),
            ("kustomize.toolkit.fluxcd.io", ["v1beta1", "v1beta2"], ["Kustomization"]),
            ("helm.toolkit.fluxcd.io", ["v2beta1", "v2beta2"], ["HelmRelease"]),
            ("notification.toolkit.fluxcd.io", ["v1beta1", "v1beta2"], ["Alert", "Provider", "Receiver"]),
            ("image.toolkit.fluxcd.io", ["v1beta1", "v1beta2"], ["ImageRepository", "ImagePolicy", "ImageUpdateAutomation"]),
        };
        var list = new List<(string, string, Type, string)>();
        foreach (var (group, versions, kinds) in old)
        {
            foreach (var kind in kinds)
            {
                var current = Current.First(k => k.Kind == kind && k.ApiVersion.StartsWith(group + "/", StringComparison.Ordinal));
                foreach (var v in versions)
                {
                    if (current.ApiVersion != group + "/" + v)
                    {
                        list.Add(($"{group}/{v}", kind, current.Type, current.ApiVersion));
                    }
                }
            }
        }

        return list;
    }
}
