using System.Text.RegularExpressions;

namespace DataPlatform.Sdk.Diagnostics;

/// <summary>
/// Shapes of key material and credentials (age, PGP, SSH and PEM private keys; GitHub, GitLab, Slack, Stripe and AWS
/// tokens; URLs with a password), to find them in files and to keep them out of every message this SDK prints.
/// </summary>
/// <remarks>The expressions run on the non-backtracking engine: their time is linear in the text, whatever it holds.</remarks>
public static partial class SecretPatterns
{
    /// <summary>One credential found in a text.</summary>
    /// <param name="Kind">What it looks like, for example <c>age private key</c>.</param>
    /// <param name="Index">Where it starts (0-based character index).</param>
    /// <param name="Length">Its length.</param>
    public readonly record struct Finding(string Kind, int Index, int Length);

    /// <summary>Every credential in a text, in order.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The findings.</returns>
    public static IReadOnlyList<Finding> Find(string text) => Find(text, includeUrlPasswords: true);

    /// <summary>Every credential in a text, in order; passwords in URLs only when asked for.</summary>
    /// <param name="text">The text.</param>
    /// <param name="includeUrlPasswords">Whether to report URLs with a password (<c>https://user:pass@host</c>).</param>
    /// <returns>The findings.</returns>
    public static IReadOnlyList<Finding> Find(string text, bool includeUrlPasswords)
    {
        ArgumentNullException.ThrowIfNull(text);

        // Every shape holds one of a few fixed strings: a text without any (nearly every file) needs no regex at all.
        if (!text.AsSpan().ContainsAny(includeUrlPasswords ? Anchors : KeyAnchors))
        {
            return [];
        }

        var found = new List<Finding>();
        foreach (Match m in Credential().Matches(text))
        {
            if (!IsPlaceholder(m.Value) && KindOf(m.Value) is var kind && (includeUrlPasswords || kind != UrlPassword))
            {
                found.Add(new Finding(kind, m.Index, m.Length));
            }
        }

        return found;
    }

    private const string UrlPassword = "password in a URL";

    /// <summary>A fixed string of each key and token shape of <see cref="Credential"/> (keep them in step).</summary>
    private static readonly string[] KeyAnchorStrings =
        ["AGE-SECRET-KEY-", "PRIVATE KEY", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xox", "k_live_", "AKIA", "ASIA"];

    private static readonly System.Buffers.SearchValues<string> KeyAnchors = System.Buffers.SearchValues.Create(KeyAnchorStrings, StringComparison.Ordinal);

    /// <summary>The key and token anchors, and the "://" of a URL with a password.</summary>
    private static readonly System.Buffers.SearchValues<string> Anchors = System.Buffers.SearchValues.Create([.. KeyAnchorStrings, "://"], StringComparison.Ordinal);

    /// <summary>
    /// Documentation writes credentials' shapes with placeholders (<c>ghp_xxxxxxxx…</c>, AWS's <c>AKIAIOSFODNN7EXAMPLE</c>,
    /// a key block with <c>...</c> inside): too few distinct characters, the word EXAMPLE, or a key block without a key
    /// in it is not a credential. (Redaction still hides them.)
    /// </summary>
    private static bool IsPlaceholder(string value)
    {
        if (value.Contains("EXAMPLE", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (value.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            var body = value[(value.IndexOf("-----", 5, StringComparison.Ordinal) + 5)..];
            return body.Count(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/') < 64;
        }

        var tail = value[Math.Max(0, value.IndexOfAny(['_', '-', ':']) + 1)..];
        return tail.Distinct().Count() < 8;
    }

    /// <summary>The text with every credential replaced by <c>[redacted …]</c>.</summary>
    /// <param name="text">The text (a message, a path, an exception's text).</param>
    /// <returns>The redacted text.</returns>
    public static string Redact(string? text) =>
        string.IsNullOrEmpty(text) ? text ?? string.Empty
        : !text.AsSpan().ContainsAny(Anchors) ? text
        : Credential().Replace(text, m => $"[redacted {KindOf(m.Value)}]");

    private static string KindOf(string value) => value switch
    {
        _ when value.StartsWith("AGE-SECRET-KEY-", StringComparison.Ordinal) => "age private key",
        _ when value.StartsWith("-----BEGIN PGP", StringComparison.Ordinal) => "PGP private key",
        _ when value.StartsWith("-----BEGIN OPENSSH", StringComparison.Ordinal) => "SSH private key",
        _ when value.StartsWith("-----BEGIN", StringComparison.Ordinal) => "private key",
        _ when value.StartsWith("gh", StringComparison.Ordinal) || value.StartsWith("github_pat_", StringComparison.Ordinal) => "GitHub token",
        _ when value.StartsWith("glpat-", StringComparison.Ordinal) => "GitLab token",
        _ when value.StartsWith("xox", StringComparison.Ordinal) => "Slack token",
        _ when value.StartsWith("sk_live_", StringComparison.Ordinal) || value.StartsWith("rk_live_", StringComparison.Ordinal) => "Stripe key",
        _ when value.StartsWith("AKIA", StringComparison.Ordinal) || value.StartsWith("ASIA", StringComparison.Ordinal) => "AWS access key",
        _ => UrlPassword,
    };

    [GeneratedRegex(
        @"AGE-SECRET-KEY-(?:PQ-)?1[0-9A-Z]{20,}"
        + @"|-----BEGIN (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----[^-]*(?:-----END (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----)?"
        + @"|\b(?:ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{30,}|\bgithub_pat_[0-9A-Za-z_]{30,}|\bglpat-[0-9A-Za-z_-]{20,}"
        + @"|\bxox[abposr]-[0-9A-Za-z-]{10,}|\b[sr]k_live_[0-9A-Za-z]{16,}|\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"
        + @"|\b[a-z][a-z0-9+.-]*://[^:/@\s""']+:[^@/\s{}$""'<>]+@",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Credential();
}
