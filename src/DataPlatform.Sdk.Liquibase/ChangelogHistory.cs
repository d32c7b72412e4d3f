using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Json;

namespace DataPlatform.Sdk.Liquibase;

/// <summary>
/// Finds change sets edited after they were released (DPL010), by comparing a changelog with its previous version
/// (for example the file at the last release tag): a change set with the same identity whose changes differ, without
/// <c>runOnChange</c>/<c>runAlways</c> or a <c>validCheckSum</c>, would fail Liquibase's checksum check on every
/// database that ran it. SQL is compared with whitespace normalised, as Liquibase's checksum does.
/// </summary>
public static partial class ChangelogHistory
{
    /// <summary>Compares two versions of a changelog.</summary>
    /// <param name="previous">The released version.</param>
    /// <param name="current">The current version (its origin gives positions).</param>
    /// <returns>One DPL010 per edited change set.</returns>
    public static IReadOnlyList<Diagnostic> Compare(LiquibaseChangelog previous, LiquibaseChangelog current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var before = previous.ChangeSets.Where(c => c.Id is not null).GroupBy(Key).ToDictionary(g => g.Key, g => Fingerprint(g.First()), StringComparer.Ordinal);
        var result = new List<Diagnostic>();
        for (var i = 0; i < current.Items.Count; i++)
        {
            if (current.Items[i] is not ChangeSet cs || cs.Id is null || !before.TryGetValue(Key(cs), out var old))
            {
                continue;
            }

            if (old != Fingerprint(cs) && cs.RunOnChange != true && cs.RunAlways != true && cs.ValidCheckSum is null)
            {
                var pointer = $"/databaseChangeLog/{i}/changeSet/id";
                result.Add(LiquibaseDiagnostics.EditedChangeSet.Create(
                    $"Change set '{cs.Id}' by '{cs.Author}' changed since the previous version; databases that ran it will refuse the new checksum.",
                    pointer, current.Origin.Source?.Locate(pointer)));
            }
        }

        return result;
    }

    private static string Key(ChangeSet cs) => $"{cs.LogicalFilePath}::{cs.Id}::{cs.Author}";

    /// <summary>What Liquibase's checksum covers: the changes, with SQL whitespace normalised.</summary>
    private static string Fingerprint(ChangeSet cs)
    {
        var changes = JsonSerializer.SerializeToNode(cs.Changes, ManifestJson.TypeInfo(typeof(IReadOnlyList<LiquibaseChange>)))!;
        Normalize(changes);
        return changes.ToJsonString();
    }

    private static void Normalize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && key is "sql" or "selectQuery" or "procedureText" or "where")
                    {
                        o[key] = Whitespace().Replace(v.GetValue<string>(), " ").Trim();
                    }
                    else
                    {
                        Normalize(value);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Normalize(item);
                }

                break;
        }
    }

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
