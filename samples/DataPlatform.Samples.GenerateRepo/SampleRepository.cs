using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Kestra;
using DataPlatform.Sdk.Liquibase;
using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Sops;

namespace DataPlatform.Samples.GenerateRepo;

/// <summary>The seed's example data-platform repository, described in one builder call.</summary>
public static class SampleRepository
{
    /// <summary>
    /// The description: dev follows main, prod follows release tags; finance and marketing live in their tenants, each
    /// with a Kestra flow and a Secret that is SOPS-encrypted for <paramref name="secretsRecipient"/> (and for a PGP key
    /// too, when <paramref name="pgpRecipient"/> is given: an organisation's existing sops setup).
    /// </summary>
    public static DataPlatformRepositoryBuilder Describe(AgeRecipient secretsRecipient, PgpRecipient? pgpRecipient = null) =>
        DataPlatformRepository.CreateBuilder("data-platform-gitops")
            .Source(git => git.Url("https://github.com/acme/data-platform-gitops"))
            .Cluster("dev", c => c.TrackBranch("main"))
            .Cluster("prod", c => c.TrackSemVer(">=1.0.0"))                 // prod deploys from tags, never a branch
            .Infrastructure(i => i.Observability().Networking().Storage())
            .Platform(p => p.Kestra().Superset().Dlt().Liquibase())
            .Notifications(n => n.Slack("#data-platform"))                    // Provider + Alert per cluster (seed §9)
            .Sops(s =>                                                       // .sops.yaml; Flux decrypts with the sops-age Secret
            {
                s.Age(secretsRecipient);
                if (pgpRecipient is not null)
                {
                    s.Pgp(pgpRecipient);                                     // its private key joins that Secret as sops.asc
                }
            })
            .OnAzure("acmedata.azurecr.io",                                    // ACR images, workload identity, Key Vault in .sops.yaml
                workloadIdentityClientId: "6f1c2b7e-4d0a-4a8e-9a55-3c2f0e7b9d11",
                sopsKeyVaultKeyUrl: "https://acme-prod.vault.azure.net/keys/sops/6b0c8a1d2e3f4a5b",
                logAnalyticsWorkspaceId: "acme-data-platform")
            .Tenant("finance-team", t => t.Quota(cpu: "8", memory: "32Gi").NodePool("data"))  // its workloads on the data node pool
            .Tenant("marketing-team", t => t.Quota(cpu: "4", memory: "16Gi"))
            .Domain("finance", d => d.OwnedBy("finance-team").Setting("REPORTING_CURRENCY", "EUR")
                .Application("orders-api", "orders-api", "1.4.2")              // dev follows new images; prod pins 1.4.2
                .Pipeline("stripe-postgres", p => p                             // dlt script + config + Kestra flow, in one call
                    .FromRestApi("https://api.stripe.com/v1", "customers", "charges")
                    .ToPostgres("finance-db.finance-team.svc", "finance")
                    .Dataset("stripe")
                    .Merge(primaryKey: "id")
                    .Incremental("created")
                    .Column("id", "text", nullable: false, primaryKey: true)
                    .Schedule("0 * * * *"))
                .Secret("finance-db", new Dictionary<string, string>                // encrypted; read by the migrations Job
                {
                    ["LIQUIBASE_COMMAND_URL"] = "jdbc:postgresql://finance-db.finance-team.svc:5432/finance",
                    ["LIQUIBASE_COMMAND_USERNAME"] = "finance_app",
                    ["LIQUIBASE_COMMAND_PASSWORD"] = "replace-me-with-sops",        // edit later with: sops <file>
                })
                .Migrations(LiquibaseChangelog.Create(c => c                       // domains/finance/migrations: a Job before the domain
                    .ChangeSet("create-orders", "finance", cs => cs
                        .CreateTable("orders", t => t
                            .Column("id", "bigint", col => col.PrimaryKey().AutoIncrement())
                            .Column("amount", "numeric(12,2)", col => col.NotNull())))
                    .ChangeSet("create-currencies", "finance", cs => cs
                        .CreateTable("currencies", t => t.Column("code", "varchar(3)", col => col.PrimaryKey())))
                    .ChangeSet("seed-currencies", "finance", cs => cs
                        .Sql("INSERT INTO currencies (code) VALUES ('EUR');")
                        .RollbackSql("DELETE FROM currencies WHERE code = 'EUR';"))),
                    "finance-db")
                .Flow("daily-revenue", f => f                                 // pipelines/finance/reporting/daily-revenue.yml
                    .Description("Aggregates yesterday's orders into the revenue table.")
                    .Input("day", KestraValueType.Date, required: false)
                    .PostgresQuery("aggregate", "INSERT INTO revenue SELECT date(created_at), sum(amount) FROM orders WHERE date(created_at) = '{{ inputs.day ?? (execution.startDate | date('yyyy-MM-dd')) }}' GROUP BY 1",
                        q => q with { Url = "jdbc:postgresql://finance-db:5432/finance", Username = "{{ secret('FINANCE_DB_USER') }}", Password = "{{ secret('FINANCE_DB_PASSWORD') }}" })
                    .Log("done", "Revenue for {{ inputs.day ?? 'yesterday' }} aggregated.")
                    .Errors(e => e.Log("report-failure", "daily-revenue failed in {{ execution.id }}", KestraLogLevel.Error))
                    .Schedule("0 6 * * *", timezone: "Europe/Paris")
                    .Retry(3, "PT10M"), subNamespace: "reporting"))
            .Domain("marketing", d => d.OwnedBy("marketing-team")
                .Secret("campaign-api", new Dictionary<string, string> { ["CAMPAIGN_API_TOKEN"] = "replace-me-with-sops" })
                .Pipeline("campaigns-postgres", p => p                         // each domain loads its own sources
                    .FromRestApi("https://api.example.com/v1", "campaigns", "clicks")
                    .ToPostgres("marketing-db.marketing-team.svc", "marketing")
                    .Dataset("campaigns")
                    .Merge(primaryKey: "id")
                    .Schedule("30 * * * *"))
                .Flow("campaign-sync", f => f                                 // pipelines/marketing/campaign-sync.yml
                    .Http("fetch", "https://api.example.com/v1/campaigns")
                    .Python("summarise", "import json, sys\nprint(json.dumps({'ok': True}))\n", t => t with { ContainerImage = "python:3.12-slim" })
                    .Schedule("@hourly")));

    /// <summary>The rendered files.</summary>
    public static FileTree Build(AgeRecipient secretsRecipient) => Describe(secretsRecipient).Build().Files;
}
