using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Sops;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>Security baselines across the repository: generated namespaces carry PSS labels, and latest is refused in production.</summary>
public class SecurityRepositoryTests
{
    [Fact]
    public void Every_generated_namespace_enforces_a_pod_security_standard()
    {
        var repo = GitOpsRepository.Load(DataPlatformRepository.Example().Build().Files);

        repo.Objects.Select(o => o.Value).OfType<k8s.Models.V1Namespace>()
            .ShouldAllBe(n => n.Metadata.Labels!.ContainsKey("pod-security.kubernetes.io/enforce"));
    }

    [Fact]
    public void DPR017_latest_image_in_a_production_workload()
    {
        var files = DataPlatformRepository.Example(RepositoryProfile.Standard, AgeIdentity.Generate().Recipient).Build().Files;
        var path = RepoPath.Parse("domains/finance/migrations/base/job.yaml");
        var text = files.ReadText(path).Replace("liquibase/liquibase:4.28.0", "liquibase/liquibase:latest", StringComparison.Ordinal);

        var report = GitOpsRepository.Load(files.With(path, text)).Validate();

        var d = report.Errors.Single(x => x.Code == "DPR017");
        d.Location!.Value.FilePath.ShouldBe("domains/finance/migrations/base/job.yaml");
        d.Location.Value.Line.ShouldBe(text.Split('\n').ToList().FindIndex(l => l.Contains(":latest", StringComparison.Ordinal)) + 1);
        report.Warnings.ShouldContain(x => x.Code == "DPC007");
    }
}
