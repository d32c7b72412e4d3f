using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Writing;

namespace DataPlatform.Sdk.Cli;

/// <summary>The commands' logic, separate from argument parsing so tests can call it.</summary>
internal static partial class Commands
{
    /// <summary>
    /// Validates a repository directory or a single file. A single file gets the verdict it gets inside its repository:
    /// in a git working tree the whole tree is loaded and only the file's diagnostics are shown; elsewhere the file is
    /// read the way a repository load reads it (plain YAML stays plain YAML) and gets its own checks. Exit codes: 0 no
    /// error, 1 errors, 2 usage or I/O problem.
    /// </summary>
    public static int Validate(string target, string format, TextWriter stdout, TextWriter stderr, string? baseRef = null, bool verbose = false,
        IEnumerable<string>? ignore = null, IEnumerable<string>? severity = null, TextWriter? progress = null)
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
            stderr.WriteLine($"Validating {Printable(Path.GetFullPath(target))} ...");
        }

        string? baseCommit = null;
        if (baseRef is not null)
        {
            // Fail closed: the edited-change-set check the CI relies on must never switch itself off.
            var problem = root is null ? "the file is not in a git working tree" : ResolveCommit(root, baseRef, out baseCommit);
            if (problem is not null)
            {
                stderr.WriteLine($"error: --base-ref {Printable(baseRef)}: {problem}.");
                return 2;
            }
        }

        GitOpsRepository repo;
        ValidationReport report;
        if (root is not null)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            repo = GitOpsRepository.Load(root);
            progress?.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"  read and checked {repo.Files.Count} files in {clock.Elapsed.TotalSeconds:0.0} s; checking the repository as a whole ..."));
            clock.Restart();
            report = repo.Validate();
            progress?.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"  checked {repo.Objects.Count()} objects across files in {clock.Elapsed.TotalSeconds:0.0} s"));
            if (baseCommit is not null)
            {
                report = new ValidationReport(report.Diagnostics.Concat(EditedChangeSets(repo, baseCommit)));
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

        // Severity settings: the repository's .dataplatform.yaml, then --ignore/--severity.
        if (CliSettings.Load(single is null ? root : WorkingTreeOf(single), ignore ?? [], severity ?? [], stderr) is not { } overrides)
        {
            return 2;
        }

        report = new ValidationReport(overrides.Apply(report.Diagnostics));
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
            stderr.WriteLine(Printable(summary.ToText()) + $" {report.Errors.Count()} errors, {report.Warnings.Count()} warnings.");
            if (verbose)
            {
                foreach (var plain in summary.PlainFiles)
                {
                    stderr.WriteLine($"  plain (syntax only): {Printable(plain.Value)}");
                }

                foreach (var other in summary.OtherFiles)
                {
                    stderr.WriteLine($"  not read: {Printable(other.Value)}");
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

    /// <summary>
    /// The recipient the example's secrets are encrypted for: the identity of SOPS_AGE_KEY_FILE (or sops's default key
    /// file), created there when missing (never inside a git working tree) and said where. A dry run
    /// (<paramref name="create"/> false) never writes: without a key it encrypts for a throwaway one.
    /// </summary>
    private static (bool Ok, DataPlatform.Sdk.Sops.AgeRecipient? Recipient) SecretsRecipient(bool example, TextWriter stdout, TextWriter stderr, bool create = true, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!example)
        {
            return (true, null);
        }

        try
        {
            var keyFile = environment("SOPS_AGE_KEY_FILE") is { Length: > 0 } f ? f : DataPlatform.Sdk.Sops.AgeKeys.DefaultKeyFile();
            if (!File.Exists(keyFile))
            {
                if (!create)
                {
                    stderr.WriteLine($"No age key at {Printable(Path.GetFullPath(keyFile))}: the plan encrypts the example's secrets for a throwaway key (init creates the real one).");
                    return (true, DataPlatform.Sdk.Sops.AgeIdentity.Generate().Recipient);
                }

                if (WorkingTreeOf(SafeFiles.RealPath(Path.GetFullPath(keyFile))) is { } tree)
                {
                    stderr.WriteLine($"error: the age key file {Printable(keyFile)} would be inside the git working tree {Printable(tree)}; set SOPS_AGE_KEY_FILE to a path outside it.");
                    return (false, null);
                }
            }

            var identity = DataPlatform.Sdk.Sops.AgeKeys.LoadOrCreate(out var created, out var used, environment);
            stderr.WriteLine(created
                ? $"Created the age key {Printable(Path.GetFullPath(used))} for the example's secrets; keep it out of git."
                : $"Encrypting the example's secrets for {identity.Recipient} (key file {Printable(Path.GetFullPath(used))}).");
            return (true, identity.Recipient);
        }
        catch (Exception ex) when (ex is DataPlatform.Sdk.Sops.SopsException or IOException or UnauthorizedAccessException or FormatException)
        {
            stderr.WriteLine($"error: cannot read or create the age key: {Printable(SecretPatterns.Redact(ex.Message))}");
            return (false, null);
        }
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

    /// <summary>Writes the repository into a directory: a new one, or in place into an existing checkout (the same plan as <c>plan</c>).</summary>
    public static int Init(string target, RepositoryProfile profile, bool example, TextWriter stdout, TextWriter stderr, bool force = false, bool modelines = false)
    {
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
        RepositoryPlan plan;
        try
        {
            plan = repository.WriteAsync(target, new WriteOptions { Force = force }).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {Printable(SecretPatterns.Redact(ex.Message))}");
            return 1;
        }

        foreach (var notice in plan.Notices)
        {
            stderr.WriteLine($"kept {Printable(notice.Path.Value)}: {notice.Reason}");
        }

        var where = Printable(Path.GetFullPath(target));
        stdout.WriteLine(plan.IsNewDirectory
            ? $"Wrote {repository.Files.Count} files to {where} ({profile.ToString().ToLowerInvariant()} profile{(example ? ", example" : string.Empty)})."
            : plan.IsEmpty
                ? $"{where} is up to date; nothing was written."
                : $"Updated {where}: {plan.Changes.Count(c => c.Kind == FileChangeKind.Added)} added, {plan.Changes.Count(c => c.Kind == FileChangeKind.Changed)} changed, {plan.Changes.Count(c => c.Kind == FileChangeKind.Deleted)} deleted.");
        if (modelines)
        {
            // The modelines are edits of the generated files, as if made with fmt --modelines: a later init keeps them.
            using var quiet = new StringWriter();
            if (Format(target, check: false, quiet, stderr, modelines: true) != 0)
            {
                return 1;
            }

            stdout.WriteLine($"Added schema modelines ({quiet.ToString().Split('\n').Count(l => l.StartsWith("added a schema modeline", StringComparison.Ordinal))} files; schemas in {Modelines.Folder}).");
        }

        return 0;
    }

    /// <summary>Shows exactly what <c>init</c> (with the same options) would do to a directory.</summary>
    /// <param name="environment">Reads a variable (SOPS_AGE_KEY_FILE); the process environment when <see langword="null"/>.</param>
    public static int Plan(string target, RepositoryProfile profile, bool example, TextWriter stdout, bool exitCode = false, bool force = false, Func<string, string?>? environment = null)
    {
        var name = Path.GetFileName(Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar));
        var (ok, recipient) = SecretsRecipient(example, stdout, Console.Error, create: false, environment);
        if (!ok)
        {
            return 2;
        }

        var plan = Template(string.IsNullOrEmpty(name) ? "data-platform" : name, profile, example, recipient).Build().Plan(target, new WriteOptions { Force = force });
        stdout.Write(plan.ToText());
        return exitCode && !plan.IsEmpty ? 1 : 0; // --exit-code: CI can tell "in sync" from "would change".
    }
}
