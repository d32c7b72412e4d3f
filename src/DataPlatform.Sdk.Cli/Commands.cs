using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Platform.Repository;

namespace DataPlatform.Sdk.Cli;

/// <summary>The commands' logic, separate from argument parsing so tests can call it.</summary>
internal static class Commands
{
    /// <summary>
    /// Validates a repository directory or a single file. A single file gets the verdict it gets inside its repository:
    /// in a git working tree the whole tree is loaded and only the file's diagnostics are shown; elsewhere the file is
    /// read the way a repository load reads it (plain YAML stays plain YAML) and gets its own checks. Exit codes: 0 no
    /// error, 1 errors, 2 usage or I/O problem.
    /// </summary>
    public static int Validate(string target, string format, TextWriter stdout, TextWriter stderr, string? baseRef = null, bool verbose = false)
    {
        if (!File.Exists(target) && !Directory.Exists(target))
        {
            stderr.WriteLine($"error: '{target}' does not exist.");
            return 2;
        }

        var single = File.Exists(target) ? Path.GetFullPath(target) : null;
        var root = single is null ? target : WorkingTreeOf(single);
        if (format == "text" && single is null)
        {
            stderr.WriteLine($"Validating {Path.GetFullPath(target)} ...");
        }

        GitOpsRepository repo;
        ValidationReport report;
        if (root is not null)
        {
            repo = GitOpsRepository.Load(root);
            report = repo.Validate();
            if (baseRef is not null)
            {
                report = new ValidationReport(report.Diagnostics.Concat(EditedChangeSets(repo, baseRef, stderr)));
            }
        }
        else
        {
            // Outside a working tree: the file alone, read as a repository reads it, with its own checks only.
            var folder = Path.GetDirectoryName(single)!;
            while (Path.GetDirectoryName(folder) is { } up && (Path.GetFileName(folder).StartsWith('.') || Path.GetFileName(up).StartsWith('.')))
            {
                folder = up; // A tool folder (.dlt/, .github/workflows/) is part of what the file is.
            }

            root = folder;
            var relative = Path.GetRelativePath(folder, single!).Replace('\\', '/');
            repo = GitOpsRepository.Load(Files.FileTree.Empty.With(relative, File.ReadAllText(single!)));
            report = new ValidationReport(repo.Files.Where(f => f.Manifests is not null).SelectMany(f => f.Manifests!.Diagnostics.Diagnostics));
        }

        var summary = RepositorySummary.Of(repo);
        if (single is not null)
        {
            var path = Path.GetRelativePath(Path.GetFullPath(root), single).Replace('\\', '/');
            var shown = target.Replace('\\', '/');
            report = new ValidationReport(report.Diagnostics.Where(d => d.FilePath == path)
                .Select(d => d with { Location = d.Location!.Value with { FilePath = shown } }));
            summary = RepositorySummary.Of(repo, Files.RepoPath.Parse(path));
        }

        if (format == "text")
        {
            stderr.WriteLine(summary.ToText() + $" {report.Errors.Count()} errors, {report.Warnings.Count()} warnings.");
            if (verbose)
            {
                foreach (var plain in summary.PlainFiles)
                {
                    stderr.WriteLine($"  plain (syntax only): {plain}");
                }

                foreach (var other in summary.OtherFiles)
                {
                    stderr.WriteLine($"  not read: {other}");
                }
            }
        }

        stdout.Write(ReportFormats.Render(report, format, summary));
        return report.IsValid ? 0 : 1;
    }

    /// <summary>The root of the git working tree holding a file, or <see langword="null"/>.</summary>
    private static string? WorkingTreeOf(string file)
    {
        for (var dir = Path.GetDirectoryName(file); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(Path.Combine(dir, ".git")) || File.Exists(Path.Combine(dir, ".git")))
            {
                return dir;
            }
        }

        return null;
    }

    /// <summary>DPL010 for every changelog of the repository, against its version at a git ref (files new since then are skipped).</summary>
    private static IEnumerable<Diagnostic> EditedChangeSets(GitOpsRepository repo, string baseRef, TextWriter stderr)
    {
        foreach (var obj in repo.Objects.Where(o => o.Value is DataPlatform.Sdk.Liquibase.LiquibaseChangelog))
        {
            var psi = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = repo.Root };
            psi.ArgumentList.Add("show");
            psi.ArgumentList.Add($"{baseRef}:{obj.File.Value}");
            string previousText;
            try
            {
                using var git = System.Diagnostics.Process.Start(psi)!;
                previousText = git.StandardOutput.ReadToEnd();
                git.WaitForExit();
                if (git.ExitCode != 0)
                {
                    continue; // New since the base ref.
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                stderr.WriteLine("warning: git is not available; --base-ref needs it.");
                yield break;
            }

            if (DataPlatform.Sdk.Liquibase.LiquibaseFile.Parse(previousText, obj.File.Value).Changelog is { } previous)
            {
                foreach (var d in DataPlatform.Sdk.Liquibase.ChangelogHistory.Compare(previous, (DataPlatform.Sdk.Liquibase.LiquibaseChangelog)obj.Value))
                {
                    yield return d with { Location = d.Location is { } l ? l with { FilePath = obj.File.Value } : d.Location };
                }
            }
        }
    }

    /// <summary>
    /// Rewrites every manifest file in canonical form, keeping comments, key order and unknown content. Files with
    /// errors that prevent reading them are left alone and reported. With <paramref name="check"/>, changes nothing
    /// and returns 1 when a file would change.
    /// </summary>
    public static int Format(string target, bool check, TextWriter stdout, TextWriter stderr)
    {
        IEnumerable<(string FullPath, string Display, LoadResult Result)> files;
        if (File.Exists(target))
        {
            var full = Path.GetFullPath(target);
            files = [(full, target, ManifestLoader.Default.Load(full, target))];
        }
        else if (Directory.Exists(target))
        {
            var repo = GitOpsRepository.Load(target);
            files = repo.Files.Where(f => f.Manifests is not null && f.Path.Value.EndsWith(".json", StringComparison.Ordinal) is false)
                .Select(f => (Path.Combine(repo.Root, f.Path.Value), f.Path.Value, f.Manifests!));
        }
        else
        {
            stderr.WriteLine($"error: '{target}' does not exist.");
            return 2;
        }

        var changed = 0;
        var skipped = 0;
        foreach (var (full, display, result) in files)
        {
            if (result.Diagnostics.Diagnostics.Any(d => d.Code is "DPS001" or "DPS003" or "DPS004" or "DPS005" or "DPS006" or "DPS016") || result.Documents.Any(d => d.Object is null))
            {
                stderr.WriteLine($"{display}: not formatted, it cannot be read completely:");
                foreach (var d in result.Diagnostics.Errors)
                {
                    stderr.WriteLine("  " + d);
                }

                skipped++;
                continue;
            }

            if (result.Reader is not null)
            {
                continue; // XML and formatted SQL changelogs are validated, not reformatted: their comments and layout are not modelled.
            }

            var formatted = ManifestSerializer.ToYaml(result.Objects);
            if (formatted == File.ReadAllText(full))
            {
                continue;
            }

            changed++;
            stdout.WriteLine(check ? $"would reformat {display}" : $"reformatted {display}");
            if (!check)
            {
                WriteFileAtomically(full, formatted);
            }
        }

        stderr.WriteLine($"{changed} file(s) {(check ? "would change" : "changed")}{(skipped > 0 ? $", {skipped} skipped" : string.Empty)}.");
        return check && changed > 0 ? 1 : skipped > 0 ? 1 : 0;
    }

    /// <summary>
    /// The recipient the example's secrets are encrypted for: the identity of SOPS_AGE_KEY_FILE (or sops's default key
    /// file), created there when missing, and said where.
    /// </summary>
    private static (bool Ok, DataPlatform.Sdk.Sops.AgeRecipient? Recipient) SecretsRecipient(bool example, TextWriter stdout, TextWriter stderr)
    {
        if (!example)
        {
            return (true, null);
        }

        try
        {
            var identity = DataPlatform.Sdk.Sops.AgeKeys.LoadOrCreate(out var created, out var keyFile);
            stderr.WriteLine(created
                ? $"Created the age key {Path.GetFullPath(keyFile)} for the example's secrets; keep it out of git."
                : $"Encrypting the example's secrets for {identity.Recipient} (key file {Path.GetFullPath(keyFile)}).");
            return (true, identity.Recipient);
        }
        catch (Exception ex) when (ex is DataPlatform.Sdk.Sops.SopsException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: cannot read or create the age key: {ex.Message}");
            return (false, null);
        }
    }

    /// <summary>SOPS-encrypts a file for the matching .sops.yaml rule or the given recipients.</summary>
    public static int Encrypt(string file, string[] age, bool inPlace, TextWriter stdout, TextWriter stderr)
    {
        if (!File.Exists(file))
        {
            stderr.WriteLine($"error: '{file}' does not exist.");
            return 2;
        }

        try
        {
            DataPlatform.Sdk.Sops.SopsEncryptionOptions options;
            if (age.Length > 0)
            {
                options = new DataPlatform.Sdk.Sops.SopsEncryptionOptions { AgeRecipients = [.. age.Select(DataPlatform.Sdk.Sops.AgeRecipient.Parse)] };
            }
            else if (FindSopsConfig(file) is { } found)
            {
                var relative = Path.GetRelativePath(Path.GetDirectoryName(found.Path)!, Path.GetFullPath(file)).Replace('\\', '/');
                var rule = found.Config.RuleFor(relative);
                if (rule is null)
                {
                    stderr.WriteLine($"error: no creation rule of {found.Path} matches '{relative}'.");
                    return 1;
                }

                options = rule.ToOptions();
            }
            else
            {
                stderr.WriteLine("error: no .sops.yaml in the file's directory or above; pass --age age1… instead.");
                return 2;
            }

            var text = DataPlatform.Sdk.Sops.SopsFile.Encrypt(File.ReadAllText(file), DataPlatform.Sdk.Sops.SopsFile.FormatOf(file), options);
            return Output(file, text, inPlace, stdout);
        }
        catch (Exception ex) when (ex is DataPlatform.Sdk.Sops.SopsException or FormatException or DataPlatform.Sdk.Diagnostics.ValidationException)
        {
            stderr.WriteLine($"error: {file}: {ex.Message}");
            return 1;
        }
    }

    /// <summary>Decrypts a SOPS file with the identities sops would find.</summary>
    public static int Decrypt(string file, bool inPlace, TextWriter stdout, TextWriter stderr)
    {
        if (!File.Exists(file))
        {
            stderr.WriteLine($"error: '{file}' does not exist.");
            return 2;
        }

        try
        {
            var text = DataPlatform.Sdk.Sops.SopsFile.Decrypt(File.ReadAllText(file), DataPlatform.Sdk.Sops.SopsFile.FormatOf(file), DataPlatform.Sdk.Sops.AgeKeys.FromEnvironment());
            return Output(file, text, inPlace, stdout);
        }
        catch (DataPlatform.Sdk.Sops.SopsException ex)
        {
            stderr.WriteLine($"error: {file}: {ex.Message}");
            return 1;
        }
    }

    /// <summary>Creates an age identity in a key file and prints its public key.</summary>
    public static int Keygen(string? output, TextWriter stdout, TextWriter stderr)
    {
        var path = output ?? (Environment.GetEnvironmentVariable("SOPS_AGE_KEY_FILE") is { Length: > 0 } f ? f : DataPlatform.Sdk.Sops.AgeKeys.DefaultKeyFile());
        if (File.Exists(path))
        {
            stderr.WriteLine($"error: '{path}' exists; not overwriting a key file.");
            return 1;
        }

        var identity = DataPlatform.Sdk.Sops.AgeKeys.LoadOrCreate(out _, out var written, name => name == "SOPS_AGE_KEY_FILE" ? path : null);
        stderr.WriteLine($"Created {Path.GetFullPath(written)} (keep it out of git).");
        stdout.WriteLine(identity.Recipient);
        return 0;
    }

    private static int Output(string file, string text, bool inPlace, TextWriter stdout)
    {
        if (!inPlace)
        {
            stdout.Write(text);
            return 0;
        }

        WriteFileAtomically(file, text);
        return 0;
    }

    /// <summary>Replaces a file whole: readers see the old text or the new one, never a part.</summary>
    private static void WriteFileAtomically(string path, string text)
    {
        var temp = path + ".dataplatform-tmp";
        try
        {
            File.WriteAllText(temp, text);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static (string Path, DataPlatform.Sdk.Sops.SopsConfig Config)? FindSopsConfig(string file)
    {
        for (var dir = Path.GetDirectoryName(Path.GetFullPath(file)); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            foreach (var name in new[] { ".sops.yaml", ".sops.yml" })
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return (candidate, DataPlatform.Sdk.Sops.SopsConfig.Parse(File.ReadAllText(candidate)));
                }
            }
        }

        return null;
    }

    /// <summary>Prints (or writes) a JSON Schema; the file is replaced atomically.</summary>
    public static int Schema(string name, string? output, TextWriter stdout)
    {
        var text = name switch
        {
            "kestra-flow" => DataPlatform.Sdk.Kestra.KestraSchema.Generate(),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown schema."),
        };
        if (output is null)
        {
            stdout.Write(text);
            return 0;
        }

        WriteFileAtomically(output, text);
        stdout.WriteLine($"wrote {output}");
        return 0;
    }

    /// <summary>The repository <c>init</c> writes.</summary>
    public static DataPlatformRepositoryBuilder Template(string name, RepositoryProfile profile, bool example, DataPlatform.Sdk.Sops.AgeRecipient? secretsRecipient = null) => example
        ? DataPlatformRepository.Example(profile, secretsRecipient)
        : DataPlatformRepository.CreateBuilder(name)
            .Profile(profile)
            .Cluster("dev", c => c.TrackBranch("main"))
            .Cluster("prod", c => c.TrackSemVer(">=1.0.0"))
            .Infrastructure(i => i.Observability().Networking().Storage())
            .Platform(p => p.Kestra());

    /// <summary>Writes a new repository into a directory that does not exist or is empty.</summary>
    public static int Init(string target, RepositoryProfile profile, bool example, TextWriter stdout, TextWriter stderr)
    {
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            stderr.WriteLine($"error: '{target}' is not empty; run 'dataplatform plan {target}' to see what would change.");
            return 2;
        }

        var name = Path.GetFileName(Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar));
        var (ok, recipient) = SecretsRecipient(example, stdout, stderr);
        if (!ok)
        {
            return 2;
        }

        var description = Template(string.IsNullOrEmpty(name) ? "data-platform" : name, profile, example, recipient);
        var report = description.Validate();
        if (!report.IsValid)
        {
            stderr.Write(report.ToText());
            return 1;
        }

        var repository = description.Build();
        AtomicTreeWriter(target, repository);
        stdout.WriteLine($"Wrote {repository.Files.Count} files to {Path.GetFullPath(target)} ({profile.ToString().ToLowerInvariant()} profile{(example ? ", example" : string.Empty)}).");
        return 0;
    }

    /// <summary>Shows what <c>init</c> (with the same options) would change in a directory.</summary>
    public static int Plan(string target, RepositoryProfile profile, bool example, TextWriter stdout)
    {
        var name = Path.GetFileName(Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar));
        var (ok, recipient) = SecretsRecipient(example, stdout, Console.Error);
        if (!ok)
        {
            return 2;
        }

        var plan = Template(string.IsNullOrEmpty(name) ? "data-platform" : name, profile, example, recipient).Build().Plan(target);
        stdout.Write(plan.ToText());
        return 0;
    }

    private static void AtomicTreeWriter(string target, DataPlatformRepository repository) =>
        repository.WriteAsync(target).GetAwaiter().GetResult();
}
