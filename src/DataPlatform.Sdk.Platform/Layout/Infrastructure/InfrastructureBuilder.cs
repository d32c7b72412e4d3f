using System.Text.Json.Nodes;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>A Helm chart pinned to one version, with its repository and values.</summary>
/// <param name="Name">Component name (release and folder name).</param>
/// <param name="Namespace">Target namespace.</param>
/// <param name="RepositoryName">HelmRepository name.</param>
/// <param name="RepositoryUrl">HelmRepository URL (https:// or oci://).</param>
/// <param name="Chart">Chart name.</param>
/// <param name="Version">Exact chart version.</param>
/// <param name="Values">Helm values.</param>
public sealed record ChartComponent(string Name, string Namespace, string RepositoryName, string RepositoryUrl, string Chart, string Version, JsonObject? Values = null);

/// <summary>The seed's infrastructure groups: each a folder of its components under <c>infrastructure/base/</c>.</summary>
public enum InfrastructureGroup
{
    /// <summary>Monitoring, logging, tracing (<c>infrastructure/base/observability</c>).</summary>
    Observability,

    /// <summary>Ingress controllers, cert-manager (<c>infrastructure/base/networking</c>).</summary>
    Networking,

    /// <summary>Storage classes, persistent volumes (<c>infrastructure/base/storage</c>).</summary>
    Storage,
}

/// <summary>
/// The pinned charts of a layer. A chart defined twice is a problem; replacing one (a built-in among them) takes
/// <see cref="Replace"/>.
/// </summary>
internal sealed class ChartList(string layer, DescriptionProblems problems)
{
    private readonly List<ChartComponent> _charts = [];
    private readonly HashSet<string> _groups = new(StringComparer.Ordinal);

    public IReadOnlyList<ChartComponent> Charts => _charts;

    /// <summary>Adds a group of built-in charts once (Observability(), Kestra(), …).</summary>
    public void AddGroup(string group, params ChartComponent[] charts)
    {
        if (!_groups.Add(group))
        {
            problems.Add($"{layer}: {group}() is already added; a second call adds nothing.", $"Call {group}() once.");
            return;
        }

        foreach (var c in charts)
        {
            Add(c);
        }
    }

    public void Add(ChartComponent chart)
    {
        Names.Checked(chart);
        if (_charts.FindIndex(x => x.Name == chart.Name) >= 0)
        {
            problems.Add($"{layer}: chart '{chart.Name}' is already defined; a second definition would silently replace the first.",
                $"To change a chart that is already there (a built-in one included), use ReplaceChart(new ChartComponent(\"{chart.Name}\", …)).");
            return;
        }

        _charts.Add(chart);
    }

    public void Replace(ChartComponent chart)
    {
        Names.Checked(chart);
        var index = _charts.FindIndex(x => x.Name == chart.Name);
        if (index < 0)
        {
            var near = Diagnostics.Spelling.Closest(_charts.Select(c => c.Name), chart.Name, 3, ignoreCase: true);
            problems.Add($"{layer}: ReplaceChart names '{chart.Name}', which is not defined{(near is null ? string.Empty : $"; did you mean '{near}'?")}",
                "ReplaceChart changes a chart added before it; add a new chart with Chart(…).");
            return;
        }

        _charts[index] = chart;
    }
}

/// <summary>Adds infrastructure components, each a pinned Helm chart (or plain objects for storage).</summary>
public sealed class InfrastructureBuilder
{
    private readonly DescriptionProblems _problems;
    private readonly ChartList _charts;

    internal InfrastructureBuilder(DescriptionProblems problems)
    {
        _problems = problems;
        _charts = new ChartList("Infrastructure", problems);
    }

    private readonly Dictionary<string, InfrastructureGroup> _groups = new(StringComparer.Ordinal);

    internal IReadOnlyList<ChartComponent> Charts => _charts.Charts;

    /// <summary>The group of each chart, by chart name.</summary>
    internal IReadOnlyDictionary<string, InfrastructureGroup> Groups => _groups;

    internal bool HasStorage { get; private set; }

    /// <summary>Prometheus and Grafana (kube-prometheus-stack) and Loki, in the <c>monitoring</c> namespace.</summary>
    /// <returns>This builder.</returns>
    public InfrastructureBuilder Observability()
    {
        _groups.TryAdd("kube-prometheus-stack", InfrastructureGroup.Observability);
        _groups.TryAdd("loki", InfrastructureGroup.Observability);
        _charts.AddGroup(
            nameof(Observability),
            new ChartComponent("kube-prometheus-stack", "monitoring", "prometheus-community", "https://prometheus-community.github.io/helm-charts", "kube-prometheus-stack", "65.1.1",
                new JsonObject { ["prometheus"] = new JsonObject { ["prometheusSpec"] = new JsonObject { ["retention"] = "15d" } }, ["grafana"] = new JsonObject { ["defaultDashboardsEnabled"] = true } }),
            new ChartComponent("loki", "monitoring", "grafana", "https://grafana.github.io/helm-charts", "loki", "6.16.0",
                new JsonObject { ["deploymentMode"] = "SingleBinary", ["loki"] = new JsonObject { ["limits_config"] = new JsonObject { ["retention_period"] = "744h" } } }));
        return this;
    }

    /// <summary>
    /// Cost tracking (OpenCost, pinned), in the observability group: it allocates the clusters' costs to namespaces,
    /// so each tenant's spend is visible. It reads the Prometheus of <see cref="Observability"/>, which it needs.
    /// </summary>
    /// <returns>This builder.</returns>
    public InfrastructureBuilder CostTracking()
    {
        _groups.TryAdd("opencost", InfrastructureGroup.Observability);
        _charts.AddGroup(
            nameof(CostTracking),
            new ChartComponent("opencost", "opencost", "opencost", "https://opencost.github.io/opencost-helm-chart", "opencost", "2.5.34",
                new JsonObject
                {
                    ["opencost"] = new JsonObject
                    {
                        ["prometheus"] = new JsonObject
                        {
                            ["internal"] = new JsonObject { ["namespaceName"] = "monitoring", ["serviceName"] = "kube-prometheus-stack-prometheus", ["port"] = 9090 },
                        },
                    },
                }));
        return this;
    }

    /// <summary>
    /// Progressive delivery (Flagger, pinned), in the networking group: canary and blue/green rollouts for the domains
    /// that ask for them (<c>d.Rollout(…)</c>). Its canaries shift traffic through ingress-nginx and check Prometheus,
    /// so it needs <see cref="Networking"/> and <see cref="Observability"/>.
    /// </summary>
    /// <returns>This builder.</returns>
    public InfrastructureBuilder ProgressiveDelivery()
    {
        _groups.TryAdd(Layout.ProgressiveDelivery.Chart.Name, InfrastructureGroup.Networking);
        _charts.AddGroup(nameof(ProgressiveDelivery), Layout.ProgressiveDelivery.Chart);
        return this;
    }

    /// <summary>ingress-nginx and cert-manager.</summary>
    /// <returns>This builder.</returns>
    public InfrastructureBuilder Networking()
    {
        _groups.TryAdd("ingress-nginx", InfrastructureGroup.Networking);
        _groups.TryAdd("cert-manager", InfrastructureGroup.Networking);
        _charts.AddGroup(
            nameof(Networking),
            new ChartComponent("ingress-nginx", "ingress-nginx", "ingress-nginx", "https://kubernetes.github.io/ingress-nginx", "ingress-nginx", "4.11.3",
                new JsonObject { ["controller"] = new JsonObject { ["replicaCount"] = 2 } }),
            new ChartComponent("cert-manager", "cert-manager", "jetstack", "https://charts.jetstack.io", "cert-manager", "v1.16.1",
                new JsonObject { ["crds"] = new JsonObject { ["enabled"] = true } }));
        return this;
    }

    /// <summary>Storage classes for data workloads (retained volumes).</summary>
    /// <returns>This builder.</returns>
    public InfrastructureBuilder Storage()
    {
        if (HasStorage)
        {
            _problems.Add("Infrastructure: Storage() is already added; a second call adds nothing.", "Call Storage() once.");
        }

        HasStorage = true;
        return this;
    }

    /// <summary>Any other pinned chart, in one of the groups; one with the name of a chart already there is a problem (see <see cref="ReplaceChart"/>).</summary>
    /// <param name="component">The chart.</param>
    /// <param name="group">The group it belongs to (its folder under <c>infrastructure/base/</c>).</param>
    /// <returns>This builder.</returns>
    public InfrastructureBuilder Chart(ChartComponent component, InfrastructureGroup group)
    {
        if (!Enum.IsDefined(group))
        {
            throw new ArgumentOutOfRangeException(nameof(group), group, "Not an infrastructure group.");
        }

        ArgumentNullException.ThrowIfNull(component);
        _groups.TryAdd(component.Name, group);
        _charts.Add(component);
        return this;
    }

    /// <summary>Replaces a chart added before (a built-in one, such as <c>loki</c> of <see cref="Observability"/>, included); it stays in its group.</summary>
    /// <param name="component">The chart, with the name of the one it replaces.</param>
    /// <returns>This builder.</returns>
    public InfrastructureBuilder ReplaceChart(ChartComponent component)
    {
        _charts.Replace(component);
        return this;
    }
}
