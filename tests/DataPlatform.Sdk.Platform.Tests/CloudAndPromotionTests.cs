using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Kubernetes.Kustomize;
using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Sops;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>Image automation for dev, pinned production with promotion by pull request, and the Azure and AWS profiles.</summary>
public class CloudAndPromotionTests
{
    [Fact]
    public void Dev_follows_images_by_automation_and_prod_pins_the_release()
    {
        var repo = DataPlatformRepository.Example().Build();
        var loaded = GitOpsRepository.Load(repo.Files);

        var policy = loaded.Objects.Select(o => o.Value).OfType<ImagePolicy>().Single();
        policy.Spec.Policy.Semver!.Range.ShouldBe(">=1.4.0-0");
        var automation = loaded.Objects.Single(o => o.Value is ImageUpdateAutomation);
        automation.File.Value.ShouldBe("clusters/dev/image-automation.yaml");
        ((ImageUpdateAutomation)automation.Value).Spec.Update!.Strategy.ShouldBe("Setters");
        repo.Files.ReadText(RepoPath.Parse("domains/finance/base/orders-api.yaml")).ShouldContain("ghcr.io/acme/orders-api:1.4.2 # {\"$imagepolicy\": \"flux-system:orders-api\"}");
        loaded[RepoPath.Parse("domains/finance/overlays/prod/kustomization.yaml")]!.Kustomization()!.Images.Single().NewTag.ShouldBe("1.4.2");
        loaded[RepoPath.Parse("domains/finance/overlays/dev/kustomization.yaml")]!.Kustomization()!.Images.ShouldBeEmpty();
        repo.Validate().Diagnostics.ShouldBeEmpty(repo.Validate().ToText());
    }

    [Fact]
    public void Azure_profile_uses_acr_workload_identity_key_vault_and_container_insights()
    {
        var repo = DataPlatformRepository.Example(RepositoryProfile.Standard, AgeIdentity.Generate().Recipient)
            .OnAzure("acmedata.azurecr.io", "6f1c2b7e-4d0a-4a8e-9a55-3c2f0e7b9d11", "https://acme.vault.azure.net/keys/sops/0123", "acme-logs")
            .Domain("billing", d => d.Application("invoices", "invoices", "2.0.0"))
            .Build();
        var loaded = GitOpsRepository.Load(repo.Files);

        loaded.Objects.Select(o => o.Value).OfType<k8s.Models.V1ServiceAccount>().Where(sa => sa.Metadata.Name!.EndsWith("-team", StringComparison.Ordinal))
            .ShouldAllBe(sa => sa.Metadata.Annotations!["azure.workload.identity/client-id"] == "6f1c2b7e-4d0a-4a8e-9a55-3c2f0e7b9d11");
        repo.Files.ReadText(RepoPath.Parse("domains/billing/base/invoices.yaml")).ShouldContain("image: acmedata.azurecr.io/invoices:2.0.0");
        repo.Files.ReadText(RepoPath.Parse("domains/finance/migrations/base/job.yaml")).ShouldContain("azure.workload.identity/use: \"true\"");
        SopsConfig.Parse(repo.Files.ReadText(RepoPath.Parse(".sops.yaml"))).CreationRules.ShouldAllBe(r => SopsCreationRule.List(r.AzureKeyVault).Contains("https://acme.vault.azure.net/keys/sops/0123"));
        repo.Files.Paths.ShouldContain(p => p.Value == "infrastructure/base/observability/azure-monitor/agent-config.yaml");
        repo.Validate().Errors.ShouldBeEmpty(repo.Validate().ToText());
    }

    [Fact]
    public void Aws_profile_uses_ecr_irsa_and_kms()
    {
        var repo = DataPlatformRepository.Example(RepositoryProfile.Standard, AgeIdentity.Generate().Recipient)
            .OnAws("123456789012.dkr.ecr.eu-west-1.amazonaws.com", "arn:aws:iam::123456789012:role/data-platform", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")
            .Domain("billing", d => d.Application("invoices", "invoices", "2.0.0"))
            .Build();

        repo.Files.ReadText(RepoPath.Parse("tenants/base/billing-team/tenant.yaml")).ShouldContain("eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/data-platform");
        repo.Files.ReadText(RepoPath.Parse("domains/billing/base/invoices.yaml")).ShouldContain("123456789012.dkr.ecr.eu-west-1.amazonaws.com/invoices:2.0.0");
        SopsConfig.Parse(repo.Files.ReadText(RepoPath.Parse(".sops.yaml"))).CreationRules.ShouldAllBe(r => SopsCreationRule.List(r.Kms).Any());
        repo.Validate().Errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("acme.example.com")]
    [InlineData("not-an-acr")]
    public void A_profile_without_its_required_settings_is_refused(string registry)
    {
        Should.Throw<ArgumentException>(() => DataPlatformRepository.CreateBuilder("r").OnAzure(registry, Guid.NewGuid().ToString(), "https://v.vault.azure.net/keys/k/1"));
        Should.Throw<ArgumentException>(() => DataPlatformRepository.CreateBuilder("r").OnAzure("a.azurecr.io", "not-a-guid", "https://v.vault.azure.net/keys/k/1"));
        Should.Throw<ArgumentException>(() => DataPlatformRepository.CreateBuilder("r").OnAws("ecr.example.com", "arn:aws:iam::1:role/x", "arn:aws:kms:r:1:key/k"));
        Should.Throw<ArgumentException>(() => DataPlatformRepository.CreateBuilder("r").Domain("d", d => d.Application("a", "img:1.0", "1.0")));
    }

    [Fact]
    public void A_tenant_node_pool_places_its_generated_workloads()
    {
        var repo = DataPlatformRepository.CreateBuilder("r")
            .Cluster("dev", c => c.TrackBranch("main"))
            .Sops(s => s.Age(AgeIdentity.Generate().Recipient))
            .Tenant("finance-team", t => t.Quota(cpu: "8", memory: "32Gi").NodePool("data"))
            .Domain("finance", d => d.OwnedBy("finance-team")
                .Application("orders-api", "ghcr.io/acme/orders-api", "1.4.2")
                .Secret("finance-db", new Dictionary<string, string> { ["LIQUIBASE_COMMAND_URL"] = "jdbc:postgresql://db:5432/f" })
                .Migrations(ExampleFlows.FinanceSchema, "finance-db"))
            .Domain("marketing", d => d.Application("campaigns", "ghcr.io/acme/campaigns", "2.0.0"))
            .Build();

        foreach (var path in new[] { "domains/finance/migrations/base/job.yaml", "domains/finance/base/orders-api.yaml" })
        {
            var text = repo.Files.ReadText(RepoPath.Parse(path));
            text.ShouldContain("data-platform/workload-class: data");
            text.ShouldContain("key: workload-class");
        }

        repo.Files.ReadText(RepoPath.Parse("domains/marketing/base/campaigns.yaml")).ShouldNotContain("workload-class", customMessage: "another tenant's workloads stay off the pool");
    }
}
