using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Kestra;
using DataPlatform.Sdk.Liquibase;
using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Platform.Validation;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>
/// One convention for every builder: Action&lt;TBuilder&gt; on builders whose methods return the builder; no call is ever
/// silently dropped; argument errors throw at the call; content problems are reported together.
/// </summary>
public sealed class BuilderConventionTests
{
    private static DataPlatformRepositoryBuilder Base() => DataPlatformRepository.CreateBuilder("r")
        .Cluster("dev", c => c.TrackBranch("main"))
        .Tenant("finance-team");

    [Fact]
    public void Statements_and_chains_configure_the_same_builder_so_nothing_is_lost()
    {
        var repo = Base().Domain("finance", d =>
        {
            d.OwnedBy("finance-team");
            d.Setting("CURRENCY", "EUR");
            d.Flow("hello", f => f.Log("log", "hi"));
        }).Build();

        repo.Files.ReadText("domains/finance/base/settings.yaml").ShouldContain("CURRENCY: EUR");
        repo.Files.ReadText("domains/finance/base/kustomization.yaml").ShouldNotContain("finance-team"); // the namespace is set per overlay
        repo.Files.ReadText("domains/finance/overlays/dev/kustomization.yaml").ShouldContain("namespace: finance-team");
        repo.Files.Contains("pipelines/finance/hello.yml").ShouldBeTrue();
    }

    [Fact]
    public void Defining_a_domain_tenant_cluster_or_chart_twice_is_reported_never_a_silent_replacement()
    {
        var description = Base()
            .Domain("finance", d => d.Flow("first", f => f.Log("log", "1")))
            .Domain("finance", d => d.Flow("second", f => f.Log("log", "2")))
            .Tenant("finance-team")
            .Cluster("dev")
            .Infrastructure(i => i.Observability().Chart(new ChartComponent("loki", "monitoring", "grafana", "https://grafana.github.io/helm-charts", "loki", "6.20.0"), InfrastructureGroup.Observability))
            .OnAzure("acme.azurecr.io", Guid.NewGuid().ToString(), "https://acme.vault.azure.net/keys/sops/1")
            .OnAws("111122223333.dkr.ecr.eu-west-1.amazonaws.com", "arn:aws:iam::111122223333:role/data", "arn:aws:kms:eu-west-1:111122223333:key/k");

        var errors = description.Validate().Errors.Select(e => e.Message).ToList();

        errors.ShouldContain(m => m.Contains("Domain 'finance' is already defined", StringComparison.Ordinal));
        errors.ShouldContain(m => m.Contains("Tenant 'finance-team' is already defined", StringComparison.Ordinal));
        errors.ShouldContain(m => m.Contains("Cluster 'dev' is already defined", StringComparison.Ordinal));
        errors.ShouldContain(m => m.Contains("chart 'loki' is already defined", StringComparison.Ordinal));
        errors.ShouldContain(m => m.Contains("already run on Azure", StringComparison.Ordinal));
        errors.Count.ShouldBe(5, "every problem, reported together");
        var ex = Should.Throw<ValidationException>(() => description.Build());
        ex.Message.ShouldContain("ReplaceChart");
    }

    [Fact]
    public void Replacing_a_built_in_chart_takes_an_explicit_call()
    {
        var repo = Base()
            .Infrastructure(i => i.Observability().ReplaceChart(new ChartComponent("loki", "monitoring", "grafana", "https://grafana.github.io/helm-charts", "loki", "6.20.0")))
            .Build();

        repo.Files.ReadText("infrastructure/base/observability/loki/release.yaml").ShouldContain("version: 6.20.0");
        Base().Infrastructure(i => i.ReplaceChart(new ChartComponent("lokii", "monitoring", "grafana", "https://grafana.github.io/helm-charts", "loki", "6.20.0")).Observability())
            .Validate().Errors.ShouldContain(e => e.Message.Contains("not defined", StringComparison.Ordinal));
    }

    [Fact]
    public void An_owner_that_is_not_a_declared_tenant_is_an_error_with_a_suggestion()
    {
        var report = Base().Domain("finance", d => d.OwnedBy("fiance-team")).Validate();

        var error = report.Errors.Single();
        error.Code.ShouldBe("DPR010");
        error.Message.ShouldContain("'fiance-team', which is not declared; did you mean 'finance-team'?");
    }

    [Fact]
    public void A_value_given_twice_is_reported()
    {
        var report = Base()
            .Sops(s => s.Age(Sdk.Sops.AgeIdentity.Generate().Recipient))
            .Tenant("ops", t => t.Quota("1", "1Gi").Quota("2", "2Gi"))
            .Cluster("prod", c => c.TrackSemVer(">=1.0.0").TrackBranch("main"))
            .Domain("finance", d => d.OwnedBy("finance-team").Setting("A", "1").Setting("A", "2")
                .Secret("db", new Dictionary<string, string> { ["p"] = "x" }).Secret("db", new Dictionary<string, string> { ["p"] = "y" }))
            .Validate();

        report.Errors.Select(e => e.Message).ShouldBe(
        [
            "Setting 'A' of domain 'finance' is already set; a second call would silently replace it.",
            "Secret 'db' of domain 'finance' is already defined; a second definition would silently replace the first.",
            "The quota of tenant 'ops' is already set; a second call would silently replace it.",
            "What cluster 'prod' follows (semver >=1.0.0) is already set; a second call would silently replace it.",
        ], ignoreOrder: true);
    }

    [Fact]
    public void Argument_errors_throw_at_the_call_for_dlt_and_kestra_alike()
    {
        Should.Throw<ArgumentException>(() => Base().Domain("finance", d => d.Pipeline("p", p => p.Schedule("not cron")))).ParamName.ShouldBe("cron");
        Should.Throw<ArgumentException>(() => KestraFlow.Create("f", "finance", f => f.Log("log", "x").Schedule("not cron"))).ParamName.ShouldBe("cron");
        Should.Throw<ValidationException>(() => KestraFlow.Create("f", "finance", f => { }), "a flow without tasks is built and validated, never handed out invalid");
        typeof(ChangelogBuilder).GetConstructors().ShouldBeEmpty("a changelog is made with LiquibaseChangelog.Create, which returns it");
    }

    [Fact]
    public void Closed_sets_are_enums_written_as_the_tools_spell_them()
    {
        var flow = KestraFlow.Create("f", "finance", f => f
            .Input("when", KestraValueType.DateTime)
            .Http("call", "https://api.example.com", HttpMethod.Post)
            .Log("log", "done", KestraLogLevel.Warn)
            .Concurrency(2, ConcurrencyBehavior.Fail)
            .AfterFlow("finance", "upstream", "after", KestraExecutionState.Failed, KestraExecutionState.Killed));
        var yaml = Manifests.ManifestSerializer.ToYaml(flow);

        yaml.ShouldContain("type: DATETIME");
        yaml.ShouldContain("method: POST");
        yaml.ShouldContain("level: WARN");
        yaml.ShouldContain("behavior: FAIL");
        yaml.ShouldContain("- FAILED\n");
        Should.Throw<ArgumentOutOfRangeException>(() => KestraFlow.Create("g", "finance", f => f.Log("log", "x", (KestraLogLevel)42)));
        var script = Dlt.DltGenerator.Generate(new Dlt.DltPipelineBuilder("files").FromFilesystem("s3://bucket", "orders/*.jsonl", Dlt.DltFileFormat.Jsonl).ToDuckDb("f.duckdb").Build())
            .Files.Single(f => f.Key.EndsWith(".py", StringComparison.Ordinal)).Value;
        script.ShouldContain("read_jsonl");
    }

    [Fact]
    public void Rules_registered_by_a_team_reach_validate_and_build()
    {
        var validator = new RepositoryValidator(RepositoryValidator.BuiltInRules.Append(new NoDomainNamedTest()));
        var description = Base().Domain("test", d => d.OwnedBy("finance-team"));

        description.Validate(validator).Errors.ShouldContain(e => e.Code == "TEAM001");
        Should.Throw<ValidationException>(() => description.Build(validator)).Message.ShouldContain("TEAM001");
        description.Validate().Errors.ShouldBeEmpty();
    }

    private sealed class NoDomainNamedTest : IRepositoryRule
    {
        private static readonly DiagnosticDescriptor Descriptor = new("TEAM001", "No test domain", DiagnosticSeverity.Error, "Name the domain after the business.");

        public IReadOnlyList<DiagnosticDescriptor> Descriptors => [Descriptor];

        public void Check(RepositoryContext context)
        {
            foreach (var o in context.Repository.Objects.Where(o => o.Kind == "Kustomization" && o.Name == "domain-test"))
            {
                context.Report(Descriptor, o, "/metadata/name", "A domain is named 'test'.");
            }
        }
    }
}
