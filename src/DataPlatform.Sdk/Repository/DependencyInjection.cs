using System.Diagnostics.CodeAnalysis;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Repository;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers whole-repository validation with Microsoft.Extensions.DependencyInjection.</summary>
public static class DataPlatformRepositoryServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="RepositoryValidator"/> with the repository rules of every module (built-in packages and those added with AddModule), the rules added with
    /// <see cref="AddRepositoryRule{TRule}"/>, and the severity overrides of <see cref="DataPlatformSdkOptions"/>.
    /// </summary>
    /// <param name="builder">The SDK builder from <c>AddDataPlatformSdk()</c>.</param>
    /// <returns>The builder.</returns>
    public static DataPlatformSdkBuilder AddRepositoryValidation(this DataPlatformSdkBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<DataPlatformSdkOptions>();
            return new RepositoryValidator(sp.GetRequiredService<KindRegistry>().Modules.SelectMany(m => m.RepositoryRules).Concat(sp.GetServices<IRepositoryRule>()), options.SeverityOverrides);
        });
        return builder;
    }

    /// <summary>Adds a team's own repository rule (and registers repository validation if it is not yet).</summary>
    /// <typeparam name="TRule">The rule type.</typeparam>
    /// <param name="builder">The SDK builder.</param>
    /// <returns>The builder.</returns>
    public static DataPlatformSdkBuilder AddRepositoryRule<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TRule>(this DataPlatformSdkBuilder builder)
        where TRule : class, IRepositoryRule
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRepositoryRule, TRule>());
        return builder.AddRepositoryValidation();
    }
}
