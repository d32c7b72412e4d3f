using System.Globalization;
using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Security;

namespace DataPlatform.Sdk.Sops;

/// <summary>
/// A PGP key the data key of a SOPS file is encrypted for: the primary key's fingerprint (what sops writes as
/// <c>fp</c> and <c>.sops.yaml</c> lists under <c>pgp:</c>) and the public key that encrypts for it. Public keys come
/// from an armored export (<c>gpg --export --armor FP</c>, a key file in the repository) or from the local GnuPG key
/// ring through <see cref="Gpg.ExportPublicKey"/>; no key server is ever asked.
/// </summary>
public sealed class PgpRecipient
{
    private readonly PgpPublicKey _encryptionKey;

    private PgpRecipient(string fingerprint, PgpPublicKey encryptionKey)
    {
        Fingerprint = fingerprint;
        _encryptionKey = encryptionKey;
    }

    /// <summary>The primary key's fingerprint: 40 upper-case hex digits, as sops writes it.</summary>
    public string Fingerprint { get; }

    internal PgpPublicKey EncryptionKey => _encryptionKey;

    /// <summary>Every key in an armored (or binary) public or secret key export, each as a recipient.</summary>
    /// <param name="keyFile">The export's bytes (<c>-----BEGIN PGP PUBLIC KEY BLOCK-----</c>, or a private key block, whose public half is used).</param>
    /// <returns>One recipient per primary key that has a usable encryption key.</returns>
    /// <exception cref="SopsException">Not a PGP key export, or no key in it can encrypt.</exception>
    public static IReadOnlyList<PgpRecipient> Read(byte[] keyFile)
    {
        ArgumentNullException.ThrowIfNull(keyFile);
        var result = new List<PgpRecipient>();
        foreach (var keys in PgpKeyReader.PublicKeys(keyFile))
        {
            var primary = keys.First(k => k.IsMasterKey);
            var encryption = keys.Where(k => k.IsEncryptionKey && !k.HasRevocation() && !Expired(k)).OrderBy(k => k.IsMasterKey).FirstOrDefault();
            if (encryption is not null)
            {
                result.Add(new PgpRecipient(FingerprintOf(primary), encryption));
            }
        }

        return result.Count > 0 ? result : throw new SopsException("The PGP key file has no key that can encrypt (no encryption subkey, or all revoked or expired).");
    }

    /// <summary>The recipient with this fingerprint from a key export.</summary>
    /// <param name="keyFile">The export.</param>
    /// <param name="fingerprint">The primary key's fingerprint (spaces and case ignored; a 16-digit long key id also matches).</param>
    /// <returns>The recipient.</returns>
    /// <exception cref="SopsException">The export holds no such key.</exception>
    public static PgpRecipient Read(byte[] keyFile, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var wanted = NormalizeFingerprint(fingerprint);
        return Read(keyFile).FirstOrDefault(r => r.Fingerprint.EndsWith(wanted, StringComparison.Ordinal))
            ?? throw new SopsException($"The PGP key file has no key with fingerprint {wanted}.");
    }

    /// <summary>Describes the recipient by its fingerprint.</summary>
    /// <returns>The fingerprint.</returns>
    public override string ToString() => Fingerprint;

    /// <summary>A fingerprint as sops writes it: upper-case hex without spaces.</summary>
    /// <param name="fingerprint">A fingerprint as users write it.</param>
    /// <returns>The normal form.</returns>
    public static string NormalizeFingerprint(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var text = fingerprint.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        return text.StartsWith("0X", StringComparison.Ordinal) ? text[2..] : text;
    }

    internal static string FingerprintOf(PgpPublicKey key) => Convert.ToHexString(key.GetFingerprint());

    private static bool Expired(PgpPublicKey key) =>
        key.GetValidSeconds() > 0 && key.CreationTime.AddSeconds(key.GetValidSeconds()) < DateTime.UtcNow;
}

/// <summary>
/// A PGP private key that can open data keys wrapped for it, read in-process from an armored export
/// (<c>gpg --export-secret-keys --armor FP</c>). Keys kept by GnuPG ≥ 2.1 (<c>private-keys-v1.d</c>) cannot be read
/// in-process: <see cref="SopsKeyring.UseGpg"/> lets the <c>gpg</c> binary open those, as sops does.
/// </summary>
public sealed class PgpIdentity
{
    private readonly PgpSecretKeyRingBundle _keys;
    private readonly char[] _passphrase;

    private PgpIdentity(PgpSecretKeyRingBundle keys, char[] passphrase, IReadOnlyList<string> fingerprints)
    {
        _keys = keys;
        _passphrase = passphrase;
        Fingerprints = fingerprints;
    }

    /// <summary>The fingerprints of the primary keys in the export.</summary>
    public IReadOnlyList<string> Fingerprints { get; }

    /// <summary>Reads an armored (or binary) private key export.</summary>
    /// <param name="keyFile">The export's bytes.</param>
    /// <param name="passphrase">The passphrase protecting the keys, if any.</param>
    /// <returns>The identity.</returns>
    /// <exception cref="SopsException">Not a private key export (the message never repeats its content).</exception>
    public static PgpIdentity Read(byte[] keyFile, string? passphrase = null)
    {
        ArgumentNullException.ThrowIfNull(keyFile);
        try
        {
            using var input = PgpUtilities.GetDecoderStream(new MemoryStream(keyFile));
            var bundle = new PgpSecretKeyRingBundle(input);
            var fingerprints = bundle.GetKeyRings().Select(r => PgpRecipient.FingerprintOf(r.GetPublicKey())).ToList();
            return fingerprints.Count > 0
                ? new PgpIdentity(bundle, (passphrase ?? string.Empty).ToCharArray(), fingerprints)
                : throw new SopsException("The file holds no PGP private key.");
        }
        catch (Exception ex) when (ex is PgpException or IOException or ArgumentException)
        {
            throw new SopsException("The file is not a PGP private key export (gpg --export-secret-keys --armor).", ex);
        }
    }

    /// <summary>Describes the identity by its fingerprints only.</summary>
    /// <returns>A safe description.</returns>
    public override string ToString() => "PGP identity for " + string.Join(", ", Fingerprints);

    /// <summary>The public half of a key here, to encrypt for it again (rotation, re-keying).</summary>
    internal PgpRecipient? PublicKeyOf(string fingerprint)
    {
        foreach (var ring in _keys.GetKeyRings())
        {
            var primary = ring.GetPublicKey();
            if (PgpRecipient.FingerprintOf(primary).EndsWith(fingerprint, StringComparison.Ordinal))
            {
                using var export = new MemoryStream();
                foreach (var key in ring.GetPublicKeys())
                {
                    key.Encode(export);
                }

                return PgpRecipient.Read(export.ToArray(), fingerprint);
            }
        }

        return null;
    }

    /// <summary>The message's content when one of its session keys is for a key here; otherwise <see langword="null"/>.</summary>
    internal byte[]? TryDecrypt(string armoredMessage)
    {
        foreach (var encrypted in PgpMessages.EncryptedData(armoredMessage))
        {
            if (_keys.GetSecretKey(encrypted.KeyId) is not { } secret)
            {
                continue;
            }

            PgpPrivateKey key;
            try
            {
                key = secret.ExtractPrivateKey(_passphrase);
            }
            catch (PgpException ex)
            {
                throw new SopsException($"The PGP key {secret.KeyId:X16} is protected by a passphrase that was not given (or is wrong); let gpg open it instead (its agent asks).", ex);
            }

            return PgpMessages.Read(encrypted, key);
        }

        return null;
    }
}

/// <summary>The OpenPGP messages sops stores: one 32-byte data key, encrypted for one public key, ASCII-armored.</summary>
internal static class PgpMessages
{
    public static string Encrypt(ReadOnlySpan<byte> data, PgpRecipient recipient)
    {
        var generator = new PgpEncryptedDataGenerator(SymmetricKeyAlgorithmTag.Aes256, true, new SecureRandom());
        generator.AddMethod(recipient.EncryptionKey);
        using var output = new MemoryStream();
        using (var armor = new ArmoredOutputStream(output, new Dictionary<string, string>()))
        {
            using var encrypted = generator.Open(armor, new byte[4096]);
            var literal = new PgpLiteralDataGenerator();
            using var plain = literal.Open(encrypted, PgpLiteralData.Binary, string.Empty, data.Length, DateTime.UnixEpoch);
            plain.Write(data);
        }

        return Encoding.ASCII.GetString(output.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
    }

    public static IEnumerable<PgpPublicKeyEncryptedData> EncryptedData(string armoredMessage)
    {
        PgpEncryptedDataList? list = null;
        try
        {
            var factory = new PgpObjectFactory(PgpUtilities.GetDecoderStream(new MemoryStream(Encoding.ASCII.GetBytes(armoredMessage))));
            for (var o = factory.NextPgpObject(); o is not null; o = factory.NextPgpObject())
            {
                if (o is PgpEncryptedDataList found)
                {
                    list = found;
                    break; // Reading on would consume the encrypted data itself.
                }
            }
        }
        catch (Exception ex) when (ex is IOException or PgpException)
        {
            throw new SopsException("A PGP-wrapped data key is not a readable OpenPGP message (the metadata was modified).", ex);
        }

        return list is null ? [] : list.GetEncryptedDataObjects().OfType<PgpPublicKeyEncryptedData>();
    }

    public static byte[] Read(PgpPublicKeyEncryptedData encrypted, PgpPrivateKey key)
    {
        try
        {
            using var clear = encrypted.GetDataStream(key);
            var factory = new PgpObjectFactory(clear);
            var message = factory.NextPgpObject();
            if (message is PgpCompressedData compressed)
            {
                message = new PgpObjectFactory(compressed.GetDataStream()).NextPgpObject();
            }

            if (message is not PgpLiteralData literal)
            {
                throw new SopsException("The PGP message holds no literal data.");
            }

            using var content = new MemoryStream();
            literal.GetInputStream().CopyTo(content);
            if (encrypted.IsIntegrityProtected() && !encrypted.Verify())
            {
                throw new SopsException("The PGP message fails its integrity check (it was modified).");
            }

            return content.ToArray();
        }
        catch (Exception ex) when (ex is IOException or PgpException)
        {
            throw new SopsException("The PGP-wrapped data key cannot be decrypted: " + ex.Message, ex);
        }
    }
}

/// <summary>Reads public keys from armored or binary exports of public or secret keys.</summary>
internal static class PgpKeyReader
{
    public static IEnumerable<IReadOnlyList<PgpPublicKey>> PublicKeys(byte[] keyFile)
    {
        var rings = new List<IReadOnlyList<PgpPublicKey>>();
        try
        {
            using var input = PgpUtilities.GetDecoderStream(new MemoryStream(keyFile));
            var factory = new PgpObjectFactory(input);
            for (var o = factory.NextPgpObject(); o is not null; o = factory.NextPgpObject())
            {
                switch (o)
                {
                    case PgpPublicKeyRing ring:
                        rings.Add([.. ring.GetPublicKeys()]);
                        break;
                    case PgpSecretKeyRing secret:
                        rings.Add([.. secret.GetPublicKeys()]);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or PgpException or ArgumentException)
        {
            throw new SopsException("The file is not a PGP key export (gpg --export --armor FINGERPRINT).", ex);
        }

        return rings.Count > 0 ? rings : throw new SopsException("The file holds no PGP key.");
    }
}

/// <summary>
/// The <c>gpg</c> binary, used as sops uses it: to open data keys whose private key lives in the GnuPG key ring (or a
/// smart card) and to export public keys by fingerprint. <c>SOPS_GPG_EXEC</c> names another binary, <c>GNUPGHOME</c>
/// another key ring, as for sops.
/// </summary>
public static class Gpg
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The binary to run: <c>SOPS_GPG_EXEC</c>, else <c>gpg</c>.</summary>
    public static string Executable => Environment.GetEnvironmentVariable("SOPS_GPG_EXEC") is { Length: > 0 } exec ? exec : "gpg";

    /// <summary>Exports the public key with this fingerprint from the local key ring.</summary>
    /// <param name="fingerprint">The fingerprint.</param>
    /// <param name="home">The GnuPG home directory; gpg's default when <see langword="null"/>.</param>
    /// <returns>The recipient.</returns>
    /// <exception cref="SopsException">gpg is missing or has no such key (the message says which and how to add it).</exception>
    public static PgpRecipient ExportPublicKey(string fingerprint, string? home = null)
    {
        var fp = PgpRecipient.NormalizeFingerprint(fingerprint);
        var (code, output, error) = Run([.. Home(home), "--batch", "--export", fp], null);
        if (code != 0 || output.Length == 0)
        {
            throw new SopsException($"gpg has no public key {fp} ({FirstLine(error)}); import it (gpg --import key.asc) or pass it as a file (--pgp-public-key).");
        }

        return PgpRecipient.Read(output, fp);
    }

    /// <summary>Decrypts an armored PGP message with the local key ring; <see langword="null"/> when gpg cannot open it.</summary>
    internal static byte[]? TryDecrypt(string armoredMessage, string? home, out string? problem)
    {
        var (code, output, error) = Run([.. Home(home), "--batch", "--quiet", "--no-tty", "--decrypt"], Encoding.ASCII.GetBytes(armoredMessage));
        problem = code == 0 ? null : FirstLine(error);
        return code == 0 ? output : null;
    }

    private static string[] Home(string? home) => home is null ? [] : ["--homedir", home];

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no output";

    private static (int Code, byte[] Output, string Error) Run(string[] arguments, byte[]? input)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        System.Diagnostics.Process process;
        try
        {
            process = System.Diagnostics.Process.Start(start) ?? throw new SopsException($"'{Executable}' could not be started.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new SopsException($"'{Executable}' is not installed (install GnuPG, or pass the key as a file with --pgp-key / --pgp-public-key).", ex);
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            using var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
            if (input is not null)
            {
                process.StandardInput.BaseStream.Write(input);
            }

            process.StandardInput.Close();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new SopsException(string.Create(CultureInfo.InvariantCulture, $"gpg did not finish within {Timeout.TotalSeconds} s (is it waiting for a passphrase? use gpg-agent)."));
            }

            copy.GetAwaiter().GetResult();
            return (process.ExitCode, output.ToArray(), error.GetAwaiter().GetResult());
        }
    }
}
