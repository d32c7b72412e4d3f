using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Liquibase;
using DataPlatform.Sdk.Platform.Repository;

namespace DataPlatform.Sdk.Platform.Validation;

/// <summary>
/// Liquibase changelogs across files: DPL003 (an include whose file does not exist), DPL004 (an include outside the
/// repository) and DPL002 (a change set identity <c>file::id::author</c> seen twice across the files a changelog
/// includes, for example the same file included twice).
/// </summary>
public sealed class ChangelogIncludeRule : IRepositoryRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors => [LiquibaseDiagnostics.IncludeMissing, LiquibaseDiagnostics.IncludeEscapes, LiquibaseDiagnostics.DuplicateChangeSet];

    /// <inheritdoc />
    public void Check(RepositoryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var changelogs = context.Repository.Objects.Where(o => o.Value is LiquibaseChangelog).ToDictionary(o => o.File.Value, StringComparer.Ordinal);
        var included = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, obj) in changelogs)
        {
            var log = (LiquibaseChangelog)obj.Value;
            for (var i = 0; i < log.Items.Count; i++)
            {
                if (log.Items[i] is not ChangelogInclude { File: { Length: > 0 } file } include)
                {
                    continue;
                }

                var pointer = $"/databaseChangeLog/{i}/include/file";
                if (Resolve(obj.File, file, include.RelativeToChangelogFile == true) is not { } target)
                {
                    context.Report(LiquibaseDiagnostics.IncludeEscapes, obj, pointer, $"'{file}' resolves outside the repository.");
                    continue;
                }

                included.Add(target);
                if (!context.Repository.Exists(target) && include.ErrorIfMissing != false)
                {
                    context.Report(LiquibaseDiagnostics.IncludeMissing, obj, pointer, $"'{file}' ({target}) does not exist.");
                }
            }
        }

        // Identities across each root changelog and everything it includes.
        foreach (var (root, obj) in changelogs.Where(c => !included.Contains(c.Key)))
        {
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            Walk(root, changelogs, seen, [], context);
        }
    }

    private static void Walk(string path, Dictionary<string, RepositoryObject> changelogs, Dictionary<string, string> seen, HashSet<string> stack, RepositoryContext context)
    {
        if (!changelogs.TryGetValue(path, out var obj) || !stack.Add(path))
        {
            return;
        }

        var log = (LiquibaseChangelog)obj.Value;
        for (var i = 0; i < log.Items.Count; i++)
        {
            switch (log.Items[i])
            {
                case ChangeSet { Id: { } id, Author: { } author } cs:
                    var key = $"{cs.LogicalFilePath ?? path}::{id}::{author}";
                    if (seen.TryGetValue(key, out var where) && where != $"{path}#{i}")
                    {
                        context.Report(LiquibaseDiagnostics.DuplicateChangeSet, obj, $"/databaseChangeLog/{i}/changeSet/id",
                            $"Change set {key} is applied twice through includes (also from {where.Split('#')[0]}).");
                    }
                    else
                    {
                        seen[key] = $"{path}#{i}";
                    }

                    break;
                case ChangelogInclude { File: { Length: > 0 } file } include when Resolve(obj.File, file, include.RelativeToChangelogFile == true) is { } target:
                    if (seen.ContainsKey("include:" + target))
                    {
                        context.Report(LiquibaseDiagnostics.DuplicateChangeSet, obj, $"/databaseChangeLog/{i}/include/file", $"{target} is included twice; its change sets would be seen twice.");
                    }

                    seen["include:" + target] = path;
                    Walk(target, changelogs, seen, stack, context);
                    break;
            }
        }

        stack.Remove(path);
    }

    private static string? Resolve(RepoPath changelog, string file, bool relative)
    {
        if (Path.IsPathRooted(file) || file.StartsWith('/') || file.StartsWith('\\'))
        {
            return null; // An absolute path points outside the repository.
        }

        var baseDir = relative ? changelog.Directory : string.Empty;
        try
        {
            return RepoPath.Parse((baseDir.Length == 0 ? string.Empty : baseDir + "/") + file.Replace('\\', '/')).Value;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
