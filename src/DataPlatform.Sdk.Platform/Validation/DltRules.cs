using System.Text.Json;
using System.Text.RegularExpressions;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Dlt;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Kestra;
using DataPlatform.Sdk.Repository;

namespace DataPlatform.Sdk.Platform.Validation;

/// <summary>
/// dlt scripts and the Kestra flows that run them: DPD002 (credentials written into a script), DPD004 (pipeline and
/// dataset names), DPD006 (a flow runs a script the repository lacks), DPD003 (a credential the destination needs that
/// neither the flow's environment nor the script's <c>.dlt/config.toml</c> provides) and DPD005 (an environment
/// variable for another destination, which dlt never reads).
/// </summary>
public sealed partial class DltRules : IRepositoryRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors =>
        [DltDiagnostics.SecretInScript, DltDiagnostics.InvalidName, DltDiagnostics.ScriptMissing, DltDiagnostics.CredentialMissing, DltDiagnostics.UnusedVariable];

    /// <summary>What a script declares: its pipeline, destination and dataset.</summary>
    private sealed record ScriptFacts(string? Pipeline, string? Destination, string? Dataset);

    /// <inheritdoc />
    public void Check(RepositoryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var repo = context.Repository;
        var scripts = new Dictionary<string, ScriptFacts>(StringComparer.Ordinal);
        foreach (var path in repo.OtherFiles.Where(p => p.Value.EndsWith(".py", StringComparison.Ordinal)))
        {
            if (repo.ReadText(path) is not { } text || !DltImport().IsMatch(text))
            {
                continue;
            }

            scripts[path.Value] = CheckScript(path, text, context);
        }

        // The URLs this repository is cloned by (its Flux GitRepository sources): a flow that clones another repository
        // runs that repository's scripts, which this one cannot check.
        var ownUrls = repo.Objects.Select(o => o.Value).OfType<DataPlatform.Sdk.Flux.GitRepository>().Select(g => NormalizeUrl(g.Spec.Url))
            .Concat(GitRemotes(repo).Select(NormalizeUrl)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var obj in repo.Objects.Where(o => o.Value is KestraFlow))
        {
            var analysis = FlowAnalysis.Of((KestraFlow)obj.Value);
            foreach (var node in analysis.Tasks)
            {
                var commands = node.Task switch
                {
                    PythonCommandsTask p => p.Commands ?? [],
                    ShellCommandsTask s => s.Commands ?? [],
                    _ => [],
                };
                var env = node.Task switch
                {
                    PythonCommandsTask p => p.Env,
                    ShellCommandsTask s => s.Env,
                    _ => null,
                };
                var clones = node.Parent?.Task is WorkingDirectoryTask w
                    && (w.Tasks ?? []).OfType<GitCloneTask>().Any(c => c.Url is { } url && !Pebble.IsTemplate(url) && ownUrls.Contains(NormalizeUrl(url)));
                for (var i = 0; i < commands.Count; i++)
                {
                    if (ScriptOf(commands[i]) is not { } script)
                    {
                        continue;
                    }

                    var pointer = $"{node.Pointer}/commands/{i}";
                    if (!scripts.TryGetValue(script, out var facts))
                    {
                        if (clones && !repo.Exists(script))
                        {
                            context.Report(DltDiagnostics.ScriptMissing, obj, pointer, $"Task '{node.Task.Id}' runs {script}, which the repository does not have.");
                        }

                        continue;
                    }

                    CheckEnvironment(obj, node, env, facts, script, context);
                }
            }
        }
    }

    /// <summary>The remote URLs of the working tree the repository was loaded from (its <c>.git/config</c>), if any.</summary>
    private static IEnumerable<string> GitRemotes(GitOpsRepository repo)
    {
        var config = repo.ReadText(RepoPath.Parse(".git/config"));
        foreach (var line in (config ?? string.Empty).Split('\n'))
        {
            var t = line.Trim();
            if (t.StartsWith("url", StringComparison.Ordinal) && t.IndexOf('=', StringComparison.Ordinal) is > 0 and var eq && t[..eq].Trim() == "url")
            {
                yield return t[(eq + 1)..].Trim();
            }
        }
    }

    /// <summary>A git URL in one spelling: host and path, lower case, without scheme, user, <c>.git</c> or trailing slash.</summary>
    private static string NormalizeUrl(string url)
    {
        var u = url.Trim();
        var scheme = u.IndexOf("://", StringComparison.Ordinal);
        u = scheme >= 0 ? u[(scheme + 3)..] : u.Replace(':', '/'); // git@host:org/repo → host/org/repo
        u = u[(u.IndexOf('@', StringComparison.Ordinal) + 1)..];
        u = u.TrimEnd('/');
        return (u.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? u[..^4] : u).ToLowerInvariant();
    }

    private static ScriptFacts CheckScript(RepoPath path, string text, RepositoryContext context)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith('#') || line.Contains("dlt.secrets", StringComparison.Ordinal) || line.Contains("dlt.config", StringComparison.Ordinal))
            {
                continue;
            }

            if (SecretAssignment().Match(line) is { Success: true } m)
            {
                context.Report(DltDiagnostics.SecretInScript, new SourceLocation(path.Value, i + 1, m.Index + 1), $"{path} sets '{m.Groups["key"].Value}' to a literal.");
            }
            else if (SecretPatterns.Find(line) is [var t, ..])
            {
                context.Report(DltDiagnostics.SecretInScript, new SourceLocation(path.Value, i + 1, t.Index + 1), $"{path} holds what looks like a credential ({t.Kind}).");
            }
        }

        string? Arg(string name)
        {
            var m = Regex.Match(text, name + @"\s*=\s*[""']([^""']*)[""']", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            return m.Success ? m.Groups[1].Value : null;
        }

        int LineOf(string needle)
        {
            var index = text.IndexOf(needle, StringComparison.Ordinal);
            return index < 0 ? 1 : text[..index].Count(c => c == '\n') + 1;
        }

        var facts = new ScriptFacts(Arg("pipeline_name"), Arg("destination"), Arg("dataset_name"));
        if (facts.Pipeline is { } pipeline && !DltNames.IsValidPipelineName(pipeline))
        {
            context.Report(DltDiagnostics.InvalidName, new SourceLocation(path.Value, LineOf("pipeline_name"), 1), $"Pipeline name '{pipeline}' is not valid for dlt.");
        }

        if (facts.Dataset is { } dataset && !DltNames.IsNormalizedDatasetName(dataset))
        {
            context.Report(DltDiagnostics.InvalidName, new SourceLocation(path.Value, LineOf("dataset_name"), 1),
                $"Dataset name '{dataset}' is not snake_case; dlt will create '{Regex.Replace(dataset.ToLowerInvariant(), "[^a-z0-9_]", "_", RegexOptions.None, TimeSpan.FromSeconds(1))}' instead.", DiagnosticSeverity.Warning);
        }

        return facts;
    }

    private static void CheckEnvironment(RepositoryObject flow, TaskNode node, System.Text.Json.Nodes.JsonObject? env, ScriptFacts facts, string script, RepositoryContext context)
    {
        if (facts.Destination is not { } destination)
        {
            return;
        }

        var variables = (env ?? []).Select(p => p.Key).ToList();
        var prefix = facts.Pipeline is null ? null : facts.Pipeline.ToUpperInvariant() + "__";
        string Strip(string v) => prefix is not null && v.StartsWith(prefix, StringComparison.Ordinal) ? v[prefix.Length..] : v;
        foreach (var v in variables.Select(Strip).Where(v => v.StartsWith("DESTINATION__", StringComparison.Ordinal)))
        {
            if (!v.StartsWith($"DESTINATION__{destination.ToUpperInvariant()}__", StringComparison.Ordinal))
            {
                context.Report(DltDiagnostics.UnusedVariable, flow, $"{node.Pointer}/env/{v}", $"Task '{node.Task.Id}' sets {v}, but {script} loads into '{destination}'.");
            }
        }

        if (!DltDestination.RequiredCredentials.TryGetValue(destination, out var required))
        {
            return;
        }

        var config = context.Repository.ReadText(RepoPath.Parse(DirectoryOf(script) + ".dlt/config.toml")) is { } toml ? TryParse(toml) : null;
        var connectionString = variables.Select(Strip).Contains($"DESTINATION__{destination.ToUpperInvariant()}__CREDENTIALS", StringComparer.Ordinal);
        foreach (var key in required)
        {
            var keyPath = $"destination.{destination}.{key}";
            var provided = variables.Select(Strip).Contains(DltNames.EnvironmentVariable(keyPath), StringComparer.Ordinal)
                || (connectionString && key.StartsWith("credentials.", StringComparison.Ordinal))
                || config?.Get(keyPath) is not null
                || (facts.Pipeline is not null && config?.Get(facts.Pipeline + "." + keyPath) is not null);
            if (!provided)
            {
                context.Report(DltDiagnostics.CredentialMissing, flow, node.Pointer,
                    $"Task '{node.Task.Id}' runs {script} into '{destination}', but nothing provides {keyPath} ({DltNames.EnvironmentVariable(keyPath)}).");
            }
        }
    }

    private static DltTomlFile? TryParse(string toml)
    {
        try
        {
            return DltTomlFile.Parse(toml);
        }
        catch (FormatException)
        {
            return null; // Reported on the file itself.
        }
    }

    private static string DirectoryOf(string path) => path.Contains('/', StringComparison.Ordinal) ? path[..(path.LastIndexOf('/') + 1)] : string.Empty;

    /// <summary>The repository path of the script a command runs: <c>python x.py</c>, <c>cd dir &amp;&amp; python x.py</c>.</summary>
    internal static string? ScriptOf(string command)
    {
        var m = RunScript().Match(command);
        if (!m.Success)
        {
            return null;
        }

        var dir = m.Groups["dir"].Success ? m.Groups["dir"].Value.Trim('/') + "/" : string.Empty;
        try
        {
            return RepoPath.Parse(dir + m.Groups["script"].Value).Value;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^\s*(import dlt|from dlt[\s.])", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex DltImport();

    [GeneratedRegex(@"^\s*(?:cd\s+(?<dir>[^\s&;]+)\s*&&\s*)?python3?\s+(?<script>[^\s;&|]+\.py)\b", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex RunScript();

    [GeneratedRegex(@"(?<key>password|passwd|token|secret|api_key|apikey|private_key|access_key)\w*[""']?\s*[=:]\s*[""'](?<value>[^""'{}$\s]{6,})[""']", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex SecretAssignment();
}
