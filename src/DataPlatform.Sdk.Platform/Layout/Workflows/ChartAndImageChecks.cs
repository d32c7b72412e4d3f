using System.Text;
using System.Text.Json.Nodes;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// The CI checks that need what the model knows: every pinned chart rendered with <c>helm template</c> and its
/// HelmRelease's values (the seed's "test Helm chart rendering"), and every application image scanned (Trivy).
/// </summary>
internal static class ChartAndImageChecks
{
    /// <summary>The Helm version CI installs.</summary>
    public const string HelmVersion = "v3.16.2";

    /// <summary>The Trivy action CI runs, pinned.</summary>
    public const string TrivyAction = "aquasecurity/trivy-action@0.28.0";

    /// <summary>Installs Helm and renders each chart with the values of its HelmRelease (read with the runner's yq).</summary>
    public static IEnumerable<GitHub.GitHubStep> RenderCharts(LayoutContext context)
    {
        var spec = context.Spec;
        var charts = spec.InfrastructureCharts.Select(c => (Chart: c, Folder: InfrastructureFolder(context, c)))
            .Concat(spec.PlatformCharts.Select(c => (Chart: c, Folder: $"{context.Paths.PlatformBase}/{c.Name}")))
            .Concat(context.Paths.Standard ? [(Chart: TenantOperator.Chart, Folder: TenantOperator.Folder)] : [])
            .ToList();
        if (charts.Count == 0)
        {
            yield break;
        }

        var run = new StringBuilder();
        run.Append("render() {\n")
           .Append("  yq ea 'select(.kind == \"HelmRelease\") | .spec.values // {}' \"$1/release.yaml\" > \"$RUNNER_TEMP/values.yaml\"\n")
           .Append("  echo \"helm template $2 ($3 $4)\"\n")
           .Append("  helm template \"$2\" \"$3\" ${5:+--repo \"$5\"} --version \"$4\" --namespace \"$6\" -f \"$RUNNER_TEMP/values.yaml\" > /dev/null\n")
           .Append("}\n");
        foreach (var (c, folder) in charts)
        {
            var oci = c.RepositoryUrl.StartsWith("oci://", StringComparison.Ordinal);
            var chart = oci ? c.RepositoryUrl.TrimEnd('/') + "/" + c.Chart : c.Chart;
            run.Append("render ").Append(folder).Append(' ').Append(c.Name).Append(' ').Append(chart).Append(' ').Append(c.Version)
               .Append(' ').Append(oci ? "\"\"" : c.RepositoryUrl).Append(' ').Append(c.Namespace).Append('\n');
        }

        yield return new GitHub.GitHubStep { Uses = "azure/setup-helm@v4", With = new JsonObject { ["version"] = HelmVersion } };
        yield return new GitHub.GitHubStep { Name = "Render every Helm chart with its values", Run = run.ToString() };
    }

    /// <summary>A job scanning every application image the repository deploys (high and critical findings with a fix fail it).</summary>
    public static GitHub.GitHubJob? ScanImages(LayoutContext context)
    {
        var images = context.Spec.Domains.SelectMany(d => d.Applications)
            .Select(a => $"{CloudProfile.ImageOf(context.Spec.Cloud, a.Image)}:{a.Tag}")
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (images.Count == 0)
        {
            return null;
        }

        return new GitHub.GitHubJob
        {
            RunsOn = "ubuntu-latest",
            TimeoutMinutes = 20,
            Steps =
            [
                .. images.Select(image => new GitHub.GitHubStep
                {
                    Name = "Scan " + image,
                    Uses = TrivyAction,
                    With = new JsonObject
                    {
                        ["image-ref"] = image,
                        ["severity"] = "CRITICAL,HIGH",
                        ["ignore-unfixed"] = true,
                        ["exit-code"] = "1",
                    },
                }),
            ],
        };
    }

    private static string InfrastructureFolder(LayoutContext context, ChartComponent c) =>
        context.Paths.Standard
            ? $"{context.Paths.InfrastructureBase}/{context.Spec.InfrastructureGroups.GetValueOrDefault(c.Name, InfrastructureGroup.Observability).ToString().ToLowerInvariant()}/{c.Name}"
            : $"{context.Paths.InfrastructureBase}/{c.Name}";
}
