using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Validation;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Options of the SDK services.</summary>
public sealed class DataPlatformSdkOptions
{
    /// <summary>Unknown fields are errors (like <c>kubectl --validate=strict</c>) rather than warnings.</summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool Strict { get; set; } = true;

    /// <summary>Per-code severity overrides.</summary>
    /// <value>Default: none.</value>
    public SeverityOverrides SeverityOverrides { get; set; } = SeverityOverrides.None;
}

/// <summary>The builder returned by <see cref="DataPlatformSdkServiceCollectionExtensions.AddDataPlatformSdk"/>.</summary>
/// <param name="Services">The service collection.</param>
public sealed record DataPlatformSdkBuilder(IServiceCollection Services)
{
    /// <summary>Adds a validation rule (a team's own policy) to the validator.</summary>
    /// <typeparam name="TRule">The rule type.</typeparam>
    /// <returns>This builder.</returns>
    public DataPlatformSdkBuilder AddRule<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] TRule>()
        where TRule : class, IObjectRule
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IObjectRule, TRule>());
        return this;
    }

    /// <summary>Adds a module (kinds, rules and diagnostics) that is not announced by an assembly attribute.</summary>
    /// <param name="module">The module.</param>
    /// <returns>This builder.</returns>
    public DataPlatformSdkBuilder AddModule(ManifestModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        Services.AddSingleton(module);
        return this;
    }
}

/// <summary>Registers the SDK with Microsoft.Extensions.DependencyInjection.</summary>
public static class DataPlatformSdkServiceCollectionExtensions
{
    /// <summary>
    /// Registers the kind registry, the validator (built-in rules of every referenced package plus rules added with
    /// <see cref="DataPlatformSdkBuilder.AddRule{TRule}"/>) and the manifest loader. Calling it again only applies
    /// <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>A builder to add rules and modules.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static DataPlatformSdkBuilder AddDataPlatformSdk(this IServiceCollection services, Action<DataPlatformSdkOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.FirstOrDefault(d => d.ServiceType == typeof(DataPlatformSdkOptions))?.ImplementationInstance as DataPlatformSdkOptions;
        if (options is null)
        {
            options = new DataPlatformSdkOptions();
            services.AddSingleton(options);
            services.TryAddSingleton(sp =>
            {
                var registry = KindRegistry.Create(KindRegistry.Default.Modules.Concat(sp.GetServices<ManifestModule>()));
                return registry;
            });
            services.TryAddSingleton(sp =>
            {
                var o = sp.GetRequiredService<DataPlatformSdkOptions>();
                var rules = sp.GetRequiredService<KindRegistry>().Modules.SelectMany(m => m.Rules).Concat(sp.GetServices<IObjectRule>());
                return new ObjectValidator(rules, o.SeverityOverrides, o.Strict);
            });
            services.TryAddSingleton(sp => new ManifestLoader(sp.GetRequiredService<KindRegistry>(), sp.GetRequiredService<ObjectValidator>()));
        }

        configure?.Invoke(options);
        return new DataPlatformSdkBuilder(services);
    }
}
