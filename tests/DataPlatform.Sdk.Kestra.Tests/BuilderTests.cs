using System.Text.Json.Nodes;
using DataPlatform.Sdk.Manifests;

namespace DataPlatform.Sdk.Kestra.Tests;

public class BuilderTests
{
    private static KestraFlow Orders() => KestraFlow.Create("ingest-orders", "finance.ingest", f => f
        .Description("Loads yesterday's orders.")
        .Label("team", "finance")
        .Input("day", KestraValueType.Date, required: false)
        .Python("extract", "import sys\nprint('extract', sys.argv)\n", t => t with { ContainerImage = "python:3.12-slim", Env = new JsonObject { ["PG_PASSWORD"] = "{{ secret('PG_PASSWORD') }}" } })
        .Parallel("load", p => p
            .Log("log-day", "{{ inputs.day ?? 'yesterday' }}")
            .PostgresQuery("count", "SELECT count(*) FROM orders", q => q with { Url = "jdbc:postgresql://pg:5432/finance", FetchType = "FETCH_ONE" }))
        .If("check", "{{ outputs.count.row.count > 0 }}", then => then.Log("ok", "loaded"), otherwise => otherwise.Fail("empty", "no orders"))
        .Errors(e => e.Log("alert", "failed: {{ errors }}", KestraLogLevel.Error))
        .Schedule("0 2 * * *", timezone: "Europe/Paris")
        .Retry(3, "PT5M"));

    [Fact]
    public void Built_flow_is_written_with_literal_scripts_and_validates_clean()
    {
        var yaml = ManifestSerializer.ToYaml(Orders());

        yaml.ShouldStartWith("id: ingest-orders\nnamespace: finance.ingest\n");
        yaml.ShouldContain("    script: |\n      import sys\n      print('extract', sys.argv)\n");
        var result = ManifestLoader.LoadString(yaml, "pipelines/finance/ingest/ingest-orders.yml");
        result.Diagnostics.Diagnostics.ShouldBeEmpty(result.Diagnostics.ToText());
        ManifestSerializer.ToJson(result.Documents[0].Object!).ShouldBe(ManifestSerializer.ToJson(Orders()));
    }

    [Fact]
    public void Same_input_gives_the_same_bytes() =>
        ManifestSerializer.ToYaml(Orders()).ShouldBe(ManifestSerializer.ToYaml(Orders()));

    [Fact]
    public void Secrets_are_collected_for_the_repository()
    {
        FlowAnalysis.Of(Orders()).Secrets.ShouldBe(["PG_PASSWORD"]);
    }

    [Fact]
    public void Migration_rewrites_old_plugin_names_and_keeps_comments()
    {
        var text = """
            # nightly job
            id: old
            namespace: company.team
            taskDefaults:
              - type: io.kestra.core.tasks.log.Log
                values:
                  level: WARN
            tasks:
              - id: seq # the outer sequence
                type: io.kestra.core.tasks.flows.Sequential
                tasks:
                  - id: hello
                    type: io.kestra.core.tasks.log.Log
                    message: hi
                  - id: wrapped
                    type: io.kestra.core.tasks.flows.AllowFailure
                    tasks:
                      - id: inner
                        type: io.kestra.core.tasks.debugs.Return
                        format: x
            triggers:
              - id: nightly
                type: io.kestra.core.models.triggers.types.Schedule
                cron: "@daily"
            """;
        var loaded = ManifestLoader.LoadString(text, "old.yml");
        loaded.Diagnostics.Diagnostics.Count(d => d.Code == "DPK013").ShouldBe(6);

        var migrated = KestraMigrations.Migrate((KestraFlow)loaded.Documents[0].Object!);
        var yaml = ManifestSerializer.ToYaml(migrated);

        yaml.ShouldContain("# nightly job");
        yaml.ShouldContain("- id: seq # the outer sequence");
        yaml.ShouldContain("type: io.kestra.plugin.core.flow.AllowFailure");
        yaml.ShouldContain("type: io.kestra.plugin.core.debug.Return");
        yaml.ShouldContain("pluginDefaults:");
        yaml.ShouldNotContain("io.kestra.core");
        var again = ManifestLoader.LoadString(yaml, "old.yml");
        again.Diagnostics.Diagnostics.ShouldBeEmpty(again.Diagnostics.ToText());
        again.Documents[0].Object.ShouldBeOfType<KestraFlow>().Tasks[0].ShouldBeOfType<SequentialTask>().Tasks![0].ShouldBeOfType<LogTask>();
    }

    [Fact]
    public void A_namespace_yaml_reads_as_a_boolean_is_reported_not_lost()
    {
        var result = ManifestLoader.LoadString("id: f\nnamespace: n\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: x\n", "f.yml");

        var error = result.Diagnostics.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe("DPS011");
        error.Location!.Value.Line.ShouldBe(2);
    }
}
