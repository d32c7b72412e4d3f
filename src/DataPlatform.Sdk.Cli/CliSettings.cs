using System.Text.Json;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Cli;

/// <summary>
/// Severity settings for <c>validate</c>: <c>--ignore CODE</c> and <c>--severity CODE=level</c> on the command line, and
/// the same in the repository's <c>.dataplatform.yaml</c> (the command line wins):
/// <code>
/// ignore: [DPW001]
/// severity:
///   DPF009: error
/// </code>
/// </summary>
internal static class CliSettings
{
    /// <summary>The repository settings file, at the root of the validated directory.</summary>
    public const string FileName = ".dataplatform.yaml";

    /// <summary>The overrides from the settings file (if any) and the command line; problems are printed, <see langword="null"/> means stop (exit 2).</summary>
    public static SeverityOverrides? Load(string? root, IEnumerable<string> ignore, IEnumerable<string> severities, TextWriter stderr)
    {
        var overrides = SeverityOverrides.None;
        var ok = true;
        if (root is not null && SafeFiles.Read(Path.Combine(root, FileName), root, 1024 * 1024) is { Bytes: { } bytes })
        {
            var read = YamlReader.ReadString(System.Text.Encoding.UTF8.GetString(bytes), FileName);
            var json = read.HasErrors ? null : read.Documents.FirstOrDefault(d => d.Root is not null)?.Root is { } node ? YamlJson.ToJson(node) : null;
            if (json is not { ValueKind: JsonValueKind.Object } settings)
            {
                stderr.WriteLine($"error: {FileName} is not a mapping with 'ignore' and 'severity'.");
                return null;
            }

            if (settings.TryGetProperty("ignore", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                ignore = list.EnumerateArray().Select(e => e.ToString()).Concat(ignore);
            }

            if (settings.TryGetProperty("severity", out var map) && map.ValueKind == JsonValueKind.Object)
            {
                severities = map.EnumerateObject().Select(p => $"{p.Name}={p.Value}").Concat(severities);
            }
        }

        var known = KindRegistry.Default.Modules.SelectMany(m => m.Diagnostics).Select(d => d.Code)
            .Concat(RepositoryValidator.BuiltInRules.SelectMany(r => r.Descriptors).Select(d => d.Code)).ToHashSet(StringComparer.Ordinal);
        foreach (var code in ignore.SelectMany(i => i.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            ok &= Known(code, known, stderr);
            overrides = overrides.Suppress(code);
        }

        foreach (var entry in severities)
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !Known(parts[0], known, stderr))
            {
                stderr.WriteLine($"error: '{Commands.Printable(entry)}' is not CODE=level (error, warning, info or none).");
                ok = false;
                continue;
            }

            overrides = parts[1].ToLowerInvariant() switch
            {
                "error" => overrides.Set(parts[0], DiagnosticSeverity.Error),
                "warning" => overrides.Set(parts[0], DiagnosticSeverity.Warning),
                "info" => overrides.Set(parts[0], DiagnosticSeverity.Info),
                "none" or "ignore" => overrides.Suppress(parts[0]),
                _ => Invalid(entry, overrides, stderr, ref ok),
            };
        }

        return ok ? overrides : null;
    }

    private static bool Known(string code, HashSet<string> known, TextWriter stderr)
    {
        if (known.Contains(code))
        {
            return true;
        }

        var near = Spelling.Closest(known, code, 2, ignoreCase: true);
        stderr.WriteLine($"error: unknown diagnostic code '{Commands.Printable(code)}'{(near is null ? string.Empty : $"; did you mean {near}?")}");
        return false;
    }

    private static SeverityOverrides Invalid(string entry, SeverityOverrides overrides, TextWriter stderr, ref bool ok)
    {
        stderr.WriteLine($"error: '{Commands.Printable(entry)}': the level is error, warning, info or none.");
        ok = false;
        return overrides;
    }
}
