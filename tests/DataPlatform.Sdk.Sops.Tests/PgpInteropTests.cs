using System.Security.Cryptography;
using System.Text;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Sdk.Sops.Tests;

/// <summary>
/// PGP both ways with Debian's GnuPG, in a throwaway GnuPG home holding sops's test key: gpg opens data keys we wrap
/// (and the file's MAC then checks out independently of the SDK), we open data keys gpg wraps, gpg is the fallback
/// for keys that live only in its key ring, and public keys come from <c>gpg --export</c>. The agent is stopped after.
/// </summary>
[Trait("Category", RealTools.Trait)]
public sealed class PgpInteropTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("dp-gpg-").FullName;
    private readonly string _gpg = RealTools.DebianCommand("gpg", "gnupg");

    public PgpInteropTests()
    {
        var keyFile = Path.Combine(TestPaths.Reference, "sops", "vectors", "sops-pgp", "pgp", "sops_functional_tests_key.asc");
        var (code, _, error) = RealTools.Run(_gpg, ["--homedir", _home, "--batch", "--import", keyFile]);
        code.ShouldBe(0, error);
    }

    public void Dispose()
    {
        RealTools.Run("gpgconf", ["--homedir", _home, "--kill", "all"]);
        Directory.Delete(_home, recursive: true);
    }

    private byte[] GpgDecrypt(string armored)
    {
        var input = Path.Combine(_home, "message.asc");
        var output = Path.Combine(_home, "message.out");
        File.WriteAllText(input, armored);
        var (code, _, error) = RealTools.Run(_gpg, ["--homedir", _home, "--batch", "--yes", "--output", output, "--decrypt", input]);
        code.ShouldBe(0, error);
        return File.ReadAllBytes(output);
    }

    [Fact]
    public void Gpg_opens_the_data_key_we_wrap_and_the_mac_checks_out_independently()
    {
        var recipient = PgpRecipient.Read(File.ReadAllBytes(Path.Combine(TestPaths.Reference, "sops", "vectors", "sops-pgp", "pgp", "sops_functional_tests_key.asc")), FormatTests.SopsTestFingerprint);
        var encrypted = SopsFile.Encrypt("DB_PASSWORD=s3cr3t\nDB_USER=app\n", SopsFormat.Dotenv, new SopsEncryptionOptions { PgpRecipients = [recipient] });
        encrypted.ShouldContain("sops_pgp__list_0__map_fp=" + FormatTests.SopsTestFingerprint);
        var enc = encrypted.Split('\n').Single(l => l.StartsWith("sops_pgp__list_0__map_enc=", StringComparison.Ordinal))["sops_pgp__list_0__map_enc=".Length..].Replace("\\n", "\n", StringComparison.Ordinal);

        var dataKey = GpgDecrypt(enc);

        dataKey.Length.ShouldBe(32);
        IndependentSops.VerifyFlat(encrypted, dataKey).ShouldBe(["s3cr3t", "app"]);
    }

    [Fact]
    public void A_data_key_gpg_wraps_opens_in_process()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var plain = Path.Combine(_home, "key.bin");
        File.WriteAllBytes(plain, key);
        var (code, armored, error) = RealTools.Run(_gpg, ["--homedir", _home, "--batch", "--trust-model", "always", "--armor", "--recipient", FormatTests.SopsTestFingerprint, "--encrypt", "--output", "-", plain]);
        code.ShouldBe(0, error);

        FormatTests.SopsTestKey().TryDecrypt(armored).ShouldBe(key);
    }

    [Fact]
    public void Gpg_opens_keys_that_live_only_in_its_key_ring()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Reference, "sops", "vectors", "sops-pgp", "functional-tests", "res", "format.enc.yaml"));

        SopsFile.Decrypt(text, SopsFormat.Yaml, new SopsKeyring { GnuPgHome = _home }).ShouldBe("foo: bar\n");

        var without = Should.Throw<SopsException>(() => SopsFile.Decrypt(text, SopsFormat.Yaml, new SopsKeyring { UseGpg = false }));
        without.Message.ShouldContain(FormatTests.SopsTestFingerprint);
    }

    [Fact]
    public void Public_keys_come_from_gpg_export_by_fingerprint()
    {
        var keys = new SopsKeyring { GnuPgHome = _home };
        var recipient = keys.ResolvePgp("fbc7 b9e2 a4f9 289a c0c1 d484 3d16 cee4 a273 81b4");

        var encrypted = SopsFile.Encrypt("password: s3cr3t\n", SopsFormat.Yaml, new SopsEncryptionOptions { PgpRecipients = [recipient] });

        SopsFile.Decrypt(encrypted, SopsFormat.Yaml, new SopsKeyring { Pgp = [FormatTests.SopsTestKey()], UseGpg = false }).ShouldBe("password: s3cr3t\n");
        Should.Throw<SopsException>(() => keys.ResolvePgp("0123456789ABCDEF0123456789ABCDEF01234567")).Message.ShouldContain("--pgp-public-key");
        Encoding.ASCII.GetString(File.ReadAllBytes(Path.Combine(TestPaths.Reference, "sops", "vectors", "sops-pgp", "pgp", "sops_functional_tests_key.asc"))).ShouldContain("PRIVATE KEY");
    }
}
