using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Manifests;

namespace DataPlatform.Sdk.Repository;

/// <summary>
/// What a load recognised and what it did not check, so that a report never hides what it skipped: objects by kind,
/// YAML/JSON files kept as plain data (checked for syntax only), and files not read at all.
/// </summary>
/// <param name="Kinds">Objects per kind (<c>HelmRelease (helm.toolkit.fluxcd.io)</c>, <c>Flow (kestra.io)</c>, …), ordered by name.</param>
/// <param name="PlainFiles">YAML/JSON files no kind claims (values files, workflows of other tools, …): checked for syntax only.</param>
/// <param name="OtherFiles">Files not read as data (scripts, docs, …).</param>
public sealed record RepositorySummary(IReadOnlyList<KeyValuePair<string, int>> Kinds, IReadOnlyList<RepoPath> PlainFiles, IReadOnlyList<RepoPath> OtherFiles)
{
    /// <summary>Summarises a repository, or one file of it.</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="only">When set, summarise this file only.</param>
    /// <returns>The summary.</returns>
    public static RepositorySummary Of(GitOpsRepository repository, RepoPath? only = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        bool In(RepoPath p) => only is not { } o || p == o;
        var kinds = repository.Objects.Where(o => In(o.File))
            .GroupBy(Label, StringComparer.Ordinal)
            .Select(g => new KeyValuePair<string, int>(g.Key, g.Count()))
            .OrderBy(k => k.Key, StringComparer.Ordinal)
            .ToList();
        var plain = repository.Files.Where(f => f.Objects.Count == 0 && In(f.Path)).Select(f => f.Path).ToList();
        return new RepositorySummary(kinds, plain, [.. repository.OtherFiles.Where(In)]);
    }

    /// <summary>
    /// How an object is named in the summary: <c>Kind (group)</c>; documents of other tools (flows, changelogs, dlt
    /// files) by the kind and stand-in group they are registered under (<c>Flow (kestra.io)</c>).
    /// </summary>
    private static string Label(RepositoryObject obj)
    {
        if (obj.Value is not IManifest && KindRegistry.Default.TryGet(obj.Value.GetType(), out var registered))
        {
            return registered.Group.Length == 0 ? registered.Kind : $"{registered.Kind} ({registered.Group})";
        }

        return obj.Group.Length == 0 ? obj.Kind : $"{obj.Kind} ({obj.Group})";
    }

    /// <summary>One line for people: "412 objects (…), 9 plain YAML/JSON files checked for syntax only, 31 other files not read".</summary>
    /// <returns>The line.</returns>
    public string ToText()
    {
        var objects = Kinds.Sum(k => k.Value);
        var kinds = string.Join(", ", Kinds.OrderByDescending(k => k.Value).ThenBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Value} {k.Key}"));
        return $"{objects} objects{(objects > 0 ? $" ({kinds})" : string.Empty)}; {PlainFiles.Count} plain YAML/JSON files checked for syntax only; {OtherFiles.Count} other files not read.";
    }
}
