namespace DataPlatform.Sdk.Diagnostics;

/// <summary>"Did you mean" suggestions: the edit distance between names, and the closest known name.</summary>
public static class Spelling
{
    /// <summary>The Levenshtein distance between two strings.</summary>
    /// <param name="a">One string.</param>
    /// <param name="b">The other.</param>
    /// <param name="ignoreCase">Compare letters without case.</param>
    /// <returns>The number of single-character edits that turn one into the other.</returns>
    public static int Distance(string a, string b, bool ignoreCase = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var same = ignoreCase ? char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) : a[i - 1] == b[j - 1];
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (same ? 0 : 1));
            }

            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }

    /// <summary>The candidate closest to a name, if it is within <paramref name="maxDistance"/> (the first one on ties).</summary>
    /// <param name="candidates">The known names, in preference order.</param>
    /// <param name="name">The name written.</param>
    /// <param name="maxDistance">The largest distance still worth suggesting.</param>
    /// <param name="ignoreCase">Compare letters without case.</param>
    /// <returns>The suggestion, or <see langword="null"/>.</returns>
    public static string? Closest(IEnumerable<string> candidates, string name, int maxDistance, bool ignoreCase = false)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return candidates.Select(c => (Candidate: c, Distance: Distance(c, name, ignoreCase)))
            .Where(x => x.Distance <= maxDistance)
            .OrderBy(x => x.Distance)
            .Select(x => x.Candidate)
            .FirstOrDefault();
    }
}
