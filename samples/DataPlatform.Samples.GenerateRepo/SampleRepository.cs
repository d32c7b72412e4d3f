using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Platform.Layout;

namespace DataPlatform.Samples.GenerateRepo;

/// <summary>The seed's example data-platform repository, described in one builder call.</summary>
public static class SampleRepository
{
    /// <summary>The description: dev follows main, prod follows release tags; finance and marketing live in their tenants.</summary>
    public static DataPlatformRepositoryBuilder Describe() =>
        DataPlatformRepository.CreateBuilder("data-platform-gitops")
            .Source(git => git.Url("https://github.com/acme/data-platform-gitops"))
            .Cluster("dev", c => c.TrackBranch("main"))
            .Cluster("prod", c => c.TrackSemVer(">=1.0.0"))                 // prod deploys from tags, never a branch
            .Infrastructure(i => i.Observability().Networking().Storage())
            .Platform(p => p.Kestra().Superset().Dlt().Liquibase())
            .Tenant("finance-team", t => t.Quota(cpu: "8", memory: "32Gi"))
            .Tenant("marketing-team", t => t.Quota(cpu: "4", memory: "16Gi"))
            .Domain("finance", d => d.OwnedBy("finance-team").Setting("REPORTING_CURRENCY", "EUR"))
            .Domain("marketing", d => d.OwnedBy("marketing-team"));

    /// <summary>The rendered files.</summary>
    public static FileTree Build() => Describe().Build().Files;
}
