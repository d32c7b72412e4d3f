using System.Text.RegularExpressions;

namespace DataPlatform.Sdk.Flux;

/// <summary>
/// Syntax check for semver constraints as Flux reads them (Masterminds/semver v3): comparators such as
/// <c>&gt;=1.0.0 &lt;2.0.0</c>, <c>^1.2</c>, <c>~1.2.3</c>, <c>1.x</c>, hyphen ranges <c>1.2 - 1.4</c>, alternatives joined by <c>||</c>.
/// </summary>
public static partial class SemVerRange
{
    /// <summary>Whether the text is a valid semver constraint.</summary>
    /// <param name="text">The constraint.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValid(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        foreach (var group in text.Split("||"))
        {
            var g = OperatorSpace().Replace(group.Trim(), "$1");
            if (g.Length == 0)
            {
                return false;
            }

            var hyphen = Hyphen().Match(g);
            if (hyphen.Success)
            {
                if (!Version().IsMatch(hyphen.Groups[1].Value) || !Version().IsMatch(hyphen.Groups[2].Value))
                {
                    return false;
                }

                continue;
            }

            foreach (var part in g.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
            {
                if (!Comparator().IsMatch(part))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Whether the text names exactly one version (no operator, no wildcard): a pinned version.</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> when pinned.</returns>
    public static bool IsExactVersion(string? text) => text is not null && Exact().IsMatch(text.Trim());

    [GeneratedRegex(@"(>=|<=|=>|=<|!=|~>|>|<|=|~|\^)\s+", RegexOptions.CultureInvariant)]
    private static partial Regex OperatorSpace();

    [GeneratedRegex(@"^(\S+)\s+-\s+(\S+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Hyphen();

    [GeneratedRegex(@"^v?(\d+|[xX*])(\.(\d+|[xX*]))?(\.(\d+|[xX*]))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Version();

    [GeneratedRegex(@"^(=|!=|>=|=>|<=|=<|>|<|~>|~|\^)?v?(\d+|[xX*])(\.(\d+|[xX*]))?(\.(\d+|[xX*]))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Comparator();

    [GeneratedRegex(@"^=?v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Exact();
}
