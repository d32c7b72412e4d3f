using DataPlatform.Sdk.Diagnostics;

namespace DataPlatform.Sdk.Liquibase.Tests;

/// <summary>One planted defect per DPL code checked per file, each found at its line.</summary>
public class RuleTests
{
    private const string Valid = """
        databaseChangeLog:
          - changeSet:
              id: create-players
              author: platform
              changes:
                - createTable:
                    tableName: players
                    columns:
                      - column:
                          name: id
                          type: int
          - changeSet:
              id: seed-players
              author: platform
              changes:
                - sql:
                    sql: INSERT INTO players VALUES (1)
              rollback: DELETE FROM players WHERE id = 1
        """;

    public static TheoryData<string, string, string, int, DiagnosticSeverity> Cases() => new()
    {
        { "DPL001", "      author: platform\n      changes:\n        - createTable", "      changes:\n        - createTable", 2, DiagnosticSeverity.Error },
        { "DPL002", "id: seed-players", "id: create-players", 13, DiagnosticSeverity.Error },
        { "DPL005", "\n      rollback: DELETE FROM players WHERE id = 1", "", 13, DiagnosticSeverity.Warning },
        { "DPL006", "            tableName: players\n", "", 6, DiagnosticSeverity.Error },
        { "DPL008", "            tableName: players\n", "            tableName: players\n            tabelName: x\n", 8, DiagnosticSeverity.Warning },
        { "DPL009", "        - createTable:", "        - createTabel:", 6, DiagnosticSeverity.Warning },
    };

    [Fact]
    public void The_valid_changelog_is_clean()
    {
        var (log, report) = LiquibaseFile.Parse(Valid, "db/changelog.yaml");

        report.Diagnostics.ShouldBeEmpty(report.ToText());
        log!.ChangeSets.Count().ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Planted_defect_is_reported_at_its_line(string code, string find, string replace, int line, DiagnosticSeverity severity)
    {
        Valid.ShouldContain(find);
        var (_, report) = LiquibaseFile.Parse(Valid.Replace(find, replace, StringComparison.Ordinal), "db/changelog.yaml");

        var d = report.Diagnostics.FirstOrDefault(x => x.Code == code);
        d.ShouldNotBeNull(report.ToText());
        d.Severity.ShouldBe(severity);
        d.Location!.Value.FilePath.ShouldBe("db/changelog.yaml");
        d.Location.Value.Line.ShouldBe(line, report.ToText());
    }

    [Fact]
    public void DPL006_follows_what_liquibase_accepts()
    {
        // Issue #13 item 6: loadData columns by header or index (the XSD makes name optional), 'column:' for 'columns:'
        // (Liquibase's parser accepts it), and procedureBody, a deprecated alias of createProcedure's text.
        const string text = """
            databaseChangeLog:
              - changeSet:
                  id: 1
                  author: a
                  changes:
                    - loadData:
                        tableName: t
                        file: data.csv
                        columns:
                          - column: {header: id, type: NUMERIC}
                          - column: {index: 2, type: STRING}
                    - createTable:
                        tableName: t2
                        column:
                          - column: {name: id, type: int}
                    - createProcedure:
                        procedureName: p
                        procedureBody: CREATE PROCEDURE p() BEGIN END
                  rollback: []
            """;

        var report = LiquibaseFile.Parse(text, "c.yaml").Diagnostics;

        report.Errors.ShouldBeEmpty(report.ToText());
        report.Diagnostics.ShouldNotContain(d => d.Code == "DPL008", report.ToText());
        LiquibaseFile.Parse(text.Replace("{header: id, type: NUMERIC}", "{type: NUMERIC}", StringComparison.Ordinal), "c.yaml").Diagnostics.Errors
            .ShouldContain(d => d.Code == "DPL006"); // A column with neither name, header nor index still is one.
    }

    [Fact]
    public void DPL007_two_tags_in_one_change_set()
    {
        var text = "databaseChangeLog:\n  - changeSet:\n      id: t\n      author: a\n      changes:\n        - tagDatabase:\n            tag: v1\n        - tagDatabase:\n            tag: v2\n";

        var d = LiquibaseFile.Parse(text, "t.yaml").Diagnostics.Errors.Single(x => x.Code == "DPL007");

        d.Location!.Value.Line.ShouldBeInRange(8, 9, "the second tagDatabase");
    }

    [Fact]
    public void Rules_apply_to_xml_and_sql_with_their_own_lines()
    {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
                <changeSet id="1" author="a">
                    <dropTable/>
                </changeSet>
            </databaseChangeLog>
            """;
        var x = LiquibaseFile.Parse(xml, "c.xml").Diagnostics;
        x.Errors.Single(d => d.Code == "DPL006").Location!.Value.Line.ShouldBe(4);
        x.Warnings.Single(d => d.Code == "DPL005").Location!.Value.Line.ShouldBe(3);

        var sql = "--liquibase formatted sql\n\n--changeset a:1\nDROP TABLE x;\n\n--changeset a:1\nSELECT 1;\n--rollback empty\n";
        var s = LiquibaseFile.Parse(sql, "c.sql").Diagnostics;
        s.Warnings.Single(d => d.Code == "DPL005").Location!.Value.Line.ShouldBe(3);
        s.Errors.Single(d => d.Code == "DPL002").Location!.Value.Line.ShouldBe(6);
    }

    [Fact]
    public void DPL010_an_edited_change_set_is_found_against_the_previous_version()
    {
        var previous = LiquibaseFile.Parse(Valid, "c.yaml").Changelog!;
        var edited = LiquibaseFile.Parse(Valid.Replace("VALUES (1)", "VALUES (2)", StringComparison.Ordinal), "c.yaml").Changelog!;
        var reformatted = LiquibaseFile.Parse(Valid.Replace("INSERT INTO players VALUES (1)", "INSERT INTO  players  VALUES (1)", StringComparison.Ordinal), "c.yaml").Changelog!;

        var d = ChangelogHistory.Compare(previous, edited).ShouldHaveSingleItem();
        d.Code.ShouldBe("DPL010");
        d.Location!.Value.Line.ShouldBe(13);
        ChangelogHistory.Compare(previous, reformatted).ShouldBeEmpty();
        ChangelogHistory.Compare(previous, edited with { Items = [.. edited.Items.Select(i => i is ChangeSet cs && cs.Id == "seed-players" ? cs with { RunOnChange = true } : i)] }).ShouldBeEmpty();
    }

    [Fact]
    public void A_changeset_with_a_property_where_a_boolean_is_expected_is_kept_generic_not_lost()
    {
        var text = "databaseChangeLog:\n  - changeSet:\n      id: 1\n      author: a\n      changes:\n        - createTable:\n            tableName: t\n            ifNotExists: ${create.if.missing}\n            columns:\n              - column: {name: id, type: int}\n";

        var (log, report) = LiquibaseFile.Parse(text, "p.yaml");

        report.Errors.ShouldBeEmpty(report.ToText());
        var change = log!.ChangeSets.Single().Changes.Single().ShouldBeOfType<GenericChange>();
        change.Name.ShouldBe("createTable");
        LiquibaseFile.Write(log, ChangelogFormat.Yaml).ShouldContain("${create.if.missing}");
    }
}
