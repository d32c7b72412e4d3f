using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Sdk.Sops.Tests;

/// <summary>Files encrypted by the real sops (reference/ (vendored)/sops) decrypt in-process, MAC verified; tampering fails.</summary>
public class VectorTests
{
    private static string Vectors => Path.Combine(TestPaths.Reference, "sops", "vectors");

    private static IReadOnlyList<AgeIdentity> SopsKeys() => AgeKeys.Parse(File.ReadAllText(Path.Combine(Vectors, "sops", "age", "keys.txt")));

    [Theory]
    [InlineData("example.yaml")]
    [InlineData("example.json")]
    public void Sops_example_decrypts_with_its_age_key(string name)
    {
        var text = File.ReadAllText(Path.Combine(Vectors, "sops", name));

        var plain = SopsFile.Decrypt(text, SopsFile.FormatOf(name), SopsKeys());

        plain.ShouldNotContain("ENC[");
        plain.ShouldNotContain("sops:");
        plain.ShouldNotContain("\"sops\"");
        plain.ShouldContain(name.EndsWith(".json", StringComparison.Ordinal) ? "\"firstName\"" : "remain in clear text");
    }

    [Fact]
    public void Each_of_the_two_recipients_decrypts_alone()
    {
        var text = File.ReadAllText(Path.Combine(Vectors, "sops", "example.yaml"));
        foreach (var key in SopsKeys())
        {
            SopsFile.Decrypt(text, SopsFormat.Yaml, [key]).ShouldContain("this:");
        }
    }

    [Fact]
    public void A_tampered_value_or_mac_is_rejected()
    {
        var text = File.ReadAllText(Path.Combine(Vectors, "sops", "example.yaml"));
        var cleartext = text.Replace("remain in clear text", "remain in plain text", StringComparison.Ordinal);
        Should.Throw<SopsException>(() => SopsFile.Decrypt(cleartext, SopsFormat.Yaml, SopsKeys())).Message.ShouldContain("MAC mismatch");

        var swapped = SwapFirstTwoEncryptedValues(text);
        Should.Throw<SopsException>(() => SopsFile.Decrypt(swapped, SopsFormat.Yaml, SopsKeys())).Message.ShouldContain("cannot be decrypted");
    }

    [Fact]
    public void A_wrong_key_names_the_recipients()
    {
        var text = File.ReadAllText(Path.Combine(Vectors, "sops", "example.yaml"));

        var ex = Should.Throw<SopsException>(() => SopsFile.Decrypt(text, SopsFormat.Yaml, [AgeIdentity.Generate()]));

        ex.Message.ShouldContain("age1yt3tfqlfrwdwx0z0ynwplcr6qxcxfaqycuprpmy89nr83ltx74tqdpszlw");
    }

    [Fact]
    public void Flux_test_secrets_decrypt_with_their_keys()
    {
        var dir = Path.Combine(Vectors, "kustomize-controller", "internal", "controller", "testdata", "sops");
        var keys = AgeKeys.Parse(File.ReadAllText(Path.Combine(dir, "keys", "age.txt")));

        var plain = SopsFile.Decrypt(File.ReadAllText(Path.Combine(dir, "algorithms", "age.yaml")), SopsFormat.Yaml, keys);

        plain.ShouldContain("kind: Secret");
    }

    private static string SwapFirstTwoEncryptedValues(string text)
    {
        var first = text.IndexOf("ENC[", StringComparison.Ordinal);
        var firstEnd = text.IndexOf(']', first) + 1;
        var second = text.IndexOf("ENC[", firstEnd, StringComparison.Ordinal);
        var secondEnd = text.IndexOf(']', second) + 1;
        return text[..first] + text[second..secondEnd] + text[firstEnd..second] + text[first..firstEnd] + text[secondEnd..];
    }
}
