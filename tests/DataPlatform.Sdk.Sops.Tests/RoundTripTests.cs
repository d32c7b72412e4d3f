namespace DataPlatform.Sdk.Sops.Tests;

/// <summary>Files the SDK encrypts decrypt back to the same data; selectors and tampering behave as in sops.</summary>
public class RoundTripTests
{
    private const string Secret = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: db
          namespace: finance-team
        type: Opaque
        stringData:
          username: app
          password: "p@ss: word"
          port: "5432"
        data:
          token: c2VjcmV0
        """;

    [Fact]
    public void Kubernetes_secret_encrypts_only_data_and_stringData()
    {
        var id = AgeIdentity.Generate();

        var encrypted = SopsFile.Encrypt(Secret, SopsFormat.Yaml, SopsEncryptionOptions.ForKubernetesSecret([id.Recipient]));

        encrypted.ShouldContain("name: db");
        encrypted.ShouldNotContain("p@ss");
        encrypted.ShouldNotContain("c2VjcmV0");
        encrypted.ShouldContain("encrypted_regex: ^(data|stringData)$");
        encrypted.ShouldContain("-----BEGIN AGE ENCRYPTED FILE-----");
        var plain = SopsFile.Decrypt(encrypted, SopsFormat.Yaml, [id]);
        plain.ShouldBe(DataPlatform.Sdk.Yaml.YamlEmitter.Emit(DataPlatform.Sdk.Yaml.YamlReader.ReadString(Secret).Documents[0]));
    }

    [Fact]
    public void Typed_values_keep_their_types_and_suffix_selector_is_the_default()
    {
        var id = AgeIdentity.Generate();
        const string text = "enabled: true\ncount: 3\nratio: 0.5\nname: x\nempty: ''\nlist:\n  - a\n  - false\nkeep_unencrypted: visible\n";

        var encrypted = SopsFile.Encrypt(text, SopsFormat.Yaml, new SopsEncryptionOptions { AgeRecipients = [id.Recipient] });

        encrypted.ShouldContain("type:bool]");
        encrypted.ShouldContain("type:int]");
        encrypted.ShouldContain("type:float]");
        encrypted.ShouldContain("keep_unencrypted: visible");
        encrypted.ShouldContain("unencrypted_suffix: _unencrypted");
        SopsFile.Decrypt(encrypted, SopsFormat.Yaml, [id]).ShouldBe("enabled: true\ncount: 3\nratio: 0.5\nname: x\nempty: ''\nlist:\n  - a\n  - false\nkeep_unencrypted: visible\n");
    }

    [Fact]
    public void Json_round_trips()
    {
        var id = AgeIdentity.Generate();
        const string json = "{\n  \"user\": \"a\",\n  \"n\": 2,\n  \"nested\": {\"ok\": true}\n}\n";

        var encrypted = SopsFile.Encrypt(json, SopsFormat.Json, new SopsEncryptionOptions { AgeRecipients = [id.Recipient] });

        encrypted.ShouldStartWith("{");
        encrypted.ShouldContain("\"sops\"");
        var plain = SopsFile.Decrypt(encrypted, SopsFormat.Json, [id]);
        System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(plain), System.Text.Json.Nodes.JsonNode.Parse(json)).ShouldBeTrue(plain);
    }

    [Fact]
    public void Several_recipients_each_decrypt()
    {
        var a = AgeIdentity.Generate();
        var b = AgeIdentity.Generate();
        var encrypted = SopsFile.Encrypt(Secret, SopsFormat.Yaml, SopsEncryptionOptions.ForKubernetesSecret([a.Recipient, b.Recipient]));

        SopsFile.Decrypt(encrypted, SopsFormat.Yaml, [b]).ShouldContain("p@ss: word");
        SopsFile.Decrypt(encrypted, SopsFormat.Yaml, [a]).ShouldContain("p@ss: word");
        SopsFile.TryReadMetadata(encrypted)!.AgeRecipients.ShouldBe([a.Recipient.ToString(), b.Recipient.ToString()]);
    }

    [Fact]
    public void Changing_clear_text_or_removing_a_value_breaks_the_mac()
    {
        var id = AgeIdentity.Generate();
        var encrypted = SopsFile.Encrypt(Secret, SopsFormat.Yaml, SopsEncryptionOptions.ForKubernetesSecret([id.Recipient]));

        // metadata is not encrypted but is part of the MAC: renaming the Secret is detected.
        Should.Throw<SopsException>(() => SopsFile.Decrypt(encrypted.Replace("name: db", "name: other", StringComparison.Ordinal), SopsFormat.Yaml, [id]))
            .Message.ShouldContain("MAC mismatch");
        var lines = encrypted.Split('\n').Where(l => !l.TrimStart().StartsWith("port:", StringComparison.Ordinal));
        Should.Throw<SopsException>(() => SopsFile.Decrypt(string.Join('\n', lines), SopsFormat.Yaml, [id])).Message.ShouldContain("MAC mismatch");
    }

    [Fact]
    public void Keys_never_show_in_messages_or_ToString()
    {
        var id = AgeIdentity.Generate();
        var secret = id.ExportSecret();

        id.ToString().ShouldNotContain(secret);
        secret.ShouldStartWith("AGE-SECRET-KEY-1");
        AgeIdentity.Parse(secret).Recipient.ShouldBe(id.Recipient);
        Should.Throw<FormatException>(() => AgeIdentity.Parse(secret[..^2] + "qq")).Message.ShouldNotContain(secret[..^2]);
        id.Recipient.ToString().ShouldStartWith("age1");
    }

    [Fact]
    public void Age_round_trips_large_payloads_across_chunks()
    {
        var id = AgeIdentity.Generate();
        var data = new byte[200_000];
        Random.Shared.NextBytes(data);

        var file = Age.Encrypt(data, [id.Recipient]);

        Age.Decrypt(file, [id]).ShouldBe(data);
        file[^1] ^= 1;
        Should.Throw<SopsException>(() => Age.Decrypt(file, [id]));
    }
}
