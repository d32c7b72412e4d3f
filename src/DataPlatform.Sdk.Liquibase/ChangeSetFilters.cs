namespace DataPlatform.Sdk.Liquibase;

/// <summary>
/// Whether two change sets can run in the same update: Liquibase filters change sets by <c>dbms</c>, <c>context</c>
/// and <c>labels</c> before it looks at identities, so two change sets with the same id and author whose filters
/// exclude each other (<c>dbms: db2</c> and <c>dbms: "!db2"</c>, <c>context: test</c> and <c>context: "!test"</c>)
/// are not duplicates.
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

    /// <summary>Whether some database, context selection and label selection runs both change sets.</summary>
    /// <param name="a">One change set.</param>
    /// <param name="b">The other.</param>
    /// <returns><see langword="false"/> only when their filters are provably disjoint.</returns>
    public static bool CanBothRun(ChangeSet a, ChangeSet b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return DbmsOverlap(a.Dbms, b.Dbms)
            && ExpressionsOverlap(a.ContextFilter ?? a.Context, b.ContextFilter ?? b.Context)
            && ExpressionsOverlap(a.Labels, b.Labels);
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

    /// <summary>
    /// Whether some selection of contexts (or labels) satisfies both expressions (<c>and</c>, <c>or</c>, <c>,</c>,
    /// <c>!</c>/<c>not</c>, parentheses). Expressions it cannot read, or with too many names to try, count as overlapping.
    /// </summary>
    private static bool ExpressionsOverlap(string? x, string? y)
    {
        if (string.IsNullOrWhiteSpace(x) || string.IsNullOrWhiteSpace(y))
        {
            return true;
        }

        var ex = BoolExpression.TryParse(x);
        var ey = BoolExpression.TryParse(y);
        if (ex is null || ey is null)
        {
            return true;
        }

        var names = ex.Names.Union(ey.Names, StringComparer.OrdinalIgnoreCase).ToList();
        if (names.Count > 12)
        {
            return true;
        }

        for (var bits = 0; bits < 1 << names.Count; bits++)
        {
            var on = new HashSet<string>(names.Where((_, i) => (bits & (1 << i)) != 0), StringComparer.OrdinalIgnoreCase);
            if (ex.Evaluate(on) && ey.Evaluate(on))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A parsed context or label expression.</summary>
    private sealed class BoolExpression
    {
        private readonly Func<ISet<string>, bool> _evaluate;

        private BoolExpression(Func<ISet<string>, bool> evaluate, HashSet<string> names) => (_evaluate, Names) = (evaluate, names);

        public HashSet<string> Names { get; }

        public bool Evaluate(ISet<string> selected) => _evaluate(selected);

        public static BoolExpression? TryParse(string text)
        {
            var tokens = Tokenize(text);
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var position = 0;
            var result = Or(tokens, ref position, names);
            return result is null || position != tokens.Count ? null : new BoolExpression(result, names);
        }

        private static List<string> Tokenize(string text)
        {
            var tokens = new List<string>();
            var i = 0;
            while (i < text.Length)
            {
                var ch = text[i];
                if (char.IsWhiteSpace(ch))
                {
                    i++;
                }
                else if (ch is '(' or ')' or '!' or ',')
                {
                    tokens.Add(ch.ToString());
                    i++;
                }
                else
                {
                    var start = i;
                    while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not '(' and not ')' and not '!' and not ',')
                    {
                        i++;
                    }

                    tokens.Add(text[start..i]);
                }
            }

            return tokens;
        }

        private static Func<ISet<string>, bool>? Or(List<string> t, ref int p, HashSet<string> names)
        {
            var left = And(t, ref p, names);
            while (left is not null && p < t.Count && (t[p] == "," || t[p].Equals("or", StringComparison.OrdinalIgnoreCase)))
            {
                p++;
                var right = And(t, ref p, names);
                if (right is null)
                {
                    return null;
                }

                var l = left;
                left = s => l(s) || right(s);
            }

            return left;
        }

        private static Func<ISet<string>, bool>? And(List<string> t, ref int p, HashSet<string> names)
        {
            var left = Not(t, ref p, names);
            while (left is not null && p < t.Count && t[p].Equals("and", StringComparison.OrdinalIgnoreCase))
            {
                p++;
                var right = Not(t, ref p, names);
                if (right is null)
                {
                    return null;
                }

                var l = left;
                left = s => l(s) && right(s);
            }

            return left;
        }

        private static Func<ISet<string>, bool>? Not(List<string> t, ref int p, HashSet<string> names)
        {
            if (p >= t.Count)
            {
                return null;
            }

            if (t[p] == "!" || t[p].Equals("not", StringComparison.OrdinalIgnoreCase))
            {
                p++;
                var inner = Not(t, ref p, names);
                return inner is null ? null : s => !inner(s);
            }

            if (t[p] == "(")
            {
                p++;
                var inner = Or(t, ref p, names);
                if (inner is null || p >= t.Count || t[p] != ")")
                {
                    return null;
                }

                p++;
                return inner;
            }

            if (t[p] is ")" or ",")
            {
                return null;
            }

            var name = t[p++];
            names.Add(name);
            return s => s.Contains(name);
        }
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
