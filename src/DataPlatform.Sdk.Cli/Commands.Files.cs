using System.Text;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Sops;

namespace DataPlatform.Sdk.Cli;

/// <summary>The commands that write files: every read and write goes through <see cref="SafeFiles"/>.</summary>
internal static partial class Commands
{
    /// <summary>The largest file a command reads (the loader's limit).</summary>
    private static long MaxFileBytes => ManifestLoader.Default.Options.Yaml.MaxFileBytes;

    /// <summary>
    /// Rewrites every manifest file in canonical form, keeping comments, key order and unknown content. Files with
    /// errors that prevent reading them are left alone and reported, and so is a file edited while fmt ran. With
    /// <paramref name="check"/>, changes nothing and returns 1 when a file would change.
    /// </summary>
    public static int Format(string target, bool check, TextWriter stdout, TextWriter stderr, bool modelines = false)
    {
        string root;
        IEnumerable<(string FullPath, string Display, LoadResult Result)> files;
        if (File.Exists(target))
        {
            var full = Path.GetFullPath(target);
            root = Path.GetDirectoryName(full)!;
            files = [(full, target, ManifestLoader.Default.Load(full, target, root))];
        }
        else if (Directory.Exists(target))
        {
            root = Path.GetFullPath(target);
            var repo = GitOpsRepository.Load(target);
            files = repo.Files.Where(f => f.Manifests is not null && f.Path.Value.EndsWith(".json", StringComparison.Ordinal) is false)
                .Select(f => (Path.Combine(repo.Root, f.Path.Value), f.Path.Value, f.Manifests!));
        }
        else
        {
            stderr.WriteLine($"error: '{Printable(target)}' does not exist.");
            return 2;
        }

        using var writing = check ? null : SafeFiles.Lock(root);
        if (!check && Directory.Exists(target))
        {
            SafeFiles.RemoveLeftovers(root);
        }

        var changed = 0;
        var skipped = 0;
        foreach (var (full, display, result) in files)
        {
            if (result.Diagnostics.Diagnostics.Any(d => d.Code is "DPS001" or "DPS003" or "DPS004" or "DPS005" or "DPS006" or "DPS016" or "DPS022") || result.Documents.Any(d => d.Object is null))
            {
                stderr.WriteLine($"{Printable(display)}: not formatted, it cannot be read completely:");
                foreach (var d in result.Diagnostics.Errors.Concat(result.Diagnostics.Warnings.Where(w => w.Code == SdkDiagnostics.FileSkipped.Code)))
                {
                    stderr.WriteLine("  " + Printable(SecretPatterns.Redact(d.ToString())));
                }

                skipped++;
                continue;
            }

            if (result.Reader is not null)
            {
                continue; // XML and formatted SQL changelogs are validated, not reformatted: their comments and layout are not modelled.
            }

            var formatted = ManifestSerializer.ToYaml(result.Objects);
            var now = SafeFiles.Read(full, root, MaxFileBytes);
            if (now.Bytes is null || ManifestLoader.StampOf(full) != result.Stamp)
            {
                stderr.WriteLine($"{Printable(display)}: not formatted, it changed on disk since it was read; run fmt again.");
                skipped++;
                continue;
            }

            if (formatted == Encoding.UTF8.GetString(now.Bytes))
            {
                continue;
            }

            changed++;
            stdout.WriteLine(check ? $"would reformat {Printable(display)}" : $"reformatted {Printable(display)}");
            if (!check)
            {
                try
                {
                    SafeFiles.WriteAtomic(full, formatted, root, expected: now.Bytes);
                }
                catch (IOException ex)
                {
                    stderr.WriteLine($"{Printable(display)}: not formatted: {Printable(ex.Message)}");
                    skipped++;
                }
            }
        }

        if (modelines)
        {
            if (!Directory.Exists(target))
            {
                stderr.WriteLine("error: --modelines works on a repository directory (the schemas go to its .dataplatform/schemas).");
                return 2;
            }

            foreach (var change in Modelines.Plan(root, GitOpsRepository.Load(root)))
            {
                changed++;
                var isSchema = change.Path.StartsWith(Modelines.Folder, StringComparison.Ordinal);
                stdout.WriteLine(check
                    ? $"would {(isSchema ? "write the schema" : "add a schema modeline to")} {Printable(change.Path)}"
                    : $"{(isSchema ? "wrote the schema" : "added a schema modeline to")} {Printable(change.Path)}");
                if (!check)
                {
                    try
                    {
                        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, change.Path))!);
                        SafeFiles.WriteAtomic(Path.Combine(root, change.Path), change.Text, root, expected: change.Expected);
                    }
                    catch (IOException ex)
                    {
                        stderr.WriteLine($"{Printable(change.Path)}: not written: {Printable(ex.Message)}");
                        skipped++;
                    }
                }
            }
        }

        stderr.WriteLine($"{changed} file(s) {(check ? "would change" : "changed")}{(skipped > 0 ? $", {skipped} skipped" : string.Empty)}.");
        return check && changed > 0 ? 1 : skipped > 0 ? 1 : 0;
    }

    /// <summary>Prints (or writes) a JSON Schema; the file is replaced atomically, never through a link.</summary>
    public static int Schema(string name, string? output, TextWriter stdout)
    {
        var text = name == "kestra-flow" ? ModelSchemas.KestraFlow()
            : ModelSchemas.Kinds.TryGetValue(name.ToLowerInvariant(), out var kind) ? ModelSchemas.Generate(kind)
            : throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown schema.");
        if (output is null)
        {
            stdout.Write(text);
            return 0;
        }

        SafeFiles.WriteAtomic(output, text);
        stdout.WriteLine($"wrote {Printable(output)}");
        return 0;
    }

    /// <summary>The bytes of an input file: a regular file within the size limit, else an error printed and <see langword="null"/>.</summary>
    private static byte[]? ReadInput(string file, TextWriter stderr)
    {
        var read = SafeFiles.Read(file, null, MaxFileBytes);
        if (read.Bytes is null)
        {
            stderr.WriteLine($"error: '{Printable(file)}': {(read.Refusal == FileRefusal.Missing ? "does not exist." : read.Reason)}");
        }

        return read.Bytes;
    }

    /// <summary>Prints the result, or replaces the file (atomically, keeping its mode, refusing if it changed meanwhile).</summary>
    private static int Output(string file, byte[] content, bool inPlace, byte[] read, TextWriter stdout, TextWriter stderr)
    {
        if (!inPlace)
        {
            if (ReferenceEquals(stdout, Console.Out))
            {
                stdout.Flush();
                using var raw = Console.OpenStandardOutput();
                raw.Write(content); // a decrypted binary file's bytes, unchanged
            }
            else
            {
                stdout.Write(Encoding.UTF8.GetString(content));
            }

            return 0;
        }

        try
        {
            SafeFiles.WriteAtomic(file, content, Path.GetDirectoryName(Path.GetFullPath(file)), expected: read);
            return 0;
        }
        catch (IOException ex)
        {
            stderr.WriteLine($"error: {Printable(ex.Message)}");
            return 2;
        }
    }

    private static (string Path, SopsConfig Config)? FindSopsConfig(string file)
    {
        for (var dir = Path.GetDirectoryName(Path.GetFullPath(file)); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            foreach (var name in new[] { ".sops.yaml", ".sops.yml" })
            {
                var candidate = Path.Combine(dir, name);
                if (SafeFiles.Read(candidate, null, 1024 * 1024) is { Bytes: { } bytes })
                {
                    return (candidate, SopsConfig.Parse(Encoding.UTF8.GetString(bytes)));
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Text that is safe to print: control characters (a newline in a file name, ANSI escapes) are written as escapes,
    /// so that nothing a file holds can fake a line of output or drive the terminal.
    /// </summary>
    internal static string Printable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }
}
