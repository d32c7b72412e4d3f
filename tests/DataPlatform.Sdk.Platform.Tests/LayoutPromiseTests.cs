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
