namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// Pipelines: each domain's Kestra flows under <c>pipelines/&lt;domain&gt;/</c> (a folder per child namespace), each dlt
/// pipeline's script, configuration and flow, and per domain a SyncFlows flow in the <c>system</c> namespace that makes
/// Kestra hold exactly what git holds.
/// </summary>
internal sealed class PipelinesContributor : ILayoutContributor
{
    /// <summary>The Kestra namespace of the flows that keep Kestra in sync with git.</summary>
    internal const string SystemFlowNamespace = "system";

    /// <summary>The Kestra secret holding a token that can read the repository.</summary>
    internal const string GitTokenSecret = "GIT_ACCESS_TOKEN";

    /// <summary>
    /// Each domain's flows under <c>pipelines/&lt;domain&gt;/</c> (one directory per child namespace), and per domain a
    /// SyncFlows flow in the <c>system</c> namespace that makes Kestra hold exactly what git holds.
    /// </summary>
    public void Contribute(LayoutContext context)
    {
        var (spec, files) = (context.Spec, context.Files);
        files.Text("pipelines/README.md", PipelinesReadme);
        var pipelines = spec.Domains.SelectMany(d => d.Pipelines).ToList();
        if (pipelines.Count > 0)
        {
            files.Text($"{Dlt.DltGenerator.Directory}/.dlt/config.toml", Dlt.DltGenerator.ConfigToml(pipelines));
            files.Text($"{Dlt.DltGenerator.Directory}/.dlt/secrets.toml.example", Dlt.DltGenerator.SecretsTemplate(pipelines));
            files.Text($"{Dlt.DltGenerator.Directory}/requirements.txt", Dlt.DltGenerator.Requirements(pipelines));
            files.Text($"{Dlt.DltGenerator.Directory}/.gitignore", "# Local dlt credentials and state never go into git.\n.dlt/secrets.toml\n.dlt/*.local.toml\n");
        }

        foreach (var d in spec.Domains.Where(d => d.Flows.Count > 0 || d.Pipelines.Count > 0).OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            var flows = d.Flows.ToList();
            foreach (var pipeline in d.Pipelines)
            {
                var artifacts = Dlt.DltGenerator.Generate(pipeline);
                foreach (var (path, content) in artifacts.Files)
                {
                    files.Text(path, content);
                }

                flows.Add(DltFlows.For(pipeline, artifacts.Secrets, d.FlowNamespace, spec.SourceUrl, GitRefs.Expression));
            }

            foreach (var flow in flows)
            {
                var sub = flow.Namespace.Length > d.FlowNamespace.Length ? flow.Namespace[(d.FlowNamespace.Length + 1)..].Replace('.', '/') + "/" : string.Empty;
                files.Add($"pipelines/{d.Name}/{sub}{flow.FileName}", flow);
            }

            var sync = Kestra.KestraFlow.Create($"sync-{d.Name}", SystemFlowNamespace, f => f
                .Description($"Makes the Kestra namespace '{d.FlowNamespace}' (and its children) hold exactly the flows of pipelines/{d.Name}/ at the git ref this environment runs (ENV_{GitRefs.Variable.ToUpperInvariant()} of the Kestra deployment: a branch in development, the released tag in production).")
                .Label("data-platform/domain", d.Name)
                .Task(new Kestra.GitSyncFlowsTask
                {
                    Id = "sync",
                    Url = spec.SourceUrl,
                    Branch = GitRefs.Expression,
                    Username = "git",
                    Password = "{{ secret('" + GitTokenSecret + "') }}",
                    TargetNamespace = d.FlowNamespace,
                    GitDirectory = $"pipelines/{d.Name}",
                    IncludeChildNamespaces = true,
                    Delete = true,
                })
                .Schedule("*/10 * * * *", "every-ten-minutes")
                .Concurrency(1, Kestra.ConcurrencyBehavior.Cancel));
            files.Add($"pipelines/{SystemFlowNamespace}/{sync.FileName}", sync);
        }
    }

    private const string PipelinesReadme = """
        # Pipelines

        Kestra flows live in `<domain>/<flow-id>.yml` (namespace `<domain>`; a sub-directory per child namespace, e.g.
        `finance/ingest/` for `finance.ingest`) and dlt scripts in `dlt/<source>-<destination>.py`. Flows reach Kestra
        through Kestra's git sync, not through Flux: `system/sync-<domain>.yml` runs `io.kestra.plugin.git.SyncFlows`
        every ten minutes and makes each domain namespace hold exactly what git holds (flows deleted in git are deleted
        in Kestra).

        Bootstrap, once per Kestra instance: create the secret `GIT_ACCESS_TOKEN` (a read-only token for this
        repository) and load the sync flows themselves, e.g. `kestra flow namespace update system pipelines/system`
        or through the UI. From then on, changes reach Kestra by pull request only.

        """;
}
