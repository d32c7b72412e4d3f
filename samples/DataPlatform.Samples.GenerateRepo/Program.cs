using DataPlatform.Samples.GenerateRepo;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Sops;

// Usage: dotnet run --project samples/DataPlatform.Samples.GenerateRepo -- <output-folder>
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: DataPlatform.Samples.GenerateRepo <output-folder>");
    return 2;
}

var output = args[0];

// Secrets are encrypted for the age identity of SOPS_AGE_KEY_FILE (sops's default key file when unset), created there
// on first use: always outside the repository, never printed.
AgeIdentity identity;
try
{
    identity = AgeKeys.LoadOrCreate(out var created, out var keyFile);
    Console.WriteLine(created
        ? $"Created the age key {Path.GetFullPath(keyFile)} (public key {identity.Recipient}); keep it out of git and give it to Flux as the sops-age Secret."
        : $"Encrypting secrets for {identity.Recipient} (key file {Path.GetFullPath(keyFile)}).");
}
catch (Exception ex) when (ex is SopsException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"Cannot read or create the age key: {ex.Message}");
    return 2;
}

// An existing PGP key can decrypt them too: SOPS_PGP_PUBLIC_KEY names its armored public key (gpg --export --armor FP).
PgpRecipient? pgp = null;
if (Environment.GetEnvironmentVariable("SOPS_PGP_PUBLIC_KEY") is { Length: > 0 } pgpKeyFile)
{
    try
    {
        pgp = PgpRecipient.Read(File.ReadAllBytes(pgpKeyFile))[0];
        Console.WriteLine($"Encrypting secrets for the PGP key {pgp.Fingerprint} too.");
    }
    catch (Exception ex) when (ex is SopsException or IOException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"Cannot read the PGP public key '{pgpKeyFile}': {ex.Message}");
        return 2;
    }
}

var description = SampleRepository.Describe(identity.Recipient, pgp);

// Validate the whole repository (every file and the cross-file rules) before anything touches the disk.
var report = description.Validate();
Console.Write(report.ToText());
if (!report.IsValid)
{
    Console.Error.WriteLine($"Not written: {report.Errors.Count()} error(s).");
    return 1;
}

// Written in place: into a new folder, or an existing checkout where only changed files are written, unrelated files
// are left alone and hand edits inside generated files are kept (review the result with git diff).
var repository = description.Build();
DataPlatform.Sdk.Writing.RepositoryPlan plan;
try
{
    plan = await repository.WriteAsync(output);
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
{
    Console.Error.WriteLine($"Cannot write '{output}': {ex.Message}");
    return 2;
}

foreach (var notice in plan.Notices)
{
    Console.Error.WriteLine($"kept {notice.Path}: {notice.Reason}");
}

Console.WriteLine(plan.IsNewDirectory
    ? $"Wrote {repository.Files.Count} files to {Path.GetFullPath(output)}: {report.Errors.Count()} errors, {report.Warnings.Count()} warnings."
    : $"Updated {Path.GetFullPath(output)}: {plan.Changes.Count} file(s) written or deleted; {report.Errors.Count()} errors, {report.Warnings.Count()} warnings.");
return 0;
