using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Dlt;
using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Validation;
using DataPlatform.Sdk.Yaml;

[assembly: ManifestModule(typeof(DltModule))]

namespace DataPlatform.Sdk.Dlt;

/// <summary>Diagnostics of dlt pipelines (<c>DPD</c>).</summary>
public static class DltDiagnostics
{
    /// <summary>DPD001: a secret in config.toml.</summary>
    public static readonly DiagnosticDescriptor SecretInConfig = new(
        "DPD001", "Secret in .dlt/config.toml", DiagnosticSeverity.Error,
        "Move the value to .dlt/secrets.toml (gitignored) or an environment variable; dlt never reads credentials from config.toml.");

    /// <summary>DPD002: a credential written into a dlt script.</summary>
    public static readonly DiagnosticDescriptor SecretInScript = new(
        "DPD002", "Secret literal in a dlt script", DiagnosticSeverity.Error,
        "Read it with dlt.secrets[\"…\"] or a dlt.secrets.value argument; the value comes from the environment or secrets.toml.");

    /// <summary>DPD003: a credential the destination needs that nothing provides.</summary>
    public static readonly DiagnosticDescriptor CredentialMissing = new(
        "DPD003", "Destination credential not provided", DiagnosticSeverity.Error,
        "Map the environment variable in the flow (DESTINATION__<NAME>__CREDENTIALS__<KEY>: \"{{ secret('…') }}\") or set the key in .dlt/config.toml (non-secret parts only).");

    /// <summary>DPD004: an invalid pipeline or dataset name.</summary>
    public static readonly DiagnosticDescriptor InvalidName = new(
        "DPD004", "Invalid pipeline or dataset name", DiagnosticSeverity.Error,
        "Pipeline names hold letters, digits, '-' and '_'; dataset names are snake_case (dlt renames others in the destination).");

    /// <summary>DPD005: an environment variable dlt will not look up.</summary>
    public static readonly DiagnosticDescriptor UnusedVariable = new(
        "DPD005", "Environment variable dlt does not read", DiagnosticSeverity.Error,
        "Name the variable after the key dlt looks up: sections joined by '__', e.g. DESTINATION__POSTGRES__CREDENTIALS__PASSWORD for a postgres destination.");

    /// <summary>DPD006: a flow that runs a script the repository does not have.</summary>
    public static readonly DiagnosticDescriptor ScriptMissing = new(
        "DPD006", "dlt script not found", DiagnosticSeverity.Error,
        "Fix the command's path (relative to the repository the flow clones) or add the script.");

    /// <summary>DPD007: secrets.toml committed with values.</summary>
    public static readonly DiagnosticDescriptor SecretsCommitted = new(
        "DPD007", "secrets.toml with values in the repository", DiagnosticSeverity.Error,
        "Never commit .dlt/secrets.toml with values: add it to .gitignore, keep an empty template, and rotate the leaked credentials.");

    /// <summary>Every code of this package.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = [SecretInConfig, SecretInScript, CredentialMissing, InvalidName, UnusedVariable, ScriptMissing, SecretsCommitted];
}

/// <summary><c>.dlt/config.toml</c> as read: every value, by section.</summary>
[AllowUnknownFields]
public sealed record DltConfigDocument : IHasOrigin
{
    /// <summary>The values.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Values { get; set; }

    /// <inheritdoc />
    [JsonIgnore]
    public ManifestOrigin Origin { get; init; }
}

/// <summary><c>.dlt/secrets.toml</c> as read.</summary>
[AllowUnknownFields]
public sealed record DltSecretsDocument : IHasOrigin
{
    /// <summary>The values.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Values { get; set; }

    /// <inheritdoc />
    [JsonIgnore]
    public ManifestOrigin Origin { get; init; }
}

/// <summary>Registers dlt's TOML files (in a <c>.dlt</c> directory, anywhere in a tree) and their rules.</summary>
public sealed class DltModule : ManifestModule
{
    /// <inheritdoc />
    public override System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver? TypeInfoResolver => DltJsonContext.Default;

    /// <summary>The stand-in apiVersion of dlt's files (never written).</summary>
    public const string ApiVersion = "dlthub.com/v1";

    /// <inheritdoc />
    public override void RegisterKinds(KindRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register<DltConfigDocument>(ApiVersion, "DltConfig");
        registry.Register<DltSecretsDocument>(ApiVersion, "DltSecrets");
        registry.RegisterFileName(p => DltTomlReader.FileKind(p) == "config", ApiVersion, "DltConfig");
        registry.RegisterFileName(p => DltTomlReader.FileKind(p) == "secrets", ApiVersion, "DltSecrets");
        registry.RegisterReader(new DltTomlReader());
    }

    /// <inheritdoc />
    public override IEnumerable<IObjectRule> Rules => [new DltConfigRule(), new DltSecretsRule()];

    /// <inheritdoc />
    public override IEnumerable<DiagnosticDescriptor> Diagnostics => DltDiagnostics.All;
}

/// <summary>Reads <c>.dlt/config.toml</c> and <c>.dlt/secrets.toml</c> into trees with line numbers.</summary>
public sealed partial class DltTomlReader : IDocumentReader
{
    /// <inheritdoc />
    public IReadOnlyList<string> Extensions => [".toml"];

    /// <inheritdoc />
    public bool CanRead(string path, string text) => FileKind(path) is not null;

    /// <summary>
    /// <c>config</c> or <c>secrets</c> for dlt's TOML files in a <c>.dlt</c> folder — <c>config.toml</c>,
    /// <c>secrets.toml</c> and the profile files dlt also reads (<c>dev.secrets.toml</c>, <c>prod.config.toml</c>,
    /// <c>example.secrets.toml</c>) — else <see langword="null"/>.
    /// </summary>
    /// <param name="path">A path.</param>
    /// <returns>The kind of file.</returns>
    public static string? FileKind(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var m = DltFileName().Match(path.Replace('\\', '/'));
        return m.Success ? m.Groups["kind"].Value : null;
    }

    [GeneratedRegex(@"(?:^|/)\.dlt/(?:[A-Za-z0-9_-]+\.)?(?<kind>config|secrets)\.toml$", RegexOptions.CultureInvariant)]
    private static partial Regex DltFileName();

    /// <inheritdoc />
    public YamlReadResult Read(string text, string displayPath)
    {
        DltTomlFile file;
        try
        {
            file = DltTomlFile.Parse(text);
        }
        catch (FormatException ex)
        {
            var m = Regex.Match(ex.Message, @"\((\d+),(\d+)\)", RegexOptions.None, TimeSpan.FromSeconds(1));
            var line = m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;
            return new YamlReadResult([], [SdkDiagnostics.SyntaxError.Create(ex.Message, location: new SourceLocation(displayPath, line, 1))]);
        }

        var root = new YamlMapping { Start = new YamlMark(1, 1) };
        foreach (var entry in file.Entries)
        {
            var map = root;
            var parts = entry.Path.Split('.');
            foreach (var part in parts[..^1])
            {
                if (map.Find(part)?.Value is not YamlMapping child)
                {
                    child = new YamlMapping { Start = new YamlMark(entry.Line, 1) };
                    map.Entries.Add(new YamlEntry(new YamlScalar(part) { Start = new YamlMark(entry.Line, 1) }, child));
                }

                map = child;
            }

            map.Entries.Add(new YamlEntry(new YamlScalar(parts[^1]) { Start = new YamlMark(entry.Line, 1) }, Scalar(entry.Value, entry.Line)));
        }

        return new YamlReadResult([new YamlDocument(root)], []);
    }

    private static YamlNode Scalar(object? value, int line) => value switch
    {
        string s => new YamlScalar(s, YamlScalarStyle.DoubleQuoted) { Start = new YamlMark(line, 1) },
        bool b => new YamlScalar(b ? "true" : "false") { Start = new YamlMark(line, 1) },
        Tomlyn.Model.TomlArray a => Sequence(a.Select(x => Scalar(x, line)), line),
        null => new YamlScalar("null") { Start = new YamlMark(line, 1) },
        _ => new YamlScalar(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!) { Start = new YamlMark(line, 1) },
    };

    private static YamlSequence Sequence(IEnumerable<YamlNode> items, int line)
    {
        var s = new YamlSequence { Start = new YamlMark(line, 1) };
        s.Items.AddRange(items.Select(i => new YamlItem(i)));
        return s;
    }
}

/// <summary>DPD001: no secret in config.toml (secret-looking keys with a value, connection strings with a password).</summary>
public sealed partial class DltConfigRule : ObjectRule<DltConfigDocument>
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [DltDiagnostics.SecretInConfig];

    /// <inheritdoc />
    protected override void Check(DltConfigDocument obj, RuleContext context)
    {
        foreach (var (path, value) in Leaves(obj.Values))
        {
            var key = path[(path.LastIndexOf('/') + 1)..];
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
            if ((DltNames.IsSecretKey(key) && !DltNames.IsPlaceholder(text, key)) || PasswordInUrl().IsMatch(text))
            {
                context.Report(DltDiagnostics.SecretInConfig, $"'{path.TrimStart('/').Replace('/', '.')}' holds a secret in config.toml.", path);
            }
        }
    }

    internal static IEnumerable<(string Pointer, JsonElement Value)> Leaves(Dictionary<string, JsonElement>? values, string prefix = "")
    {
        foreach (var (key, value) in values ?? [])
        {
            var pointer = prefix + "/" + YamlJson.EscapePointer(key);
            if (value.ValueKind == JsonValueKind.Object)
            {
                foreach (var leaf in Leaves(value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value), pointer))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return (pointer, value);
            }
        }
    }

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*://[^:/@\s]+:[^@/\s]+@", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PasswordInUrl();
}

/// <summary>DPD007: secrets.toml in the repository holds values.</summary>
public sealed class DltSecretsRule : ObjectRule<DltSecretsDocument>
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [DltDiagnostics.SecretsCommitted];

    /// <inheritdoc />
    protected override void Check(DltSecretsDocument obj, RuleContext context)
    {
        // A committed example (example.secrets.toml) is a template: only what looks like a real credential counts there.
        var example = Path.GetFileName(context.Source?.FilePath ?? string.Empty).StartsWith("example.", StringComparison.OrdinalIgnoreCase);
        foreach (var (path, value) in DltConfigRule.Leaves(obj.Values))
        {
            var key = path[(path.LastIndexOf('/') + 1)..];
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
            // In a template, a connection URL with a password is the local default (loader:loader@localhost); tokens and keys are not.
            var credential = Diagnostics.SecretPatterns.Find(text).Any(f => !example || f.Kind != "password in a URL");
            if (credential || (!example && DltNames.IsSecretKey(key) && !DltNames.IsPlaceholder(text, key)))
            {
                context.Report(DltDiagnostics.SecretsCommitted, $"'{path.TrimStart('/').Replace('/', '.')}' has a value in {Path.GetFileName(context.Source?.FilePath ?? "secrets.toml")}.", path);
            }
        }
    }
}
