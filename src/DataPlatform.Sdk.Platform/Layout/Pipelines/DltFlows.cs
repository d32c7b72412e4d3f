using System.Text.Json.Nodes;
using DataPlatform.Sdk.Kestra;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// The Kestra flow that runs a dlt pipeline (the seed's step "orchestrate with Kestra"): it clones the repository at the
/// environment's ref, installs the pinned requirements, runs the script with dlt's environment variables mapped from
/// Kestra secrets, retries, notifies on failure, never runs twice at once, and follows the pipeline's schedule. The dlt
/// package knows nothing of Kestra; the layout joins the two.
/// </summary>
internal static class DltFlows
{
    public static KestraFlow For(Dlt.DltPipeline p, IReadOnlyList<(string KestraSecret, string DltKey)> secrets, string ns, string repositoryUrl, string gitRef)
    {
        var env = new JsonObject();
        foreach (var (kestra, key) in secrets)
        {
            env[Dlt.DltNames.EnvironmentVariable(key)] = "{{ secret('" + kestra + "') }}";
        }

        return KestraFlow.Create(p.Name, ns, f =>
        {
            f.Description($"Runs the dlt pipeline {p.Name} ({p.Source.Name} → {p.Destination.Name}, dataset {p.Dataset}). Secrets: {string.Join(", ", secrets.Select(s => s.KestraSecret))}.")
             .Label("data-platform/pipeline", p.Name)
             .WorkingDirectory("load", w => w
                .Task(new GitCloneTask { Id = "clone", Url = repositoryUrl, Branch = gitRef, Username = "git", Password = "{{ secret('GIT_ACCESS_TOKEN') }}" })
                .Task(new PythonCommandsTask
                {
                    Id = "run",
                    ContainerImage = "python:3.12-slim",
                    BeforeCommands = [$"pip install --no-cache-dir -r {Dlt.DltGenerator.Directory}/requirements.txt"],
                    Commands = [$"cd {Dlt.DltGenerator.Directory} && python {p.Name}.py"],
                    Env = env.Count == 0 ? null : env,
                    Retry = new KestraRetry { Type = "constant", MaxAttempt = p.Retries, Interval = "PT5M" },
                }))
             .Errors(e => e.Log("notify-failure", $"dlt pipeline {p.Name} failed in execution {{{{ execution.id }}}}: {{{{ errorLogs()[0]['message'] ?? 'see the logs' }}}}", KestraLogLevel.Error))
             .Concurrency(1, ConcurrencyBehavior.Queue);
            if (p.Schedule is not null)
            {
                f.Schedule(p.Schedule);
            }
        });
    }
}
