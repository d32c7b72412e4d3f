using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace DataPlatform.Sdk.Sops;

/// <summary>The type a SOPS value had before encryption.</summary>
public enum SopsValueType
{
    /// <summary>A string.</summary>
    Str,

    /// <summary>An integer.</summary>
    Int,

    /// <summary>A floating-point number.</summary>
    Float,

    /// <summary>A boolean.</summary>
    Bool,

    /// <summary>A YAML comment.</summary>
    Comment,
}

/// <summary>
/// SOPS's value encryption: AES-256-GCM with a 32-byte random IV and the value's key path as additional data, written
/// as <c>ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]</c>. (The IV length is why this uses BouncyCastle's GCM: the BCL's
/// <see cref="AesGcm"/> accepts 12-byte nonces only.)
/// </summary>
public static partial class SopsCipher
{
    /// <summary>Whether a string is an encrypted SOPS value.</summary>
    /// <param name="value">The string.</param>
    /// <returns><see langword="true"/> for <c>ENC[AES256_GCM,…]</c>.</returns>
    public static bool IsEncrypted(string? value) => value is not null && value.StartsWith("ENC[AES256_GCM,", StringComparison.Ordinal) && value.EndsWith(']');

    /// <summary>Encrypts a value.</summary>
    /// <param name="plaintext">The value as text (see <see cref="SopsValues"/> for how typed values are written).</param>
    /// <param name="type">Its type.</param>
    /// <param name="dataKey">The 32-byte data key.</param>
    /// <param name="additionalData">The key path, e.g. <c>data:password:</c>.</param>
    /// <returns>The <c>ENC[…]</c> string; an empty string stays empty, as in sops.</returns>
    public static string Encrypt(string plaintext, SopsValueType type, ReadOnlySpan<byte> dataKey, string additionalData)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        return EncryptBytes(Encoding.UTF8.GetBytes(plaintext), type, dataKey, additionalData);
    }

    /// <summary>Encrypts raw bytes (a binary file's content, which need not be UTF-8).</summary>
    internal static string EncryptBytes(byte[] input, SopsValueType type, ReadOnlySpan<byte> dataKey, string additionalData)
    {
        ArgumentNullException.ThrowIfNull(additionalData);
        if (input.Length == 0)
        {
            return string.Empty;
        }

        var iv = RandomNumberGenerator.GetBytes(32);
        var gcm = new GcmBlockCipher(new AesEngine());
        gcm.Init(true, new AeadParameters(new KeyParameter(dataKey.ToArray()), 128, iv, Encoding.UTF8.GetBytes(additionalData)));
        var output = new byte[gcm.GetOutputSize(input.Length)];
        var length = gcm.ProcessBytes(input, 0, input.Length, output, 0);
        length += gcm.DoFinal(output, length);
        var data = output.AsSpan(0, length - 16);
        var tag = output.AsSpan(length - 16, 16);
        return $"ENC[AES256_GCM,data:{Convert.ToBase64String(data)},iv:{Convert.ToBase64String(iv)},tag:{Convert.ToBase64String(tag)},type:{Name(type)}]";
    }

    /// <summary>Decrypts a value.</summary>
    /// <param name="value">The <c>ENC[…]</c> string.</param>
    /// <param name="dataKey">The data key.</param>
    /// <param name="additionalData">The key path it was encrypted under.</param>
    /// <returns>The plaintext and its type.</returns>
    /// <exception cref="SopsException">Malformed, or the key, path or value do not authenticate.</exception>
    public static (string Plaintext, SopsValueType Type) Decrypt(string value, ReadOnlySpan<byte> dataKey, string additionalData)
    {
        if (TryDecrypt(value, dataKey, additionalData, out var plaintext, out var type) is { } problem)
        {
            throw new SopsException(problem);
        }

        return (plaintext, type);
    }

    /// <summary>Decrypts a value; returns what is wrong instead of throwing.</summary>
    /// <param name="value">The <c>ENC[…]</c> string.</param>
    /// <param name="dataKey">The data key.</param>
    /// <param name="additionalData">The key path.</param>
    /// <param name="plaintext">The plaintext.</param>
    /// <param name="type">The type.</param>
    /// <returns><see langword="null"/> on success, else the problem.</returns>
    public static string? TryDecrypt(string value, ReadOnlySpan<byte> dataKey, string additionalData, out string plaintext, out SopsValueType type)
    {
        var problem = TryDecryptBytes(value, dataKey, additionalData, out var bytes, out type);
        plaintext = problem is null ? Encoding.UTF8.GetString(bytes) : string.Empty;
        return problem;
    }

    /// <summary>Decrypts a value to its raw bytes (a binary file's content).</summary>
    internal static string? TryDecryptBytes(string value, ReadOnlySpan<byte> dataKey, string additionalData, out byte[] plaintext, out SopsValueType type)
    {
        ArgumentNullException.ThrowIfNull(value);
        plaintext = [];
        type = SopsValueType.Str;
        var m = EncPattern().Match(value);
        if (!m.Success)
        {
            return "Not a SOPS encrypted value (expected ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]).";
        }

        if (ParseType(m.Groups["type"].Value) is not { } t)
        {
            return $"Unknown SOPS value type '{m.Groups["type"].Value}'.";
        }

        type = t;
        byte[] data, iv, tag;
        try
        {
            data = Convert.FromBase64String(m.Groups["data"].Value);
            iv = Convert.FromBase64String(m.Groups["iv"].Value);
            tag = Convert.FromBase64String(m.Groups["tag"].Value);
        }
        catch (FormatException)
        {
            return "Malformed SOPS value: invalid base64.";
        }

        if (tag.Length != 16 || iv.Length == 0)
        {
            return "Malformed SOPS value: wrong tag or IV length.";
        }

        var gcm = new GcmBlockCipher(new AesEngine());
        gcm.Init(false, new AeadParameters(new KeyParameter(dataKey.ToArray()), 128, iv, Encoding.UTF8.GetBytes(additionalData)));
        var input = data.Concat(tag).ToArray();
        var output = new byte[gcm.GetOutputSize(input.Length)];
        try
        {
            var length = gcm.ProcessBytes(input, 0, input.Length, output, 0);
            length += gcm.DoFinal(output, length);
            plaintext = output[..length];
            return null;
        }
        catch (Org.BouncyCastle.Crypto.InvalidCipherTextException)
        {
            return "The value does not authenticate: it was modified, moved to another key, or encrypted with another data key.";
        }
    }

    private static string Name(SopsValueType type) => type switch
    {
        SopsValueType.Int => "int",
        SopsValueType.Float => "float",
        SopsValueType.Bool => "bool",
        SopsValueType.Comment => "comment",
        _ => "str",
    };

    private static SopsValueType? ParseType(string name) => name switch
    {
        "str" => SopsValueType.Str,
        "int" => SopsValueType.Int,
        "float" => SopsValueType.Float,
        "bool" => SopsValueType.Bool,
        "comment" => SopsValueType.Comment,
        "bytes" => SopsValueType.Str,
        _ => null,
    };

    [GeneratedRegex(@"^ENC\[AES256_GCM,data:(?<data>[A-Za-z0-9+/=]*),iv:(?<iv>[A-Za-z0-9+/=]+),tag:(?<tag>[A-Za-z0-9+/=]+),type:(?<type>[a-z]+)\]$", RegexOptions.CultureInvariant)]
    private static partial Regex EncPattern();
}

/// <summary>How SOPS turns typed values into text: for encryption (Go's strconv forms) and for the MAC (sops's ToBytes).</summary>
public static partial class SopsValues
{
    /// <summary>Resolves a plain YAML scalar the way sops (YAML 1.2 core schema) types it.</summary>
    /// <param name="text">The plain scalar.</param>
    /// <returns>The type, or <see langword="null"/> for null.</returns>
    public static SopsValueType? ResolvePlain(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return SopsValueType.Bool;
        }

        if (IntPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            return SopsValueType.Int;
        }

        return FloatPattern().IsMatch(text) ? SopsValueType.Float : SopsValueType.Str;
    }

    /// <summary>
    /// The text sops encrypts and hashes for a typed value: integers as Go's strconv.Itoa, floats as FormatFloat 'f' -1,
    /// booleans as <c>True</c>/<c>False</c> (what sops's MAC hashes, and what files written by sops hold).
    /// </summary>
    /// <param name="text">The value as written.</param>
    /// <param name="type">Its type.</param>
    /// <returns>The canonical text.</returns>
    public static string Canonical(string text, SopsValueType type)
    {
        ArgumentNullException.ThrowIfNull(text);
        return type switch
        {
            SopsValueType.Bool => text.Equals("true", StringComparison.OrdinalIgnoreCase) ? "True" : "False",
            SopsValueType.Int => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
            SopsValueType.Float => FormatFloat(double.Parse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture)),
            _ => text,
        };
    }

    /// <summary>
    /// The bytes sops hashes into the MAC for a value: its canonical text; comments are encrypted but not hashed
    /// (checked against files written by the real sops).
    /// </summary>
    /// <param name="canonical">The canonical text.</param>
    /// <param name="type">Its type.</param>
    /// <returns>The bytes.</returns>
    public static byte[] MacBytes(string canonical, SopsValueType type) =>
        type == SopsValueType.Comment ? [] : Encoding.UTF8.GetBytes(canonical);

    /// <summary>Go's strconv.FormatFloat(v, 'f', -1, 64): shortest round-trip digits, never an exponent.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        var r = value.ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOfAny(['E', 'e']);
        if (e < 0)
        {
            return r;
        }

        var mantissa = r[..e];
        var exponent = int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        var negative = mantissa.StartsWith('-');
        var digits = mantissa.TrimStart('-').Replace(".", string.Empty, StringComparison.Ordinal);
        var point = mantissa.TrimStart('-').IndexOf('.', StringComparison.Ordinal);
        point = (point < 0 ? mantissa.TrimStart('-').Length : point) + exponent;
        string result;
        if (point <= 0)
        {
            result = "0." + new string('0', -point) + digits;
        }
        else if (point >= digits.Length)
        {
            result = digits + new string('0', point - digits.Length);
        }
        else
        {
            result = digits[..point] + "." + digits[point..];
        }

        return (negative ? "-" : string.Empty) + result;
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
