using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Kestra;
using DataPlatform.Sdk.Repository;

namespace DataPlatform.Sdk.Platform.Validation;

/// <summary>
/// The Kestra flows of the repository as a whole: DPR011 (a flow under <c>pipelines/&lt;domain&gt;/</c> belongs to
/// that domain's namespace), DPR012 (flow ids unique per namespace) and DPR013 (when the repository syncs flows with
/// <c>io.kestra.plugin.git.SyncFlows</c>, every flow is covered by one).
/// </summary>
public sealed class KestraFlowRules : IRepositoryRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors =>
        [RepositoryDiagnostics.FlowNamespaceMismatch, RepositoryDiagnostics.DuplicateFlow, RepositoryDiagnostics.FlowNotSynced];

    /// <inheritdoc />
    public void Check(RepositoryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var flows = context.Repository.Objects.Where(o => o.Value is KestraFlow).ToList();
        if (flows.Count == 0)
        {
            return;
        }

        var domains = new HashSet<string>(StringComparer.Ordinal);
        var domainLookup = domains.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var path in context.Repository.AllPaths)
        {
            if (path.StartsWith("domains/", StringComparison.Ordinal))
            {
                var rest = path.AsSpan("domains/".Length);
                var domain = rest.IndexOf('/') is var slash and >= 0 ? rest[..slash] : rest;
                if (!domainLookup.Contains(domain))
                {
                    domainLookup.Add(domain); // One string per domain, not per file.
                }
            }
        }

        var byIdentity = new Dictionary<string, RepositoryObject>(StringComparer.Ordinal);
        var syncs = flows.SelectMany(o => FlowAnalysis.Of((KestraFlow)o.Value).Tasks.Select(n => n.Task).OfType<GitSyncFlowsTask>()).ToList();
        foreach (var o in flows)
        {
            var flow = (KestraFlow)o.Value;
            var key = flow.Namespace + "/" + flow.Id;
            if (byIdentity.TryGetValue(key, out var first))
            {
                context.Report(RepositoryDiagnostics.DuplicateFlow, o, "/id", $"Flow '{flow.Namespace}.{flow.Id}' is also defined in {first.File}.");
            }
            else
            {
                byIdentity[key] = o;
            }

            var segments = o.File.Value.Split('/');
            if (segments.Length >= 3 && segments[0] == "pipelines" && domains.Contains(segments[1]))
            {
                var expected = string.Join('.', segments[1..^1]);
                if (flow.Namespace != expected)
                {
                    context.Report(RepositoryDiagnostics.FlowNamespaceMismatch, o, "/namespace",
                        $"Flow '{flow.Id}' in {o.File.Directory}/ declares namespace '{flow.Namespace}'; flows of domain '{segments[1]}' there belong to '{expected}'.",
                        $"Set namespace: {expected}, or move the file to pipelines/{flow.Namespace.Replace('.', '/')}/.");
                }
            }

            // Flows that run SyncFlows are the bootstrap: loaded into Kestra once by hand, they bring the others.
            var isSyncFlow = FlowAnalysis.Of(flow).Tasks.Any(n => n.Task is GitSyncFlowsTask);
            if (syncs.Count > 0 && !isSyncFlow && !syncs.Any(s => Covers(s, flow, o.File.Value)))
            {
                context.Report(RepositoryDiagnostics.FlowNotSynced, o, "/namespace",
                    $"No SyncFlows task brings flow '{flow.Namespace}.{flow.Id}' ({o.File}) to Kestra.");
            }
        }
    }

    private static bool Covers(GitSyncFlowsTask sync, KestraFlow flow, string path)
    {
        if (sync.TargetNamespace is not { } target || Pebble.IsTemplate(target))
        {
            return Pebble.IsTemplate(sync.TargetNamespace ?? string.Empty); // Dynamic targets cannot be judged: assume covered.
        }

        var children = sync.IncludeChildNamespaces == true;
        if (flow.Namespace != target && !(children && flow.Namespace.StartsWith(target + ".", StringComparison.Ordinal)))
        {
            return false;
        }

        var directory = (sync.GitDirectory ?? "_flows").Trim('/');
        var relative = flow.Namespace == target ? string.Empty : flow.Namespace[(target.Length + 1)..].Replace('.', '/') + "/";
        var expectedDir = directory.Length == 0 ? relative : directory + "/" + relative;
        var dir = path.Contains('/', StringComparison.Ordinal) ? path[..(path.LastIndexOf('/') + 1)] : string.Empty;
        return dir == expectedDir;
    }
}

/// <summary>
/// DPR020: flows reach Kestra through its own git sync, not through Flux, so a repository whose production cluster
/// follows releases must not let Kestra's SyncFlows, SyncNamespaceFiles or Clone tasks read a branch: production would
/// run unreleased flows and code. A ref given by an expression (each environment's Kestra sets it), a release tag or a
/// commit passes.
/// </summary>
public sealed partial class KestraGitRefRule : IRepositoryRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors => [RepositoryDiagnostics.KestraFollowsBranchInProduction];

    /// <inheritdoc />
    public void Check(RepositoryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Scopes().Any(s => s.IsProduction))
        {
            return;
        }

        foreach (var o in context.Repository.Objects.Where(o => o.Value is KestraFlow))
        {
            foreach (var node in FlowAnalysis.Of((KestraFlow)o.Value).Tasks.Where(n => n.Task is GitSyncFlowsTask or GitSyncNamespaceFilesTask or GitCloneTask))
            {
                var task = (GitTask)node.Task;
                var branch = task.Branch ?? "main"; // Kestra's default
                if (!IsPinned(branch))
                {
                    context.Report(RepositoryDiagnostics.KestraFollowsBranchInProduction, o, node.Pointer + (task.Branch is null ? string.Empty : "/branch"),
                        $"Task '{task.Id}' reads branch '{branch}', and every Kestra this repository feeds runs it, production included: production would run unreleased flows and code.");
                }
            }
        }
    }

    /// <summary>An expression, a release tag (v1.2.3, 1.2.3-rc.1) or a commit id.</summary>
    private static bool IsPinned(string reference) =>
        reference.Contains("{{", StringComparison.Ordinal) || ReleaseTag().IsMatch(reference) || (reference.Length == 40 && reference.All(char.IsAsciiHexDigit));

    [System.Text.RegularExpressions.GeneratedRegex(@"^(refs/tags/)?v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$", System.Text.RegularExpressions.RegexOptions.None, 1000)]
    private static partial System.Text.RegularExpressions.Regex ReleaseTag();
}
