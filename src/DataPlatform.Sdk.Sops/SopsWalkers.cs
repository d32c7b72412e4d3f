using System.Security.Cryptography;
using System.Text.RegularExpressions;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Sops;

/// <summary>sops's rule for which values are encrypted, by the keys on their path.</summary>
internal sealed record Selector(string? EncryptedRegex, string? UnencryptedRegex, string? EncryptedSuffix, string? UnencryptedSuffix)
{
    public bool ShouldEncrypt(List<string> path)
    {
        var encrypted = true;
        if (UnencryptedSuffix is { Length: > 0 } us && path.Any(k => k.EndsWith(us, StringComparison.Ordinal)))
        {
            encrypted = false;
        }

        if (EncryptedSuffix is { Length: > 0 } es)
        {
            encrypted = path.Any(k => k.EndsWith(es, StringComparison.Ordinal));
        }

        if (EncryptedRegex is { Length: > 0 } er)
        {
            var regex = new Regex(er, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            encrypted = path.Any(k => regex.IsMatch(k));
        }

        if (UnencryptedRegex is { Length: > 0 } ur)
        {
            var regex = new Regex(ur, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            if (path.Any(k => regex.IsMatch(k)))
            {
                encrypted = false;
            }
        }

        return encrypted;
    }
}

/// <summary>Walks the tree in sops's order, encrypting or decrypting leaves and hashing them into the MAC.</summary>
internal sealed class Walker(byte[] dataKey, Selector? selector, bool macOnlyEncrypted, IncrementalHash hash, bool encrypt)
{
    /// <summary>A whole document: comments before the root belong to the root mapping for sops (path <c>[]</c>).</summary>
    public void Document(YamlDocument document)
    {
        TrailingComments(document.HeaderComments, []);
        Node(document.Root!, []);
        TrailingComments(document.FooterComments, []);
    }

    public void Node(YamlNode node, List<string> path)
    {
        switch (node)
        {
            case YamlMapping m:
                foreach (var entry in m.Entries)
                {
                    Comments(entry, m, path);
                    var childPath = new List<string>(path) { entry.Key.Value };
                    entry.Value = Child(entry.Value, childPath);
                }

                TrailingComments(m.TrailingComments, path);
                break;
            case YamlSequence s:
                foreach (var item in s.Items)
                {
                    Comments(item, null, path);
                    item.Value = Child(item.Value, path);
                }

                TrailingComments(s.TrailingComments, path);
                break;
        }
    }

    private YamlNode Child(YamlNode value, List<string> path)
    {
        if (value is YamlScalar s)
        {
            return Leaf(s, path);
        }

        Node(value, path);
        return value;
    }

    private YamlScalar Leaf(YamlScalar s, List<string> path)
    {
        var aad = string.Join(':', path) + ":";
        if (encrypt)
        {
            var type = s.Style == YamlScalarStyle.Plain && s.Tag is null ? SopsValues.ResolvePlain(s.Value) : SopsValueType.Str;
            if (type is not { } t)
            {
                return s; // null: nothing to encrypt or hash.
            }

            var canonical = SopsValues.Canonical(s.Value, t);
            var encrypted = selector!.ShouldEncrypt(path);
            Hash(canonical, t, encrypted);
            return encrypted && canonical.Length > 0 ? new YamlScalar(SopsCipher.Encrypt(canonical, t, dataKey, aad)) : s; // sops leaves empty strings as they are
        }

        if (SopsCipher.IsEncrypted(s.Value))
        {
            var (plaintext, type) = SopsCipher.TryDecrypt(s.Value, dataKey, aad, out var p, out var ty) is { } problem
                ? throw new SopsException($"Value at '{string.Join('.', path)}' cannot be decrypted: {problem}")
                : (p, ty);
            Hash(plaintext, type, encrypted: true);
            return Plain(plaintext, type);
        }

        var plainType = s.Style == YamlScalarStyle.Plain && s.Tag is null ? SopsValues.ResolvePlain(s.Value) : SopsValueType.Str;
        if (plainType is { } pt)
        {
            Hash(SopsValues.Canonical(s.Value, pt), pt, encrypted: false);
        }

        return s;
    }

    private static YamlScalar Plain(string plaintext, SopsValueType type)
    {
        if (type == SopsValueType.Bool)
        {
            return new YamlScalar(plaintext.Equals("true", StringComparison.OrdinalIgnoreCase) || plaintext == "1" ? "true" : "false");
        }

        if (type != SopsValueType.Str)
        {
            return new YamlScalar(plaintext);
        }

        var style = plaintext.Contains('\n', StringComparison.Ordinal) && YamlEmitter.CanBeLiteral(plaintext) ? YamlScalarStyle.Literal
            : YamlScalars.NeedsQuotes(plaintext) || SopsValues.ResolvePlain(plaintext) is not SopsValueType.Str ? YamlScalarStyle.DoubleQuoted
            : YamlScalarStyle.Plain;
        return new YamlScalar(plaintext, style);
    }

    private void Hash(string canonical, SopsValueType type, bool encrypted)
    {
        if (!macOnlyEncrypted || encrypted)
        {
            hash.AppendData(SopsValues.MacBytes(canonical, type));
        }
    }

    private void Comments(YamlTrivia trivia, YamlMapping? owner, List<string> path)
    {
        if (!trivia.HasLeadingComments)
        {
            return;
        }

        var comments = trivia.LeadingComments;
        for (var i = 0; i < comments.Count; i++)
        {
            comments[i] = Comment(comments[i], path, owner, trivia);
        }
    }

    private void TrailingComments(List<string> comments, List<string> path)
    {
        for (var i = 0; i < comments.Count; i++)
        {
            comments[i] = Comment(comments[i], path, null, null);
        }
    }

    private string Comment(string text, List<string> path, YamlMapping? owner, YamlTrivia? before)
    {
        if (encrypt)
        {
            var encrypted = selector!.ShouldEncrypt(path);
            Hash(text, SopsValueType.Comment, encrypted);
            return encrypted && text.Length > 0 ? SopsCipher.Encrypt(text, SopsValueType.Comment, dataKey, string.Join(':', path) + ":") : text;
        }

        if (!SopsCipher.IsEncrypted(text))
        {
            Hash(text, SopsValueType.Comment, encrypted: false);
            return text;
        }

        // A comment at the end of a nested block is read as leading the next, shallower entry: try the paths of
        // the blocks it may have closed (GCM authentication tells the right one).
        foreach (var candidate in CandidatePaths(path, owner, before))
        {
            if (SopsCipher.TryDecrypt(text, dataKey, string.Join(':', candidate) + ":", out var plaintext, out _) is null)
            {
                Hash(plaintext, SopsValueType.Comment, encrypted: true);
                return plaintext;
            }
        }

        throw new SopsException($"A comment near '{string.Join('.', path)}' cannot be decrypted: it was modified or moved.");
    }

    private static IEnumerable<List<string>> CandidatePaths(List<string> path, YamlMapping? owner, YamlTrivia? before)
    {
        yield return path;
        if (owner is null || before is not YamlEntry entry)
        {
            yield break;
        }

        var index = owner.Entries.IndexOf(entry);
        var current = index > 0 ? owner.Entries[index - 1] : null;
        var p = new List<string>(path);
        while (current is { Value: YamlMapping inner })
        {
            p = [.. p, current.Key.Value];
            yield return p;
            current = inner.Entries.Count > 0 ? inner.Entries[^1] : null;
        }
    }
}

/// <summary>Walks a dotenv or INI tree in sops's order, encrypting or decrypting values and comments and hashing values into the MAC.</summary>
internal sealed class FlatWalker(byte[] dataKey, Selector? selector, bool macOnlyEncrypted, IncrementalHash hash, bool encrypt)
{
    public void Items(List<FlatItem> items, List<string> path)
    {
        foreach (var item in items)
        {
            if (item.Comment is { } comment)
            {
                item.Comment = Value(comment, path, SopsValueType.Comment, path);
            }
            else if (item.Items is { } children)
            {
                Items(children, [.. path, item.Key!]);
            }
            else
            {
                List<string> childPath = [.. path, item.Key!];
                item.Value = Value(item.Value!, childPath, SopsValueType.Str, childPath);
            }
        }
    }

    private string Value(string text, List<string> path, SopsValueType type, List<string> aadPath)
    {
        var aad = string.Join(':', aadPath) + ":";
        if (encrypt)
        {
            var encrypted = selector!.ShouldEncrypt(path);
            Hash(text, type, encrypted);
            return encrypted && text.Length > 0 ? SopsCipher.Encrypt(text, type, dataKey, aad) : text;
        }

        if (!SopsCipher.IsEncrypted(text))
        {
            Hash(text, type, encrypted: false);
            return text;
        }

        if (SopsCipher.TryDecrypt(text, dataKey, aad, out var plaintext, out var actual) is { } problem)
        {
            throw new SopsException($"{(type == SopsValueType.Comment ? "A comment in" : "The value of")} '{string.Join('.', path)}' cannot be decrypted: {problem}");
        }

        Hash(SopsValues.Canonical(plaintext, actual == SopsValueType.Comment ? SopsValueType.Str : actual), actual, encrypted: true);
        return actual == SopsValueType.Bool ? plaintext.ToLowerInvariant() : plaintext;
    }

    private void Hash(string canonical, SopsValueType type, bool encrypted)
    {
        if (!macOnlyEncrypted || encrypted)
        {
            hash.AppendData(SopsValues.MacBytes(canonical, type));
        }
    }
}
