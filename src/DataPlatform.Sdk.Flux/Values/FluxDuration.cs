using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace DataPlatform.Sdk.Flux;

/// <summary>
/// A Go duration as Flux accepts it: one or more <c>number unit</c> pairs with units <c>h</c>, <c>m</c>, <c>s</c> or
/// <c>ms</c> (<c>1h30m</c>, <c>10m</c>, <c>500ms</c>). There is no <c>d</c> unit.
/// </summary>
/// <remarks>
/// The text is kept exactly as written, so a value read from a file is written back unchanged even when it is
/// invalid (validation reports it as DPF003).
/// </remarks>
[JsonConverter(typeof(FluxDurationJsonConverter))]
public readonly partial record struct FluxDuration
{
    private FluxDuration(string value) => Value = value;

    /// <summary>The text, for example <c>1h30m</c>.</summary>
    public string Value { get; }

    /// <summary>Whether the text is a valid Flux duration.</summary>
    public bool IsValid => Value is not null && IsValidText(Value);

    /// <summary>Parses a duration.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The duration.</returns>
    /// <exception cref="FormatException">The text is not a Flux duration; the message suggests the fix.</exception>
    public static FluxDuration Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var d) ? d : throw new FormatException(Explain(text));
    }

    /// <summary>Tries to parse a duration.</summary>
    /// <param name="text">The text.</param>
    /// <param name="duration">The duration.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse(string? text, out FluxDuration duration)
    {
        duration = default;
        if (text is null || !IsValidText(text))
        {
            return false;
        }

        duration = new FluxDuration(text);
        return true;
    }

    /// <summary>Creates a duration from a <see cref="TimeSpan"/> in the shortest Go form (<c>1h30m</c>).</summary>
    /// <param name="span">A positive span.</param>
    /// <returns>The duration.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The span is negative.</exception>
    public static FluxDuration FromTimeSpan(TimeSpan span)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(span, TimeSpan.Zero);
        var sb = new System.Text.StringBuilder();
        var hours = (long)span.TotalHours;
        if (hours > 0)
        {
            sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (span.Minutes > 0)
        {
            sb.Append(span.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        if (span.Seconds > 0)
        {
            sb.Append(span.Seconds.ToString(CultureInfo.InvariantCulture)).Append('s');
        }

        if (span.Milliseconds > 0)
        {
            sb.Append(span.Milliseconds.ToString(CultureInfo.InvariantCulture)).Append("ms");
        }

        return new FluxDuration(sb.Length == 0 ? "0s" : sb.ToString());
    }

    /// <summary>Wraps text without checking it (for loading files as they are).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The duration, possibly invalid.</returns>
    public static FluxDuration FromRaw(string text) => new(text);

    /// <summary>The duration as a <see cref="TimeSpan"/>.</summary>
    /// <returns>The span.</returns>
    /// <exception cref="FormatException">The text is not a valid duration.</exception>
    public TimeSpan ToTimeSpan()
    {
        if (!IsValid)
        {
            throw new FormatException(Explain(Value ?? string.Empty));
        }

        var total = TimeSpan.Zero;
        foreach (Match m in Part().Matches(Value))
        {
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += m.Groups[3].Value switch
            {
                "h" => TimeSpan.FromHours(n),
                "m" => TimeSpan.FromMinutes(n),
                "s" => TimeSpan.FromSeconds(n),
                _ => TimeSpan.FromMilliseconds(n),
            };
        }

        return total;
    }

    /// <summary>Explains why a text is not a duration, with the fix.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The explanation.</returns>
    public static string Explain(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var day = DayForm().Match(text);
        if (day.Success)
        {
            var days = double.Parse(day.Groups[1].Value, CultureInfo.InvariantCulture);
            return $"'{text}' is not a Go duration: there is no 'd' unit; write '{(days * 24).ToString(CultureInfo.InvariantCulture)}h'.";
        }

        return $"'{text}' is not a Go duration; use number+unit pairs with units h, m, s or ms, for example '10m' or '1h30m'.";
    }

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;

    /// <summary>Converts text to a duration (throws when invalid).</summary>
    /// <param name="text">The text.</param>
    public static implicit operator FluxDuration(string text) => Parse(text);

    private static bool IsValidText(string text) => Full().IsMatch(text);

    [GeneratedRegex("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Full();

    [GeneratedRegex("([0-9]+(\\.[0-9]+)?)(ms|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    [GeneratedRegex("^([0-9]+(\\.[0-9]+)?)d$", RegexOptions.CultureInvariant)]
    private static partial Regex DayForm();
}

/// <summary>Reads any string into a <see cref="FluxDuration"/> (validation reports bad ones) and writes its text.</summary>
public sealed class FluxDurationJsonConverter : JsonConverter<FluxDuration>
{
    /// <inheritdoc />
    public override FluxDuration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? FluxDuration.FromRaw(reader.GetString()!)
            : throw new JsonException("A duration must be a string such as \"10m\".");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, FluxDuration value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value ?? string.Empty);
    }
}
