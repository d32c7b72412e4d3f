using System.Text;
using System.Text.Json.Nodes;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Sdk.Sops.Tests;

/// <summary>Interoperability with the real tools: Debian's age and the npm package sops-age.</summary>
[Trait("Category", RealTools.Trait)]
public sealed class InteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dp-sops-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Secret = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: db
        stringData:
          password: "s3cr3t: value"
          port: "5432"
          flag: "true"
        """;

    /// <summary>The document and the armored data key of its first age stanza.</summary>
    private static (Sdk.Yaml.YamlMapping Document, string Enc) FirstAgeStanza(string encrypted)
    {
        var doc = (Sdk.Yaml.YamlMapping)Sdk.Yaml.YamlReader.ReadString(encrypted).Documents[0].Root!;
        var sops = (Sdk.Yaml.YamlMapping)doc.Find("sops")!.Value;
        var stanza = (Sdk.Yaml.YamlMapping)((Sdk.Yaml.YamlSequence)sops.Find("age")!.Value).Items[0].Value;
        return (doc, ((Sdk.Yaml.YamlScalar)stanza.Find("enc")!.Value).Value);
    }

    private string KeyFile(AgeIdentity id)
    {
        var path = Path.Combine(_dir, "key.txt");
        File.WriteAllText(path, id.ToKeyFile(DateTimeOffset.UnixEpoch));
        return path;
    }

    [Fact]
    public void Debian_age_decrypts_the_data_key_of_an_sdk_encrypted_file()
    {
        var age = RealTools.DebianCommand("age", "age");
        var id = AgeIdentity.Generate();
        var encrypted = SopsFile.Encrypt(Secret, SopsFormat.Yaml, SopsEncryptionOptions.ForKubernetesSecret([id.Recipient]));
        var (doc, enc) = FirstAgeStanza(encrypted);
        var blob = Path.Combine(_dir, "datakey.age");
        File.WriteAllText(blob, enc);
        var output = Path.Combine(_dir, "datakey.bin");

        var (code, _, stderr) = RealTools.Run(age, ["--decrypt", "--identity", KeyFile(id), "--output", output, blob]);

        code.ShouldBe(0, stderr);
        var dataKey = File.ReadAllBytes(output);
        dataKey.Length.ShouldBe(32);
        var password = ((Sdk.Yaml.YamlScalar)((Sdk.Yaml.YamlMapping)doc.Find("stringData")!.Value).Find("password")!.Value).Value;
        SopsCipher.Decrypt(password, dataKey, "stringData:password:").Plaintext.ShouldBe("s3cr3t: value");
    }

    [Fact]
    public void Sdk_decrypts_what_Debian_age_encrypts_and_reads_its_keys()
    {
        var age = RealTools.DebianCommand("age", "age");
        var keygen = RealTools.DebianCommand("age-keygen", "age");
        var keyPath = Path.Combine(_dir, "age-keygen.txt");
        RealTools.Run(keygen, ["-o", keyPath]).ExitCode.ShouldBe(0);
        var identity = AgeKeys.Parse(File.ReadAllText(keyPath)).ShouldHaveSingleItem();
        File.ReadAllText(keyPath).ShouldContain("# public key: " + identity.Recipient);
        var plain = Path.Combine(_dir, "plain.txt");
        File.WriteAllText(plain, "hello from age\n");
        var cipher = Path.Combine(_dir, "plain.txt.age");

        RealTools.Run(age, ["--encrypt", "--armor", "-r", identity.Recipient.ToString(), "-o", cipher, plain]).ExitCode.ShouldBe(0);

        Encoding.UTF8.GetString(Age.Decrypt(File.ReadAllBytes(cipher), [identity])).ShouldBe("hello from age\n");
    }

    [Fact]
    public void Debian_age_decrypts_an_sdk_age_file_with_several_recipients()
    {
        var age = RealTools.DebianCommand("age", "age");
        var other = AgeIdentity.Generate();
        var id = AgeIdentity.Generate();
        var file = Path.Combine(_dir, "data.age");
        var payload = new byte[150_000];
        Random.Shared.NextBytes(payload);
        File.WriteAllBytes(file, Age.Encrypt(payload, [other.Recipient, id.Recipient]));
        var output = Path.Combine(_dir, "data.out");

        var (code, _, stderr) = RealTools.Run(age, ["-d", "-i", KeyFile(id), "-o", output, file]);

        code.ShouldBe(0, stderr);
        File.ReadAllBytes(output).ShouldBe(payload);
    }

    [Theory]
    [InlineData("yaml")]
    [InlineData("json")]
    public void Sops_age_decrypts_sdk_encrypted_files(string type)
    {
        var module = RealTools.NpmPackage("sops-age", "4.0.2");
        var id = AgeIdentity.Generate();
        var plaintext = type == "yaml" ? Secret : "{\"user\": \"app\", \"n\": 3, \"ok\": true, \"nested\": {\"key\": \"v\"}}";
        var encrypted = SopsFile.Encrypt(plaintext, type == "yaml" ? SopsFormat.Yaml : SopsFormat.Json,
            type == "yaml" ? SopsEncryptionOptions.ForKubernetesSecret([id.Recipient]) : new SopsEncryptionOptions { AgeRecipients = [id.Recipient] });
        var input = Path.Combine(_dir, "in." + type);
        File.WriteAllText(input, encrypted);
        var script = Path.Combine(_dir, "decrypt.cjs");
        File.WriteAllText(script, $$"""
            const { decryptSops } = require({{System.Text.Json.JsonSerializer.Serialize(module)}});
            const fs = require('fs');
            decryptSops(fs.readFileSync(process.argv[2], 'utf8'), { secretKey: process.env.KEY, fileType: process.argv[3] })
              .then(d => process.stdout.write(JSON.stringify(d)))
              .catch(e => { process.stderr.write(String(e)); process.exit(1); });
            """);

        var (code, stdout, stderr) = RealTools.Run("node", [script, input, type], environment: new Dictionary<string, string> { ["KEY"] = id.ExportSecret() });

        code.ShouldBe(0, stderr);
        var expected = type == "yaml"
            ? JsonNode.Parse(Sdk.Json.YamlJson.ToJson(Sdk.Yaml.YamlReader.ReadString(Secret).Documents[0].Root, [], "x")!.Value.GetRawText())
            : JsonNode.Parse(plaintext);
        JsonNode.DeepEquals(JsonNode.Parse(stdout), expected).ShouldBeTrue(stdout);
    }

    private string AgeEncryptionScript(string body)
    {
        var module = RealTools.NpmPackage("age-encryption", "0.3.1");
        var script = Path.Combine(_dir, "age-pq.mjs");
        File.WriteAllText(script, $$"""
            import { pathToFileURL } from 'node:url';
            import fs from 'node:fs';
            const age = await import(pathToFileURL({{System.Text.Json.JsonSerializer.Serialize(Path.Combine(module, "dist", "index.js"))}}).href);
            {{body}}
            """);
        return script;
    }

    [Fact]
    public void Npm_age_encryption_opens_the_data_key_of_a_file_we_encrypt_for_a_post_quantum_recipient()
    {
        var id = AgeIdentity.GeneratePostQuantum();
        var encrypted = SopsFile.Encrypt(Secret, SopsFormat.Yaml, SopsEncryptionOptions.ForKubernetesSecret([id.Recipient]));
        var (doc, enc) = FirstAgeStanza(encrypted);
        File.WriteAllText(Path.Combine(_dir, "datakey.age"), enc);
        var script = AgeEncryptionScript("""
            const d = new age.Decrypter();
            d.addIdentity(process.env.AGE_IDENTITY);
            const out = await d.decrypt(age.armor.decode(fs.readFileSync(process.argv[2], 'utf8')));
            process.stdout.write(Buffer.from(out).toString('base64'));
            """);

        var (code, stdout, stderr) = RealTools.Run("node", [script, Path.Combine(_dir, "datakey.age")], environment: new Dictionary<string, string> { ["AGE_IDENTITY"] = id.ExportSecret() });

        code.ShouldBe(0, stderr);
        var dataKey = Convert.FromBase64String(stdout);
        dataKey.Length.ShouldBe(32);
        var password = ((Sdk.Yaml.YamlScalar)((Sdk.Yaml.YamlMapping)doc.Find("stringData")!.Value).Find("password")!.Value).Value;
        SopsCipher.Decrypt(password, dataKey, "stringData:password:").Plaintext.ShouldBe("s3cr3t: value");
    }

    [Fact]
    public void What_npm_age_encryption_encrypts_for_a_post_quantum_key_it_made_decrypts_here()
    {
        var script = AgeEncryptionScript("""
            const identity = await age.generateHybridIdentity();
            const e = new age.Encrypter();
            e.addRecipient(await age.identityToRecipient(identity));
            const file = await e.encrypt("hello from typage");
            process.stdout.write(JSON.stringify({ identity, file: age.armor.encode(file) }));
            """);

        var (code, stdout, stderr) = RealTools.Run("node", [script]);

        code.ShouldBe(0, stderr);
        var result = JsonNode.Parse(stdout)!;
        var identity = AgeIdentity.Parse(result["identity"]!.GetValue<string>());
        identity.IsPostQuantum.ShouldBeTrue();
        Encoding.UTF8.GetString(Age.Decrypt(Encoding.ASCII.GetBytes(result["file"]!.GetValue<string>()), [identity])).ShouldBe("hello from typage");
    }
}
