using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Platform.Validation;
using DataPlatform.Sdk.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>Teams add their own rules in C# through DI, and override severities per code.</summary>
public sealed class DependencyInjectionTests : IDisposable
{
    private static readonly DiagnosticDescriptor NoLongIntervals = new("ACME001", "Interval too long", DiagnosticSeverity.Warning, "Reconcile at least hourly.");
    private static readonly DiagnosticDescriptor OwnerLabel = new("ACME002", "Namespace without owner", DiagnosticSeverity.Error, "Label every namespace with acme.com/owner.");
    private readonly SampleRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private sealed class IntervalPolicy : ObjectRule<FluxKustomization>
    {
        public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [NoLongIntervals];

        protected override void Check(FluxKustomization obj, RuleContext context)
        {
            if (obj.Spec.Interval.ToTimeSpan() > TimeSpan.FromHours(1))
            {
                context.Report(NoLongIntervals, $"Interval {obj.Spec.Interval} is longer than an hour.", "/spec/interval");
            }
        }
    }

    private sealed class OwnerPolicy : IRepositoryRule
    {
        public IReadOnlyList<DiagnosticDescriptor> Descriptors => [OwnerLabel];

        public void Check(RepositoryContext context)
        {
            foreach (var ns in context.Repository.Objects.Where(o => o.Kind == "Namespace" && o.Value is k8s.Models.V1Namespace n && n.Metadata.Labels?.ContainsKey("acme.com/owner") != true))
            {
                context.Report(OwnerLabel, ns, "/metadata", $"Namespace '{ns.Name}' has no acme.com/owner label.");
            }
        }
    }

    [Fact]
    public void AddRule_ObjectRuleRunsInTheLoader_WithSeverityOverride()
    {
        using var provider = new ServiceCollection()
            .AddDataPlatformSdk(o => o.SeverityOverrides = SeverityOverrides.None.Set("ACME001", DiagnosticSeverity.Error))
            .AddRule<IntervalPolicy>()
            .Services.BuildServiceProvider();
        var loader = provider.GetRequiredService<ManifestLoader>();
        var text = "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 2h\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n";
        var d = loader.Parse(text, "apps.yaml").Diagnostics.Diagnostics.Single(x => x.Code == "ACME001");
        (d.Severity, d.Line).ShouldBe((DiagnosticSeverity.Error, 7));
        ManifestLoader.Default.Parse(text, "apps.yaml").Diagnostics.Diagnostics.ShouldNotContain(x => x.Code == "ACME001");
    }

    [Fact]
    public void AddRepositoryRule_RunsOnTheWholeRepository()
    {
        using var provider = new ServiceCollection().AddDataPlatformSdk().AddRepositoryRule<OwnerPolicy>().Services.BuildServiceProvider();
        var validator = provider.GetRequiredService<RepositoryValidator>();
        var report = validator.Validate(GitOpsRepository.Load(_repo.Root));
        report.Diagnostics.Where(d => d.Code == "ACME002").ShouldNotBeEmpty();
        report.Diagnostics.ShouldAllBe(d => d.Code == "ACME002" || d.Severity != DiagnosticSeverity.Error);
    }

    [Fact]
    public async Task Rules_from_di_reach_the_builder_the_loader_and_the_validator()
    {
        using var provider = new ServiceCollection().AddDataPlatformSdk().AddRule<IntervalPolicy>().AddRepositoryRule<OwnerPolicy>().Services.BuildServiceProvider();
        var (loader, validator) = (provider.GetRequiredService<ManifestLoader>(), provider.GetRequiredService<RepositoryValidator>());
        var description = Layout.DataPlatformRepository.CreateBuilder("r").Cluster("dev").Domain("finance");

        var built = description.Validate(validator, loader);
        built.Diagnostics.ShouldContain(d => d.Code == "ACME002", "the repository rule runs on the built model");
        Should.Throw<ValidationException>(() => description.Build(validator, loader)).Message.ShouldContain("ACME002");
        description.Validate().Diagnostics.ShouldNotContain(d => d.Code == "ACME002");

        var loaded = await Layout.DataPlatformRepository.LoadAsync(_repo.Root, loader);
        var report = loaded.Validate(validator);
        report.Diagnostics.ShouldContain(d => d.Code == "ACME002");
        validator.Rules.Count.ShouldBe(RepositoryValidator.BuiltInRules.Count + 1, "the built-in rules of every package, from their modules, plus the team's");
        RepositoryValidator.BuiltInRules.ShouldContain(r => r is Liquibase.ChangelogIncludeRule, "a tool package contributes its own repository rules");
    }

    [Fact]
    public void AddDataPlatformSdk_Twice_IsHarmless()
    {
        var services = new ServiceCollection();
        services.AddDataPlatformSdk().AddRule<IntervalPolicy>();
        services.AddDataPlatformSdk().AddRule<IntervalPolicy>();
        using var provider = services.BuildServiceProvider();
        provider.GetServices<IObjectRule>().Count().ShouldBe(1);
        provider.GetRequiredService<ObjectValidator>().Rules.Count(r => r is IntervalPolicy).ShouldBe(1);
    }
}
