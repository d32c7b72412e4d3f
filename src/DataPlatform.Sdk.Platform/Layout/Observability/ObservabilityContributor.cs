using k8s.Models;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// With kube-prometheus-stack: SLO alerts and a Grafana dashboard in <c>infrastructure/base/observability/rules</c> (simplified:
/// <c>infrastructure/observability</c>), applied by
/// each cluster after the infrastructure layer (whose charts install the Prometheus Operator's CRDs).
/// </summary>
internal sealed class ObservabilityContributor : ILayoutContributor
{
    /// <summary>SLO alerts (Flux, HelmReleases, Kestra executions, migration Jobs) and a Grafana dashboard, for kube-prometheus-stack.</summary>
    public void Contribute(LayoutContext context)
    {
        if (!context.HasPrometheus)
        {
            return;
        }

        // Rules and dashboards need the Prometheus Operator's CRDs, which the infrastructure layer installs first.
        foreach (var layers in context.ClusterLayers.Values)
        {
            layers.Insert(1, LayoutObjects.Flux("observability", "./" + context.Paths.ObservabilityRules, dependsOn: "infrastructure"));
        }

        static Kubernetes.Monitoring.PrometheusRuleEntry Alert(string name, string expr, string @for, string severity, string summary) => new()
        {
            Alert = name,
            Expr = expr,
            For = @for,
            Labels = new Dictionary<string, string> { ["severity"] = severity },
            Annotations = new Dictionary<string, string> { ["summary"] = summary },
        };

        var rules = new Kubernetes.Monitoring.PrometheusRule
        {
            Metadata = new Manifests.ObjectMeta { Name = "data-platform-slo", Namespace = "monitoring", Labels = new Dictionary<string, string> { ["release"] = "kube-prometheus-stack" } },
            Spec = new Kubernetes.Monitoring.PrometheusRuleSpec
            {
                Groups =
                [
                    new() { Name = "gitops", Rules =
                    [
                        Alert("FluxReconciliationFailing", "max by (exported_namespace, name, customresource_kind) (gotk_resource_info{ready=\"False\", customresource_kind!=\"HelmRelease\"}) > 0", "15m", "critical",
                            "{{ $labels.customresource_kind }} {{ $labels.exported_namespace }}/{{ $labels.name }} has not been ready for 15 minutes (Flux metrics through kube-state-metrics)."),
                        Alert("HelmReleaseFailing", "max by (exported_namespace, name) (gotk_resource_info{ready=\"False\", customresource_kind=\"HelmRelease\"}) > 0", "15m", "critical",
                            "HelmRelease {{ $labels.exported_namespace }}/{{ $labels.name }} has failed for 15 minutes."),
                    ] },
                    new() { Name = "pipelines", Rules =
                    [
                        Alert("KestraExecutionsFailing", "sum by (namespace_id, flow_id) (increase(kestra_executor_execution_end_count_total{state=\"FAILED\"}[1h])) > 0", "0m", "warning",
                            "Kestra flow {{ $labels.namespace_id }}.{{ $labels.flow_id }} had failed executions in the last hour."),
                        Alert("MigrationJobFailed", "max by (namespace, job_name) (kube_job_status_failed{job_name=~\".+-migrations.*\"}) > 0", "0m", "critical",
                            "Migration Job {{ $labels.namespace }}/{{ $labels.job_name }} failed: the applications that depend on it are held back."),
                    ] },
                ],
            },
        };
        var dashboard = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = "data-platform-dashboard", NamespaceProperty = "monitoring", Labels = new Dictionary<string, string> { ["grafana_dashboard"] = "1" } },
            Data = new Dictionary<string, string> { ["data-platform.json"] = DashboardJson },
        };
        var folder = context.Paths.ObservabilityRules;
        context.Files.Add($"{folder}/slo-rules.yaml", rules);
        context.Files.Add($"{folder}/dashboards.yaml", dashboard);
        context.Files.Add($"{folder}/kustomization.yaml", LayoutContext.Kustomization("slo-rules.yaml", "dashboards.yaml"));
    }

    private const string DashboardJson = """
        {
          "title": "Data platform",
          "uid": "data-platform",
          "schemaVersion": 39,
          "panels": [
            { "type": "stat", "title": "Flux objects not ready", "gridPos": { "x": 0, "y": 0, "w": 6, "h": 4 }, "targets": [ { "expr": "count(gotk_resource_info{ready=\"False\"}) or vector(0)" } ] },
            { "type": "stat", "title": "Failed Kestra executions (24h)", "gridPos": { "x": 6, "y": 0, "w": 6, "h": 4 }, "targets": [ { "expr": "sum(increase(kestra_executor_execution_end_count_total{state=\"FAILED\"}[24h])) or vector(0)" } ] },
            { "type": "stat", "title": "Failed migration Jobs", "gridPos": { "x": 12, "y": 0, "w": 6, "h": 4 }, "targets": [ { "expr": "sum(kube_job_status_failed{job_name=~\".+-migrations.*\"}) or vector(0)" } ] }
          ]
        }
        """;

}
