using System.Text.Json.Nodes;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>Adds platform services.</summary>
public sealed class PlatformBuilder
{
    private readonly DescriptionProblems _problems;
    private readonly ChartList _charts;

    internal PlatformBuilder(DescriptionProblems problems)
    {
        _problems = problems;
        _charts = new ChartList("Platform", problems);
    }

    internal IReadOnlyList<ChartComponent> Charts => _charts.Charts;

    internal bool HasDlt { get; private set; }

    internal bool HasLiquibase { get; private set; }

    /// <summary>Kestra, the orchestrator, in the <c>kestra</c> namespace.</summary>
    /// <returns>This builder.</returns>
    public PlatformBuilder Kestra()
    {
        _charts.AddGroup(nameof(Kestra), new ChartComponent("kestra", "kestra", "kestra", "https://helm.kestra.io/", "kestra", "0.21.3",
            new JsonObject { ["deployments"] = new JsonObject { ["standalone"] = new JsonObject { ["enabled"] = true } } }));
        return this;
    }

    /// <summary>Apache Superset, in the <c>superset</c> namespace.</summary>
    /// <returns>This builder.</returns>
    public PlatformBuilder Superset()
    {
        _charts.AddGroup(nameof(Superset), new ChartComponent("superset", "superset", "superset", "https://apache.github.io/superset", "superset", "0.12.11",
            new JsonObject { ["supersetNode"] = new JsonObject { ["replicaCount"] = 1 } }));
        return this;
    }

    /// <summary>The dlt runtime: a namespace and a service account for pipeline runs.</summary>
    /// <returns>This builder.</returns>
    public PlatformBuilder Dlt()
    {
        HasDlt = Once(HasDlt, nameof(Dlt));
        return this;
    }

    /// <summary>The Liquibase runtime: a namespace and a service account for migration jobs.</summary>
    /// <returns>This builder.</returns>
    public PlatformBuilder Liquibase()
    {
        HasLiquibase = Once(HasLiquibase, nameof(Liquibase));
        return this;
    }

    /// <summary>Any other pinned chart; one with the name of a chart already there is a problem (see <see cref="ReplaceChart"/>).</summary>
    /// <param name="component">The chart.</param>
    /// <returns>This builder.</returns>
    public PlatformBuilder Chart(ChartComponent component)
    {
        _charts.Add(component);
        return this;
    }

    /// <summary>Replaces a chart added before (a built-in one, such as <c>kestra</c>, included).</summary>
    /// <param name="component">The chart, with the name of the one it replaces.</param>
    /// <returns>This builder.</returns>
    public PlatformBuilder ReplaceChart(ChartComponent component)
    {
        _charts.Replace(component);
        return this;
    }

    private bool Once(bool already, string what)
    {
        if (already)
        {
            _problems.Add($"Platform: {what}() is already added; a second call adds nothing.", $"Call {what}() once.");
        }

        return true;
    }
}
