using System.Text;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Sops;

namespace DataPlatform.Sdk.Cli;

/// <summary>Where the keys of a <c>secrets</c> command come from, besides the age keys sops finds in the environment.</summary>
/// <param name="PgpKeys">Armored PGP private key exports (<c>--pgp-key</c>).</param>
/// <param name="PgpPublicKeys">Armored PGP public key exports (<c>--pgp-public-key</c>).</param>
/// <param name="NoGpg">Never run gpg (<c>--no-gpg</c>).</param>
internal sealed record SecretKeys(string[] PgpKeys, string[] PgpPublicKeys, bool NoGpg)
{
    public static SecretKeys None { get; } = new([], [], false);

    public SopsKeyring Keyring() => new()
    {
        Age = AgeKeys.FromEnvironment(),
        Pgp = [.. PgpKeys.Select(f => Named(f, "--pgp-key", bytes => PgpIdentity.Read(bytes)))],
        PgpPublicKeys = [.. PgpPublicKeys.SelectMany(f => Named<IReadOnlyList<PgpRecipient>>(f, "--pgp-public-key", PgpRecipient.Read))],
        UseGpg = !NoGpg,
    };

    /// <summary>Reads a key file, naming it (never its content) when it is not what the option expects.</summary>
    private static T Named<T>(string file, string option, Func<byte[], T> read)
    {
        var bytes = SafeFiles.Read(file, null, 1024 * 1024).Bytes ?? throw new SopsException($"{option} '{file}' cannot be read (missing, not a regular file, or larger than 1 MiB).");
        try
        {
            return read(bytes);
        }
        catch (SopsException ex)
        {
            throw new SopsException($"{option} '{file}': {ex.Message}", ex);
        }
    }
}

/// <summary>The <c>secrets</c> commands and <c>keygen</c>: SOPS files encrypted, decrypted, re-keyed and rotated in-process.</summary>
internal static partial class Commands
{
    /// <summary>SOPS-encrypts a file for the matching .sops.yaml rule or the given recipients.</summary>
    public static int Encrypt(string file, string[] age, string[] pgp, SecretKeys keys, bool inPlace, TextWriter stdout, TextWriter stderr)
    {
        if (ReadInput(file, stderr) is not { } input)
        {
            return 2;
        }

        try
        {
            var keyring = keys.Keyring();
            SopsEncryptionOptions options;
            if (age.Length > 0 || pgp.Length > 0)
            {
                options = new SopsEncryptionOptions { AgeRecipients = [.. age.Select(AgeRecipient.Parse)], PgpRecipients = [.. pgp.Select(keyring.ResolvePgp)] };
            }
            else if (RuleOf(file, stderr, "name the recipients with --age or --pgp instead") is { } rule)
            {
                options = rule.ToOptions(keyring);
            }
            else
            {
                return 2;
            }

            var format = SopsFile.FormatOf(file);
            var text = format == SopsFormat.Binary ? SopsFile.EncryptBinary(input, options) : SopsFile.Encrypt(Encoding.UTF8.GetString(input), format, options);
            return Output(file, Encoding.UTF8.GetBytes(text), inPlace, input, stdout, stderr);
        }
        catch (Exception ex) when (ex is SopsException or FormatException or ValidationException or DecoderFallbackException)
        {
            stderr.WriteLine($"error: {Printable(file)}: {Printable(SecretPatterns.Redact(ex.Message))}");
            return 1;
        }
    }

    /// <summary>Decrypts a SOPS file with the keys sops would find (and any given), verifying its MAC.</summary>
    public static int Decrypt(string file, SecretKeys keys, bool inPlace, TextWriter stdout, TextWriter stderr)
    {
        if (ReadInput(file, stderr) is not { } input)
        {
            return 2;
        }

        try
        {
            var format = SopsFile.FormatOf(file);
            var text = Encoding.UTF8.GetString(input);
            var plain = format == SopsFormat.Binary ? SopsFile.DecryptBinary(text, keys.Keyring()) : Encoding.UTF8.GetBytes(SopsFile.Decrypt(text, format, keys.Keyring()));
            return Output(file, plain, inPlace, input, stdout, stderr);
        }
        catch (Exception ex) when (ex is SopsException or FormatException or DecoderFallbackException)
        {
            stderr.WriteLine($"error: {Printable(file)}: {Printable(SecretPatterns.Redact(ex.Message))}");
            return 1;
        }
    }

    /// <summary>
    /// Re-keys every SOPS file at a path for the recipients its <c>.sops.yaml</c> rule names now (sops updatekeys): the
    /// data key re-wrapped, values and MAC unchanged. With <paramref name="dryRun"/>, prints what would change.
    /// </summary>
    public static int UpdateKeys(string path, SecretKeys keys, bool dryRun, TextWriter stdout, TextWriter stderr) =>
        EachEncryptedFile(path, dryRun, stdout, stderr, "re-keyed", (display, text, format, keyring) =>
        {
            if (RuleOf(display, stderr, "updatekeys takes the recipients from it") is not { } rule)
            {
                return null;
            }

            var update = SopsFile.UpdateKeys(text, format, keyring, rule.AgeRecipients.Select(AgeRecipient.Parse), rule.PgpFingerprints);
            if (!update.Changed)
            {
                return (text, null);
            }

            var what = string.Join(", ", update.Added.Select(a => "+" + a).Concat(update.Removed.Select(r => "-" + r)));
            var kept = update.KeptCloudKeys.Count > 0 ? $"; kept {string.Join(", ", update.KeptCloudKeys)} as they are" : string.Empty;
            return (update.Text, $"sops metadata only, values unchanged: {what}{kept}{(update.Removed.Count > 0 ? "; rotate its data key next" : string.Empty)}");
        }, keys);

    /// <summary>Rotates the data key of every SOPS file at a path (sops rotate): new data key, same recipients and values.</summary>
    public static int Rotate(string path, SecretKeys keys, bool dryRun, TextWriter stdout, TextWriter stderr) =>
        EachEncryptedFile(path, dryRun, stdout, stderr, "rotated", (_, text, format, keyring) =>
            (SopsFile.Rotate(text, format, keyring), "new data key, every value encrypted again; recipients and values unchanged"), keys);

    private static int EachEncryptedFile(string path, bool dryRun, TextWriter stdout, TextWriter stderr, string verb,
        Func<string, string, SopsFormat, SopsKeyring, (string Text, string? Note)?> change, SecretKeys keys)
    {
        List<string> files;
        if (File.Exists(path))
        {
            files = [path];
        }
        else if (Directory.Exists(path))
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
            files = [.. Directory.EnumerateFiles(path, "*", options)
                .Where(f => !Path.GetRelativePath(path, f).Split(Path.DirectorySeparatorChar).Any(p => p is ".git" or ".dataplatform" or "node_modules"))
                .Order(StringComparer.Ordinal)];
        }
        else
        {
            stderr.WriteLine($"error: '{Printable(path)}' does not exist.");
            return 2;
        }

        SopsKeyring keyring;
        try
        {
            keyring = keys.Keyring();
        }
        catch (SopsException ex)
        {
            stderr.WriteLine($"error: {Printable(ex.Message)}");
            return 2;
        }

        int changed = 0, unchanged = 0, failed = 0;
        foreach (var file in files)
        {
            if (SafeFiles.Read(file, null, MaxFileBytes).Bytes is not { } bytes)
            {
                continue;
            }

            var format = SopsFile.FormatOf(file);
            string text;
            try
            {
                text = new UTF8Encoding(false, true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                continue; // Not text, so not a file sops wrote.
            }

            if (!SopsFile.IsEncrypted(text, format))
            {
                if (files.Count == 1)
                {
                    stderr.WriteLine($"error: {Printable(file)} is not SOPS-encrypted.");
                    failed++;
                }

                continue;
            }

            try
            {
                if (change(file, text, format, keyring) is not { } result)
                {
                    failed++;
                    continue;
                }

                if (result.Note is null)
                {
                    unchanged++;
                    continue;
                }

                changed++;
                stdout.WriteLine($"{(dryRun ? "would be " + verb : verb)} {Printable(file)} ({Printable(result.Note)})");
                if (!dryRun)
                {
                    SafeFiles.WriteAtomic(file, result.Text, Path.GetDirectoryName(Path.GetFullPath(file)), expected: bytes);
                }
            }
            catch (Exception ex) when (ex is SopsException or FormatException or IOException or ValidationException)
            {
                stderr.WriteLine($"error: {Printable(file)}: {Printable(SecretPatterns.Redact(ex.Message))}");
                failed++;
            }
        }

        stderr.WriteLine($"{changed} file(s) {(dryRun ? "would be " : string.Empty)}{verb}, {unchanged} unchanged{(failed > 0 ? $", {failed} failed" : string.Empty)}.");
        if (changed > 0 && !dryRun)
        {
            stderr.WriteLine(verb == "re-keyed"
                ? "Re-keying does not lock out a removed key that kept the old data key: run 'dataplatform secrets rotate' on these files next, and change the credentials themselves."
                : "A new data key protects new copies only: anyone who read the old values still knows them, so change the credentials themselves too.");
        }

        return failed > 0 ? 1 : 0;
    }

    /// <summary>The .sops.yaml creation rule for a file (found in its directory or above), or an error printed and <see langword="null"/>.</summary>
    private static SopsCreationRule? RuleOf(string file, TextWriter stderr, string hint)
    {
        if (FindSopsConfig(file) is not { } found)
        {
            stderr.WriteLine($"error: {Printable(file)}: no .sops.yaml in its directory or above ({hint}).");
            return null;
        }

        var relative = Path.GetRelativePath(Path.GetDirectoryName(found.Path)!, Path.GetFullPath(file)).Replace('\\', '/');
        if (found.Config.RuleFor(relative) is { } rule)
        {
            return rule;
        }

        stderr.WriteLine($"error: no creation rule of {Printable(found.Path)} matches '{Printable(relative)}'.");
        return null;
    }

    /// <summary>Creates an age identity in a key file and prints its public key. Refuses a path inside a git working tree.</summary>
    public static int Keygen(string? output, TextWriter stdout, TextWriter stderr, bool postQuantum = false)
    {
        var path = output ?? (Environment.GetEnvironmentVariable("SOPS_AGE_KEY_FILE") is { Length: > 0 } f ? f : AgeKeys.DefaultKeyFile());
        if (File.Exists(path) || SafeFiles.KindOf(path) != FileEntryKind.Missing)
        {
            stderr.WriteLine($"error: '{Printable(path)}' exists; not overwriting a key file.");
            return 1;
        }

        if (WorkingTreeOf(SafeFiles.RealPath(Path.GetFullPath(path))) is { } tree)
        {
            stderr.WriteLine($"error: '{Printable(path)}' is inside the git working tree {Printable(tree)}; a private key never goes into a repository. Choose a path outside it (the default is sops's key file).");
            return 2;
        }

        var identity = AgeKeys.LoadOrCreate(out _, out var written, name => name == "SOPS_AGE_KEY_FILE" ? path : null, postQuantum);
        stderr.WriteLine($"Created {Printable(Path.GetFullPath(written))} (keep it out of git).");
        stdout.WriteLine(identity.Recipient);
        return 0;
    }
}
