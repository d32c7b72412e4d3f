using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc7748;
using Org.BouncyCastle.Security;

namespace DataPlatform.Sdk.Sops;

/// <summary>
/// X-Wing, the ML-KEM-768 + X25519 hybrid KEM (draft-connolly-cfrg-xwing-kem; MLKEM768-X25519 in
/// draft-ietf-hpke-pq), which age's post-quantum recipients (<c>age1pq1…</c>) use: a 32-byte seed expands with
/// SHAKE256 into an ML-KEM-768 key (FIPS 203, BouncyCastle) and an X25519 key, and the two shared secrets are combined
/// with SHA3-256 over both, the X25519 ciphertext and public key, and the X-Wing label.
/// </summary>
internal static class XWing
{
    public const int SeedSize = 32;
    public const int PublicKeySize = 1184 + 32;
    public const int CiphertextSize = 1088 + 32;

    private static readonly byte[] Label = [0x5c, 0x2e, 0x2f, 0x2f, 0x5e, 0x5c]; // "\.//^\"

    public static byte[] PublicKeyOf(ReadOnlySpan<byte> seed)
    {
        var (skM, skX) = Expand(seed);
        try
        {
            return [.. skM.GetPublicKeyEncoded(), .. X25519Public(skX)];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(skX);
        }
    }

    public static (byte[] SharedSecret, byte[] Ciphertext) Encapsulate(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeySize)
        {
            throw new SopsException("A post-quantum age recipient does not hold a 1216-byte X-Wing public key.");
        }

        var pkX = publicKey[1184..].ToArray();
        var ekX = RandomNumberGenerator.GetBytes(32);
        var ctX = X25519Public(ekX);
        var ssX = new byte[32];
        if (!X25519.CalculateAgreement(ekX, 0, pkX, 0, ssX, 0))
        {
            throw new SopsException("A post-quantum age recipient holds an invalid X25519 key.");
        }

        var encapsulator = new MLKemEncapsulator(MLKemParameters.ml_kem_768);
        encapsulator.Init(new Org.BouncyCastle.Crypto.Parameters.ParametersWithRandom(MLKemPublicKeyParameters.FromEncoding(MLKemParameters.ml_kem_768, publicKey[..1184].ToArray()), new SecureRandom()));
        var ctM = new byte[encapsulator.EncapsulationLength];
        var ssM = new byte[encapsulator.SecretLength];
        encapsulator.Encapsulate(ctM, ssM);
        var shared = Combine(ssM, ssX, ctX, pkX);
        CryptographicOperations.ZeroMemory(ekX);
        CryptographicOperations.ZeroMemory(ssX);
        CryptographicOperations.ZeroMemory(ssM);
        return (shared, [.. ctM, .. ctX]);
    }

    public static byte[] Decapsulate(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> ciphertext)
    {
        var (skM, skX) = Expand(seed);
        try
        {
            var decapsulator = new MLKemDecapsulator(MLKemParameters.ml_kem_768);
            decapsulator.Init(skM);
            var ssM = new byte[decapsulator.SecretLength];
            decapsulator.Decapsulate(ciphertext[..1088], ssM);
            var ctX = ciphertext[1088..].ToArray();
            var ssX = new byte[32];
            X25519.CalculateAgreement(skX, 0, ctX, 0, ssX, 0); // a low-order point yields zeros, and the AEAD then fails
            return Combine(ssM, ssX, ctX, X25519Public(skX));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(skX);
        }
    }

    private static (MLKemPrivateKeyParameters MlKem, byte[] X25519) Expand(ReadOnlySpan<byte> seed)
    {
        var shake = new ShakeDigest(256);
        shake.BlockUpdate(seed);
        var expanded = new byte[96];
        shake.OutputFinal(expanded);
        var mlKem = MLKemPrivateKeyParameters.FromSeed(MLKemParameters.ml_kem_768, expanded[..64]);
        var x25519 = expanded[64..];
        CryptographicOperations.ZeroMemory(expanded);
        return (mlKem, x25519);
    }

    private static byte[] X25519Public(byte[] secret)
    {
        var result = new byte[32];
        X25519.ScalarMultBase(secret, 0, result, 0);
        return result;
    }

    private static byte[] Combine(byte[] ssM, byte[] ssX, byte[] ctX, byte[] pkX)
    {
        var sha3 = new Sha3Digest(256);
        foreach (var part in new[] { ssM, ssX, ctX, pkX, Label })
        {
            sha3.BlockUpdate(part);
        }

        var result = new byte[32];
        sha3.DoFinal(result);
        return result;
    }
}

/// <summary>
/// HPKE (RFC 9180) base mode as age's <c>mlkem768x25519</c> stanza uses it: KEM MLKEM768-X25519 (0x647a), KDF
/// HKDF-SHA256, AEAD ChaCha20-Poly1305, <c>info</c> <c>age-encryption.org/mlkem768x25519</c>, empty additional data.
/// </summary>
internal static class AgeHpke
{
    public const string StanzaType = "mlkem768x25519";

    private static readonly byte[] Info = Encoding.ASCII.GetBytes("age-encryption.org/mlkem768x25519");
    private static readonly byte[] SuiteId = [.. "HPKE"u8, 0x64, 0x7a, 0x00, 0x01, 0x00, 0x03];

    public static (byte[] Enc, byte[] Body) Seal(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> fileKey)
    {
        var (shared, enc) = XWing.Encapsulate(publicKey);
        var (key, nonce) = KeySchedule(shared);
        var body = new byte[fileKey.Length + 16];
        using (var aead = new ChaCha20Poly1305(key))
        {
            aead.Encrypt(nonce, fileKey, body.AsSpan(0, fileKey.Length), body.AsSpan(fileKey.Length));
        }

        CryptographicOperations.ZeroMemory(key);
        return (enc, body);
    }

    /// <summary>The file key, or <see langword="null"/> when the stanza is not for this seed.</summary>
    public static byte[]? Open(ReadOnlySpan<byte> seed, byte[] enc, byte[] body)
    {
        if (enc.Length != XWing.CiphertextSize || body.Length != 32)
        {
            return null;
        }

        var (key, nonce) = KeySchedule(XWing.Decapsulate(seed, enc));
        var fileKey = new byte[body.Length - 16];
        try
        {
            using var aead = new ChaCha20Poly1305(key);
            aead.Decrypt(nonce, body.AsSpan(0, fileKey.Length), body.AsSpan(fileKey.Length), fileKey);
            return fileKey;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static (byte[] Key, byte[] Nonce) KeySchedule(byte[] sharedSecret)
    {
        var pskIdHash = LabeledExtract([], "psk_id_hash", []);
        var infoHash = LabeledExtract([], "info_hash", Info);
        byte[] context = [0x00, .. pskIdHash, .. infoHash];
        var secret = LabeledExtract(sharedSecret, "secret", []);
        CryptographicOperations.ZeroMemory(sharedSecret);
        return (LabeledExpand(secret, "key", context, 32), LabeledExpand(secret, "base_nonce", context, 12));
    }

    private static byte[] LabeledExtract(byte[] salt, string label, byte[] ikm) =>
        HKDF.Extract(HashAlgorithmName.SHA256, [.. "HPKE-v1"u8, .. SuiteId, .. Encoding.ASCII.GetBytes(label), .. ikm], salt);

    private static byte[] LabeledExpand(byte[] prk, string label, byte[] info, int length)
    {
        var prefix = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(prefix, (ushort)length);
        return HKDF.Expand(HashAlgorithmName.SHA256, prk, length, [.. prefix, .. "HPKE-v1"u8, .. SuiteId, .. Encoding.ASCII.GetBytes(label), .. info]);
    }
}
