using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace DataPlatform.Sdk.Sops;

/// <summary>A failure to encrypt or decrypt: a wrong key, a tampered file, a malformed value. Never carries key material or plaintext.</summary>
public sealed class SopsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SopsException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and how to fix it.</param>
    public SopsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SopsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// An age recipient (public key): X25519 (<c>age1…</c>) or post-quantum hybrid ML-KEM-768 + X25519 (<c>age1pq1…</c>,
/// age 1.3's <c>mlkem768x25519</c> recipient type).
/// </summary>
public sealed class AgeRecipient : IEquatable<AgeRecipient>
{
    private const string PostQuantumHrp = "age1pq";
    private readonly byte[] _publicKey;

    private AgeRecipient(byte[] publicKey, bool postQuantum = false)
    {
        _publicKey = publicKey;
        IsPostQuantum = postQuantum;
    }

    /// <summary>The public key: 32 bytes (X25519), or 1216 bytes (the X-Wing key of a post-quantum recipient).</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>Whether this is a post-quantum hybrid recipient (<c>age1pq1…</c>).</summary>
    public bool IsPostQuantum { get; }

    /// <summary>Parses <c>age1…</c>.</summary>
    /// <param name="text">The recipient.</param>
    /// <returns>The recipient.</returns>
    /// <exception cref="FormatException">Not an age X25519 recipient.</exception>
    public static AgeRecipient Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Bech32.TryDecode(text.Trim(), out var pqHrp, out var pqData) && pqHrp == PostQuantumHrp && pqData.Length == XWing.PublicKeySize)
        {
            return new AgeRecipient(pqData, postQuantum: true);
        }

        if (!Bech32.TryDecode(text.Trim(), out var hrp, out var data) || hrp != "age" || data.Length != 32)
        {
            // Never repeat a private key: people paste AGE-SECRET-KEY-1… where a recipient belongs.
            throw new FormatException(text.TrimStart().StartsWith("AGE-SECRET-KEY-", StringComparison.OrdinalIgnoreCase)
                ? "An age private key (AGE-SECRET-KEY-1…) was given where a recipient (age1…, the public key) belongs; it is not repeated here. Treat it as exposed if it was typed into a shared place."
                : $"'{Diagnostics.SecretPatterns.Redact(text.Length > 80 ? text[..80] + "…" : text)}' is not an age recipient (age1…, Bech32: 32 bytes for X25519, or age1pq1…: 1216 bytes for post-quantum).");
        }

        return new AgeRecipient(data);
    }

    /// <summary>Parses a recipient, without throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="recipient">The recipient.</param>
    /// <returns>Whether it parsed.</returns>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AgeRecipient? recipient)
    {
        try
        {
            recipient = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            recipient = null;
            return false;
        }
    }

    internal static AgeRecipient FromPublicKey(byte[] publicKey, bool postQuantum = false) => new(publicKey, postQuantum);

    /// <summary>The <c>age1…</c> (or <c>age1pq1…</c>) form.</summary>
    /// <returns>The recipient string.</returns>
    public override string ToString() => Bech32.Encode(IsPostQuantum ? PostQuantumHrp : "age", _publicKey);

    /// <inheritdoc />
    public bool Equals(AgeRecipient? other) => other is not null && other.IsPostQuantum == IsPostQuantum && _publicKey.AsSpan().SequenceEqual(other._publicKey);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AgeRecipient);

    /// <inheritdoc />
    public override int GetHashCode() => BinaryPrimitives.ReadInt32LittleEndian(_publicKey);
}

/// <summary>
/// An age identity (private key): X25519 (<c>AGE-SECRET-KEY-1…</c>) or post-quantum (<c>AGE-SECRET-KEY-PQ-1…</c>, a
/// 32-byte X-Wing seed). <see cref="ToString"/> never shows the key; export it deliberately with <see cref="ExportSecret"/>.
/// </summary>
public sealed class AgeIdentity
{
    private readonly byte[] _secret;

    private AgeIdentity(byte[] secret, bool postQuantum = false)
    {
        _secret = secret;
        IsPostQuantum = postQuantum;
        if (postQuantum)
        {
            Recipient = AgeRecipient.FromPublicKey(XWing.PublicKeyOf(secret), postQuantum: true);
            return;
        }

        var pub = new byte[32];
        X25519.ScalarMultBase(_secret, 0, pub, 0);
        Recipient = AgeRecipient.FromPublicKey(pub);
    }

    /// <summary>Whether this is a post-quantum hybrid identity.</summary>
    public bool IsPostQuantum { get; }

    /// <summary>Generates a new post-quantum hybrid identity (ML-KEM-768 + X25519), as <c>age-keygen -pq</c> does.</summary>
    /// <returns>The identity.</returns>
    public static AgeIdentity GeneratePostQuantum() => new(RandomNumberGenerator.GetBytes(XWing.SeedSize), postQuantum: true);

    /// <summary>The recipient (public key) of this identity.</summary>
    public AgeRecipient Recipient { get; }

    /// <summary>Generates a new identity from the system's cryptographic random source.</summary>
    /// <returns>The identity.</returns>
    public static AgeIdentity Generate() => new(RandomNumberGenerator.GetBytes(32));

    /// <summary>Parses <c>AGE-SECRET-KEY-1…</c>.</summary>
    /// <param name="text">The identity.</param>
    /// <returns>The identity.</returns>
    /// <exception cref="FormatException">Not an age X25519 identity (the message never repeats the text).</exception>
    public static AgeIdentity Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Bech32.TryDecode(text.Trim(), out var hrp, out var data) || hrp is not ("age-secret-key-" or "age-secret-key-pq-") || data.Length != 32)
        {
            throw new FormatException("The text is not an age identity (AGE-SECRET-KEY-1… or AGE-SECRET-KEY-PQ-1…, Bech32, 32 bytes).");
        }

        return new AgeIdentity(data, postQuantum: hrp == "age-secret-key-pq-");
    }

    /// <summary>The <c>AGE-SECRET-KEY-1…</c> form, for writing a key file. Handle with care.</summary>
    /// <returns>The secret key.</returns>
    public string ExportSecret() => Bech32.Encode(IsPostQuantum ? "AGE-SECRET-KEY-PQ-" : "AGE-SECRET-KEY-", _secret);

    /// <summary>A key file in age-keygen's format (created date, public key comment, secret key line).</summary>
    /// <param name="created">The creation time written in the comment.</param>
    /// <returns>The file content.</returns>
    public string ToKeyFile(DateTimeOffset created) =>
        $"# created: {created.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}\n# public key: {Recipient}\n{ExportSecret()}\n";

    /// <summary>Describes the identity by its public key only.</summary>
    /// <returns>A safe description.</returns>
    public override string ToString() => $"age identity for {Recipient}";

    internal byte[]? UnwrapPostQuantum(byte[] enc, byte[] body) => IsPostQuantum ? AgeHpke.Open(_secret, enc, body) : null;

    internal byte[]? Unwrap(byte[] share, byte[] body)
    {
        if (IsPostQuantum)
        {
            return null;
        }

        var shared = new byte[32];
        if (!X25519.CalculateAgreement(_secret, 0, share, 0, shared, 0))
        {
            return null; // Low-order point: not for us.
        }

        var salt = share.Concat(Recipient.PublicKey.ToArray()).ToArray();
        var wrapKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, salt, Encoding.ASCII.GetBytes(Age.X25519Label));
        var fileKey = new byte[16];
        try
        {
            using var aead = new ChaCha20Poly1305(wrapKey);
            aead.Decrypt(new byte[12], body.AsSpan(0, 16), body.AsSpan(16, 16), fileKey);
            return fileKey;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}

/// <summary>
/// The age v1 file format (age-encryption.org/v1) with X25519 recipients: encrypt to several recipients, decrypt with
/// any matching identity, ASCII armor. Interoperable with the age command and sops.
/// </summary>
public static class Age
{
    internal const string X25519Label = "age-encryption.org/v1/X25519";
    private const string Intro = "age-encryption.org/v1";
    private const string ArmorBegin = "-----BEGIN AGE ENCRYPTED FILE-----";
    private const string ArmorEnd = "-----END AGE ENCRYPTED FILE-----";
    private const int ChunkSize = 64 * 1024;

    /// <summary>Encrypts to recipients.</summary>
    /// <param name="plaintext">The data.</param>
    /// <param name="recipients">At least one recipient.</param>
    /// <param name="armor">ASCII-armor the result (as sops stores it).</param>
    /// <returns>The age file.</returns>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, IEnumerable<AgeRecipient> recipients, bool armor = false)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        var list = recipients.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("At least one recipient is needed.", nameof(recipients));
        }

        if (list.Any(r => r.IsPostQuantum) && list.Any(r => !r.IsPostQuantum))
        {
            throw new SopsException("Post-quantum and classic age recipients cannot share one age file (age refuses it too: the classic stanza would undo the protection).");
        }

        var fileKey = RandomNumberGenerator.GetBytes(16);
        var header = new StringBuilder(Intro).Append('\n');
        foreach (var r in list)
        {
            if (r.IsPostQuantum)
            {
                var (enc, sealedKey) = AgeHpke.Seal(r.PublicKey, fileKey);
                header.Append("-> ").Append(AgeHpke.StanzaType).Append(' ').Append(RawBase64(enc)).Append('\n');
                header.Append(Wrap(RawBase64(sealedKey))).Append('\n');
                continue;
            }

            var ephemeral = RandomNumberGenerator.GetBytes(32);
            var share = new byte[32];
            X25519.ScalarMultBase(ephemeral, 0, share, 0);
            var shared = new byte[32];
            if (!X25519.CalculateAgreement(ephemeral, 0, r.PublicKey.ToArray(), 0, shared, 0))
            {
                throw new SopsException($"Recipient {r} is not a valid X25519 public key.");
            }

            var salt = share.Concat(r.PublicKey.ToArray()).ToArray();
            var wrapKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, salt, Encoding.ASCII.GetBytes(X25519Label));
            var body = new byte[32];
            using (var aead = new ChaCha20Poly1305(wrapKey))
            {
                aead.Encrypt(new byte[12], fileKey, body.AsSpan(0, 16), body.AsSpan(16, 16));
            }

            header.Append("-> X25519 ").Append(RawBase64(share)).Append('\n');
            header.Append(Wrap(RawBase64(body))).Append('\n');
        }

        header.Append("---");
        var macKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, fileKey, 32, [], "header"u8.ToArray());
        var mac = HMACSHA256.HashData(macKey, Encoding.ASCII.GetBytes(header.ToString()));
        header.Append(' ').Append(RawBase64(mac)).Append('\n');

        var nonce = RandomNumberGenerator.GetBytes(16);
        var payloadKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, fileKey, 32, nonce, "payload"u8.ToArray());
        using var output = new MemoryStream();
        output.Write(Encoding.ASCII.GetBytes(header.ToString()));
        output.Write(nonce);
        using (var aead = new ChaCha20Poly1305(payloadKey))
        {
            var counter = 0UL;
            var offset = 0;
            do
            {
                var length = Math.Min(ChunkSize, plaintext.Length - offset);
                var last = offset + length >= plaintext.Length;
                var chunk = new byte[length + 16];
                aead.Encrypt(ChunkNonce(counter, last), plaintext.Slice(offset, length), chunk.AsSpan(0, length), chunk.AsSpan(length, 16));
                output.Write(chunk);
                offset += length;
                counter++;
            }
            while (offset < plaintext.Length);
        }

        var binary = output.ToArray();
        return armor ? Encoding.ASCII.GetBytes(Armor(binary)) : binary;
    }

    /// <summary>Decrypts with the first identity that matches a recipient stanza.</summary>
    /// <param name="file">The age file, binary or armored.</param>
    /// <param name="identities">The identities to try.</param>
    /// <returns>The plaintext.</returns>
    /// <exception cref="SopsException">No identity matches, or the file is malformed or was tampered with.</exception>
    public static byte[] Decrypt(ReadOnlySpan<byte> file, IEnumerable<AgeIdentity> identities)
    {
        ArgumentNullException.ThrowIfNull(identities);
        var data = file.ToArray();
        var text = Encoding.ASCII.GetString(data, 0, Math.Min(data.Length, 64)).TrimStart();
        if (text.StartsWith(ArmorBegin, StringComparison.Ordinal))
        {
            data = Dearmor(Encoding.ASCII.GetString(data));
        }

        var (stanzas, headerForMac, mac, payloadStart) = ParseHeader(data);
        var ids = identities.ToList();
        byte[]? fileKey = null;
        foreach (var (type, args, body) in stanzas)
        {
            if (type == AgeHpke.StanzaType && args.Length == 1 && body.Length == 32)
            {
                var enc = FromRawBase64(args[0]);
                fileKey = ids.Select(id => id.UnwrapPostQuantum(enc, body)).FirstOrDefault(k => k is not null);
                if (fileKey is not null)
                {
                    break;
                }

                continue;
            }

            if (type != "X25519" || args.Length != 1 || body.Length != 32)
            {
                continue;
            }

            var share = FromRawBase64(args[0]);
            if (share.Length != 32)
            {
                throw new SopsException("The age header holds an X25519 stanza whose share is not 32 bytes; the file is damaged.");
            }

            foreach (var id in ids)
            {
                fileKey = id.Unwrap(share, body);
                if (fileKey is not null)
                {
                    break;
                }
            }

            if (fileKey is not null)
            {
                break;
            }
        }

        if (fileKey is null)
        {
            var wanted = stanzas.Count(s => s.Type is "X25519" or AgeHpke.StanzaType);
            throw new SopsException(ids.Count == 0
                ? "No age identity is available: set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY, or put the key in the default sops key file."
                : $"None of the {ids.Count} age identities matches the file's {wanted} X25519 or post-quantum recipient(s).");
        }

        var macKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, fileKey, 32, [], "header"u8.ToArray());
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(macKey, headerForMac), mac))
        {
            throw new SopsException("The age header MAC does not match: the file was modified.");
        }

        if (data.Length - payloadStart < 16 + 16)
        {
            throw new SopsException("The age payload is truncated.");
        }

        var nonce = data.AsSpan(payloadStart, 16).ToArray();
        var payloadKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, fileKey, 32, nonce, "payload"u8.ToArray());
        using var output = new MemoryStream();
        using var aead = new ChaCha20Poly1305(payloadKey);
        var offset = payloadStart + 16;
        var counter = 0UL;
        while (offset < data.Length)
        {
            var length = Math.Min(ChunkSize + 16, data.Length - offset);
            var last = offset + length >= data.Length;
            var plain = new byte[length - 16];
            try
            {
                aead.Decrypt(ChunkNonce(counter, last), data.AsSpan(offset, length - 16), data.AsSpan(offset + length - 16, 16), plain);
            }
            catch (AuthenticationTagMismatchException ex)
            {
                throw new SopsException("The age payload does not authenticate: the file was modified or truncated.", ex);
            }

            output.Write(plain);
            offset += length;
            counter++;
        }

        return output.ToArray();
    }

    private static byte[] ChunkNonce(ulong counter, bool last)
    {
        var nonce = new byte[12];
        BinaryPrimitives.WriteUInt64BigEndian(nonce.AsSpan(3, 8), counter);
        nonce[11] = last ? (byte)1 : (byte)0;
        return nonce;
    }

    private static (List<(string Type, string[] Args, byte[] Body)> Stanzas, byte[] HeaderForMac, byte[] Mac, int PayloadStart) ParseHeader(byte[] data)
    {
        var stanzas = new List<(string, string[], byte[])>();
        var position = 0;
        string ReadLine()
        {
            var end = Array.IndexOf(data, (byte)'\n', position);
            if (end < 0)
            {
                throw new SopsException("The age header is truncated.");
            }

            var line = Encoding.ASCII.GetString(data, position, end - position);
            position = end + 1;
            return line;
        }

        if (ReadLine() != Intro)
        {
            throw new SopsException("Not an age v1 file (the first line must be 'age-encryption.org/v1').");
        }

        while (true)
        {
            var lineStart = position;
            var line = ReadLine();
            if (line.StartsWith("--- ", StringComparison.Ordinal))
            {
                var headerForMac = data.AsSpan(0, lineStart + 3).ToArray();
                return (stanzas, headerForMac, FromRawBase64(line[4..]), position);
            }

            if (!line.StartsWith("-> ", StringComparison.Ordinal))
            {
                throw new SopsException("Malformed age header: expected a recipient stanza or the MAC line.");
            }

            var parts = line[3..].Split(' ');
            var body = new StringBuilder();
            while (true)
            {
                var bodyLine = ReadLine();
                body.Append(bodyLine);
                if (bodyLine.Length < 64)
                {
                    break;
                }
            }

            stanzas.Add((parts[0], parts[1..], FromRawBase64(body.ToString())));
        }
    }

    private static string RawBase64(ReadOnlySpan<byte> data) => Convert.ToBase64String(data).TrimEnd('=');

    private static byte[] FromRawBase64(string text)
    {
        if (text.Contains('=', StringComparison.Ordinal))
        {
            throw new SopsException("Malformed age header: padded base64.");
        }

        var padded = text + new string('=', (4 - (text.Length % 4)) % 4);
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException ex)
        {
            throw new SopsException("Malformed age header: invalid base64.", ex);
        }
    }

    /// <summary>Wraps a stanza body at 64 columns; the last line is always shorter (possibly empty).</summary>
    private static string Wrap(string text)
    {
        var sb = new StringBuilder();
        var i = 0;
        for (; i + 64 <= text.Length; i += 64)
        {
            sb.Append(text, i, 64).Append('\n');
        }

        return sb.Append(text, i, text.Length - i).ToString();
    }

    private static string Armor(byte[] binary)
    {
        var b64 = Convert.ToBase64String(binary);
        var sb = new StringBuilder(ArmorBegin).Append('\n');
        for (var i = 0; i < b64.Length; i += 64)
        {
            sb.Append(b64, i, Math.Min(64, b64.Length - i)).Append('\n');
        }

        return sb.Append(ArmorEnd).Append('\n').ToString();
    }

    private static byte[] Dearmor(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim().Split('\n').Select(l => l.Trim()).ToList();
        if (lines.Count < 2 || lines[0] != ArmorBegin || lines[^1] != ArmorEnd)
        {
            throw new SopsException("Malformed age armor: expected BEGIN/END AGE ENCRYPTED FILE lines.");
        }

        try
        {
            return Convert.FromBase64String(string.Concat(lines.Skip(1).Take(lines.Count - 2)));
        }
        catch (FormatException ex)
        {
            throw new SopsException("Malformed age armor: invalid base64.", ex);
        }
    }
}
