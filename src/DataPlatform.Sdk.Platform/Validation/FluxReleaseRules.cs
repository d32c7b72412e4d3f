using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Repository;

namespace DataPlatform.Sdk.Platform.Validation;

/// <summary>DPR018: a HelmRelease a production cluster reconciles installs its chart by a range or without a version (DPF009 in production).</summary>
public sealed class ProductionChartRule : IRepositoryRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors => [RepositoryDiagnostics.FloatingChartInProduction];

    /// <inheritdoc />
    public void Check(RepositoryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var scope in context.Scopes().Where(s => s.IsProduction))
        {
            foreach (var obj in scope.Objects.Where(o => o.Value is HelmRelease && seen.Add(o.Value)))
            {
                var spec = ((HelmRelease)obj.Value).Spec;
                if (spec?.Chart?.Spec is { } chart && chart.SourceRef.Kind == "HelmRepository" && !SemVerRange.IsExactVersion(chart.Version))
                {
                    context.Report(RepositoryDiagnostics.FloatingChartInProduction, obj, chart.Version is null ? "/spec/chart/spec" : "/spec/chart/spec/version",
                        $"HelmRelease '{obj.Name}' installs chart '{chart.Chart}' {(chart.Version is null ? "without a version" : $"by the range '{chart.Version}'")} in production ({scope.Root!.File}).");
                }
                else if (spec?.ChartRef is { Kind: "OCIRepository" } chartRef)
                {
                    var me = Scoping.Placed(scope, obj);
                    foreach (var source in scope.Find("OCIRepository", chartRef.Name, chartRef.Namespace ?? me.Namespace).Select(o => o.Value).OfType<OCIRepository>())
                    {
                        var r = source.Spec?.Ref;
                        var floating = r is null
                            || (r.Digest is null && r.Semver is { } range && !SemVerRange.IsExactVersion(range))
                            || (r.Digest is null && r.Semver is null && r.Tag is null or "latest");
                        if (floating)
                        {
                            context.Report(RepositoryDiagnostics.FloatingChartInProduction, obj, "/spec/chartRef",
                                $"HelmRelease '{obj.Name}' installs the chart of OCIRepository '{chartRef.Name}', which follows {(r?.Semver is { } semver ? $"the range '{semver}'" : "no fixed tag or digest")}, in production ({scope.Root!.File}).");
                        }
                    }
                }
            }
        }
    }
}

/// <summary>
/// DPF001 in a repository: each Flux object is checked against the Flux release of the cluster that reconciles it,
/// read from the <c>app.kubernetes.io/version</c> label in that cluster's <c>gotk-components.yaml</c> (objects no
/// cluster reconciles, or clusters without that file, are checked against the newest release the SDK models).
/// </summary>
public sealed class FluxApiVersionRule : IRepositoryRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors => [FluxDiagnostics.DeprecatedApiVersion];

    /// <inheritdoc />
    public IReadOnlyList<string> Supersedes => [FluxDiagnostics.DeprecatedApiVersion.Code];

    /// <inheritdoc />
    public void Check(RepositoryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var releases = new Dictionary<object, List<(Version Flux, string Where)>>(ReferenceEqualityComparer.Instance);
        var components = context.Repository.Files.Where(f => f.Path.Value.EndsWith("/gotk-components.yaml", StringComparison.Ordinal)).ToList();
        var byCluster = new Dictionary<string, (Version Release, string File)?>(StringComparer.Ordinal);
        foreach (var scope in context.Scopes().Where(s => s.Root is not null))
        {
            var cluster = ClusterDirectory(scope.Root!.File);
            (Version Release, string File)? flux = null;
            if (cluster is not null && !byCluster.TryGetValue(cluster, out flux))
            {
                byCluster[cluster] = flux = FluxReleaseIn(components, cluster); // Once per cluster, not per scope.
            }

            // Once per scope; recorded only for the objects the check below looks at.
            var entry = flux is null ? (FluxApiVersions.Newest, $"assumed for {cluster ?? scope.Root.File.Value}: no gotk-components.yaml with a version") : (flux.Value.Release, flux.Value.File);
            foreach (var obj in scope.Objects)
            {
                if (IsCandidate(obj))
                {
                    (releases.TryGetValue(obj.Value, out var list) ? list : releases[obj.Value] = []).Add(entry);
                }
            }
        }

        foreach (var obj in context.Repository.Objects.Where(IsCandidate))
        {
            var targets = releases.TryGetValue(obj.Value, out var list) ? list.DistinctBy(l => l.Flux).ToList() : [(FluxApiVersions.Newest, (string?)null)!];
            foreach (var (flux, where) in targets)
            {
                Flux.Rules.DeprecatedFluxApiRule.Report(obj.ApiVersion, obj.Kind, flux, where, (severity, message, help) =>
                    context.Report(FluxDiagnostics.DeprecatedApiVersion, severity, obj, "/apiVersion", message));
            }
        }
    }

    /// <summary>An object of a beta API version (the only ones a Flux release can have deprecated).</summary>
    private static bool IsCandidate(RepositoryObject o) => o.Value is IManifest && o.ApiVersion?.Contains("beta", StringComparison.Ordinal) == true && o.Kind is not null;

    /// <summary>"clusters/&lt;name&gt;" for a file under a cluster directory.</summary>
    private static string? ClusterDirectory(Files.RepoPath file) =>
        file.Value.Split('/') is ["clusters", var name, _, ..] ? "clusters/" + name : null;

    /// <summary>The Flux release recorded in the cluster's gotk-components.yaml, if any.</summary>
    private static (Version Release, string File)? FluxReleaseIn(IEnumerable<RepositoryFile> components, string cluster)
    {
        foreach (var file in components.Where(f => f.Path.Value.StartsWith(cluster + "/", StringComparison.Ordinal)))
        {
            foreach (var obj in file.Objects)
            {
                var json = Manifests.ManifestSerializer.ToJsonElement(obj.Value);
                if (json.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("labels", out var labels)
                    && labels.TryGetProperty("app.kubernetes.io/version", out var version) && version.ValueKind == System.Text.Json.JsonValueKind.String
                    && FluxApiVersions.ParseRelease(version.GetString()) is { } release)
                {
                    return (release, $"{file.Path}: Flux {version.GetString()}");
                }
            }
        }

        return null;
    }
}
