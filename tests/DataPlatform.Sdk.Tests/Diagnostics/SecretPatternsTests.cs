using DataPlatform.Sdk.Diagnostics;

namespace DataPlatform.Sdk.Tests.Diagnostics;

/// <summary>Every shape is found (the fixed strings that let a text skip the expressions never hide one), placeholders are not.</summary>
public class SecretPatternsTests
{
    public static TheoryData<string, string> Shapes() => new()
    {
        { "key: AGE-SECRET-KEY-1QZ8W5J7KD2M4N6P8R0T2V4X6Z8B0D2F4H6K8M0P2R4T6V8X0Z2B4D", "age private key" },
        { "k: AGE-SECRET-KEY-PQ-1QZ8W5J7KD2M4N6P8R0T2V4X6Z8B0D2F4H6K8M0P2R4T6V8X0Z2B4D", "age private key" },
        { "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACDq\n-----END OPENSSH PRIVATE KEY-----", "SSH private key" },
        { "-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQOYBGY3mYkBCADQ7x2Qp1n9rT4sUv8wXyZaBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdef\n-----END PGP PRIVATE KEY BLOCK-----", "PGP private key" },
        { "token: ghp_Zx9Qw2Lm4Rt6Yp8Ks1Dv3Fg5Hj7Nb0Cv2Xa", "GitHub token" },
        { "t: github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGH", "GitHub token" },
        { "t: glpat-Zx9Qw2Lm4Rt6Yp8Ks1Dv", "GitLab token" },
        { "t: xoxb-1234567890-abcdefghijKLMN", "Slack token" },
        { "t: sk_live_Zx9Qw2Lm4Rt6Yp8Ks1Dv3Fg", "Stripe key" },
        { "t: AKIAZ7QW2LM4RT6YP8KS", "AWS access key" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Each_shape_is_found_and_redacted(string text, string kind)
    {
        SecretPatterns.Find(text).ShouldHaveSingleItem().Kind.ShouldBe(kind);
        SecretPatterns.Find(text, includeUrlPasswords: false).ShouldHaveSingleItem().Kind.ShouldBe(kind);
        SecretPatterns.Redact(text).ShouldContain($"[redacted {kind}]");
    }

    [Fact]
    public void A_password_in_a_url_is_found_only_when_asked_for()
    {
        const string text = "url: https://deploy:Sup3rS3cretPassw0rd@git.example.org/repo.git";
        SecretPatterns.Find(text).ShouldHaveSingleItem().Kind.ShouldBe("password in a URL");
        SecretPatterns.Find(text, includeUrlPasswords: false).ShouldBeEmpty();
        SecretPatterns.Redact(text).ShouldNotContain("Sup3rS3cret");
    }

    [Theory]
    [InlineData("url: https://github.com/org/repo\nref:\n  branch: main\n")]
    [InlineData("sops:\n  age:\n    - enc: |\n        -----BEGIN AGE ENCRYPTED FILE-----\n        YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBhYmNk\n        -----END AGE ENCRYPTED FILE-----\n")]
    [InlineData("key: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\naws: AKIAIOSFODNN7EXAMPLE\n")]
    [InlineData("")]
    public void Texts_without_a_credential_give_nothing(string text)
    {
        SecretPatterns.Find(text).ShouldBeEmpty();
        SecretPatterns.Find(text, includeUrlPasswords: false).ShouldBeEmpty();
        if (text.Contains("ghp_", StringComparison.Ordinal))
        {
            SecretPatterns.Redact(text).ShouldContain("[redacted GitHub token]"); // Placeholders are still hidden in messages.
        }
        else
        {
            SecretPatterns.Redact(text).ShouldBe(text);
        }
    }
}
