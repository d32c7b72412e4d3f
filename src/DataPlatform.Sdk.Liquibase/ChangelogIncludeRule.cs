using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Repository;

namespace DataPlatform.Sdk.Liquibase;

/// <summary>
/// Liquibase changelogs across files: DPL003 (an include whose file does not exist), DPL004 (an include outside the
/// repository), DPL012 (an include no likely search-path root holds: info, since Liquibase's search path is decided at
/// run time) and DPL002 (a change set identity <c>file::id::author</c> that two files share through
/// <c>logicalFilePath</c>, where both can run).
/// </summary>
/// <remarks>
/// Liquibase resolves <c>file</c> against the including changelog with <c>relativeToChangelogFile: true</c>, and
/// otherwise against its search path (the working directory and classpath roots; a leading <c>/</c> or a
/// <c>classpath:</c> prefix is still looked up there, never on the file system). Offline, the likely roots are every
/// folder from the including changelog up to the repository root and every Maven/Gradle <c>src/*/resources</c> folder.
/// A changelog included twice is skipped by Liquibase the second time, so it is not a finding.
/// </remarks>
public sealed class ChangelogIncludeRule : IRepositoryRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors =>
        [LiquibaseDiagnostics.IncludeMissing, LiquibaseDiagnostics.IncludeEscapes, LiquibaseDiagnostics.IncludeUndecided, LiquibaseDiagnostics.DuplicateChangeSet];

    /// <inheritdoc />
    public void Check(RepositoryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var repository = context.Repository;
        var changelogs = repository.Objects.Where(o => o.Value is LiquibaseChangelog).ToDictionary(o => o.File.Value, StringComparer.Ordinal);
        if (changelogs.Count == 0)
        {
            return;
        }

        var resolver = new IncludeResolver(repository);
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var included = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, obj) in changelogs)
        {
            var targets = edges[path] = [];
            var log = (LiquibaseChangelog)obj.Value;
            for (var i = 0; i < log.Items.Count; i++)
            {
                var (reference, relative, required, pointer, isFolder) = log.Items[i] switch
                {
                    ChangelogInclude { File: { Length: > 0 } f } inc => (f, inc.RelativeToChangelogFile == true, inc.ErrorIfMissing != false, $"/databaseChangeLog/{i}/include/file", false),
                    ChangelogIncludeAll { Path: { Length: > 0 } p } all => (p, all.RelativeToChangelogFile == true, all.ErrorIfMissingOrEmpty != false, $"/databaseChangeLog/{i}/includeAll/path", true),
                    _ => (null, false, false, string.Empty, false),
                };
                if (reference is null)
                {
                    continue;
                }

                var resolution = resolver.Resolve(obj.File, reference, relative, isFolder);
                switch (resolution)
                {
                    case { Escapes: true }:
                        context.Report(LiquibaseDiagnostics.IncludeEscapes, obj, pointer, $"'{reference}' resolves outside the repository.");
                        break;
                    case { Found: { } found }:
                        var files = isFolder ? IncludeResolver.ChangelogsIn(found, changelogs.Keys) : [found];
                        targets.AddRange(files);
                        included.UnionWith(files);
                        break;
                    case { Candidates: [var only] } when required && relative:
                        context.Report(LiquibaseDiagnostics.IncludeMissing, obj, pointer, $"'{reference}' ({only}) does not exist.");
                        break;
                    case { Candidates: var tried } when required:
                        context.Report(LiquibaseDiagnostics.IncludeUndecided, obj, pointer,
                            $"'{reference}' is not under any likely search-path root ({string.Join(", ", tried.Take(4))}{(tried.Count > 4 ? ", …" : string.Empty)}); Liquibase fails unless its search path holds it.");
                        break;
                }
            }
        }

        // Identities across each root changelog and everything it includes (the per-file rule covers one file).
        foreach (var root in changelogs.Keys.Where(c => !included.Contains(c)).Order(StringComparer.Ordinal))
        {
            CheckIdentities(root, changelogs, edges, context);
        }
    }

    private static void CheckIdentities(string root, Dictionary<string, RepositoryObject> changelogs, Dictionary<string, List<string>> edges, RepositoryContext context)
    {
        var seen = new Dictionary<string, List<(string File, ChangeSet ChangeSet)>>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        stack.Push(root);
        var order = new List<string>();
        while (stack.Count > 0)
        {
            var path = stack.Pop();
            if (!visited.Add(path))
            {
                continue; // Liquibase reads a changelog once, however often it is included.
            }

            order.Add(path);
            if (edges.TryGetValue(path, out var targets))
            {
                for (var i = targets.Count - 1; i >= 0; i--)
                {
                    stack.Push(targets[i]);
                }
            }
        }

        foreach (var path in order)
        {
            var obj = changelogs[path];
            var log = (LiquibaseChangelog)obj.Value;
            for (var i = 0; i < log.Items.Count; i++)
            {
                if (log.Items[i] is not ChangeSet { Id: { } id, Author: { } author } cs)
                {
                    continue;
                }

                var key = $"{cs.LogicalFilePath ?? path}::{id}::{author}";
                if (!seen.TryGetValue(key, out var earlier))
                {
                    seen[key] = earlier = [];
                }

                var other = earlier.Where(e => e.File != path).Select(e => (e.File, Kind: ChangeSetFilters.Collide(e.ChangeSet, cs)))
                    .Where(e => e.Kind != ChangeSetCollision.Never).OrderBy(e => e.Kind == ChangeSetCollision.Always ? 0 : 1).FirstOrDefault();
                if (other.File is not null)
                {
                    context.Report(LiquibaseDiagnostics.DuplicateChangeSet, other.Kind == ChangeSetCollision.Always ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
                        obj, $"/databaseChangeLog/{i}/changeSet/id",
                        $"Change set {key} is also defined in {other.File} (same logicalFilePath){(other.Kind == ChangeSetCollision.Always ? string.Empty : " with other dbms, context or labels")}; Liquibase fails with duplicate identifiers when one update runs both.");
                }

                earlier.Add((path, cs));
            }
        }
    }

    /// <summary>Where Liquibase would find an include, tried offline against the likely search-path roots.</summary>
    private sealed class IncludeResolver(GitOpsRepository repository)
    {
        private readonly Lazy<IReadOnlyList<string>> _resourceRoots = new(() => ResourceRoots(repository));
        private readonly Lazy<HashSet<string>> _otherFiles = new(() => repository.OtherFiles.Select(p => p.Value).ToHashSet(StringComparer.Ordinal));

        public Resolution Resolve(RepoPath changelog, string reference, bool relative, bool isFolder)
        {
            var file = reference.Replace('\\', '/');
            if (file.Length > 1 && file[1] == ':' && char.IsAsciiLetter(file[0]) && !file.StartsWith("classpath", StringComparison.OrdinalIgnoreCase))
            {
                return new Resolution(null, [], Escapes: true); // A Windows drive path is the file system, not the search path.
            }

            if (relative)
            {
                return Combine(changelog.Directory, file) is { } target
                    ? new Resolution(Exists(target, isFolder) ? target : null, [target], Escapes: false)
                    : new Resolution(null, [], Escapes: true);
            }

            file = file.StartsWith("classpath*:", StringComparison.OrdinalIgnoreCase) ? file[11..]
                : file.StartsWith("classpath:", StringComparison.OrdinalIgnoreCase) ? file[10..] : file;
            file = file.TrimStart('/');
            var candidates = new List<string>();
            foreach (var root in Roots(changelog))
            {
                if (Combine(root, file) is { } target && !candidates.Contains(target))
                {
                    candidates.Add(target);
                    if (Exists(target, isFolder))
                    {
                        return new Resolution(target, candidates, Escapes: false);
                    }
                }
            }

            return new Resolution(null, candidates, Escapes: candidates.Count == 0);
        }

        public static IReadOnlyList<string> ChangelogsIn(string folder, IEnumerable<string> changelogs) =>
            [.. changelogs.Where(c => c.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

        private IEnumerable<string> Roots(RepoPath changelog)
        {
            for (var dir = changelog.Directory; ; dir = dir.Contains('/', StringComparison.Ordinal) ? dir[..dir.LastIndexOf('/')] : string.Empty)
            {
                yield return dir;
                if (dir.Length == 0)
                {
                    break;
                }
            }

            foreach (var root in _resourceRoots.Value)
            {
                yield return root;
            }
        }

        private bool Exists(string path, bool isFolder) => repository.Exists(path) && (isFolder || repository[path] is not null || _otherFiles.Value.Contains(path));

        private static string? Combine(string dir, string file)
        {
            try
            {
                return RepoPath.Parse(dir.Length == 0 ? file : dir + "/" + file).Value;
            }
            catch (ArgumentException)
            {
                return null; // Leaves the repository root.
            }
        }

        /// <summary>Every Maven/Gradle resource root (<c>…/src/&lt;set&gt;/resources</c>) in the repository.</summary>
        private static IReadOnlyList<string> ResourceRoots(GitOpsRepository repository)
        {
            var roots = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var path in repository.Files.Select(f => f.Path.Value).Concat(repository.OtherFiles.Select(p => p.Value)))
            {
                var segments = path.Split('/');
                for (var i = 0; i + 2 < segments.Length; i++)
                {
                    if (segments[i] == "src" && segments[i + 2] == "resources")
                    {
                        roots.Add(string.Join('/', segments[..(i + 3)]));
                    }
                }
            }

            return [.. roots];
        }
    }

    private sealed record Resolution(string? Found, IReadOnlyList<string> Candidates, bool Escapes);
}
