using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tomlyn;
using Tomlyn.Model;

namespace DataPlatform.Sdk.Dlt;

/// <summary>
/// dlt's naming rules: where it looks for a value, the environment variable it reads (sections joined by <c>__</c>,
/// upper case) and the secret file name (<c>/run/secrets/…</c>, lower case, <c>--</c> between sections, <c>-</c> for
/// <c>_</c>).
/// </summary>
public static partial class DltNames
{
    /// <summary>The environment variable dlt reads for a key path (<c>destination.postgres.credentials.password</c> → <c>DESTINATION__POSTGRES__CREDENTIALS__PASSWORD</c>).</summary>
    /// <param name="keyPath">The dotted key path.</param>
    /// <returns>The variable name.</returns>
    public static string EnvironmentVariable(string keyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPath);
        return string.Join("__", keyPath.Split('.')).ToUpperInvariant();
    }

    /// <summary>The key path of an environment variable dlt would read (inverse of <see cref="EnvironmentVariable"/>).</summary>
    /// <param name="variable">The variable name.</param>
    /// <returns>The dotted key path, lower case.</returns>
    public static string KeyPathOf(string variable)
    {
        ArgumentException.ThrowIfNullOrEmpty(variable);
        return string.Join('.', variable.Split("__")).ToLowerInvariant();
    }

    /// <summary>The secret file dlt reads under <c>/run/secrets</c> for a key path (<c>sources--github--access-token</c>).</summary>
    /// <param name="keyPath">The dotted key path.</param>
    /// <returns>The file name.</returns>
    public static string SecretFileName(string keyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPath);
        return string.Join("--", keyPath.Split('.')).ToLowerInvariant().Replace('_', '-');
    }

    /// <summary>Whether a pipeline name is one dlt accepts (letters, digits, '-' and '_').</summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidPipelineName(string name) => name is not null && PipelineName().IsMatch(name);

    /// <summary>Whether a dataset name is already in dlt's snake_case normal form (else dlt renames it in the destination).</summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> when it is used as written.</returns>
    public static bool IsNormalizedDatasetName(string name) => name is not null && DatasetName().IsMatch(name);

    /// <summary>Whether a key names a secret (password, token, key, credentials, connection string…).</summary>
    /// <param name="key">The last segment of a key path.</param>
    /// <returns><see langword="true"/> for secret-looking keys.</returns>
    public static bool IsSecretKey(string key) => key is not null && SecretKey().IsMatch(key);

    /// <summary>
    /// Whether a value only holds the place of a secret — dlt's templates write <c>"please set me up!"</c> and
    /// <c>"&lt;configure me&gt;"</c>; others write <c>&lt;password&gt;</c>, <c>changeme</c>, <c>***</c>, <c>${VAR}</c>, or the
    /// key's own name — so that a committed template is not taken for a leaked credential.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <param name="key">The key it is set for.</param>
    /// <returns><see langword="true"/> for a placeholder.</returns>
    public static bool IsPlaceholder(string value, string key)
    {
        ArgumentNullException.ThrowIfNull(value);
        return string.IsNullOrWhiteSpace(value) || string.Equals(value.Trim(), key, StringComparison.OrdinalIgnoreCase) || Placeholder().IsMatch(value.Trim());
    }

    [GeneratedRegex(@"<[^<>]*>|set me up|configure me|change[-_ ]?me|^your[-_ ]|placeholder|^x{3,}$|^\*{3,}$|^\.{3}$|^todo\b|^replace|^\$\{[^}]*\}$|^\{\{.*\}\}$|^(example|dummy|test|secret|password|token|none|null)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PipelineName();

    [GeneratedRegex(@"^[a-z_][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex DatasetName();

    [GeneratedRegex(@"(password|passwd|secret|token|private_key|api_key|apikey|access_key|client_secret|connection_string|credentials)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretKey();
}

/// <summary>One leaf of a dlt TOML file.</summary>
/// <param name="Path">The dotted key path (sections and key).</param>
/// <param name="Value">The value.</param>
/// <param name="Line">The 1-based line where it is set.</param>
public sealed record DltConfigEntry(string Path, object? Value, int Line);

/// <summary>
/// A dlt TOML file (<c>.dlt/config.toml</c> or <c>.dlt/secrets.toml</c>) through Tomlyn: values by dotted key path,
/// unknown keys kept, written back deterministically (section order as built, keys in order).
/// </summary>
public sealed class DltTomlFile
{
    private readonly TomlTable _root;

    private DltTomlFile(TomlTable root, IReadOnlyList<DltConfigEntry> entries)
    {
        _root = root;
        Entries = entries;
    }

    /// <summary>Every leaf value with its line.</summary>
    public IReadOnlyList<DltConfigEntry> Entries { get; }

    /// <summary>An empty file.</summary>
    /// <returns>The file.</returns>
    public static DltTomlFile Create() => new([], []);

    /// <summary>Reads TOML.</summary>
    /// <param name="text">The content.</param>
    /// <returns>The file.</returns>
    /// <exception cref="FormatException">The TOML does not parse; the message gives line and column.</exception>
    public static DltTomlFile Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        TomlTable table;
        try
        {
            table = TomlSerializer.Deserialize(text, DltToml.Default.TomlTable) ?? [];
        }
        catch (Exception ex) when (ex is TomlException or InvalidOperationException)
        {
            throw new FormatException(ex.Message, ex);
        }

        return new DltTomlFile(table, Index(table, text));
    }

    /// <summary>The value at a dotted key path.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public object? Get(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        object? current = _root;
        foreach (var part in path.Split('.'))
        {
            if (current is not TomlTable t || !t.TryGetValue(part, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>Sets a value, creating sections on the way.</summary>
    /// <param name="path">The dotted key path.</param>
    /// <param name="value">A string, number, boolean or list.</param>
    /// <returns>A new file.</returns>
    public DltTomlFile Set(string path, object value)
    {
        ArgumentNullException.ThrowIfNull(path);
        var copy = TomlSerializer.Deserialize(ToToml(), DltToml.Default.TomlTable) ?? [];
        var parts = path.Split('.');
        var table = copy;
        foreach (var part in parts[..^1])
        {
            if (!table.TryGetValue(part, out var next) || next is not TomlTable nt)
            {
                nt = [];
                table[part] = nt;
            }

            table = nt;
        }

        table[parts[^1]] = value;
        var text = TomlSerializer.Serialize(copy, DltToml.Default.TomlTable);
        return new DltTomlFile(copy, Index(copy, text));
    }

    /// <summary>The TOML text (LF line ends).</summary>
    /// <returns>The text.</returns>
    public string ToToml() => TomlSerializer.Serialize(_root, DltToml.Default.TomlTable).Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>The values as JSON (for rules and diagnostics).</summary>
    /// <returns>The JSON object.</returns>
    public JsonObject ToJson() => (JsonObject)Convert(_root)!;

    private static JsonNode? Convert(object? value) => value switch
    {
        TomlTable t => new JsonObject(t.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, Convert(p.Value)))),
        TomlArray a => new JsonArray([.. a.Select(Convert)]),
        TomlTableArray ta => new JsonArray([.. ta.Select(Convert)]),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        null => null,
        _ => JsonValue.Create(System.Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    /// <summary>Leaves with the line of their key: sections from <c>[a.b]</c> headers, keys from <c>k = v</c> lines (dotted keys included).</summary>
    private static List<DltConfigEntry> Index(TomlTable table, string text)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var section = string.Empty;
        var n = 0;
        foreach (var raw in text.Split('\n'))
        {
            n++;
            var line = raw.Trim();
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line.Trim('[', ']').Trim().Replace("\"", string.Empty, StringComparison.Ordinal);
                section = string.Join('.', section.Split('.').Select(s => s.Trim()));
                lines.TryAdd(section, n);
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && !line.StartsWith('#'))
            {
                var key = string.Join('.', line[..eq].Trim().Replace("\"", string.Empty, StringComparison.Ordinal).Split('.').Select(s => s.Trim()));
                lines.TryAdd(section.Length == 0 ? key : section + "." + key, n);
            }
        }

        var result = new List<DltConfigEntry>();
        void Walk(TomlTable t, string prefix)
        {
            foreach (var (key, value) in t)
            {
                var path = prefix.Length == 0 ? key : prefix + "." + key;
                if (value is TomlTable child)
                {
                    Walk(child, path);
                }
                else
                {
                    result.Add(new DltConfigEntry(path, value, lines.GetValueOrDefault(path, lines.GetValueOrDefault(prefix, 1))));
                }
            }
        }

        Walk(table, string.Empty);
        return result;
    }

    /// <summary>A value rendered as TOML would write it (for messages; never used for secrets).</summary>
    internal static string Describe(object? value) => value switch
    {
        string s => "\"" + s + "\"",
        null => "null",
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>Builds a TOML document from sections of key/values in the given order.</summary>
    internal static string Write(IEnumerable<(string Section, IEnumerable<(string Key, object Value)> Values)> sections, string? header = null)
    {
        var sb = new StringBuilder();
        if (header is not null)
        {
            foreach (var line in header.Split('\n'))
            {
                sb.Append("# ").Append(line).Append('\n');
            }

            sb.Append('\n');
        }

        foreach (var (section, values) in sections)
        {
            var list = values.ToList();
            if (list.Count == 0)
            {
                continue;
            }

            sb.Append('[').Append(section).Append("]\n");
            foreach (var (key, value) in list)
            {
                sb.Append(key).Append(" = ").Append(Literal(value)).Append('\n');
            }

            sb.Append('\n');
        }

        return sb.ToString().TrimEnd('\n') + "\n";
    }

    private static string Literal(object value) => value switch
    {
        string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        bool b => b ? "true" : "false",
        int or long => System.Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IEnumerable<string> items => "[" + string.Join(", ", items.Select(i => Literal(i))) + "]",
        _ => throw new ArgumentException($"Unsupported TOML value {value.GetType().Name}."),
    };
}
