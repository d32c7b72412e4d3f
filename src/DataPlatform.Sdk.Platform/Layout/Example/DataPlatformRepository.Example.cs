using DataPlatform.Sdk.Sops;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>The seed's example repository.</summary>
public sealed partial class DataPlatformRepository
{
    /// <summary>The seed's full example: dev and prod clusters, every infrastructure and platform component, the finance and marketing domains.</summary>
    /// <param name="profile">The layout.</param>
    /// <returns>The builder, to extend further.</returns>
    /// <param name="secretsRecipient">The age recipient the example's secrets are encrypted for; none without it.</param>
    /// <remarks>
    /// With <paramref name="secretsRecipient"/>, each domain also gets a SOPS-encrypted Secret (database credentials)
    /// that only that recipient's identity decrypts.
    /// </remarks>
    public static DataPlatformRepositoryBuilder Example(RepositoryProfile profile = RepositoryProfile.Standard, Sops.AgeRecipient? secretsRecipient = null)
    {
        var withSecrets = secretsRecipient is not null;
        var builder = CreateBuilder("data-platform-gitops")
            .Profile(profile)
            .Source(s => s.Url("https://github.com/acme/data-platform-gitops"))
            .Cluster("dev", c => c.TrackBranch("main"))
            .Cluster("prod", c => c.TrackSemVer(">=1.0.0"))
            .Infrastructure(i => i.Observability().Networking().Storage())
            .Platform(p => p.Kestra().Superset().Dlt().Liquibase())
            .Notifications(n => n.Slack("#data-platform").GitHubCommitStatus("https://github.com/acme/data-platform-gitops"))
            .Tenant("finance-team", t => t.Quota(cpu: "8", memory: "32Gi"))
            .Tenant("marketing-team", t => t.Quota(cpu: "4", memory: "16Gi"))
            .Domain("finance", d => ExampleFinance(d, withSecrets))
            .Domain("marketing", d => ExampleMarketing(d, withSecrets));
        return secretsRecipient is null ? builder : builder.Sops(s => s.Age(secretsRecipient));
    }

    /// <summary>The value of the example's secrets: a placeholder to replace with <c>sops</c> (stable, so re-running changes nothing).</summary>
    private const string ExampleValue = "replace-me-with-sops";

    private static DomainBuilder ExampleFinance(DomainBuilder domain, bool withSecrets)
    {
        var finance = ExampleFlows.Finance(domain.OwnedBy("finance-team").Setting("REPORTING_CURRENCY", "EUR"))
            .Application("orders-api", "ghcr.io/acme/orders-api", "1.4.2", semverRange: ">=1.4.0-0")
            .Pipeline("stripe-postgres", p => p
                .FromRestApi("https://api.stripe.com/v1", "customers", "charges")
                .ToPostgres("finance-db.finance-team.svc", "finance")
                .Dataset("stripe")
                .Merge(primaryKey: "id")
                .Incremental("created")
                .Schedule("0 * * * *"));
        return !withSecrets ? finance : finance
            .Secret("finance-db", new Dictionary<string, string>
            {
                ["LIQUIBASE_COMMAND_URL"] = "jdbc:postgresql://finance-db.finance-team.svc:5432/finance",
                ["LIQUIBASE_COMMAND_USERNAME"] = "finance_app",
                ["LIQUIBASE_COMMAND_PASSWORD"] = ExampleValue,
            })
            .Migrations(ExampleFlows.FinanceSchema, "finance-db");
    }

    private static DomainBuilder ExampleMarketing(DomainBuilder domain, bool withSecrets)
    {
        var marketing = ExampleFlows.Marketing(domain.OwnedBy("marketing-team"))
            .Pipeline("campaigns-postgres", p => p
                .FromRestApi("https://api.example.com/v1", "campaigns", "clicks")
                .ToPostgres("marketing-db.marketing-team.svc", "marketing")
                .Dataset("campaigns")
                .Merge(primaryKey: "id")
                .Schedule("30 * * * *"));
        return !withSecrets ? marketing : marketing.Secret("campaign-api", new Dictionary<string, string> { ["CAMPAIGN_API_TOKEN"] = ExampleValue });
    }
}
