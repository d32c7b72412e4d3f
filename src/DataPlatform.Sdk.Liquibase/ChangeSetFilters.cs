namespace DataPlatform.Sdk.Liquibase;

/// <summary>
/// Whether two change sets with the same identity run in the same update: Liquibase filters change sets by
/// <c>dbms</c> (the database it runs on), <c>context</c> and <c>labels</c> before it checks identities, so
/// <c>dbms: db2</c> and <c>dbms: "!db2"</c> never collide, while different contexts collide whenever both are selected
/// or none is (checked against Liquibase 4.28).
/// </summary>
public static class ChangeSetFilters
{
    /// <summary>
    /// How two change sets with the same identity collide: never (their <c>dbms</c> lists exclude each other), always
    /// (the same filters), or only in some runs (different contexts or labels — Liquibase rejects them when it runs
    /// without <c>--contexts</c>/<c>--labels</c> or with both selected — or <c>dbms</c> lists that share some databases).
    /// </summary>
    /// <param name="a">One change set.</param>
    /// <param name="b">The other.</param>
    /// <returns>The collision.</returns>
    public static ChangeSetCollision Collide(ChangeSet a, ChangeSet b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!DbmsOverlap(a.Dbms, b.Dbms))
        {
            return ChangeSetCollision.Never;
        }

        return Same(a.Dbms, b.Dbms) && Same(a.ContextFilter ?? a.Context, b.ContextFilter ?? b.Context) && Same(a.Labels, b.Labels)
            ? ChangeSetCollision.Always
            : ChangeSetCollision.Sometimes;

        static bool Same(string? x, string? y) =>
            string.Equals(Normalize(x), Normalize(y), StringComparison.OrdinalIgnoreCase);

        static string Normalize(string? s) => string.Join(',', (s ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Whether some database matches both <c>dbms</c> lists (comma-separated, <c>!</c> negates, <c>all</c>/<c>none</c>).</summary>
    private static bool DbmsOverlap(string? x, string? y)
    {
        var (px, nx) = Dbms(x);
        var (py, ny) = Dbms(y);
        var candidates = (px ?? []).Concat(py ?? []).Concat(nx).Concat(ny).Append("\u0000another-database").Distinct(StringComparer.OrdinalIgnoreCase);
        return candidates.Any(db => Matches(db, px, nx) && Matches(db, py, ny));

        static bool Matches(string db, HashSet<string>? positive, HashSet<string> negative) =>
            (positive is null || positive.Contains(db) || positive.Contains("all")) && !negative.Contains(db) && !(positive?.Contains("none") ?? false);
    }

    private static (HashSet<string>? Positive, HashSet<string> Negative) Dbms(string? list)
    {
        var positive = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var negative = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in (list ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw.StartsWith('!'))
            {
                negative.Add(raw[1..].Trim());
            }
            else
            {
                positive.Add(raw);
            }
        }

        return (positive.Count == 0 ? null : positive, negative);
    }
}

/// <summary>How two change sets with the same <c>file::id::author</c> collide (see <see cref="ChangeSetFilters.Collide"/>).</summary>
public enum ChangeSetCollision
{
    /// <summary>They never run in the same update (their <c>dbms</c> lists exclude each other).</summary>
    Never,

    /// <summary>Every update that runs one runs the other: Liquibase fails with "duplicate identifiers".</summary>
    Always,

    /// <summary>Some updates run both (depending on the database, contexts or labels).</summary>
    Sometimes,
}
