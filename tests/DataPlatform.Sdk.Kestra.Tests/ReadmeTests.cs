using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Sdk.Kestra.Tests;

/// <summary>The README's Kestra example is true: the C# shown produces the YAML shown.</summary>
public class ReadmeTests
{
    [Fact]
    public void Readme_flow_example_produces_the_yaml_shown()
    {
        var flow = KestraFlow.Create("ingest-orders", "finance.ingest", f => f
            .Input("day", KestraValueType.Date, required: false)
            .Python("extract", "import sys\nprint('extract', sys.argv)\n", t => t with { ContainerImage = "python:3.12-slim" })
            .Parallel("load", p => p
                .Log("log-day", "{{ inputs.day ?? 'yesterday' }}")
                .PostgresQuery("count", "SELECT count(*) FROM orders", q => q with { Password = "{{ secret('PG_PASSWORD') }}" }))
            .Errors(e => e.Log("alert", "failed: {{ execution.id }}", KestraLogLevel.Error))
            .Schedule("0 2 * * *"));

        var readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md"));
        var section = readme[readme.IndexOf("## Kestra flows", StringComparison.Ordinal)..];
        var start = section.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        var shown = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];

        ManifestSerializer.ToYaml(flow).ShouldBe(shown);
        FlowAnalysis.Of(flow).Secrets.ShouldBe(["PG_PASSWORD"]);
        ManifestLoader.LoadString(shown, "readme.yml").Diagnostics.Diagnostics.ShouldBeEmpty();
    }
}
