using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Schema;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Sdk.Liquibase.Tests;

/// <summary>The four formats: Liquibase's own examples load, round-trip and convert into each other keeping their meaning.</summary>
public class FormatTests
{
    private static string Examples => Path.Combine(TestPaths.Reference, "liquibase", "examples");

    public static TheoryData<string> ExampleFiles() => ["example-changelog.yaml", "example-changelog.json", "example-changelog.xml", "blank-changelog.yaml"];

    internal static LiquibaseChangelog Load(string path)
    {
        var (log, report) = LiquibaseFile.Load(path, Path.GetFileName(path));
        report.Errors.ShouldBeEmpty(report.ToText());
        return log.ShouldNotBeNull();
    }

    /// <summary>The meaning of a changelog: its JSON with ids as text and blank SQL trimmed (formats differ only in that).</summary>
    internal static string Meaning(LiquibaseChangelog log) =>
        JsonSerializer.SerializeToNode(
            log with { Origin = default, Items = [.. log.Items.Select(i => i is ChangeSet cs ? cs with { Id = cs.Id, Author = cs.Author } : i)] },
            Sdk.Json.ManifestJson.TypeInfo(typeof(LiquibaseChangelog)))!.ToJsonString();

    [Fact]
    public void The_generated_xsd_tables_are_current()
    {
        var xsd = Path.Combine(TestPaths.Reference, "liquibase", "dbchangelog-4.33.xsd");
        var folder = Path.Combine(TestPaths.RepoRoot, "src", "DataPlatform.Sdk.Liquibase", "Generated");
        File.ReadAllText(Path.Combine(folder, "LiquibaseSchema.g.cs")).ShouldBe(CodeGen.LiquibaseSchemaGenerator.Generate(xsd), "stale: run 'dotnet run --project src/DataPlatform.Sdk.CodeGen'");
        File.ReadAllText(Path.Combine(folder, "Changes.g.cs")).ShouldBe(CodeGen.LiquibaseSchemaGenerator.GenerateChanges(xsd), "stale: run 'dotnet run --project src/DataPlatform.Sdk.CodeGen'");
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Example_loads_typed_without_errors(string name)
    {
        var log = Load(Path.Combine(Examples, name));

        if (name != "blank-changelog.yaml")
        {
            log.ChangeSets.Count().ShouldBe(3);
            log.ChangeSets.First().Changes[0].ShouldBeOfType<CreateTableChange>().Columns!.Count.ShouldBe(5);
            log.ChangeSets.First().Changes[0].ShouldBeOfType<CreateTableChange>().Columns![0].Constraints!.Nullable.ShouldBe(false);
        }
    }

    [Fact]
    public void The_yaml_and_xml_examples_mean_the_same()
    {
        // (The upstream JSON example differs on purpose-free typos such as 'addresss1', so it is compared with itself below.)
        Meaning(Load(Path.Combine(Examples, "example-changelog.xml"))).ShouldBe(Meaning(Load(Path.Combine(Examples, "example-changelog.yaml"))));
        var json = Load(Path.Combine(Examples, "example-changelog.json"));
        Meaning(LiquibaseFile.Parse(LiquibaseFile.Write(json, ChangelogFormat.Xml), "x.xml").Changelog!).ShouldBe(Meaning(json));
    }

    [Fact]
    public void A_tag_is_its_own_change_set_and_formatted_sql_refuses_it_by_name()
    {
        var log = Tagged();

        log.ChangeSets.Last().Changes.ShouldHaveSingleItem().ShouldBeOfType<TagDatabaseChange>();
        Meaning(LiquibaseFile.Parse(LiquibaseFile.Write(log, ChangelogFormat.Xml), "t.xml").Changelog!).ShouldBe(Meaning(log));
        Should.Throw<NotSupportedException>(() => LiquibaseFile.Write(log, ChangelogFormat.Sql)).Message.ShouldContain("tagDatabase");
    }

    [Theory]
    [InlineData(ChangelogFormat.Yaml, "c.yaml")]
    [InlineData(ChangelogFormat.Json, "c.json")]
    [InlineData(ChangelogFormat.Xml, "c.xml")]
    [InlineData(ChangelogFormat.Sql, "c.sql")]
    public void Converting_to_each_format_and_back_keeps_the_meaning(ChangelogFormat format, string name)
    {
        var original = Sample();

        var text = LiquibaseFile.Write(original, format);
        var (back, report) = LiquibaseFile.Parse(text, name);

        report.Errors.ShouldBeEmpty(report.ToText() + "\n" + text);
        if (format == ChangelogFormat.Sql)
        {
            // Formatted SQL holds SQL: typed changes come back as their rendered SQL, with the same ids, authors and rollbacks.
            back!.ChangeSets.Select(c => (c.Id, c.Author)).ShouldBe(original.ChangeSets.Select(c => (c.Id, c.Author)));
            back.ChangeSets.ShouldAllBe(c => c.Changes.All(x => x is SqlChange));
            back.ChangeSets.ShouldAllBe(c => c.HasRollback);
            return;
        }

        Meaning(back!).ShouldBe(Meaning(original));
    }

    [Fact]
    public void Unchanged_yaml_is_written_back_as_it_was_read()
    {
        var text = File.ReadAllText(Path.Combine(Examples, "example-changelog.yaml"));
        var (log, _) = LiquibaseFile.Parse(text, "x.yaml");

        var written = LiquibaseFile.WriteAs(log!, "x.yaml");

        JsonNode.DeepEquals(Json(written), Json(text)).ShouldBeTrue();
        LiquibaseFile.WriteAs(LiquibaseFile.Parse(written, "x.yaml").Changelog!, "x.yaml").ShouldBe(written); // stable
    }

    [Fact]
    public void Written_xml_is_valid_against_the_4_33_xsd()
    {
        var xml = LiquibaseFile.Write(Sample(), ChangelogFormat.Xml);
        var schemas = new XmlSchemaSet();
        schemas.Add("http://www.liquibase.org/xml/ns/dbchangelog", Path.Combine(TestPaths.Reference, "liquibase", "dbchangelog-4.33.xsd"));
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Exception.LineNumber}: {e.Message}");

        using (var reader = XmlReader.Create(new StringReader(xml), settings))
        {
            while (reader.Read())
            {
            }
        }

        errors.ShouldBeEmpty(xml);
        xml.ShouldContain("xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\"");
    }

    [Fact]
    public void Example_xml_written_back_is_valid_too()
    {
        var xml = LiquibaseFile.Write(Load(Path.Combine(Examples, "example-changelog.xml")), ChangelogFormat.Xml);

        Meaning(LiquibaseFile.Parse(xml, "x.xml").Changelog!).ShouldBe(Meaning(Load(Path.Combine(Examples, "example-changelog.yaml"))));
    }

    [Fact]
    public void Formatted_sql_reads_attributes_rollback_comment_and_preconditions()
    {
        const string sql = """
            --liquibase formatted sql

            --changeset jane:create-orders context:prod labels:orders runOnChange:true splitStatements:false
            --comment: the orders table
            --preconditions onFail:MARK_RAN
            --precondition-sql-check expectedResult:0 SELECT count(*) FROM information_schema.tables WHERE table_name = 'orders'
            CREATE TABLE orders (id int primary key);
            --rollback DROP TABLE orders;

            --changeset "John Smith":2
            INSERT INTO orders VALUES (1);
            --rollback DELETE FROM orders WHERE id = 1;
            """;

        var (log, report) = LiquibaseFile.Parse(sql, "db/changelog.sql");

        report.Errors.ShouldBeEmpty(report.ToText());
        var first = log!.ChangeSets.First();
        (first.Id, first.Author, first.ContextFilter ?? first.Context, first.Labels, first.RunOnChange, first.Comment).ShouldBe(("create-orders", "jane", "prod", "orders", true, "the orders table"));
        first.Changes.ShouldHaveSingleItem().ShouldBeOfType<SqlChange>().SplitStatements.ShouldBe(false);
        first.Rollback!.ToString().ShouldBe("DROP TABLE orders;");
        first.PreConditions!.Count.ShouldBe(2);
        log.ChangeSets.Last().Author.ShouldBe("John Smith");

        var again = LiquibaseFile.Parse(LiquibaseFile.Write(log, ChangelogFormat.Sql), "again.sql").Changelog!;
        Meaning(again).ShouldBe(Meaning(log));
    }

    [Fact]
    public void A_broken_changeset_line_and_broken_xml_are_reported_with_their_line()
    {
        var sql = LiquibaseFile.Parse("--liquibase formatted sql\n\n--changeset nobody\nSELECT 1;\n", "x.sql").Diagnostics.Errors.Single();
        (sql.Code, sql.Location!.Value.Line).ShouldBe(("DPS001", 3));

        var xml = LiquibaseFile.Parse("<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\">\n  <changeSet id=\"1\" author=\"a\">\n</databaseChangeLog>\n", "x.xml").Diagnostics.Errors.Single();
        (xml.Code, xml.Location!.Value.Line).ShouldBe(("DPS001", 3));
    }

    internal static LiquibaseChangelog Sample() => LiquibaseChangelog.Create(c => c
        .ChangeSet("1", "platform", cs => cs
            .Comment("players")
            .CreateTable("players", t => t
                .Column("id", "int", col => col.PrimaryKey().AutoIncrement())
                .Column("name", "varchar(100)", col => col.NotNull())
                .Column("created_at", "timestamp", col => col.DefaultComputed("CURRENT_TIMESTAMP"))))
        .ChangeSet("2", "platform", cs => cs
            .AddColumn("players", t => t.Column("country", "varchar(2)"))
            .CreateIndex("ix_players_name", "players", unique: false, "name"))
        .ChangeSet("3", "platform", cs => cs
            .Insert("players", new Dictionary<string, string> { ["name"] = "Ada", ["country"] = "GB" })
            .RollbackSql("DELETE FROM players WHERE name = 'Ada';"))
        .ChangeSet("4", "platform", cs => cs
            .Sql("UPDATE players SET country = 'FR' WHERE country IS NULL;")
            .Rollback(r => r.Sql("UPDATE players SET country = NULL WHERE country = 'FR';"))));

    internal static LiquibaseChangelog Tagged() => LiquibaseChangelog.Create(c => c.ChangeSet("1", "a", cs => cs.Sql("SELECT 1;").NoRollbackNeeded()).Tag("v1.0.0", "tag-v1.0.0", "a"));

    private static JsonNode? Json(string yaml)
    {
        var doc = Yaml.YamlReader.ReadString(yaml).Documents.First(d => d.Root is not null);
        return JsonNode.Parse(Sdk.Json.YamlJson.ToJson(doc.Root, [], "x")!.Value.GetRawText());
    }
}
