using System.Globalization;

namespace DataPlatform.Sdk.Validation;

/// <summary>
/// Checks cron expressions the way the schedulers the SDK generates for read them (Kestra's Schedule trigger runs every
/// scheduled flow and dlt pipeline) (Unix cron: minute, hour, day of month,
/// month, day of week; a leading seconds field with <c>withSeconds: true</c>; macros such as <c>@daily</c>).
/// </summary>
public static class Cron
{
    /// <summary>The macros Kestra accepts.</summary>
    public static IReadOnlyList<string> Macros { get; } = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    /// <summary>Checks an expression.</summary>
    /// <param name="expression">The expression.</param>
    /// <param name="withSeconds">Whether a seconds field comes first.</param>
    /// <returns>What is wrong, or <see langword="null"/> when it is valid.</returns>
    public static string? Check(string expression, bool withSeconds = false)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = expression.Trim();
        if (text.StartsWith('@'))
        {
            return Macros.Contains(text, StringComparer.OrdinalIgnoreCase)
                ? null
                : $"Unknown macro '{text}'; use one of {string.Join(", ", Macros)}.";
        }

        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var expected = withSeconds ? 6 : 5;
        if (fields.Length != expected)
        {
            return fields.Length == 6 && !withSeconds
                ? $"'{text}' has 6 fields; a seconds field needs 'withSeconds: true' on the trigger."
                : $"'{text}' has {fields.Length} fields; expected {expected} ({(withSeconds ? "second " : string.Empty)}minute hour day-of-month month day-of-week).";
        }

        var specs = new List<(string Name, int Min, int Max, string[]? Names)>();
        if (withSeconds)
        {
            specs.Add(("second", 0, 59, null));
        }

        specs.AddRange([("minute", 0, 59, null), ("hour", 0, 23, null), ("day of month", 1, 31, null), ("month", 1, 12, Months), ("day of week", 0, 7, Days)]);
        for (var i = 0; i < fields.Length; i++)
        {
            if (Field(fields[i], specs[i].Name, specs[i].Min, specs[i].Max, specs[i].Names) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? Field(string field, string name, int min, int max, string[]? names)
    {
        foreach (var part in field.Split(','))
        {
            if (part.Length == 0)
            {
                return $"Empty list item in the {name} field '{field}'.";
            }

            var (range, step) = part.Split('/') switch
            {
                [var r] => (r, (string?)null),
                [var r, var s] => (r, s),
                _ => (part, "x"),
            };
            if (step is not null && (!int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var st) || st < 1 || st > max))
            {
                return $"Invalid step '{step}' in the {name} field '{field}'.";
            }

            if (range is "*" or "?")
            {
                if (range == "?" && name is not ("day of month" or "day of week"))
                {
                    return $"'?' is only allowed in the day-of-month and day-of-week fields, not in {name}.";
                }

                continue;
            }

            // Quartz-style extensions cron-utils accepts in the day fields: L, W, LW, 5L, 15W, MON#2.
            if (name == "day of month" && (range is "L" or "LW" || (range.EndsWith('W') && Value(range[..^1], min, max, null) is not null) || (range.StartsWith("L-", StringComparison.Ordinal) && int.TryParse(range[2..], CultureInfo.InvariantCulture, out _))))
            {
                continue;
            }

            if (name == "day of week" && (range == "L" || (range.EndsWith('L') && Value(range[..^1], min, max, names) is not null)
                || (range.Split('#') is [var d, var n] && Value(d, min, max, names) is not null && int.TryParse(n, CultureInfo.InvariantCulture, out var nth) && nth is >= 1 and <= 5)))
            {
                continue;
            }

            var bounds = range.Split('-');
            if (bounds.Length > 2)
            {
                return $"Invalid range '{range}' in the {name} field.";
            }

            int? previous = null;
            foreach (var b in bounds)
            {
                if (Value(b, min, max, names) is not { } v)
                {
                    return $"'{b}' is not a valid {name} ({min}-{max}{(names is null ? string.Empty : " or " + names[0] + "-" + names[^1])}).";
                }

                if (previous is { } p && v < p && name != "day of week")
                {
                    return $"Range '{range}' in the {name} field goes backwards.";
                }

                previous = v;
            }
        }

        return null;
    }

    private static int? Value(string s, int min, int max, string[]? names)
    {
        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
        {
            return v >= min && v <= max ? v : null;
        }

        if (names is not null)
        {
            var index = Array.FindIndex(names, n => n.Equals(s, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                return names.Length == 12 ? index + 1 : index;
            }
        }

        return null;
    }
}
