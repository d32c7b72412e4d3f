using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Validation;

namespace DataPlatform.Sdk.Kestra.Tests;

/// <summary>One planted defect per DPK code, each found at its file and line, and the fixed flow clean.</summary>
public class RuleTests
{
    private const string Valid = """
        id: ingest-orders
        namespace: finance.ingest
        inputs:
          - id: day
            type: DATE
        tasks:
          - id: extract
            type: io.kestra.plugin.core.debug.Return
            format: "{{ inputs.day }}"
          - id: load
            type: io.kestra.plugin.core.log.Log
            message: "{{ outputs.extract.value }} {{ secret('PG_PASSWORD') }}"
        triggers:
          - id: nightly
            type: io.kestra.plugin.core.trigger.Schedule
            cron: "0 2 * * *"
        """;

    public static TheoryData<string, string, string, int, DiagnosticSeverity> Cases() => new()
    {
        // code, text to replace in Valid, replacement, line of the finding, severity
        { "DPK001", "id: ingest-orders", "id: -ingest", 1, DiagnosticSeverity.Error },
        { "DPK002", "namespace: finance.ingest", "namespace: Finance.Ingest", 2, DiagnosticSeverity.Error },
        { "DPK003", "  - id: load\n", "  - id: load.step\n", 10, DiagnosticSeverity.Error },
        { "DPK005", "  - id: load\n", "  - id: extract\n", 10, DiagnosticSeverity.Error },
        { "DPK006", "cron: \"0 2 * * *\"", "cron: \"0 25 * * *\"", 16, DiagnosticSeverity.Error },
        { "DPK007", "outputs.extract.value", "outputs.extrakt.value", 12, DiagnosticSeverity.Error },
        { "DPK009", "inputs.day", "inputs.date", 9, DiagnosticSeverity.Error },
        { "DPK010", "type: io.kestra.plugin.core.log.Log", "type: Log", 11, DiagnosticSeverity.Error },
        { "DPK011", "    message: \"{{ outputs.extract.value }} {{ secret('PG_PASSWORD') }}\"\n", "", 10, DiagnosticSeverity.Error },
        { "DPK012", "{{ outputs.extract.value }}", "{{ outputs.extract.value }", 12, DiagnosticSeverity.Warning },
        { "DPK013", "type: io.kestra.plugin.core.log.Log", "type: io.kestra.core.tasks.log.Log", 11, DiagnosticSeverity.Warning },
        { "DPK014", "    format: \"{{ inputs.day }}\"\n", "    format: \"{{ inputs.day }}\"\n    formatt: x\n", 10, DiagnosticSeverity.Error },
        { "DPK019", "tasks:\n", "tasks:\n  - id: dag\n    type: io.kestra.plugin.core.flow.Dag\n    tasks:\n      - task: {id: x, type: io.kestra.plugin.core.log.Log, message: m}\n        dependsOn: [missing]\n", 11, DiagnosticSeverity.Error },
        { "DPK020", "type: io.kestra.plugin.core.debug.Return\n    format: \"{{ inputs.day }}\"", "type: io.kestra.plugin.core.flow.Subflow\n    namespace: finance.ingest\n    flowId: ingest-orders", 10, DiagnosticSeverity.Error },
        { "DPK021", "type: io.kestra.plugin.core.log.Log", "type: io.kestra.plugin.core.log.Logg", 11, DiagnosticSeverity.Error },
        { "DPK022", "tasks:\n", "labels:\n  system.owner: me\ntasks:\n", 7, DiagnosticSeverity.Error },
        { "DPK015", "    type: DATE\n", "    type: ENUM\n    values: [a, b]\n", 5, DiagnosticSeverity.Warning },
        { "DPK016", "    type: DATE\n", "    type: date\n", 5, DiagnosticSeverity.Error },
        { "DPK017", "    type: DATE\n", "    type: DATE\n  - id: day\n    type: STRING\n", 6, DiagnosticSeverity.Error },
        { "DPK018", "    format: \"{{ inputs.day }}\"\n", "    format: \"{{ inputs.day }}\"\n    timeout: 5m\n", 10, DiagnosticSeverity.Error },
    };

    [Fact]
    public void The_valid_flow_is_clean()
    {
        var result = ManifestLoader.LoadString(Valid, "pipelines/ingest-orders.yml");

        result.Diagnostics.Diagnostics.ShouldBeEmpty(result.Diagnostics.ToText());
        FlowAnalysis.Of((KestraFlow)result.Documents[0].Object!).Secrets.ShouldBe(["PG_PASSWORD"]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Planted_defect_is_reported_at_its_line(string code, string find, string replace, int line, DiagnosticSeverity severity)
    {
        Valid.ShouldContain(find);
        var text = Valid.Replace(find, replace, StringComparison.Ordinal);

        var result = ManifestLoader.LoadString(text, "pipelines/ingest-orders.yml");

        var finding = result.Diagnostics.Diagnostics.FirstOrDefault(d => d.Code == code);
        finding.ShouldNotBeNull($"{code} not reported:\n{result.Diagnostics.ToText()}");
        finding.Severity.ShouldBe(severity);
        finding.Location!.Value.FilePath.ShouldBe("pipelines/ingest-orders.yml");
        if (line > 0)
        {
            finding.Location!.Value.Line.ShouldBe(line, result.Diagnostics.ToText());
        }
        else
        {
            finding.Location!.Value.Line.ShouldBeGreaterThan(0);
        }
    }

    [Fact]
    public void A_flow_that_lost_its_tasks_is_still_a_flow_and_reported()
    {
        var result = ManifestLoader.LoadString("id: empty\nnamespace: finance\ninputs:\n  - id: x\n    type: STRING\n", "f.yml");

        result.Documents[0].Object.ShouldBeOfType<KestraFlow>();
        result.Diagnostics.Errors.Single().Code.ShouldBe("DPK004");
    }

    [Fact]
    public void Reading_a_later_task_in_the_same_sequence_is_an_error()
    {
        var text = """
            id: f
            namespace: company.team
            tasks:
              - id: a
                type: io.kestra.plugin.core.log.Log
                message: "{{ outputs.b.value }}"
              - id: b
                type: io.kestra.plugin.core.debug.Return
                format: x
            """;

        var d = ManifestLoader.LoadString(text, "f.yml").Diagnostics.Diagnostics.Single(d => d.Code == "DPK008");

        d.Severity.ShouldBe(DiagnosticSeverity.Error);
        d.Location!.Value.Line.ShouldBe(6);
    }

    [Theory]
    [InlineData("io.kestra.plugin.core.flow.Parallel", DiagnosticSeverity.Warning)]
    [InlineData("io.kestra.plugin.core.flow.Sequential", null)]
    public void Reading_a_sibling_depends_on_how_siblings_run(string container, DiagnosticSeverity? expected)
    {
        var text = $$$"""
            id: f
            namespace: company.team
            tasks:
              - id: box
                type: {{{container}}}
                tasks:
                  - id: a
                    type: io.kestra.plugin.core.debug.Return
                    format: x
                  - id: b
                    type: io.kestra.plugin.core.log.Log
                    message: "{{ outputs.a.value }}"
            """;

        var found = ManifestLoader.LoadString(text, "f.yml").Diagnostics.Diagnostics.Where(d => d.Code == "DPK008").ToList();

        if (expected is null)
        {
            found.ShouldBeEmpty();
        }
        else
        {
            found.Single().Severity.ShouldBe(expected.Value);
        }
    }

    [Fact]
    public void Other_branch_of_an_if_is_a_warning_and_error_handlers_may_read_anything()
    {
        var text = """
            id: f
            namespace: company.team
            tasks:
              - id: check
                type: io.kestra.plugin.core.flow.If
                condition: "{{ true }}"
                then:
                  - id: a
                    type: io.kestra.plugin.core.debug.Return
                    format: x
                else:
                  - id: b
                    type: io.kestra.plugin.core.log.Log
                    message: "{{ outputs.a.value }}"
            errors:
              - id: report
                type: io.kestra.plugin.core.log.Log
                message: "{{ outputs.b.value }} {{ outputs.a.value }}"
            """;

        var found = ManifestLoader.LoadString(text, "f.yml").Diagnostics.Diagnostics.Where(d => d.Code == "DPK008").ToList();

        found.Single().Severity.ShouldBe(DiagnosticSeverity.Warning);
        found.Single().Location!.Value.Line.ShouldBe(14);
    }

    [Fact]
    public void Dag_order_follows_dependsOn()
    {
        var text = """
            id: f
            namespace: company.team
            tasks:
              - id: dag
                type: io.kestra.plugin.core.flow.Dag
                tasks:
                  - task:
                      id: a
                      type: io.kestra.plugin.core.debug.Return
                      format: x
                  - task:
                      id: b
                      type: io.kestra.plugin.core.log.Log
                      message: "{{ outputs.a.value }}"
                    dependsOn: [a]
                  - task:
                      id: c
                      type: io.kestra.plugin.core.log.Log
                      message: "{{ outputs.a.value }}"
            """;

        var found = ManifestLoader.LoadString(text, "f.yml").Diagnostics.Diagnostics.Where(d => d.Code == "DPK008").ToList();

        found.Single().Location!.Value.Line.ShouldBe(19);
        found.Single().Severity.ShouldBe(DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Guarded_and_foreign_references_are_not_reported()
    {
        var text = """
            id: f
            namespace: company.team
            tasks:
              - id: a
                type: io.kestra.plugin.core.log.Log
                message: "{{ inputs.maybe ?? 'none' }} {{ outputs.later.value ?? '' }} {{ inputs['x'] is defined }}"
              - id: sub
                type: io.kestra.plugin.core.flow.Subflow
                namespace: company.team
                flowId: other
                outputs:
                  v: "{{ outputs.inside_the_subflow.value }}"
            triggers:
              - id: upstream
                type: io.kestra.plugin.core.trigger.Flow
                inputs:
                  v: "{{ outputs.upstream_task.value }}"
            """;

        var codes = ManifestLoader.LoadString(text, "f.yml").Diagnostics.Diagnostics.Select(d => d.Code).ToList();

        codes.ShouldNotContain("DPK007");
        codes.ShouldNotContain("DPK008");
        codes.ShouldNotContain("DPK009");
    }

    [Fact]
    public void ForEachItem_generated_task_ids_resolve()
    {
        var text = """
            id: f
            namespace: company.team
            tasks:
              - id: each
                type: io.kestra.plugin.core.flow.ForEachItem
                items: "{{ inputs.file }}"
                namespace: company.team
                flowId: child
              - id: log
                type: io.kestra.plugin.core.log.Log
                message: "{{ outputs.each_merge.subflowOutputs }}"
            inputs:
              - id: file
                type: FILE
            """;

        ManifestLoader.LoadString(text, "f.yml").Diagnostics.Diagnostics.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("@daily", false, true)]
    [InlineData("*/15 9-17 * * MON-FRI", false, true)]
    [InlineData("0 0 L * ?", false, true)]
    [InlineData("0 0 * * 1#2", false, true)]
    [InlineData("0 */5 * * * *", true, true)]
    [InlineData("0 */5 * * * *", false, false)]
    [InlineData("60 * * * *", false, false)]
    [InlineData("* * *", false, false)]
    [InlineData("@every5m", false, false)]
    [InlineData("0 0 * 13 *", false, false)]
    public void Cron_expressions(string cron, bool withSeconds, bool valid) =>
        (Cron.Check(cron, withSeconds) is null).ShouldBe(valid);

    [Theory]
    [InlineData("{{ a }}", 0)]
    [InlineData("{% if x %}a{% endif %}", 0)]
    [InlineData("{%- for l in logs() -%}{{ l }}{%- endfor -%}", 0)]
    [InlineData("{{ 'a }}' }}", 0)]
    [InlineData("{{ {'k': 1} }}", 0)]
    [InlineData("{{ a", 1)]
    [InlineData("{{ f(a }}", 1)]
    [InlineData("{% if x %}a", 1)]
    [InlineData("{% for x in y %}a{% endif %}", 1)]
    [InlineData("{{ 'open }}", 1)]
    public void Pebble_balance(string template, int problems) =>
        Pebble.Scan(template).Problems.Count.ShouldBe(problems);

    [Fact]
    public void Pebble_references_with_brackets_and_secrets()
    {
        var refs = Pebble.Scan("{{ outputs['t-1'].value }} {{ inputs.nested.int }} {{ secret(\"API_KEY\") }} {{ outputs[taskrun.value] }}").References;

        refs.ShouldBe(
        [
            new PebbleReference(PebbleReferenceKind.Output, "t-1", false),
            new PebbleReference(PebbleReferenceKind.Input, "nested.int", false),
            new PebbleReference(PebbleReferenceKind.Secret, "API_KEY", false),
        ]);
    }
}
