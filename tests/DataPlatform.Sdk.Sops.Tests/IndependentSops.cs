using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace DataPlatform.Sdk.Sops.Tests;

/// <summary>
/// A second, deliberately small reading of sops's format written from its documentation with the BCL alone (AesGcm,
/// SHA-512), sharing no code with the SDK: decrypts every <c>ENC[…]</c> value of a dotenv or single-section file with
/// the data key and checks the stored MAC against SHA-512 over the values in file order.
/// </summary>
internal static partial class IndependentSops
{
    public static IReadOnlyList<string> VerifyFlat(string text, byte[] dataKey)
    {
        var values = new List<string>();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        string? mac = null;
        string? lastModified = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("sops_mac=", StringComparison.Ordinal))
            {
                mac = line["sops_mac=".Length..];
                continue;
            }

            if (line.StartsWith("sops_lastmodified=", StringComparison.Ordinal))
            {
                lastModified = line["sops_lastmodified=".Length..];
                continue;
            }

            if (line.StartsWith('#') || line.StartsWith("sops_", StringComparison.Ordinal) || !line.Contains('=', StringComparison.Ordinal))
            {
                continue;
            }

            var key = line[..line.IndexOf('=', StringComparison.Ordinal)];
            var value = Open(line[(key.Length + 1)..], dataKey, key + ":");
            sha.AppendData(Encoding.UTF8.GetBytes(value));
            values.Add(value);
        }

        var stored = Open(mac ?? throw new InvalidOperationException("no sops_mac"), dataKey, lastModified ?? throw new InvalidOperationException("no sops_lastmodified"));
        if (!string.Equals(stored, Convert.ToHexString(sha.GetHashAndReset()), StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("The MAC does not match the values.");
        }

        return values;
    }

    public static string Open(string value, byte[] dataKey, string additionalData)
    {
        var m = Enc().Match(value);
        if (!m.Success)
        {
            throw new InvalidOperationException("not an ENC value");
        }

        var data = Convert.FromBase64String(m.Groups[1].Value);
        var iv = Convert.FromBase64String(m.Groups[2].Value);
        var tag = Convert.FromBase64String(m.Groups[3].Value);
        var plain = new byte[data.Length];
        using var gcm = new AesGcm(dataKey, 16);
        if (iv.Length == 12)
        {
            gcm.Decrypt(iv, data, tag, plain, Encoding.UTF8.GetBytes(additionalData));
        }
        else
        {
            // sops uses 32-byte nonces, which AesGcm (12 bytes only) does not take: derive GCM's J0 as the spec does.
            plain = GcmWithLongNonce(dataKey, iv, data, tag, Encoding.UTF8.GetBytes(additionalData));
        }

        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>AES-GCM with a nonce longer than 96 bits (NIST SP 800-38D: J0 = GHASH(IV ‖ pad ‖ len(IV))), from AES-ECB and GF(2^128) arithmetic.</summary>
    private static byte[] GcmWithLongNonce(byte[] key, byte[] iv, byte[] data, byte[] tag, byte[] aad)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var h = aes.EncryptEcb(new byte[16], PaddingMode.None);
        var j0 = Ghash(h, [], iv);
        var counter = (byte[])j0.Clone();
        var plain = new byte[data.Length];
        for (var offset = 0; offset < data.Length; offset += 16)
        {
            Increment(counter);
            var stream = aes.EncryptEcb(counter, PaddingMode.None);
            for (var i = 0; i < 16 && offset + i < data.Length; i++)
            {
                plain[offset + i] = (byte)(data[offset + i] ^ stream[i]);
            }
        }

        var s = Ghash(h, aad, data);
        var mask = aes.EncryptEcb(j0, PaddingMode.None);
        var computed = s.Zip(mask, (a, b) => (byte)(a ^ b)).ToArray();
        if (!CryptographicOperations.FixedTimeEquals(computed, tag))
        {
            throw new CryptographicException("tag mismatch");
        }

        return plain;
    }

    private static byte[] Ghash(byte[] h, byte[] aad, byte[] data)
    {
        var y = new byte[16];
        void Absorb(byte[] input)
        {
            for (var offset = 0; offset < input.Length; offset += 16)
            {
                for (var i = 0; i < 16 && offset + i < input.Length; i++)
                {
                    y[i] ^= input[offset + i];
                }

                y = Multiply(y, h);
            }
        }

        Absorb(aad);
        Absorb(data);
        var lengths = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(lengths, (ulong)aad.Length * 8);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(lengths.AsSpan(8), (ulong)data.Length * 8);
        Absorb(lengths);
        return y;
    }

    private static byte[] Multiply(byte[] x, byte[] y)
    {
        var z = new byte[16];
        var v = (byte[])y.Clone();
        for (var i = 0; i < 128; i++)
        {
            if ((x[i / 8] >> (7 - (i % 8)) & 1) == 1)
            {
                for (var j = 0; j < 16; j++)
                {
                    z[j] ^= v[j];
                }
            }

            var lsb = v[15] & 1;
            for (var j = 15; j > 0; j--)
            {
                v[j] = (byte)((v[j] >> 1) | (v[j - 1] << 7));
            }

            v[0] >>= 1;
            if (lsb == 1)
            {
                v[0] ^= 0xe1;
            }
        }

        return z;
    }

    private static void Increment(byte[] counter)
    {
        for (var i = 15; i >= 12; i--)
        {
            if (++counter[i] != 0)
            {
                break;
            }
        }
    }

    [GeneratedRegex(@"^ENC\[AES256_GCM,data:([^,]*),iv:([^,]+),tag:([^,]+),type:[a-z]+\]$")]
    private static partial Regex Enc();
}
