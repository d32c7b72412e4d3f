using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Sdk.Dlt.Tests;

/// <summary>dlt: names, TOML files, generation (compiled by the real Python) and the DPD rules on planted defects.</summary>
public sealed class DltTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dp-dlt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The Kestra flow the layout makes for the pipeline (the dlt package itself knows nothing of Kestra).</summary>
    private static Kestra.KestraFlow Flow(DltArtifacts artifacts) => Platform.Layout.DltFlows.For(Stripe(), artifacts.Secrets, "finance", "https://github.com/acme/repo", "main");

    private static DltPipeline Stripe() => new DltPipelineBuilder("stripe-postgres")
        .FromRestApi("https://api.stripe.com/v1", "customers", "charges")
        .ToPostgres("db.finance.svc", "finance")
        .Dataset("stripe")
        .Merge(primaryKey: "id")
        .Incremental("created", "2024-01-01T00:00:00Z")
        .Column("id", "text", nullable: false, primaryKey: true)
        .Column("amount", "bigint")
        .Schedule("0 * * * *")
        .Build();

    [Theory]
    [InlineData("sources.github.access_token", "SOURCES__GITHUB__ACCESS_TOKEN", "sources--github--access-token")]
    [InlineData("destination.postgres.credentials.password", "DESTINATION__POSTGRES__CREDENTIALS__PASSWORD", "destination--postgres--credentials--password")]
    public void Names_follow_dlt(string key, string variable, string file)
    {
        DltNames.EnvironmentVariable(key).ShouldBe(variable);
        DltNames.KeyPathOf(variable).ShouldBe(key);
        DltNames.SecretFileName(key).ShouldBe(file);
    }

    [Fact]
    public void Toml_files_load_with_unknown_keys_and_write_back_deterministically()
    {
        const string toml = "[runtime]\nlog_level = \"WARNING\"\n\n[sources.github]\nrepo = \"dlt-hub/dlt\"\n\n[my_pipeline.destination.postgres.credentials]\nhost = \"db\"\nport = 5432\n\n[load]\nworkers = 4\n\n[normalize.data_writer]\nbuffer_max_items = 5000\n";

        var file = DltTomlFile.Parse(toml);

        file.Get("my_pipeline.destination.postgres.credentials.port").ShouldBe(5432L);
        file.Get("normalize.data_writer.buffer_max_items").ShouldBe(5000L);
        file.Entries.Single(e => e.Path == "load.workers").Line.ShouldBe(12);
        DltTomlFile.Parse(file.ToToml()).ToToml().ShouldBe(file.ToToml());
        file.Set("runtime.request_timeout", 30L).Get("runtime.request_timeout").ShouldBe(30L);
    }

    [Fact]
    [Trait("Category", RealTools.Trait)]
    public void Generated_script_compiles_and_reads_every_credential_from_dlts_providers()
    {
        var artifacts = DltGenerator.Generate(Stripe());
        var flow = Flow(artifacts);
        var script = artifacts.Files["pipelines/dlt/stripe-postgres.py"];
        var path = Path.Combine(_dir, "stripe-postgres.py");
        File.WriteAllText(path, script);

        var (code, _, stderr) = RealTools.Run("python3", ["-m", "py_compile", path]);

        code.ShouldBe(0, stderr + "\n" + script);
        script.ShouldContain("dlt.secrets[\"sources.stripe_postgres.token\"]");
        script.ShouldContain("write_disposition=\"merge\", primary_key=[\"id\"]");
        script.ShouldContain("\"initial_value\": \"2024-01-01T00:00:00Z\"");
        script.ShouldNotContain("db.finance.svc");
        var run = flow.Tasks[0].ShouldBeOfType<Kestra.WorkingDirectoryTask>().Tasks![1].ShouldBeOfType<Kestra.PythonCommandsTask>();
        run.Env!.Select(p => p.Key).ShouldBe(["SOURCES__STRIPE_POSTGRES__TOKEN", "DESTINATION__POSTGRES__CREDENTIALS__USERNAME", "DESTINATION__POSTGRES__CREDENTIALS__PASSWORD"]);
        run.Env!["DESTINATION__POSTGRES__CREDENTIALS__PASSWORD"]!.ToString().ShouldBe("{{ secret('STRIPE_POSTGRES_POSTGRES_PASSWORD') }}");
        artifacts.Secrets.Select(s => s.KestraSecret).ShouldBe(["STRIPE_POSTGRES_TOKEN", "STRIPE_POSTGRES_POSTGRES_USERNAME", "STRIPE_POSTGRES_POSTGRES_PASSWORD"]);
        ManifestLoader.LoadString(ManifestSerializer.ToYaml(flow), "f.yml").Diagnostics.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Config_holds_no_secret_and_the_template_holds_no_value()
    {
        var config = DltGenerator.ConfigToml([Stripe()]);
        var template = DltGenerator.SecretsTemplate([Stripe()]);

        config.ShouldContain("[stripe-postgres.destination.postgres.credentials]\nhost = \"db.finance.svc\"");
        config.ShouldContain("[sources.stripe_postgres]\nbase_url = \"https://api.stripe.com/v1\"");
        config.ShouldNotContain("password");
        DltTomlFile.Parse(template).Entries.ShouldAllBe(e => (string)e.Value! == string.Empty);
        DltGenerator.Requirements([Stripe()]).ShouldBe("dlt[postgres]==1.31.0\n");
    }

    /// <summary>The repository's own Flux source: flows that clone this URL run this repository's scripts.</summary>
    private const string Source = "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://github.com/acme/repo.git\n  ref:\n    branch: main\n";

    private static FileTree Repository(Func<string, string>? script = null, Func<string, string>? flow = null, string? config = null, string? secrets = null)
    {
        var a = DltGenerator.Generate(Stripe());
        var tree = FileTree.Empty
            .With("clusters/dev/flux-system/gotk-sync.yaml", Source)
            .With("pipelines/dlt/stripe-postgres.py", (script ?? (s => s))(a.Files["pipelines/dlt/stripe-postgres.py"]))
            .With("pipelines/dlt/.dlt/config.toml", config ?? DltGenerator.ConfigToml([Stripe()]))
            .With("pipelines/finance/stripe-postgres.yml", (flow ?? (s => s))(ManifestSerializer.ToYaml(Flow(a))));
        return secrets is null ? tree : tree.With("pipelines/dlt/.dlt/secrets.toml", secrets);
    }

    [Fact]
    public void A_script_of_a_cloned_repository_that_is_not_this_one_is_not_looked_up_here()
    {
        // Issue #13 item 7: the script comes from the cloned URL, which this repository cannot check.
        var tree = Repository(flow: f => f.Replace("https://github.com/acme/repo", "https://github.com/other/etl", StringComparison.Ordinal)
            .Replace("python stripe-postgres.py", "python etl/x.py", StringComparison.Ordinal));

        var report = GitOpsRepository.Load(tree).Validate();

        report.Diagnostics.ShouldNotContain(d => d.Code == "DPD006", report.ToText());
    }

    [Fact]
    public void Committed_templates_with_placeholders_are_not_leaks_but_real_values_are()
    {
        // dlt init writes "please set me up!" and "<configure me>"; hosts and ports are not secrets (issue #13 item 10).
        const string template = "[sources.stripe]\nstripe_secret_key = \"please set me up!\"\n\n[destination.postgres.credentials]\ndatabase = \"dlt_data\"\npassword = \"<configure me>\"\nusername = \"loader\"\nhost = \"localhost\"\nport = 5432\n";
        var tree = FileTree.Empty.With("a/.dlt/example.secrets.toml", template).With("b/.dlt/secrets.toml", template)
            .With("c/.dlt/dev.secrets.toml", template.Replace("<configure me>", "hunter2", StringComparison.Ordinal))
            .With("d/.dlt/example.secrets.toml", template.Replace("please set me up!", "sk_live_0123456789abcdefABCDEF", StringComparison.Ordinal))
            .With("e/.dlt/example.secrets.toml", "[destination]\npostgres.credentials=\"postgresql://loader:loader@localhost:5432/dlt_data\"\n"); // dlt's verified sources

        var report = GitOpsRepository.Load(tree).Validate();

        report.Errors.Select(d => (d.FilePath, d.Code, d.Line)).ShouldBe(
            [("c/.dlt/dev.secrets.toml", "DPD007", 6), ("d/.dlt/example.secrets.toml", "DPD007", 2), ("d/.dlt/example.secrets.toml", "DPR019", 2)], ignoreOrder: true);
    }

    [Fact]
    public void The_generated_pipeline_validates_clean()
    {
        var report = GitOpsRepository.Load(Repository()).Validate();

        report.Diagnostics.ShouldBeEmpty(report.ToText());
    }

    public static TheoryData<string, string, int> Planted() => new()
    {
        { "DPD001", "config", 14 },
        { "DPD002", "script", 22 },
        { "DPD003", "flow-missing-env", 16 },
        { "DPD004", "script-name", 28 },
        { "DPD005", "flow-wrong-env", 26 },
        { "DPD006", "flow-script", 19 },
        { "DPD007", "secrets", 2 },
    };

    [Theory]
    [MemberData(nameof(Planted))]
    public void Planted_defect_is_reported_at_its_line(string code, string defect, int line)
    {
        var tree = defect switch
        {
            "config" => Repository(config: DltGenerator.ConfigToml([Stripe()]) + "password = \"hunter22\"\n"),
            "script" => Repository(script: s => s.Replace("\"resources\": resources,", "\"resources\": resources, \"headers\": {\"api_key\": \"sk_test_1234567890\"},", StringComparison.Ordinal)),
            "flow-missing-env" => Repository(flow: f => string.Join('\n', f.Split('\n').Where(l => !l.Contains("CREDENTIALS__PASSWORD", StringComparison.Ordinal)))),
            "script-name" => Repository(script: s => s.Replace("pipeline_name=\"stripe-postgres\"", "pipeline_name=\"stripe postgres\"", StringComparison.Ordinal)),
            "flow-wrong-env" => Repository(flow: f => f.Replace("DESTINATION__POSTGRES__CREDENTIALS__PASSWORD", "DESTINATION__SNOWFLAKE__CREDENTIALS__PASSWORD", StringComparison.Ordinal)),
            "flow-script" => Repository(flow: f => f.Replace("python stripe-postgres.py", "python stripe.py", StringComparison.Ordinal)),
            "secrets" => Repository(secrets: "[stripe-postgres.destination.postgres.credentials]\npassword = \"hunter2\"\n"),
            _ => throw new ArgumentException(defect),
        };

        var report = GitOpsRepository.Load(tree).Validate();

        var d = report.Diagnostics.FirstOrDefault(x => x.Code == code);
        d.ShouldNotBeNull(report.ToText());
        d.Location!.Value.Line.ShouldBe(line, report.ToText());
    }
}
