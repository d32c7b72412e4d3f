using System.CommandLine;
using DataPlatform.Sdk.Cli;

// A one-shot run: the heap's memory in huge pages where Linux gives them on request (see BatchMemory).
BatchMemory.UseHugePages();

// The tool's modules, named here: nothing is found by scanning or loading assemblies (the tool is compiled ahead of time).
DataPlatform.Sdk.Manifests.KindRegistry.UseModules(DataPlatform.Sdk.Platform.PlatformModule.AllModules());

var root = new RootCommand("dataplatform: validate and format GitOps data-platform repositories (Flux, Kustomize, Kubernetes, Kestra flows).");

var validateTarget = new Argument<string>("path") { Description = "A repository directory or a single manifest file." };
var formatOption = new Option<string>("--format") { Description = "Output format: text, json, sarif or github.", DefaultValueFactory = _ => "text" };
formatOption.AcceptOnlyFromAmong(ReportFormats.Names);
var validate = new Command("validate", "Validate every file and the repository as a whole. Exit code 0: no error; 1: errors; 2: usage or I/O problem.");
validate.Arguments.Add(validateTarget);
validate.Options.Add(formatOption);
var baseRefOption = new Option<string?>("--base-ref") { Description = "A git ref (e.g. the last release tag): report Liquibase change sets edited since then (DPL010)." };
validate.Options.Add(baseRefOption);
var verboseOption = new Option<bool>("--verbose", "-v") { Description = "Also list the files kept as plain YAML/JSON (checked for syntax only) and the files not read." };
validate.Options.Add(verboseOption);
var ignoreOption = new Option<string[]>("--ignore") { Description = "Do not report these codes (repeat, or separate with commas). Also: 'ignore:' in the repository's .dataplatform.yaml.", AllowMultipleArgumentsPerToken = true };
validate.Options.Add(ignoreOption);
var severityOption = new Option<string[]>("--severity") { Description = "Change a code's severity: CODE=error|warning|info|none (repeatable). Also: 'severity:' in .dataplatform.yaml.", AllowMultipleArgumentsPerToken = true };
validate.Options.Add(severityOption);
validate.Description += """


    Examples:
      dataplatform validate .                                   # the whole repository
      dataplatform validate . --format github                   # annotations in a GitHub Actions log
      dataplatform validate . --format sarif > results.sarif    # code scanning
      dataplatform validate . --base-ref v1.4.0                 # also: Liquibase change sets edited since the release
      dataplatform validate . --ignore DPW001 --severity DPF009=error
      dataplatform validate clusters/prod/apps.yaml -v          # one file, as its repository judges it
    """;
// Progress goes to a terminal only: CI logs (stderr redirected) stay as they are.
validate.SetAction(result =>
{
    BatchMemory.NoCollectionsWhileReading(); // This process only: reads, checks, reports, exits.
    return Commands.Validate(result.GetValue(validateTarget)!, result.GetValue(formatOption)!, Console.Out, Console.Error, result.GetValue(baseRefOption), result.GetValue(verboseOption),
        result.GetValue(ignoreOption) ?? [], result.GetValue(severityOption) ?? [], Console.IsErrorRedirected ? null : Console.Error);
});
root.Subcommands.Add(validate);

var fmtTarget = new Argument<string>("path") { Description = "A repository directory or a single manifest file." };
var checkOption = new Option<bool>("--check") { Description = "Change nothing; exit 1 when a file would change." };
var fmt = new Command("fmt", "Rewrite manifests in canonical form, keeping comments, key order and unknown content.");
fmt.Arguments.Add(fmtTarget);
fmt.Options.Add(checkOption);
var modelinesOption = new Option<bool>("--modelines") { Description = "Also write the JSON Schema of every kind the repository holds to .dataplatform/schemas/ and start each single-kind YAML file with a '# yaml-language-server: $schema=' modeline (completion in VS Code and other editors)." };
fmt.Options.Add(modelinesOption);
fmt.Description += """


    Examples:
      dataplatform fmt .                 # rewrite layout only: values, comments and block scalars stay
      dataplatform fmt . --check         # CI: exit 1 when a file would change, write nothing
      dataplatform fmt . --modelines     # schemas for editors: .dataplatform/schemas/ and a modeline per file
    """;
fmt.SetAction(result => Commands.Format(result.GetValue(fmtTarget)!, result.GetValue(checkOption), Console.Out, Console.Error, result.GetValue(modelinesOption)));
root.Subcommands.Add(fmt);

var profileOption = new Option<string>("--profile") { Description = "Layout: standard (the seed's full layout) or simplified (smaller teams).", DefaultValueFactory = _ => "standard" };
profileOption.AcceptOnlyFromAmong("standard", "simplified");
var exampleOption = new Option<bool>("--example") { Description = "The full example: dev and prod clusters, the finance and marketing domains." };
var initTarget = new Argument<string>("directory") { Description = "The directory: a new one, or an existing repository or git checkout to regenerate in place." };
var forceOption = new Option<bool>("--force") { Description = "Write over hand edits that cannot be merged and files changed meanwhile; delete edited files no longer generated." };
var init = new Command("init", "Write a data-platform repository, or regenerate one in place (only changed files are written; unrelated files and hand edits are kept).");
init.Arguments.Add(initTarget);
init.Options.Add(profileOption);
init.Options.Add(exampleOption);
init.Options.Add(forceOption);
var initModelines = new Option<bool>("--modelines") { Description = "Also write the editor schemas to .dataplatform/schemas/ and a yaml-language-server modeline atop each single-kind YAML file (as 'fmt --modelines')." };
init.Options.Add(initModelines);
init.Description += """


    Examples:
      dataplatform init data-platform-gitops --example
      dataplatform init small-team --profile simplified
      dataplatform init . --example             # regenerate in place in a git checkout, then review 'git diff'
      dataplatform init data-platform-gitops --example --modelines   # with editor schemas and modelines
    """;
init.SetAction(result => Commands.Init(result.GetValue(initTarget)!, Profile(result.GetValue(profileOption)), result.GetValue(exampleOption), Console.Out, Console.Error, result.GetValue(forceOption), result.GetValue(initModelines)));
root.Subcommands.Add(init);

var planTarget = new Argument<string>("directory") { Description = "The repository directory to compare with." };
var plan = new Command("plan", "Show what 'init' with the same options would add, change or delete, with diffs.");
plan.Arguments.Add(planTarget);
plan.Options.Add(profileOption);
plan.Options.Add(exampleOption);
var exitCodeOption = new Option<bool>("--exit-code") { Description = "Exit 1 when something would change, 0 when nothing would (for CI)." };
plan.Options.Add(exitCodeOption);
plan.Options.Add(forceOption);
plan.Description += """


    Examples:
      dataplatform plan data-platform-gitops --example          # what init --example would add, change or delete
      dataplatform plan data-platform-gitops --example --exit-code
    """;
plan.SetAction(result => Commands.Plan(result.GetValue(planTarget)!, Profile(result.GetValue(profileOption)), result.GetValue(exampleOption), Console.Out, result.GetValue(exitCodeOption), result.GetValue(forceOption)));
root.Subcommands.Add(plan);

var schemaName = new Argument<string>("name") { Description = "The schema: kestra-flow, or a kind (helmrelease, gitrepository, deployment, …; group/kind where a name is shared, e.g. kustomize.toolkit.fluxcd.io/kustomization)." };
schemaName.AcceptOnlyFromAmong([.. ModelSchemas.Names]);
var schemaOutput = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
var schema = new Command("schema", "Print a JSON Schema for editors (yaml-language-server), e.g. 'dataplatform schema kestra-flow -o kestra-flow.schema.json'.");
schema.Arguments.Add(schemaName);
schema.Options.Add(schemaOutput);
schema.SetAction(result => Commands.Schema(result.GetValue(schemaName)!, result.GetValue(schemaOutput), Console.Out));
root.Subcommands.Add(schema);

var secretFile = new Argument<string>("file") { Description = "A YAML, JSON, dotenv (.env), INI (.ini) or binary (any other) file." };
var inPlace = new Option<bool>("--in-place", "-i") { Description = "Replace the file (atomically) instead of printing the result." };
var ageOption = new Option<string[]>("--age") { Description = "age recipients (age1…), instead of the .sops.yaml creation rule.", AllowMultipleArgumentsPerToken = true };
var pgpOption = new Option<string[]>("--pgp") { Description = "PGP fingerprints to encrypt for, instead of the .sops.yaml creation rule (public keys from --pgp-public-key or gpg).", AllowMultipleArgumentsPerToken = true };
var pgpKey = new Option<string[]>("--pgp-key") { Description = "An armored PGP private key export (gpg --export-secret-keys --armor FP) that opens PGP-wrapped data keys in-process; otherwise gpg opens them, as for sops." };
var pgpPublicKey = new Option<string[]>("--pgp-public-key") { Description = "An armored PGP public key export (gpg --export --armor FP) for encrypting to its fingerprint; otherwise gpg --export provides it." };
var noGpg = new Option<bool>("--no-gpg") { Description = "Never run gpg: only the keys given and found in the environment are used." };
SecretKeys Keys(System.CommandLine.ParseResult result) => new(result.GetValue(pgpKey) ?? [], result.GetValue(pgpPublicKey) ?? [], result.GetValue(noGpg));
var encrypt = new Command("encrypt", "SOPS-encrypt a file for the keys of the first matching .sops.yaml creation rule (found in the file's directory or above), like 'sops -e'.");
encrypt.Arguments.Add(secretFile);
encrypt.Options.Add(inPlace);
encrypt.Options.Add(ageOption);
encrypt.Options.Add(pgpOption);
encrypt.Options.Add(pgpPublicKey);
encrypt.Options.Add(noGpg);
encrypt.SetAction(result => Commands.Encrypt(result.GetValue(secretFile)!, result.GetValue(ageOption) ?? [], result.GetValue(pgpOption) ?? [], Keys(result), result.GetValue(inPlace), Console.Out, Console.Error));
var decrypt = new Command("decrypt", "Decrypt a SOPS file with the age identities of SOPS_AGE_KEY, SOPS_AGE_KEY_FILE or sops's default key file, PGP keys given or in gpg, verifying its MAC, like 'sops -d'.");
decrypt.Arguments.Add(secretFile);
decrypt.Options.Add(inPlace);
decrypt.Options.Add(pgpKey);
decrypt.Options.Add(noGpg);
decrypt.SetAction(result => Commands.Decrypt(result.GetValue(secretFile)!, Keys(result), result.GetValue(inPlace), Console.Out, Console.Error));
var secretPath = new Argument<string>("path") { Description = "A SOPS file, or a directory: every SOPS file under it (.git skipped)." };
var dryRun = new Option<bool>("--dry-run") { Description = "Print what would change; write nothing." };
var updateKeys = new Command("updatekeys", "Re-key SOPS files for the recipients their .sops.yaml rule names now, like 'sops updatekeys': the same data key, values and MAC unchanged. Follow with 'rotate' when a recipient was removed.");
var rotate = new Command("rotate", "Rotate the data key of SOPS files, like 'sops rotate': a new data key, every value encrypted again, same recipients. After a key was removed, and change the credentials themselves too.");
foreach (var command in new[] { updateKeys, rotate })
{
    command.Arguments.Add(secretPath);
    command.Options.Add(dryRun);
    command.Options.Add(pgpKey);
    command.Options.Add(pgpPublicKey);
    command.Options.Add(noGpg);
}

updateKeys.SetAction(result => Commands.UpdateKeys(result.GetValue(secretPath)!, Keys(result), result.GetValue(dryRun), Console.Out, Console.Error));
rotate.SetAction(result => Commands.Rotate(result.GetValue(secretPath)!, Keys(result), result.GetValue(dryRun), Console.Out, Console.Error));
var secrets = new Command("secrets", "Encrypt, decrypt, re-key and rotate SOPS files in-process (age and PGP keys; YAML, JSON, dotenv, INI and binary files; no sops binary needed).");
secrets.Subcommands.Add(encrypt);
secrets.Subcommands.Add(decrypt);
secrets.Subcommands.Add(updateKeys);
secrets.Subcommands.Add(rotate);
root.Subcommands.Add(secrets);

var keyOutput = new Option<string?>("--output", "-o") { Description = "The key file to create (default: SOPS_AGE_KEY_FILE, else sops's default key file). Never inside a repository." };
var keygen = new Command("keygen", "Create an age identity in a key file (mode 600) and print its public key (age1…), like age-keygen.");
var postQuantum = new Option<bool>("--post-quantum", "-pq") { Description = "A post-quantum hybrid identity (ML-KEM-768 + X25519; AGE-SECRET-KEY-PQ-1…, recipient age1pq1…), like 'age-keygen -pq'. Reading such files needs age ≥ 1.3 or sops built with it." };
keygen.Options.Add(keyOutput);
keygen.Options.Add(postQuantum);
keygen.SetAction(result => Commands.Keygen(result.GetValue(keyOutput), Console.Out, Console.Error, result.GetValue(postQuantum)));
root.Subcommands.Add(keygen);

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine("error: " + error.Message);
    }

    Console.Error.WriteLine("Run 'dataplatform --help' for usage.");
    return 2;
}

try
{
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DirectoryNotFoundException)
{
    Console.Error.WriteLine("error: " + Commands.Printable(DataPlatform.Sdk.Diagnostics.SecretPatterns.Redact(ex.Message)));
    MachineReadableFailure(ex.Message);
    return 2;
}
#pragma warning disable CA1031 // The last line of defence: a bug must not print a stack trace at the user.
catch (Exception ex)
#pragma warning restore CA1031
{
    Console.Error.WriteLine($"error: internal error ({ex.GetType().Name}: {Commands.Printable(DataPlatform.Sdk.Diagnostics.SecretPatterns.Redact(ex.Message))}). Please report it with the file that triggers it; set DATAPLATFORM_DEBUG=1 for details.");
    MachineReadableFailure($"Internal error ({ex.GetType().Name}): {ex.Message}");
    if (Environment.GetEnvironmentVariable("DATAPLATFORM_DEBUG") == "1")
    {
        Console.Error.WriteLine(ex);
    }

    return 2;
}

// With --format json or sarif, standard output is read by a machine: it always holds a valid document, a failure
// included (as one error diagnostic), never nothing.
void MachineReadableFailure(string message)
{
    if (parsed.CommandResult.Command == validate && parsed.GetValue(formatOption) is "json" or "sarif" && parsed.GetValue(formatOption) is { } format)
    {
        Console.Out.Write(ReportFormats.Failure(message, format));
    }
}

static DataPlatform.Sdk.Platform.Layout.RepositoryProfile Profile(string? name) =>
    name == "simplified" ? DataPlatform.Sdk.Platform.Layout.RepositoryProfile.Simplified : DataPlatform.Sdk.Platform.Layout.RepositoryProfile.Standard;
