using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Kubernetes.Monitoring;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>Notifications and observability in the layout; PrometheusRule checks.</summary>
public sealed class OperationsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dp-ops-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Every_cluster_gets_providers_and_an_alert_per_target()
    {
        var repo = GitOpsRepository.Load(DataPlatformRepository.Example().Build().Files);

        var alerts = repo.Objects.Select(o => o.Value).OfType<Alert>().ToList();
        alerts.Select(a => a.Metadata.Name).Order(StringComparer.Ordinal).ShouldBe(["dev-github", "dev-slack", "prod-github", "prod-slack"]);
        alerts.Single(a => a.Metadata.Name == "prod-slack").Spec.EventSeverity.ShouldBe("info");
        alerts.Single(a => a.Metadata.Name == "dev-slack").Spec.EventSources.ShouldContain(s => s.Kind == "HelmRelease" && s.Namespace == "monitoring");
        alerts.Single(a => a.Metadata.Name == "dev-github").Spec.EventSources.ShouldAllBe(s => s.Kind == "Kustomization");
        repo.Objects.Select(o => o.Value).OfType<Provider>().Select(p => p.Spec.Type).Distinct().Order(StringComparer.Ordinal).ShouldBe(["github", "slack"]);
    }

    [Fact]
    [Trait("Category", RealTools.Trait)]
    public async Task Slo_rules_and_dashboards_are_applied_after_the_operator_and_build()
    {
        var repo = DataPlatformRepository.Example().Build();
        await repo.WriteAsync(Path.Combine(_dir, "repo"));

        var loaded = GitOpsRepository.Load(repo.Files);
        var rule = loaded.Objects.Select(o => o.Value).OfType<PrometheusRule>().Single();
        rule.Spec.Groups.SelectMany(g => g.Rules).Select(r => r.Alert).ShouldBe(["FluxReconciliationFailing", "HelmReleaseFailing", "KestraExecutionsFailing", "MigrationJobFailed"]);
        loaded.Objects.Select(o => o.Value).OfType<FluxKustomization>().Where(k => k.Metadata.Name == "observability").ShouldAllBe(k => k.Spec.DependsOn.Single().Name == "infrastructure");
        RealTools.KubectlKustomize(Path.Combine(_dir, "repo", "infrastructure", "base", "observability", "rules")).ShouldContain("grafana_dashboard");
    }

    [Theory]
    [InlineData("    for: 15m", "    for: fifteen", 12)]
    [InlineData("  - alert: Down", "  - record: Down\n    alert: Down", 8)]
    public void DPC008_invalid_prometheus_rule(string find, string replace, int line)
    {
        const string text = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: r\nspec:\n  groups:\n    - name: g\n      rules:\n  - alert: Down\n    expr: up == 0\n    labels: {severity: critical}\n    for: 15m\n";
        var valid = text.Replace("      rules:\n  - alert", "      rules:\n        - alert", StringComparison.Ordinal).Replace("\n    expr", "\n          expr", StringComparison.Ordinal).Replace("\n    labels", "\n          labels", StringComparison.Ordinal).Replace("\n    for", "\n          for", StringComparison.Ordinal);
        ManifestLoader.LoadString(valid, "r.yaml").Diagnostics.Diagnostics.ShouldBeEmpty();
        var broken = valid.Replace(find.Replace("    ", "          ", StringComparison.Ordinal).Replace("  - ", "        - ", StringComparison.Ordinal), replace.Replace("    ", "          ", StringComparison.Ordinal).Replace("  - ", "        - ", StringComparison.Ordinal), StringComparison.Ordinal);

        var d = ManifestLoader.LoadString(broken, "r.yaml").Diagnostics.Diagnostics.Single(x => x.Code == "DPC008");

        d.Location!.Value.Line.ShouldBeInRange(line - 1, line + 1, broken);
    }
}
