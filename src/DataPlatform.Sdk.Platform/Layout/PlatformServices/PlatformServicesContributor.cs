using k8s.Models;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>The platform layer's base: its namespaces (<c>common</c>), one folder per service chart, the dlt and Liquibase runtimes.</summary>
internal sealed class PlatformServicesContributor : ILayoutContributor
{
    public void Contribute(LayoutContext context)
    {
        var (spec, files, platform) = (context.Spec, context.Files, context.Paths.PlatformBase);
        var restricted = new Dictionary<string, string> { ["pod-security.kubernetes.io/enforce"] = "restricted" };
        var namespaces = new List<object> { LayoutObjects.Namespace("data-platform", null) };
        namespaces.AddRange(spec.PlatformCharts.Select(c => c.Namespace).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Where(n => n != "data-platform").Select(n => (object)LayoutObjects.Namespace(n, null)));
        if (spec.DltRuntime)
        {
            namespaces.Add(LayoutObjects.Namespace("dlt", restricted));
        }

        if (spec.LiquibaseRuntime)
        {
            namespaces.Add(LayoutObjects.Namespace("liquibase", restricted));
        }

        files.Add($"{platform}/common/namespaces.yaml", namespaces);
        files.Add($"{platform}/common/kustomization.yaml", LayoutContext.Kustomization("namespaces.yaml"));
        context.PlatformComponents.Add("common");
        foreach (var c in spec.PlatformCharts)
        {
            Charts.Write(files, $"{platform}/{c.Name}", c);
            context.PlatformComponents.Add(c.Name);
        }

        if (spec.DltRuntime)
        {
            Runtime(files, $"{platform}/dlt", "dlt", "dlt-runner");
            context.PlatformComponents.Add("dlt");
        }

        if (spec.LiquibaseRuntime)
        {
            Runtime(files, $"{platform}/liquibase", "liquibase", "liquibase-migrator");
            context.PlatformComponents.Add("liquibase");
        }
    }

    private static void Runtime(GeneratedFiles files, string folder, string ns, string account)
    {
        files.Add($"{folder}/runtime.yaml", new V1ServiceAccount { ApiVersion = "v1", Kind = "ServiceAccount", Metadata = new V1ObjectMeta { Name = account, NamespaceProperty = ns } });
        files.Add($"{folder}/kustomization.yaml", LayoutContext.Kustomization("runtime.yaml"));
    }
}
