using System.Text;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Sdk.Sops.Tests;

/// <summary>
/// Every format sops writes — YAML, JSON, dotenv, INI, binary — read from files the real sops encrypted (age and PGP),
/// and written by us in a form that reads back, MAC verified; tampering fails in every format.
/// </summary>
public class FormatTests
{
    private static string Vectors => Path.Combine(TestPaths.Reference, "sops", "vectors");

    private static string Pgp => Path.Combine(Vectors, "sops-pgp");

    private static string Flux => Path.Combine(Vectors, "kustomize-controller", "internal", "controller", "testdata", "sops");

    internal static PgpIdentity SopsTestKey() => PgpIdentity.Read(File.ReadAllBytes(Path.Combine(Pgp, "pgp", "sops_functional_tests_key.asc")));

    internal const string SopsTestFingerprint = "FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4";

    private static SopsKeyring PgpOnly() => new() { Pgp = [SopsTestKey()], UseGpg = false };

    [Theory]
    [InlineData("example.yaml", "t00m4nys3cr3tzupdated")]
    [InlineData("example.json", "\"streetAddress\": \"21 2nd Street\"")]
    [InlineData("example.ini", "streetAddress = 21 2nd Street")]
    [InlineData("example.txt", "Welcome to SOPS!")]
    [InlineData("functional-tests/res/format.enc.yaml", "foo: bar")]
    [InlineData("functional-tests/res/format.enc.json", "\"foo\": \"bar\"")]
    [InlineData("functional-tests/res/format.enc.ini", "bar = baz")]
    [InlineData("functional-tests/res/format-2.enc.ini", "bar = baz")]
    [InlineData("functional-tests/res/format.enc.env", "foo = bar")]
    [InlineData("functional-tests/res/multiple_keys.yaml", "message: ")]
    [InlineData("functional-tests/res/comments.enc.yaml", "# first comment in file")]
    public void Every_sops_pgp_vector_decrypts_with_the_sops_test_key(string name, string expected)
    {
        var text = File.ReadAllText(Path.Combine(Pgp, name));
        var format = SopsFile.FormatOf(name);

        var plain = SopsFile.Decrypt(text, format, PgpOnly());

        plain.ShouldContain(expected);
        plain.ShouldNotContain("ENC[");
        plain.ShouldNotContain("BEGIN PGP MESSAGE");
        SopsFile.TryReadMetadata(text, format)!.PgpFingerprints.ShouldContain(SopsTestFingerprint);
    }

    [Theory]
    [InlineData("sops/example.ini", "keys", "[phoneNumbers]\nhome   = 212 555-1234")]
    [InlineData("sops/example.txt", "keys", "Welcome to SOPS!")]
    [InlineData("kustomize-controller/internal/controller/testdata/sops/envs/env.env", "flux", "key=value")]
    [InlineData("kustomize-controller/internal/controller/testdata/sops/component/env.env", "flux", "key=value")]
    [InlineData("kustomize-controller/internal/controller/testdata/sops/files/file.txt", "flux", "value")]
    public void Age_vectors_in_dotenv_ini_and_binary_form_decrypt(string name, string keys, string expected)
    {
        var identities = keys == "keys"
            ? AgeKeys.Parse(File.ReadAllText(Path.Combine(Vectors, "sops", "age", "keys.txt")))
            : AgeKeys.Parse(File.ReadAllText(Path.Combine(Flux, "keys", "age.txt")));
        var text = File.ReadAllText(Path.Combine(Vectors, name));

        SopsFile.Decrypt(text, SopsFile.FormatOf(name), identities).ShouldContain(expected);
    }

    [Theory]
    [InlineData("functional-tests/res/format.enc.env", "foo =ENC[AES256_GCM,data:XBV7lQ==", "foo =ENC[AES256_GCM,data:XBW7lQ==")]
    [InlineData("functional-tests/res/format.enc.ini", "bar = ENC[AES256_GCM,data:Upwq", "bar = ENC[AES256_GCM,data:Upwr")]
    [InlineData("example.ini", "notsecret_unencrypted = hi there!", "notsecret_unencrypted = hi there?")]
    [InlineData("example.txt", "\"data\": \"ENC[AES256_GCM,data:p6kOd9", "\"data\": \"ENC[AES256_GCM,data:q6kOd9")]
    public void Tampering_fails_in_every_format(string name, string original, string tampered)
    {
        var text = File.ReadAllText(Path.Combine(Pgp, name));
        text.ShouldContain(original);

        var ex = Should.Throw<SopsException>(() => SopsFile.Decrypt(text.Replace(original, tampered, StringComparison.Ordinal), SopsFile.FormatOf(name), PgpOnly()));

        ex.Message.ShouldMatch("MAC mismatch|cannot be decrypted");
    }

    [Fact]
    public void A_dotenv_file_round_trips_with_comments_and_escaped_newlines()
    {
        var id = AgeIdentity.Generate();
        const string plain = "# database\nDB_PASSWORD=s3cr3t=with=equals\nMULTI=line1\\nline2\nEMPTY=\nPUBLIC_unencrypted=shown\n";

        var encrypted = SopsFile.Encrypt(plain, SopsFormat.Dotenv, new SopsEncryptionOptions { AgeRecipients = [id.Recipient] });

        encrypted.ShouldNotContain("s3cr3t");
        encrypted.ShouldNotContain("database");
        encrypted.ShouldContain("PUBLIC_unencrypted=shown\n");
        encrypted.ShouldContain("sops_mac=ENC[");
        encrypted.ShouldContain("sops_age__list_0__map_recipient=" + id.Recipient);
        encrypted.ShouldContain("sops_age__list_0__map_enc=-----BEGIN AGE ENCRYPTED FILE-----\\n");
        SopsFile.TryReadMetadata(encrypted, SopsFormat.Dotenv)!.AgeRecipients.ShouldBe([id.Recipient.ToString()]);
        SopsFile.Decrypt(encrypted, SopsFormat.Dotenv, [id]).ShouldBe(plain);
    }

    [Fact]
    public void An_ini_file_round_trips_with_sections_comments_and_multiline_values()
    {
        var id = AgeIdentity.Generate();
        const string plain = "; connection settings\n[database]\nhost     = db.internal\n; the admin password\npassword = s3cr3t\n\n[tls]\nkey = \"\"\"line1\nline2\"\"\"\n\n";

        var encrypted = SopsFile.Encrypt(plain, SopsFormat.Ini, new SopsEncryptionOptions { AgeRecipients = [id.Recipient] });

        encrypted.ShouldNotContain("s3cr3t");
        encrypted.ShouldNotContain("admin password");
        encrypted.ShouldContain("[sops]");
        SopsFile.Decrypt(encrypted, SopsFormat.Ini, [id]).ShouldBe(plain);
    }

    [Fact]
    public void Ini_keys_before_any_section_stay_headerless_and_round_trip()
    {
        var id = AgeIdentity.Generate();
        const string plain = "token = s3cr3t\nregion = eu\n\n[db]\npassword = x\n\n";

        var encrypted = SopsFile.Encrypt(plain, SopsFormat.Ini, new SopsEncryptionOptions { AgeRecipients = [id.Recipient] });

        encrypted.ShouldStartWith("token  = ENC[");
        encrypted.ShouldNotContain("[DEFAULT]");
        SopsFile.Decrypt(encrypted, SopsFormat.Ini, [id]).ShouldBe("token  = s3cr3t\nregion = eu\n\n[db]\npassword = x\n\n");
    }

    [Fact]
    public void A_binary_file_with_bytes_that_are_not_text_round_trips()
    {
        var id = AgeIdentity.Generate();
        byte[] content = [0x00, 0xff, 0xfe, 0x80, 0x0a, 0x41, 0xc3, 0x28];

        var encrypted = SopsFile.EncryptBinary(content, new SopsEncryptionOptions { AgeRecipients = [id.Recipient] });

        encrypted.ShouldStartWith("{\n  \"data\": \"ENC[AES256_GCM,");
        SopsFile.DecryptBinary(encrypted, SopsKeyring.ForAge([id])).ShouldBe(content);
    }

    [Fact]
    public void Malformed_metadata_is_a_clear_error_never_a_crash()
    {
        var id = AgeIdentity.Generate();
        var encrypted = SopsFile.Encrypt("token: s3cr3t\n", SopsFormat.Yaml, new SopsEncryptionOptions { AgeRecipients = [id.Recipient] });
        var start = encrypted.IndexOf("      enc: |", StringComparison.Ordinal);
        var end = encrypted.IndexOf("  lastmodified:", StringComparison.Ordinal);
        var broken = encrypted[..start] + "      enc: 42\n" + encrypted[end..];

        Should.Throw<SopsException>(() => SopsFile.Decrypt(broken, SopsFormat.Yaml, [id])).Message.ShouldContain("can decrypt the data key");
        SopsFile.TryReadMetadata(broken)!.AgeRecipients.ShouldBe([id.Recipient.ToString()]);
    }

    [Fact]
    public void Formats_are_chosen_by_file_name_as_sops_does()
    {
        SopsFile.FormatOf("a/secret.yaml").ShouldBe(SopsFormat.Yaml);
        SopsFile.FormatOf("secret.YML").ShouldBe(SopsFormat.Yaml);
        SopsFile.FormatOf("secret.json").ShouldBe(SopsFormat.Json);
        SopsFile.FormatOf("db.env").ShouldBe(SopsFormat.Dotenv);
        SopsFile.FormatOf(".env").ShouldBe(SopsFormat.Dotenv);
        SopsFile.FormatOf("app.ini").ShouldBe(SopsFormat.Ini);
        SopsFile.FormatOf("tls.key").ShouldBe(SopsFormat.Binary);
    }

    [Fact]
    public void Malformed_flat_files_give_a_line_number_and_never_echo_content()
    {
        var dotenv = Should.Throw<SopsException>(() => SopsFile.Encrypt("OK=1\nnot a pair s3cr3t\n", SopsFormat.Dotenv, new SopsEncryptionOptions { AgeRecipients = [AgeIdentity.Generate().Recipient] }));
        dotenv.Message.ShouldContain("Line 2");
        dotenv.Message.ShouldNotContain("s3cr3t");

        var ini = Should.Throw<SopsException>(() => SopsFile.Encrypt("[a]\nvalue s3cr3t\n", SopsFormat.Ini, new SopsEncryptionOptions { AgeRecipients = [AgeIdentity.Generate().Recipient] }));
        ini.Message.ShouldContain("Line 2");
        ini.Message.ShouldNotContain("s3cr3t");
    }

    [Fact]
    public void An_encrypted_file_is_not_encrypted_twice_in_any_format()
    {
        var options = new SopsEncryptionOptions { AgeRecipients = [AgeIdentity.Generate().Recipient] };
        foreach (var (plain, format) in new[] { ("A=1\n", SopsFormat.Dotenv), ("[s]\na = 1\n", SopsFormat.Ini), ("a: 1\n", SopsFormat.Yaml) })
        {
            var once = SopsFile.Encrypt(plain, format, options);
            Should.Throw<SopsException>(() => SopsFile.Encrypt(once, format, options)).Message.ShouldContain("already encrypted");
        }
    }

    [Fact]
    public void The_mac_of_a_dotenv_file_we_write_checks_out_independently()
    {
        var id = AgeIdentity.Generate();
        var encrypted = SopsFile.Encrypt("A=alpha\n# note\nB=beta\n", SopsFormat.Dotenv, new SopsEncryptionOptions { AgeRecipients = [id.Recipient] });
        var dataKey = SopsFile.OpenDataKey(encrypted, SopsFormat.Dotenv, SopsKeyring.ForAge([id]));

        IndependentSops.VerifyFlat(encrypted, dataKey).ShouldBe(["alpha", "beta"]);
    }

    [Fact]
    public void The_post_quantum_age_vector_of_kustomize_controller_decrypts_with_its_key()
    {
        var keyFile = File.ReadAllText(Path.Combine(Flux, "keys", "age-pq.txt"));
        var identity = AgeKeys.Parse(keyFile).ShouldHaveSingleItem();

        identity.IsPostQuantum.ShouldBeTrue();
        keyFile.ShouldContain("# public key: " + identity.Recipient, customMessage: "the recipient derived from the seed is the one age-keygen -pq printed");
        SopsFile.Decrypt(File.ReadAllText(Path.Combine(Flux, "algorithms", "age-pq.yaml")), SopsFormat.Yaml, [identity]).ShouldContain("key: value");
        SopsFile.TryReadMetadata(File.ReadAllText(Path.Combine(Flux, "algorithms", "age-pq.yaml")))!.AgeRecipients.ShouldBe([identity.Recipient.ToString()]);
    }

    [Fact]
    public void Post_quantum_recipients_round_trip_and_never_share_an_age_file_with_classic_ones()
    {
        var pq = AgeIdentity.GeneratePostQuantum();
        var classic = AgeIdentity.Generate();
        pq.Recipient.ToString().ShouldStartWith("age1pq1");
        AgeIdentity.Parse(pq.ExportSecret()).Recipient.ShouldBe(pq.Recipient);
        pq.ExportSecret().ShouldStartWith("AGE-SECRET-KEY-PQ-1");
        pq.ToString().ShouldNotContain("SECRET");

        var encrypted = SopsFile.Encrypt("token: s3cr3t\n", SopsFormat.Yaml, new SopsEncryptionOptions { AgeRecipients = [pq.Recipient, classic.Recipient] });

        SopsFile.Decrypt(encrypted, SopsFormat.Yaml, [pq]).ShouldBe("token: s3cr3t\n");
        SopsFile.Decrypt(encrypted, SopsFormat.Yaml, [classic]).ShouldBe("token: s3cr3t\n");
        Should.Throw<SopsException>(() => SopsFile.Decrypt(encrypted, SopsFormat.Yaml, [AgeIdentity.GeneratePostQuantum()]));
        Should.Throw<SopsException>(() => Age.Encrypt("x"u8, [pq.Recipient, classic.Recipient])).Message.ShouldContain("cannot share one age file");
    }

    [Fact]
    public void Pgp_keys_read_from_exports_name_their_fingerprint()
    {
        var recipients = PgpRecipient.Read(File.ReadAllBytes(Path.Combine(Pgp, "pgp", "sops_functional_tests_key.asc")));

        recipients.Select(r => r.Fingerprint).ShouldContain(SopsTestFingerprint);
        PgpRecipient.NormalizeFingerprint("fbc7 b9e2 a4f9 289a c0c1  d484 3d16 cee4 a273 81b4").ShouldBe(SopsTestFingerprint);
        Should.Throw<SopsException>(() => PgpIdentity.Read(Encoding.ASCII.GetBytes("not a key s3cr3t"))).Message.ShouldNotContain("s3cr3t");
    }
}
