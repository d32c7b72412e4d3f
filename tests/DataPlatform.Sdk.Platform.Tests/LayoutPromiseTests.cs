using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Repository;
using k8s.Models;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>Promises the README makes about the generated layout (issue #15, items 5 and 6).</summary>
public sealed class LayoutPromiseTests
{
    [Theory]
    [InlineData(RepositoryProfile.Standard)]
    [InlineData(RepositoryProfile.Simplified)]
    public void Every_generated_namespace_enforces_audits_and_warns_at_its_pod_security_level(RepositoryProfile profile)
    {
        var repo = GitOpsRepository.Load(DataPlatformRepository.Example(profile).Build().Files);

        var namespaces = repo.Objects.Select(o => o.Value).OfType<V1Namespace>().ToList();

        namespaces.Count.ShouldBeGreaterThan(3);
        namespaces.ShouldAllBe(n => n.Metadata.Labels.ContainsKey("pod-security.kubernetes.io/enforce")
            && n.Metadata.Labels["pod-security.kubernetes.io/audit"] == "restricted" && n.Metadata.Labels["pod-security.kubernetes.io/warn"] == "restricted");
        namespaces.Where(n => n.Metadata.Labels.ContainsKey("toolkit.fluxcd.io/tenant"))
            .ShouldAllBe(n => n.Metadata.Labels["pod-security.kubernetes.io/enforce"] == "restricted");
    }

    [Fact]
    public void Migrations_reading_an_undeclared_secret_are_an_error_with_a_suggestion()
    {
        var description = DataPlatformRepository.CreateBuilder("r")
            .Cluster("dev", c => c.TrackBranch("main"))
            .Sops(s => s.Age(Sdk.Sops.AgeIdentity.Generate().Recipient))
            .Tenant("finance-team")
            .Domain("finance", d => d.OwnedBy("finance-team")
                .Secret("finance-db", new Dictionary<string, string> { ["LIQUIBASE_COMMAND_URL"] = "jdbc:postgresql://db:5432/f" })
                .Migrations(ExampleFlows.FinanceSchema, "finance-bd"));

        var report = description.Validate();

        var error = report.Errors.Single(d => d.Code == "DPR010");
        error.Message.ShouldContain("'finance-bd'");
        error.Message.ShouldContain("did you mean 'finance-db'?");
        Should.Throw<Diagnostics.ValidationException>(() => description.Build());
    }
}

/// <summary>The seed's infrastructure groups, in the standard profile; the simplified one stays flat.</summary>
public sealed class InfrastructureGroupTests
{
    [Fact]
    public void Standard_profile_groups_infrastructure_as_the_seed_does()
    {
        var repo = DataPlatformRepository.Example()
            .Infrastructure(i => i.Chart(new ChartComponent("external-dns", "external-dns", "external-dns", "https://kubernetes-sigs.github.io/external-dns", "external-dns", "1.15.0"), InfrastructureGroup.Networking))
            .Build();
        var paths = repo.Files.Paths.Select(p => p.Value).Where(p => p.StartsWith("infrastructure/base/", StringComparison.Ordinal)).ToList();

        paths.Select(p => p.Split('/')[2]).Distinct().Order(StringComparer.Ordinal).ShouldBe(["networking", "observability", "storage"]);
        repo.Files.ReadText("infrastructure/base/networking/kustomization.yaml").ShouldBe(
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - namespaces.yaml\n  - ingress-nginx\n  - cert-manager\n  - external-dns\n");
        repo.Files.ReadText("infrastructure/overlays/prod/kustomization.yaml").ShouldContain("  - ../../base/observability\n  - ../../base/networking\n  - ../../base/storage\n");
        repo.Files.ReadText("infrastructure/base/observability/kustomization.yaml").ShouldNotContain("rules", customMessage: "the SLO rules need the operator's CRDs first: their own Flux Kustomization applies them");
    }

    [Fact]
    public void Cost_tracking_is_an_observability_option_that_reads_the_prometheus_it_needs()
    {
        var repo = DataPlatformRepository.CreateBuilder("r").Cluster("dev").Infrastructure(i => i.Observability().CostTracking()).Build();

        repo.Files.ReadText("infrastructure/base/observability/kustomization.yaml").ShouldContain("  - opencost\n");
        repo.Files.ReadText("infrastructure/base/observability/opencost/release.yaml").ShouldContain("serviceName: kube-prometheus-stack-prometheus");
        repo.Files.ReadText("infrastructure/base/observability/namespaces.yaml").ShouldContain("name: opencost");
        DataPlatformRepository.CreateBuilder("r").Cluster("dev").Infrastructure(i => i.CostTracking()).Validate()
            .Errors.ShouldContain(e => e.Message.Contains("CostTracking() needs Observability()", StringComparison.Ordinal));
    }

    [Fact]
    public void Simplified_profile_keeps_components_side_by_side()
    {
        var repo = DataPlatformRepository.Example(RepositoryProfile.Simplified).Build();

        repo.Files.Contains("infrastructure/loki/release.yaml").ShouldBeTrue();
        repo.Files.Paths.ShouldNotContain(p => p.Value.StartsWith("infrastructure/base/", StringComparison.Ordinal));
    }
}
