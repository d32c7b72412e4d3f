using System.Text;

namespace DataPlatform.Sdk.Sops;

/// <summary>Bech32 (BIP 173) encoding, as age uses for its keys (without the 90-character limit).</summary>
internal static class Bech32
{
    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    public static string Encode(string hrp, ReadOnlySpan<byte> data)
    {
        var values = ConvertBits(data, 8, 5, pad: true)!;
        var checksum = Checksum(hrp.ToLowerInvariant(), values);
        var sb = new StringBuilder(hrp.Length + 1 + values.Length + 6);
        sb.Append(hrp).Append('1');
        foreach (var v in values.Concat(checksum))
        {
            sb.Append(Charset[v]);
        }

        // age writes identities upper case and recipients lower case; the HRP's case decides.
        return hrp.Any(char.IsUpper) ? sb.ToString().ToUpperInvariant() : sb.ToString();
    }

    public static bool TryDecode(string text, out string hrp, out byte[] data)
    {
        hrp = string.Empty;
        data = [];
        if (string.IsNullOrEmpty(text) || (text.Any(char.IsUpper) && text.Any(char.IsLower)))
        {
            return false; // Mixed case is invalid Bech32.
        }

        var lower = text.ToLowerInvariant();
        var separator = lower.LastIndexOf('1');
        if (separator < 1 || separator + 7 > lower.Length)
        {
            return false;
        }

        var values = new byte[lower.Length - separator - 1];
        for (var i = 0; i < values.Length; i++)
        {
            var index = Charset.IndexOf(lower[separator + 1 + i], StringComparison.Ordinal);
            if (index < 0)
            {
                return false;
            }

            values[i] = (byte)index;
        }

        hrp = lower[..separator];
        if (Polymod(Expand(hrp).Concat(values)) != 1)
        {
            return false;
        }

        var decoded = ConvertBits(values.AsSpan(0, values.Length - 6), 5, 8, pad: false);
        if (decoded is null)
        {
            return false;
        }

        data = decoded;
        return true;
    }

    private static byte[] Checksum(string hrp, byte[] values)
    {
        var polymod = Polymod(Expand(hrp).Concat(values).Concat(new byte[6])) ^ 1;
        var result = new byte[6];
        for (var i = 0; i < 6; i++)
        {
            result[i] = (byte)((polymod >> (5 * (5 - i))) & 31);
        }

        return result;
    }

    private static IEnumerable<byte> Expand(string hrp) =>
        hrp.Select(c => (byte)(c >> 5)).Append((byte)0).Concat(hrp.Select(c => (byte)(c & 31)));

    private static uint Polymod(IEnumerable<byte> values)
    {
        uint[] generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
        uint chk = 1;
        foreach (var v in values)
        {
            var top = chk >> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ v;
            for (var i = 0; i < 5; i++)
            {
                if (((top >> i) & 1) != 0)
                {
                    chk ^= generator[i];
                }
            }
        }

        return chk;
    }

    private static byte[]? ConvertBits(ReadOnlySpan<byte> data, int from, int to, bool pad)
    {
        var acc = 0;
        var bits = 0;
        var result = new List<byte>();
        var maxv = (1 << to) - 1;
        foreach (var value in data)
        {
            if (value >> from != 0)
            {
                return null;
            }

            acc = (acc << from) | value;
            bits += from;
            while (bits >= to)
            {
                bits -= to;
                result.Add((byte)((acc >> bits) & maxv));
            }
        }

        if (pad)
        {
            if (bits > 0)
            {
                result.Add((byte)((acc << (to - bits)) & maxv));
            }
        }
        else if (bits >= from || ((acc << (to - bits)) & maxv) != 0)
        {
            return null;
        }

        return [.. result];
    }
}
