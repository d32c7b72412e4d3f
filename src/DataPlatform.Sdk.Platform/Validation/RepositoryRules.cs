using System.Globalization;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Yaml;
using k8s.Models;

namespace DataPlatform.Sdk.Platform.Validation;

/// <summary>Helpers shared by the rules: which scopes an object is in, and reporting each finding once.</summary>
internal static class Scoping
{
    public static IEnumerable<FluxScope> ScopesOf(RepositoryContext context, RepositoryObject obj)
    {
        var scopes = context.Scopes().Where(s => s.Contains(obj.Value)).ToList();
        return scopes.Count > 0 ? scopes : [Everything(context)];
    }

    public static FluxScope Everything(RepositoryContext context) =>
        context.Shared<FluxScope>("everything", () => new FluxScope(null, [.. context.Repository.Objects], []));

    /// <summary>The object as placed in a scope (namespace overrides applied), or as written.</summary>
    public static RepositoryObject Placed(FluxScope scope, RepositoryObject obj) => scope.Placement(obj.Value) ?? obj;
}

/// <summary>DPR001, DPR003, DPR008: paths exist and references resolve, within the cluster build they belong to.</summary>
public sealed class ReferenceRules : IRepositoryRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors =>
        [RepositoryDiagnostics.PathMissing, RepositoryDiagnostics.UnresolvedReference, RepositoryDiagnostics.ExternalSource];

    /// <inheritdoc />
    public void Check(RepositoryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var obj in context.Repository.Objects)
        {
            switch (obj.Value)
            {
                case FluxKustomization k:
                    CheckKustomization(context, obj, k);
                    break;
                case HelmRelease hr:
                    foreach (var scope in Scoping.ScopesOf(context, obj))
                    {
                        var me = Scoping.Placed(scope, obj);
                        if (hr.Spec?.Chart?.Spec?.SourceRef is { } src)
                        {
                            Resolve(context, scope, me, src.Kind, src.Name, src.Namespace ?? me.Namespace, "/spec/chart/spec/sourceRef");
                        }

                        if (hr.Spec?.ChartRef is { } chartRef)
                        {
                            Resolve(context, scope, me, chartRef.Kind, chartRef.Name, chartRef.Namespace ?? me.Namespace, "/spec/chartRef");
                        }

                        var deps = hr.Spec?.DependsOn ?? [];
                        for (var i = 0; i < deps.Count; i++)
                        {
                            Resolve(context, scope, me, "HelmRelease", deps[i].Name, deps[i].Namespace ?? me.Namespace, Ptr("/spec/dependsOn", i));
                        }

                        var values = hr.Spec?.ValuesFrom ?? [];
                        for (var i = 0; i < values.Count; i++)
                        {
                            if (values[i].Optional != true)
                            {
                                Resolve(context, scope, me, values[i].Kind, values[i].Name, me.Namespace, Ptr("/spec/valuesFrom", i), secretsAreExternal: true);
                            }
                        }
                    }

                    break;
                case Alert alert when alert.Spec?.ProviderRef is { } provider:
                    foreach (var scope in Scoping.ScopesOf(context, obj))
                    {
                        var me = Scoping.Placed(scope, obj);
                        Resolve(context, scope, me, "Provider", provider.Name, me.Namespace, "/spec/providerRef");
                    }

                    break;
                case ImagePolicy policy when policy.Spec?.ImageRepositoryRef is { } repoRef:
                    foreach (var scope in Scoping.ScopesOf(context, obj))
                    {
                        var me = Scoping.Placed(scope, obj);
                        Resolve(context, scope, me, "ImageRepository", repoRef.Name, repoRef.Namespace ?? me.Namespace, "/spec/imageRepositoryRef");
                    }

                    break;
                case ImageUpdateAutomation automation when automation.Spec?.SourceRef is { } source:
                    foreach (var scope in Scoping.ScopesOf(context, obj))
                    {
                        var me = Scoping.Placed(scope, obj);
                        Resolve(context, scope, me, source.Kind ?? "GitRepository", source.Name, source.Namespace ?? me.Namespace, "/spec/sourceRef");
                    }

                    break;
            }
        }
    }

    private static void CheckKustomization(RepositoryContext context, RepositoryObject obj, FluxKustomization k)
    {
        var spec = k.Spec;
        if (spec is null)
        {
            return;
        }

        if (BuildGraph.PathOf(k) is not { } path)
        {
            context.Report(RepositoryDiagnostics.PathMissing, obj, "/spec/path", $"Path '{spec.Path}' leaves the root of its source; Flux reads paths inside the source only.");
        }
        else if (FluxScopes.IsOwnSource(obj, context.Repository))
        {
            if (!context.Repository.Exists(path))
            {
                context.Report(RepositoryDiagnostics.PathMissing, obj, "/spec/path", $"Path '{spec.Path}' does not exist in the repository.");
            }
        }
        else if (spec.SourceRef.Kind == "ExternalArtifact" && ArtifactPaths(context, spec.SourceRef.Name, path) is { } candidates)
        {
            if (candidates.Count == 0)
            {
                context.Report(RepositoryDiagnostics.PathMissing, obj, "/spec/path",
                    $"Path '{spec.Path}' is not in artifact '{spec.SourceRef.Name}': no copy rule of its ArtifactGenerator puts anything there.");
            }
            else if (!candidates.Any(context.Repository.Exists))
            {
                context.Report(RepositoryDiagnostics.PathMissing, obj, "/spec/path",
                    $"Path '{spec.Path}' of artifact '{spec.SourceRef.Name}' maps to {string.Join(" or ", candidates.Select(c => "'" + c + "'"))}, which does not exist in the repository.");
            }
        }
        else
        {
            context.Report(RepositoryDiagnostics.ExternalSource, obj, "/spec/path",
                $"Path '{spec.Path ?? "./"}' lies in {spec.SourceRef.Kind} '{spec.SourceRef.Name}', outside this repository; it is not checked.");
        }

        foreach (var scope in Scoping.ScopesOf(context, obj))
        {
            var me = Scoping.Placed(scope, obj);
            var src = spec.SourceRef;
            Resolve(context, scope, me, src.Kind, src.Name, src.Namespace ?? me.Namespace, "/spec/sourceRef");

            for (var i = 0; i < spec.DependsOn.Count; i++)
            {
                var dep = spec.DependsOn[i];
                Resolve(context, scope, me, "Kustomization", dep.Name, dep.Namespace ?? me.Namespace, Ptr("/spec/dependsOn", i), group: FluxKustomization.ApiGroup);
            }

            var subs = spec.PostBuild?.SubstituteFrom ?? [];
            for (var i = 0; i < subs.Count; i++)
            {
                if (subs[i].Optional != true)
                {
                    Resolve(context, scope, me, subs[i].Kind, subs[i].Name, me.Namespace, Ptr("/spec/postBuild/substituteFrom", i), secretsAreExternal: true);
                }
            }
        }
    }

    /// <summary>Where a path inside an ExternalArtifact comes from in this repository, by the ArtifactGenerator's copy rules.</summary>
    private static List<string>? ArtifactPaths(RepositoryContext context, string artifact, string path)
    {
        foreach (var generator in context.Repository.Objects.Select(o => o.Value).OfType<ArtifactGenerator>())
        {
            var sources = generator.Spec?.Sources ?? [];
            foreach (var a in generator.Spec?.Artifacts ?? [])
            {
                if (a.Name != artifact)
                {
                    continue;
                }

                var result = new List<string>();
                foreach (var copy in a.Copy)
                {
                    var alias = copy.From.TrimStart('@').Split('/')[0];
                    var source = sources.FirstOrDefault(s => s.Alias == alias);
                    if (source is null || source.Kind != "GitRepository" || source.Name != "flux-system")
                    {
                        return null; // Copied from a source outside this repository.
                    }

                    var from = copy.From[(alias.Length + 1)..].TrimStart('/');
                    from = from.EndsWith("/**", StringComparison.Ordinal) ? from[..^3] : from.EndsWith("/*", StringComparison.Ordinal) ? from[..^2] : from.TrimEnd('/');
                    if (from.IndexOfAny(['*', '?', '[', '{']) >= 0)
                    {
                        return null; // A file pattern: what it copies is not a folder this check can follow.
                    }

                    var to = copy.To.StartsWith("@artifact", StringComparison.Ordinal) ? copy.To["@artifact".Length..].Trim('/') : copy.To.Trim('/');
                    if (to.Length == 0 || path == to || path.StartsWith(to + "/", StringComparison.Ordinal))
                    {
                        var rest = to.Length == 0 ? path : path[to.Length..].TrimStart('/');
                        result.Add(string.Join('/', new[] { from, rest }.Where(p => p.Length > 0)));
                    }
                }

                return result;
            }
        }

        return null;
    }

    private static void Resolve(
        RepositoryContext context, FluxScope scope, RepositoryObject from, string kind, string name, string? ns, string pointer,
        bool secretsAreExternal = false, string? group = null)
    {
        if (scope.Find(kind, name, ns).Any(o => group is null || o.Group == group))
        {
            return;
        }

        // The bootstrap source: 'flux bootstrap' creates it, whether or not its manifest is committed.
        if (kind == "GitRepository" && name == "flux-system")
        {
            return;
        }

        // ExternalArtifacts are produced by ArtifactGenerators.
        if (kind == "ExternalArtifact" && context.Repository.Objects.Select(o => o.Value).OfType<ArtifactGenerator>()
                .Any(g => (g.Spec?.Artifacts ?? []).Any(a => a.Name == name)))
        {
            return;
        }

        var where = scope.Root is null ? "the repository" : $"the cluster build of '{scope.Root.File.Directory}'";
        var target = $"{kind} '{(ns is null ? string.Empty : ns + "/")}{name}'";
        if (secretsAreExternal && kind == "Secret")
        {
            context.Report(RepositoryDiagnostics.UnresolvedReference, DiagnosticSeverity.Warning, from, pointer,
                $"{target} is not defined in {where}; make sure it is created out of band (or SOPS-encrypted in the repository).");
            return;
        }

        context.Report(RepositoryDiagnostics.UnresolvedReference, from, pointer, $"{target} is not defined in {where}.");
    }

    private static string Ptr(string array, int i) => array + "/" + i.ToString(CultureInfo.InvariantCulture);
}

/// <summary>DPR004: dependsOn cycles among Kustomizations and among HelmReleases.</summary>
public sealed class DependencyCycleRule : IRepositoryRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors => [RepositoryDiagnostics.DependencyCycle];

    /// <inheritdoc />
    public void Check(RepositoryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Detect(context, "Kustomization", o => o.Value is FluxKustomization k ? k.Spec?.DependsOn.Select(d => (d.Name, d.Namespace)) ?? [] : []);
        Detect(context, "HelmRelease", o => o.Value is HelmRelease h ? (h.Spec?.DependsOn ?? []).Select(d => (d.Name, d.Namespace)) : []);
    }

    private static void Detect(RepositoryContext context, string kind, Func<RepositoryObject, IEnumerable<(string Name, string? Namespace)>> deps)
    {
        var nodes = context.Repository.Objects.Where(o => o.Kind == kind && o.Value is FluxKustomization or HelmRelease).ToList();
        var byKey = nodes.GroupBy(Key).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new List<string>();
        var reported = new HashSet<string>(StringComparer.Ordinal);

        // Depth-first without recursion: the length of a dependsOn chain is the input's to choose.
        void Visit(string root)
        {
            var frames = new Stack<(string Key, List<string> Next, int Index)>();
            void Enter(string key)
            {
                state[key] = 1;
                stack.Add(key);
                frames.Push((key, [.. deps(byKey[key]).Select(d => $"{d.Namespace ?? byKey[key].Namespace}/{d.Name}").Where(byKey.ContainsKey)], 0));
            }

            Enter(root);
            while (frames.Count > 0)
            {
                var (key, nextKeys, i) = frames.Pop();
                if (i >= nextKeys.Count)
                {
                    stack.RemoveAt(stack.Count - 1);
                    state[key] = 2;
                    continue;
                }

                frames.Push((key, nextKeys, i + 1));
                var next = nextKeys[i];
                if (state.GetValueOrDefault(next) == 1)
                {
                    // The cycle, rotated to start at its smallest member so the message is the same whatever the walk order.
                    var members = stack.Skip(stack.IndexOf(next)).ToList();
                    var start = members.IndexOf(members.Min(StringComparer.Ordinal)!);
                    var cycle = members.Skip(start).Concat(members.Take(start)).ToList();
                    cycle.Add(cycle[0]);
                    var id = string.Join(",", cycle.Skip(1).Order(StringComparer.Ordinal));
                    if (reported.Add(id))
                    {
                        var first = byKey[cycle[0]];
                        var index = deps(first).ToList().FindIndex(d => $"{d.Namespace ?? first.Namespace}/{d.Name}" == cycle[1]);
                        context.Report(RepositoryDiagnostics.DependencyCycle, first, $"/spec/dependsOn/{Math.Max(0, index)}",
                            $"{kind} dependsOn cycle: {string.Join(" → ", cycle.Select(c => c[(c.IndexOf('/', StringComparison.Ordinal) + 1)..]))}.");
                    }
                }
                else if (state.GetValueOrDefault(next) == 0)
                {
                    Enter(next);
                }
            }
        }

        foreach (var key in byKey.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(key) == 0)
            {
                Visit(key);
            }
        }
    }

    private static string Key(RepositoryObject o) => $"{o.Namespace}/{o.Name}";
}

/// <summary>DPR005: two objects with the same group, kind, namespace and name in one kustomize build.</summary>
public sealed class DuplicateObjectRule : IRepositoryRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors => [RepositoryDiagnostics.DuplicateObject];

    /// <inheritdoc />
    public void Check(RepositoryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seenPairs = new HashSet<(object, object)>();
        var byIdentity = new Dictionary<(string Group, string Kind, string? Namespace, string? Name), RepositoryObject>();
        foreach (var file in context.Repository.Files.Where(f => f.IsKustomization))
        {
            var objects = context.Graph().Build(file.Path.Directory);
            byIdentity.Clear(); // One table for every build: hundreds of kustomizations.
            foreach (var o in objects)
            {
                if (o.Value is Kubernetes.Kustomize.KustomizationFile)
                {
                    continue;
                }

                var key = (o.Group, o.Kind, o.Namespace, o.Name);
                if (byIdentity.TryGetValue(key, out var first) && !ReferenceEquals(first.Value, o.Value))
                {
                    if (seenPairs.Add((first.Value, o.Value)))
                    {
                        context.Report(RepositoryDiagnostics.DuplicateObject, o, "/metadata/name",
                            $"{o.Kind} '{(o.Namespace is null ? string.Empty : o.Namespace + "/")}{o.Name}' is also defined in {first.File} (both in the build of {file.Path.Directory}/).");
                    }
                }
                else
                {
                    byIdentity[key] = o;
                }
            }
        }
    }
}

/// <summary>DPR007: a production cluster's source follows a branch.</summary>
public sealed class ProductionRefRule : IRepositoryRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors => [RepositoryDiagnostics.ProductionTracksBranch];

    /// <inheritdoc />
    public void Check(RepositoryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var scope in context.Scopes().Where(s => s.IsProduction))
        {
            foreach (var obj in scope.Objects.Where(o => o.Value is GitRepository))
            {
                var git = (GitRepository)obj.Value;
                var r = git.Spec?.Ref;
                var pinned = r is not null && (r.Tag is not null || r.Semver is not null || r.Commit is not null || r.Name?.StartsWith("refs/tags/", StringComparison.Ordinal) == true);
                if (!pinned && scope.Kustomizations.Any(k => ((FluxKustomization)k.Value).Spec?.SourceRef.Name == git.Metadata.Name))
                {
                    context.Report(RepositoryDiagnostics.ProductionTracksBranch, obj, r?.Branch is null ? "/spec" : "/spec/ref/branch",
                        $"Production source '{git.Metadata.Name}' follows {(r?.Branch is { } b ? $"branch '{b}'" : "the default branch")}, not a release.");
                }
            }
        }
    }
}

/// <summary>DPR017: an untagged or <c>latest</c> image in a workload a production cluster reconciles.</summary>
public sealed class ProductionImageRule : IRepositoryRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors => [RepositoryDiagnostics.LatestInProduction];

    /// <inheritdoc />
    public void Check(RepositoryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var scope in context.Scopes().Where(s => s.IsProduction))
        {
            foreach (var obj in scope.Objects)
            {
                if (Kubernetes.Workloads.PodSpecOf(obj.Value) is not { } pod || !seen.Add(obj.Value))
                {
                    continue;
                }

                foreach (var (container, pointer) in Kubernetes.Workloads.Containers(pod.Spec, pod.Pointer))
                {
                    if (container.Image is { } image && Kubernetes.SecurityBaselineRule.ImageProblem(image) is not null)
                    {
                        context.Report(RepositoryDiagnostics.LatestInProduction, obj, pointer + "/image",
                            $"{obj.Kind} '{obj.Name}' runs {image} in production ({scope.Root!.File}).");
                    }
                }
            }
        }
    }
}
