using DataPlatform.Sdk.Cli;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Kestra;
using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>Kestra flows in the repository: layout, sync flows, DPR011-013 and the CLI on flow files.</summary>
public sealed class KestraRepositoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dp-flows-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Flow = """
        id: load
        namespace: finance
        tasks:
          - id: hello
            type: io.kestra.plugin.core.log.Log
            message: hi
        """;

    private const string Sync = """
        id: sync-finance
        namespace: system
        tasks:
          - id: sync
            type: io.kestra.plugin.git.SyncFlows
            url: https://github.com/acme/repo
            targetNamespace: finance
            gitDirectory: pipelines/finance
            includeChildNamespaces: true
        """;

    private static FileTree Repo(params (string Path, string Text)[] files)
    {
        var tree = FileTree.Empty.With("domains/finance/kustomization.yaml", "resources: []\n");
        foreach (var (path, text) in files)
        {
            tree = tree.With(path, text);
        }

        return tree;
    }

    [Fact]
    public void Example_repository_has_a_flow_per_domain_and_a_sync_flow_per_domain()
    {
        var repo = DataPlatformRepository.Example().Build();
        var flows = GitOpsRepository.Load(repo.Files).Objects.Select(o => o.Value).OfType<KestraFlow>().ToList();

        flows.Select(f => f.Namespace).Order(StringComparer.Ordinal).ShouldBe(["finance", "finance.reporting", "marketing", "marketing", "system", "system"]); // each domain: its dlt pipeline's flow
        repo.Files.Paths.Select(p => p.Value).ShouldContain("pipelines/finance/reporting/daily-revenue.yml");
        var sync = flows.Single(f => f.Id == "sync-finance").Tasks.Single().ShouldBeOfType<GitSyncFlowsTask>();
        sync.GitDirectory.ShouldBe("pipelines/finance");
        sync.IncludeChildNamespaces.ShouldBe(true);
        repo.Validate().Diagnostics.ShouldBeEmpty(repo.Validate().ToText());
    }

    [Fact]
    public void Domain_builder_refuses_a_flow_outside_the_domain_namespace() =>
        Should.Throw<ArgumentException>(() => DataPlatformRepository.CreateBuilder("r")
            .Domain("finance", d => d.Flow(KestraFlow.Create("x", "marketing", f => f.Log("l", "m")))));

    [Fact]
    public void DPR011_flow_namespace_must_match_its_folder()
    {
        var report = GitOpsRepository.Load(Repo(("pipelines/finance/ingest/load.yml", Flow))).Validate();

        var d = report.Diagnostics.Single(x => x.Code == "DPR011");
        d.Location!.Value.FilePath.ShouldBe("pipelines/finance/ingest/load.yml");
        d.Location.Value.Line.ShouldBe(2);
        d.Message.ShouldContain("finance.ingest");
    }

    [Fact]
    public void DPR012_flow_ids_are_unique_per_namespace()
    {
        var report = GitOpsRepository.Load(Repo(("pipelines/finance/load.yml", Flow), ("pipelines/finance/load-copy.yml", Flow))).Validate();

        var d = report.Diagnostics.Single(x => x.Code == "DPR012");
        d.Location!.Value.FilePath.ShouldBe("pipelines/finance/load.yml");
        d.Location.Value.Line.ShouldBe(1);
    }

    [Fact]
    public void DPR013_a_flow_outside_every_synced_directory_is_reported()
    {
        var clean = GitOpsRepository.Load(Repo(("pipelines/finance/load.yml", Flow), ("pipelines/system/sync-finance.yml", Sync))).Validate();
        clean.Diagnostics.ShouldBeEmpty(clean.ToText());

        var report = GitOpsRepository.Load(Repo(("flows/load.yml", Flow), ("pipelines/system/sync-finance.yml", Sync))).Validate();

        var d = report.Diagnostics.Single(x => x.Code == "DPR013");
        d.Location!.Value.FilePath.ShouldBe("flows/load.yml");
        d.Severity.ShouldBe(Diagnostics.DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Cli_validates_a_directory_holding_only_flows()
    {
        File.WriteAllText(Path.Combine(_dir, "ok.yml"), Flow);
        File.WriteAllText(Path.Combine(_dir, "broken.yaml"), Flow.Replace("message: hi", "message: \"{{ outputs.nope.value }}\"", StringComparison.Ordinal).Replace("id: load", "id: broken", StringComparison.Ordinal));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = Commands.Validate(_dir, "text", stdout, stderr);

        code.ShouldBe(1, stdout.ToString() + stderr);
        stdout.ToString().ShouldContain("broken.yaml(6,");
        stdout.ToString().ShouldContain("error DPK007");
        stdout.ToString().Split('\n').ShouldNotContain(l => l.StartsWith("ok.yml", StringComparison.Ordinal));
    }

    [Fact]
    public void Cli_fmt_rewrites_flows_and_keeps_their_comments()
    {
        var path = Path.Combine(_dir, "f.yml");
        File.WriteAllText(path, "# my flow\nid:   load\nnamespace: finance\ntasks:\n- id: hello   # greet\n  type: io.kestra.plugin.core.log.Log\n  message: 'hi'\n");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        Commands.Format(_dir, check: false, stdout, stderr).ShouldBe(0, stdout.ToString() + stderr);

        var text = File.ReadAllText(path);
        text.ShouldContain("# my flow");
        text.ShouldContain("# greet");
        text.ShouldContain("id: load\n");
    }

    [Fact]
    public void Cli_writes_the_flow_schema()
    {
        var path = Path.Combine(_dir, "kestra-flow.schema.json");
        using var stdout = new StringWriter();

        Commands.Schema("kestra-flow", path, stdout).ShouldBe(0);

        File.ReadAllText(path).ShouldBe(KestraSchema.Generate());
    }

    [Fact]
    public void The_tools_flow_schema_is_the_generators_output()
    {
        // The native tool cannot run NJsonSchema, so it ships the generated schema as a resource: it must not drift.
        var generated = KestraSchema.Generate();
        var path = Path.Combine(TestPaths.RepoRoot, "src", "DataPlatform.Sdk.Cli", "Schemas", "kestra-flow.schema.json");
        if (Environment.GetEnvironmentVariable("DP_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, generated);
        }

        File.ReadAllText(path).ShouldBe(generated, "src/DataPlatform.Sdk.Cli/Schemas/kestra-flow.schema.json is out of date: run the tests with DP_UPDATE_DOCS=1 and commit the file.");
        ModelSchemas.KestraFlow().ShouldBe(generated, "The tool's resource differs from the file: rebuild.");
    }
}
