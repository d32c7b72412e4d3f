using DataPlatform.Sdk.Cli;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Sops;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>Changelogs across a repository (includes, identities, edited change sets) and migration Jobs in the layout.</summary>
public sealed class LiquibaseRepositoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dp-lb-repo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Child = "databaseChangeLog:\n  - changeSet:\n      id: 1\n      author: a\n      changes:\n        - createTable:\n            tableName: t\n            columns:\n              - column: {name: id, type: int}\n";

    [Fact]
    public void Includes_that_are_missing_or_escape_are_reported_at_their_line_and_one_included_twice_is_not()
    {
        var root = "databaseChangeLog:\n  - include:\n      file: child.yaml\n      relativeToChangelogFile: true\n  - include:\n      file: missing.yaml\n      relativeToChangelogFile: true\n  - include:\n      file: ../../../etc/passwd\n      relativeToChangelogFile: true\n  - include:\n      file: db/child.yaml\n";
        var tree = FileTree.Empty.With("db/changelog.yaml", root).With("db/child.yaml", Child).With("db/other.xml", "<not-a-changelog/>").With("db/report.sql", "SELECT 1;");

        var report = GitOpsRepository.Load(tree).Validate();

        report.Errors.Single(d => d.Code == "DPL003").Location!.Value.Line.ShouldBe(6);
        report.Errors.Single(d => d.Code == "DPL004").Location!.Value.Line.ShouldBe(9);
        report.Diagnostics.ShouldNotContain(d => d.Code == "DPL002", "Liquibase reads a changelog included twice once");
        report.Diagnostics.ShouldNotContain(d => d.Location!.Value.FilePath == "db/other.xml" || d.Location!.Value.FilePath == "db/report.sql");
    }

    [Fact]
    public void Cli_reports_change_sets_edited_since_a_git_ref()
    {
        Git("init", "-q", ".");
        Git("config", "user.email", "t@example.com");
        Git("config", "user.name", "t");
        File.WriteAllText(Path.Combine(_dir, "changelog.yaml"), Child);
        Git("add", ".");
        Git("commit", "-q", "-m", "release");
        Git("tag", "v1");
        File.WriteAllText(Path.Combine(_dir, "changelog.yaml"), Child.Replace("type: int", "type: bigint", StringComparison.Ordinal));
        using var o = new StringWriter();
        using var e = new StringWriter();

        Commands.Validate(_dir, "text", o, e, baseRef: "v1").ShouldBe(1, o.ToString() + e);

        o.ToString().ShouldContain("changelog.yaml(3,");
        o.ToString().ShouldContain("DPL010");
    }

    [Fact]
    [Trait("Category", RealTools.Trait)]
    public async Task Migrations_run_as_a_hardened_job_before_the_domain_and_build_with_kubectl()
    {
        var repo = DataPlatformRepository.Example(RepositoryProfile.Standard, AgeIdentity.Generate().Recipient).Build();
        await repo.WriteAsync(Path.Combine(_dir, "repo"));

        var loaded = GitOpsRepository.Load(repo.Files);
        var flux = loaded.Objects.Select(o => o.Value).OfType<FluxKustomization>().Where(k => k.Metadata.Name!.StartsWith("domain-finance", StringComparison.Ordinal)).ToList();
        flux.Single(k => k.Metadata.Name == "domain-finance" && k.Spec.Path == "./domains/finance/overlays/prod").Spec.DependsOn.Single().Name.ShouldBe("domain-finance-migrations");
        var migrations = flux.First(k => k.Metadata.Name == "domain-finance-migrations");
        (migrations.Spec.Force, migrations.Spec.Decryption?.Provider, migrations.Spec.TargetNamespace).ShouldBe((true, "sops", "finance-team"));
        var job = RealTools.KubectlKustomize(Path.Combine(_dir, "repo", "domains", "finance", "migrations", "prod"));
        job.ShouldContain("kind: Job");
        job.ShouldContain("name: finance-changelog-");  // the generated ConfigMap, hashed
        job.ShouldContain("runAsNonRoot: true");
        job.ShouldContain("LIQUIBASE_COMMAND_URL: ENC[");
        repo.Validate().Diagnostics.ShouldBeEmpty(repo.Validate().ToText());
    }

    [Fact]
    public void Includes_resolve_through_the_search_path_like_liquibase()
    {
        // Maven layout: the search path is src/main/resources, not the repository root (issue #13, item 1).
        var master = "<?xml version=\"1.0\"?>\n<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\">\n"
            + "  <include file=\"db/changes/001.xml\"/>\n  <include file=\"/db/changes/002.xml\"/>\n  <include file=\"classpath:db/changes/003.xml\"/>\n"
            + "  <include file=\"db/changes/404.xml\"/>\n  <include file=\"changes/005.xml\" relativeToChangelogFile=\"true\"/>\n</databaseChangeLog>\n";
        static string Change(string id) => $"<?xml version=\"1.0\"?>\n<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\">\n  <changeSet id=\"{id}\" author=\"a\">\n    <sql>select 1</sql>\n    <rollback/>\n  </changeSet>\n</databaseChangeLog>\n";
        var tree = FileTree.Empty.With("src/main/resources/db/master.xml", master)
            .With("src/main/resources/db/changes/001.xml", Change("1")).With("src/main/resources/db/changes/002.xml", Change("2"))
            .With("src/test/resources/db/changes/003.xml", Change("3")).With("src/main/resources/db/changes/005.xml", Change("5"));

        var report = GitOpsRepository.Load(tree).Validate();

        report.Errors.ShouldBeEmpty(report.ToText());
        var undecided = report.Diagnostics.Single(d => d.Code == "DPL012");
        (undecided.Severity, undecided.Location!.Value.Line).ShouldBe((Diagnostics.DiagnosticSeverity.Info, 6));
        undecided.Message.ShouldContain("src/main/resources/db/changes/404.xml");
    }

    [Fact]
    public void Same_identity_is_a_duplicate_only_where_liquibase_runs_both()
    {
        const string log = "databaseChangeLog:\n"
            + "  - changeSet: {id: 1, author: a, dbms: db2, changes: [{sql: {sql: select 1}}], rollback: []}\n"
            + "  - changeSet: {id: 1, author: a, dbms: \"!db2\", changes: [{sql: {sql: select 1}}], rollback: []}\n"
            + "  - changeSet: {id: 2, author: a, context: test, changes: [{sql: {sql: select 1}}], rollback: []}\n"
            + "  - changeSet: {id: 2, author: a, context: \"!test\", changes: [{sql: {sql: select 1}}], rollback: []}\n"
            + "  - changeSet: {id: 3, author: a, changes: [{sql: {sql: select 1}}], rollback: []}\n"
            + "  - changeSet: {id: 3, author: a, changes: [{sql: {sql: select 2}}], rollback: []}\n";

        var report = GitOpsRepository.Load(FileTree.Empty.With("db/changelog.yaml", log)).Validate();

        // db2 / !db2 never run together: nothing. Contexts: Liquibase rejects them when run without --contexts: a warning.
        // Identical filters: one error, reported once (not again as "applied twice through includes").
        report.Diagnostics.Where(d => d.Code == "DPL002").Select(d => (d.Severity, d.Location!.Value.Line)).ShouldBe(
            [(Diagnostics.DiagnosticSeverity.Warning, 5), (Diagnostics.DiagnosticSeverity.Error, 7)]);
    }

    private void Git(params string[] args) => RealTools.Run("git", args, workingDirectory: _dir).ExitCode.ShouldBe(0, string.Join(' ', args));
}
