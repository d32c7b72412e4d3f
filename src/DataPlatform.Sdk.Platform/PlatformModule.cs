using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Platform;
using DataPlatform.Sdk.Platform.Validation;
using DataPlatform.Sdk.Repository;

[assembly: ManifestModule(typeof(PlatformModule))]

namespace DataPlatform.Sdk.Platform;

/// <summary>Announces the repository rules that span several tools and their diagnostics (the package adds no kinds).</summary>
public sealed class PlatformModule : ManifestModule
{
    /// <summary>
    /// Every module of the SDK's packages, in the order discovery finds them (by assembly name): what
    /// <see cref="KindRegistry.UseModules"/> takes in an application that registers modules explicitly, such as the
    /// Native AOT <c>dataplatform</c> tool. Add your own modules after these.
    /// </summary>
    /// <returns>New instances of the core, Dlt, Flux, GitHub, Kestra, Kubernetes, Liquibase, platform and SOPS modules.</returns>
    public static IReadOnlyList<ManifestModule> AllModules() =>
    [
        new global::DataPlatform.Sdk.Validation.CoreModule(), new Dlt.DltModule(), new Flux.FluxModule(), new GitHub.GitHubModule(),
        new Kestra.KestraModule(), new Kubernetes.KubernetesModule(), new Liquibase.LiquibaseModule(), new PlatformModule(), new Sops.SopsModule(),
    ];

    /// <inheritdoc />
    public override void RegisterKinds(KindRegistry registry)
    {
    }

    /// <inheritdoc />
    /// <remarks>The rules that span several tools: references Flux resolves, kustomize builds, secrets, tenants, the layout's pipelines.</remarks>
    public override IEnumerable<Repository.IRepositoryRule> RepositoryRules =>
    [
        new ReferenceRules(), new DependencyCycleRule(), new DuplicateObjectRule(), new PlaintextSecretRule(),
        new ProductionRefRule(), new TenantIsolationRule(), new TenantOperatorOrderRule(), new KestraFlowRules(), new KestraGitRefRule(), new SopsRules(), new DltRules(), new ProductionImageRule(),
        new ProductionChartRule(), new FluxApiVersionRule(), new FileNameRule(), new CredentialScanRule(),
        new KustomizeBuildRule(),
    ];

    /// <inheritdoc />
    public override IEnumerable<DiagnosticDescriptor> Diagnostics => RepositoryDiagnostics.All;
}
