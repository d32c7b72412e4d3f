using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Sdk.Liquibase.Tests;

/// <summary>Changelogs the SDK writes, in all four formats, validated and applied by the real Liquibase on SQLite and PostgreSQL.</summary>
[Trait("Category", RealTools.Trait)]
public sealed class RealLiquibaseTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dp-liquibase-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteChangelog(ChangelogFormat format, string dialect)
    {
        var name = "changelog." + format.ToString().ToLowerInvariant();
        File.WriteAllText(Path.Combine(_dir, name), LiquibaseFile.Write(FormatTests.Sample(), format, dialect));
        return name;
    }

    [Theory]
    [InlineData(ChangelogFormat.Yaml)]
    [InlineData(ChangelogFormat.Json)]
    [InlineData(ChangelogFormat.Xml)]
    [InlineData(ChangelogFormat.Sql)]
    public void Sqlite_validate_update_and_rollback(ChangelogFormat format)
    {
        var changelog = WriteChangelog(format, "sqlite");
        var db = Path.Combine(_dir, "test.db");
        var url = "--url=jdbc:sqlite:" + db;

        RealTools.RunLiquibase(_dir, "--changelog-file=" + changelog, url, "validate").ShouldContain("No validation errors found");
        RealTools.RunLiquibase(_dir, "--changelog-file=" + changelog, url, "update");

        Sqlite(db, "SELECT name FROM pragma_table_info('players') ORDER BY cid").ShouldBe("id\nname\ncreated_at\ncountry\n");
        Sqlite(db, "SELECT name || ',' || country FROM players").ShouldBe("Ada,GB\n");
        Sqlite(db, "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'ix_players_name'").ShouldBe("ix_players_name\n");

        RealTools.RunLiquibase(_dir, "--changelog-file=" + changelog, url, "rollback-count", "--count=4");
        Sqlite(db, "SELECT count(*) FROM sqlite_master WHERE name = 'players'").ShouldBe("0\n");
    }

    [Theory]
    [InlineData(ChangelogFormat.Yaml)]
    [InlineData(ChangelogFormat.Json)]
    [InlineData(ChangelogFormat.Xml)]
    [InlineData(ChangelogFormat.Sql)]
    public void Postgresql_update_creates_the_tables_and_columns(ChangelogFormat format)
    {
        var url = RealTools.PostgresJdbcUrl();
        var schema = "t_" + format.ToString().ToLowerInvariant();
        RealTools.Psql($"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};");
        var changelog = WriteChangelog(format, "postgresql");

        RealTools.RunLiquibase(_dir, "--changelog-file=" + changelog, "--url=" + url + "?currentSchema=" + schema, "--username=postgres", "--default-schema-name=" + schema, "update");

        RealTools.Psql($"SELECT column_name || ':' || data_type FROM information_schema.columns WHERE table_schema = '{schema}' AND table_name = 'players' ORDER BY ordinal_position")
            .ShouldBe("id:integer\nname:character varying\ncreated_at:timestamp without time zone\ncountry:character varying\n");
        RealTools.Psql($"SELECT name || ',' || country FROM {schema}.players").ShouldBe("Ada,GB\n");
        RealTools.Psql($"SELECT count(*) FROM {schema}.databasechangelog").ShouldBe("4\n");
    }

    [Theory]
    [InlineData("example-changelog.yaml")]
    [InlineData("example-changelog.xml")]
    public void Liquibase_examples_written_back_by_the_sdk_still_apply(string name)
    {
        var (log, _) = LiquibaseFile.Load(Path.Combine(TestPaths.Reference, "liquibase", "examples", name));
        File.WriteAllText(Path.Combine(_dir, name), LiquibaseFile.WriteAs(log!, name));

        RealTools.RunLiquibase(_dir, "--changelog-file=" + name, "--url=jdbc:sqlite:" + Path.Combine(_dir, "ex.db"), "update");

        Sqlite(Path.Combine(_dir, "ex.db"), "SELECT name FROM pragma_table_info('person') WHERE name = 'country'").ShouldBe("country\n");
    }

    private static string Sqlite(string db, string sql)
    {
        var (code, stdout, stderr) = RealTools.Run("python3", ["-c", "import sqlite3,sys\nfor r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print(*r)", db, sql]);
        code.ShouldBe(0, stderr);
        return stdout;
    }
}
