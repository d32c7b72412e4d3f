using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace DataPlatform.Sdk.Yaml;

/// <summary>What a plain scalar means once resolved.</summary>
public enum ScalarKind
{
    /// <summary>A string.</summary>
    String,

    /// <summary><c>null</c>, <c>~</c> or empty.</summary>
    Null,

    /// <summary>A boolean.</summary>
    Boolean,

    /// <summary>An integer.</summary>
    Integer,

    /// <summary>A floating-point number.</summary>
    Float,

    /// <summary><c>.inf</c>, <c>-.inf</c> or <c>.nan</c>: a number JSON cannot hold.</summary>
    SpecialFloat,
}

/// <summary>
/// Resolves plain scalars the way Kubernetes does (sigs.k8s.io/yaml on go-yaml v2, a YAML 1.1 resolver), and decides
/// which strings must be quoted so that neither a YAML 1.1 nor a YAML 1.2 reader takes them for anything but a string.
/// </summary>
public static partial class YamlScalars
{
    /// <summary>Resolves a plain, untagged scalar.</summary>
    /// <param name="text">The scalar text.</param>
    /// <param name="jsonNumber">For numbers, the value in JSON number syntax.</param>
    /// <param name="boolean">For booleans, the value.</param>
    /// <returns>The kind.</returns>
    public static ScalarKind Resolve(string text, out string? jsonNumber, out bool boolean)
    {
        ArgumentNullException.ThrowIfNull(text);
        jsonNumber = null;
        boolean = false;
        if (text.Length == 0)
        {
            return ScalarKind.Null;
        }

        var c = text[0];
        if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '+' or '.' or '~' or '_'))
        {
            return ScalarKind.String;
        }

        switch (text)
        {
            case "~" or "null" or "Null" or "NULL":
                return ScalarKind.Null;
            case "true" or "True" or "TRUE" or "y" or "Y" or "yes" or "Yes" or "YES" or "on" or "On" or "ON":
                boolean = true;
                return ScalarKind.Boolean;
            case "false" or "False" or "FALSE" or "n" or "N" or "no" or "No" or "NO" or "off" or "Off" or "OFF":
                return ScalarKind.Boolean;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF" or ".nan" or ".NaN" or ".NAN":
                return ScalarKind.SpecialFloat;
        }

        if (TryInteger(text, out jsonNumber))
        {
            return ScalarKind.Integer;
        }

        if (FloatPattern().IsMatch(text) && double.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            jsonNumber = JsonNumberPattern().IsMatch(text) ? text : d.ToString("R", CultureInfo.InvariantCulture);
            return ScalarKind.Float;
        }

        return ScalarKind.String;
    }

    /// <summary>
    /// <see langword="true"/> when <paramref name="value"/> cannot be written as a plain scalar and still read back
    /// as the same string by YAML 1.1 and YAML 1.2 readers (kubectl, Flux, Helm, PyYAML, js-yaml).
    /// </summary>
    /// <param name="value">The string.</param>
    /// <returns>Whether it needs quotes.</returns>
    public static bool NeedsQuotes(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return true;
        }

        if (Resolve(value, out _, out _) != ScalarKind.String)
        {
            return true;
        }

        // YAML 1.2 core and YAML 1.1 forms our resolver leaves as strings but other readers do not.
        if (Yaml12Number().IsMatch(value) || Sexagesimal().IsMatch(value) || Timestamp().IsMatch(value) || value is "=" or "<<")
        {
            return true;
        }

        var first = value[0];
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(first, StringComparison.Ordinal))
        {
            // '-', '?' and ':' are only indicators when followed by a space, but a plain "-x" is still clearer quoted
            // when it looks like an option; keep it plain only for the common "-foo"/"--flag" shape.
            if (!(first == '-' && value.Length > 1 && value[1] != ' ' && value[1] != '-' || value.StartsWith("--", StringComparison.Ordinal) && !value.StartsWith("---", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        foreach (var ch in value)
        {
            if (char.IsControl(ch) || ch is '\uFEFF' or '\u2028' or '\u2029' or '\u0085')
            {
                return true;
            }
        }

        // Flow indicators, and indicators after a space, are legal inside a plain scalar in block context, but parsers
        // differ on them (YamlDotNet takes " *x" in a key for an alias): quote them.
        for (var i = 1; i < value.Length; i++)
        {
            if (value[i - 1] == ' ' && "*&!|>'\"%@`".Contains(value[i], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return value.AsSpan().IndexOfAny("[]{}") >= 0
            || value.Contains(": ", StringComparison.Ordinal)
            || value.Contains(" #", StringComparison.Ordinal)
            || value.EndsWith(':')
            || value.StartsWith("...", StringComparison.Ordinal);
    }

    private static bool TryInteger(string text, out string? json)
    {
        // Called for every plain scalar a file holds: no allocation unless it is an integer to rewrite.
        json = null;
        var underscores = text.Contains('_', StringComparison.Ordinal);
        var s = underscores ? text.Replace("_", string.Empty, StringComparison.Ordinal) : text;
        if (s.Length == 0)
        {
            return false;
        }

        var negative = false;
        var i = 0;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            i = 1;
        }

        var body = s.AsSpan(i);
        if (body.Length == 0 || !char.IsAsciiDigit(body[0]))
        {
            return false; // Every integer form (decimal, 0x, 0b, 0o, 0-octal) starts with a digit.
        }

        int radix;
        ReadOnlySpan<char> digits;
        if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            radix = 16;
            digits = body[2..];
        }
        else if (body.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
        {
            radix = 2;
            digits = body[2..];
        }
        else if (body.StartsWith("0o", StringComparison.OrdinalIgnoreCase))
        {
            radix = 8;
            digits = body[2..];
        }
        else if (body.Length > 1 && body[0] == '0')
        {
            radix = 8;
            digits = body[1..];
        }
        else
        {
            radix = 10;
            digits = body;
        }

        if (digits.Length == 0)
        {
            return false;
        }

        foreach (var ch in digits)
        {
            if (DigitValue(ch) is not { } v || v >= radix)
            {
                return false;
            }
        }

        if (radix == 10 && !underscores && text[0] != '+')
        {
            json = text;
            return true;
        }

        BigInteger value = 0;
        foreach (var ch in digits)
        {
            value = value * radix + DigitValue(ch)!.Value;
        }

        json = (negative ? -value : value).ToString(CultureInfo.InvariantCulture);
        return true;
    }

    private static int? DigitValue(char ch) => ch switch
    {
        >= '0' and <= '9' => ch - '0',
        >= 'a' and <= 'f' => ch - 'a' + 10,
        >= 'A' and <= 'F' => ch - 'A' + 10,
        _ => null,
    };

    [GeneratedRegex(@"^[-+]?(\.[0-9_]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumberPattern();

    [GeneratedRegex(@"^([-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|[-+]?\.[0-9]+([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex Yaml12Number();

    [GeneratedRegex(@"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Sexagesimal();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt \t].*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();
}
