using System.Text;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Repository;

namespace DataPlatform.Sdk.Cli;

/// <summary>
/// Editor completion for a repository: the JSON Schema of every kind its YAML files hold, written to
/// <c>.dataplatform/schemas/</c> (kept in git, so every clone has them; never read as manifests), and a
/// <c># yaml-language-server: $schema=…</c> modeline at the top of each file whose documents are all of one kind,
/// pointing at its schema by relative path — what the YAML extension of VS Code and other editors read. SOPS-encrypted
/// files are left alone. The modelines are edits of generated files, so a later <c>init</c> keeps them (merged).
/// </summary>
internal static class Modelines
{
    public const string Prefix = "# yaml-language-server: $schema=";
    public const string Folder = ".dataplatform/schemas";

    /// <summary>The changes: the files a modeline is added to or updated in, and the schema files written.</summary>
    public sealed record Change(string Path, string Text, byte[]? Expected);

    /// <summary>What adding the modelines changes in a loaded repository (nothing is written here).</summary>
    public static List<Change> Plan(string root, GitOpsRepository repo)
    {
        var changes = new List<Change>();
        var schemas = new SortedDictionary<string, Func<string>>(StringComparer.Ordinal);
        foreach (var file in repo.Files.Where(f => f.Objects.Count > 0 && (f.Path.Value.EndsWith(".yaml", StringComparison.Ordinal) || f.Path.Value.EndsWith(".yml", StringComparison.Ordinal))))
        {
            if (SchemaOf(file) is not { } schema)
            {
                continue;
            }

            schemas.TryAdd(schema.Name, schema.Generate);
            var full = Path.Combine(root, file.Path.Value);
            if (SafeFiles.Read(full, root, 16L * 1024 * 1024).Bytes is not { } bytes)
            {
                continue;
            }

            var text = Encoding.UTF8.GetString(bytes);
            var relative = Path.GetRelativePath(Path.GetDirectoryName(full)!, Path.Combine(root, Folder, schema.Name + ".json")).Replace('\\', '/');
            var updated = WithModeline(text, relative);
            if (updated != text)
            {
                changes.Add(new Change(file.Path.Value, updated, bytes));
            }
        }

        foreach (var (name, generate) in schemas)
        {
            var path = $"{Folder}/{name}.json";
            var text = generate();
            var existing = SafeFiles.Read(Path.Combine(root, path), root, 16L * 1024 * 1024).Bytes;
            if (existing is null || Encoding.UTF8.GetString(existing) != text)
            {
                changes.Add(new Change(path, text, existing));
            }
        }

        return changes;
    }

    /// <summary>The text with its first line the modeline for <paramref name="schema"/> (an old modeline replaced).</summary>
    public static string WithModeline(string text, string schema)
    {
        var line = Prefix + schema + "\n";
        if (text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var end = text.IndexOf('\n', StringComparison.Ordinal);
            return line + (end < 0 ? string.Empty : text[(end + 1)..]);
        }

        return line + text;
    }

    /// <summary>The schema of a file whose documents are all of one kind with a schema, or <see langword="null"/>.</summary>
    private static (string Name, Func<string> Generate)? SchemaOf(RepositoryFile file)
    {
        if (file.Objects.Any(o => o.Source?.Document.Root is Yaml.YamlMapping root && root.Find("sops") is not null))
        {
            return null; // SOPS-encrypted: sops owns the file, and its values are ENC[…] strings no schema describes.
        }

        if (file.Objects.All(o => o.Value is Kestra.KestraFlow))
        {
            return ("kestra-flow", ModelSchemas.KestraFlow);
        }

        var kinds = file.Objects.Select(o => (o.ApiVersion, o.Kind)).Distinct().ToList();
        if (kinds.Count != 1 || !KindRegistry.Default.TryGet(kinds[0].ApiVersion, kinds[0].Kind, out var kind) || kind.Deprecation is not null)
        {
            return null;
        }

        var name = ModelSchemas.Kinds.Where(k => k.Value == kind).Select(k => k.Key).OrderBy(k => k.Contains('/', StringComparison.Ordinal)).ThenBy(k => k, StringComparer.Ordinal).FirstOrDefault();
        return name is null ? null : (name.Replace('/', '_'), () => ModelSchemas.Generate(kind));
    }
}
