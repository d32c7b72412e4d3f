using DataPlatform.Sdk.Kestra;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>The Kestra flows of the example repository: one real flow per domain, built with the flow API.</summary>
internal static class ExampleFlows
{
    /// <summary>finance: a nightly revenue aggregation in PostgreSQL (namespace finance.reporting).</summary>
    public static DomainBuilder Finance(DomainBuilder d) => d.Flow("daily-revenue", f => f
        .Description("Aggregates yesterday's orders into the revenue table.")
        .Label("data-platform/domain", "finance")
        .Input("day", KestraValueType.Date, required: false, description: "The day to aggregate; yesterday when empty.")
        .PostgresQuery(
            "aggregate",
            "INSERT INTO revenue (day, amount)\nSELECT date(created_at), sum(amount) FROM orders\nWHERE date(created_at) = '{{ inputs.day ?? (execution.startDate | dateAdd(-1, 'DAYS') | date('yyyy-MM-dd')) }}'\nGROUP BY 1\n",
            q => q with
            {
                Url = "jdbc:postgresql://finance-db.finance-team.svc:5432/finance",
                Username = "{{ secret('FINANCE_DB_USER') }}",
                Password = "{{ secret('FINANCE_DB_PASSWORD') }}",
            })
        .Log("done", "Revenue for {{ inputs.day ?? 'yesterday' }} aggregated.")
        .Errors(e => e.Log("report-failure", "daily-revenue failed: {{ execution.id }}", KestraLogLevel.Error))
        .Schedule("0 6 * * *", timezone: "Europe/Paris")
        .Retry(3, "PT10M"), subNamespace: "reporting");

    /// <summary>marketing: an hourly pull of campaign statistics, summarised in Python.</summary>
    public static DomainBuilder Marketing(DomainBuilder d) => d.Flow("campaign-sync", f => f
        .Description("Fetches campaign statistics every hour.")
        .Label("data-platform/domain", "marketing")
        .Task(new HttpRequestTask
        {
            Id = "fetch",
            Uri = "https://api.example.com/v1/campaigns",
            Headers = new() { ["Authorization"] = "Bearer {{ secret('CAMPAIGN_API_TOKEN') }}" },
        })
        .Python(
            "summarise",
            "import json\n\ncampaigns = json.loads('''{{ outputs.fetch.body }}''')\nprint(f'{len(campaigns)} campaigns')\n",
            t => t with { ContainerImage = "python:3.12-slim" })
        .Concurrency(1)
        .Schedule("@hourly", "hourly"));

    /// <summary>finance: the schema the revenue flow reads and writes, as Liquibase migrations.</summary>
    public static Liquibase.LiquibaseChangelog FinanceSchema { get; } = Liquibase.LiquibaseChangelog.Create(c => c
        .ChangeSet("create-orders", "finance", cs => cs
            .Comment("Orders loaded by the ingestion pipelines.")
            .CreateTable("orders", t => t
                .Column("id", "bigint", col => col.PrimaryKey().AutoIncrement())
                .Column("created_at", "timestamp", col => col.NotNull().DefaultComputed("CURRENT_TIMESTAMP"))
                .Column("amount", "numeric(12,2)", col => col.NotNull())))
        .ChangeSet("create-revenue", "finance", cs => cs
            .CreateTable("revenue", t => t
                .Column("day", "date", col => col.PrimaryKey())
                .Column("amount", "numeric(14,2)", col => col.NotNull())))
        .ChangeSet("index-orders-created-at", "finance", cs => cs
            .CreateIndex("ix_orders_created_at", "orders", unique: false, "created_at")));
}
