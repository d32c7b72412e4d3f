using System.Text.RegularExpressions;
using DataPlatform.Sdk.Cli;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Sops;
using DataPlatform.Sdk.Tests.Shared;
using DataPlatform.Sdk.Yaml;
using static DataPlatform.Sdk.Platform.Tests.TestCli;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>
/// Someone leaves: their key is removed from <c>.sops.yaml</c>, <c>validate</c> names every file they can still read,
/// <c>secrets updatekeys</c> then <c>secrets rotate</c> lock them out — the removed identity opens no file, a data key
/// they saved opens no value and fails the MAC — while the remaining keys (age and PGP) decrypt the same values.
/// </summary>
public sealed partial class OffboardingTests : IDisposable
{
    private static readonly AgeIdentity Alice = AgeIdentity.Generate();
    private static readonly AgeIdentity Bob = AgeIdentity.Generate();
    private readonly string _dir = Directory.CreateTempSubdirectory("dp-offboard-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string PgpKeyFile => Path.Combine(TestPaths.Reference, "sops", "vectors", "sops-pgp", "pgp", "sops_functional_tests_key.asc");

    private const string PgpFingerprint = "FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4";

    private List<string> EncryptedFiles() =>
        [.. Directory.EnumerateFiles(_dir, "*.sops.yaml", SearchOption.AllDirectories).Where(f => !f.Contains(".dataplatform", StringComparison.Ordinal) && Path.GetFileName(f) != ".sops.yaml").Order(StringComparer.Ordinal)];

    private static byte[] DataKeyOf(string text, AgeIdentity identity)
    {
        var sops = (YamlMapping)((YamlMapping)YamlReader.ReadString(text).Documents[0].Root!).Find("sops")!.Value;
        var stanza = ((YamlSequence)sops.Find("age")!.Value).Items.Select(i => (YamlMapping)i.Value)
            .Single(m => ((YamlScalar)m.Find("recipient")!.Value).Value == identity.Recipient.ToString());
        return Age.Decrypt(System.Text.Encoding.ASCII.GetBytes(((YamlScalar)stanza.Find("enc")!.Value).Value), [identity]);
    }

    [Fact]
    public async Task A_removed_recipient_is_reported_then_rekeyed_and_rotated_out()
    {
        var pgp = PgpRecipient.Read(await File.ReadAllBytesAsync(PgpKeyFile), PgpFingerprint);
        var repo = DataPlatformRepository.CreateBuilder("offboarding")
            .Source(s => s.Url("https://github.com/acme/offboarding"))
            .Cluster("dev", c => c.TrackBranch("main"))
            .Sops(s => s.Age(Alice.Recipient).Age(Bob.Recipient).Pgp(pgp))
            .Domain("finance", d => d
                .Secret("finance-db", new Dictionary<string, string> { ["PASSWORD"] = "s3cr3t-db" })
                .Secret("warehouse", new Dictionary<string, string> { ["TOKEN"] = "s3cr3t-token" }))
            .Build();
        repo.Validate().Errors.ShouldBeEmpty(repo.Validate().ToText());
        await repo.WriteAsync(_dir);
        var files = EncryptedFiles();
        files.Count.ShouldBe(2);
        var before = files.ToDictionary(f => f, f => SopsFile.Decrypt(File.ReadAllText(f), SopsFormat.Yaml, [Alice]));
        var bobsKeys = files.ToDictionary(f => f, f => DataKeyOf(File.ReadAllText(f), Bob));
        var config = File.ReadAllText(Path.Combine(_dir, ".sops.yaml"));
        config.ShouldContain("pgp: " + PgpFingerprint);

        // Bob leaves.
        File.WriteAllText(Path.Combine(_dir, ".sops.yaml"), config.Replace("," + Bob.Recipient, string.Empty, StringComparison.Ordinal).Replace(Bob.Recipient + ",", string.Empty, StringComparison.Ordinal));
        var (code, report, _) = Run((o, e) => Commands.Validate(_dir, "text", o, e));
        code.ShouldBe(1, report);
        foreach (var file in files)
        {
            report.ShouldContain(Path.GetRelativePath(_dir, file).Replace('\\', '/') + " is still encrypted for " + Bob.Recipient.ToString()[..12]);
        }

        DprLines(report, "DPR021").ShouldAllBe(l => l.Contains("error", StringComparison.Ordinal));

        var keys = new SecretKeys([PgpKeyFile], [], NoGpg: true);
        var (dry, dryOut, _) = Run((o, e) => Commands.UpdateKeys(_dir, keys, dryRun: true, o, e));
        dry.ShouldBe(0);
        dryOut.ShouldContain("would be re-keyed");
        files.ShouldAllBe(f => File.ReadAllText(f).Contains(Bob.Recipient.ToString(), StringComparison.Ordinal));

        var (updated, updateOut, updateErr) = Run((o, e) => Commands.UpdateKeys(_dir, keys, dryRun: false, o, e));
        updated.ShouldBe(0, updateErr);
        updateOut.ShouldContain("sops metadata only, values unchanged: -" + Bob.Recipient);
        updateErr.ShouldContain("secrets rotate");
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            text.ShouldNotContain(Bob.Recipient.ToString());
            Should.Throw<SopsException>(() => SopsFile.Decrypt(text, SopsFormat.Yaml, [Bob]));
            OpensAValue(text, bobsKeys[file]).ShouldBeTrue("re-keying alone does not lock out a kept data key: that is why rotate follows");
        }

        var (rotated, rotateOut, rotateErr) = Run((o, e) => Commands.Rotate(_dir, keys, dryRun: false, o, e));
        rotated.ShouldBe(0, rotateErr);
        rotateOut.ShouldContain("rotated");
        rotateErr.ShouldContain("change the credentials themselves");
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Should.Throw<SopsException>(() => SopsFile.Decrypt(text, SopsFormat.Yaml, [Bob]));
            OpensAValue(text, bobsKeys[file]).ShouldBeFalse();
            MacOpens(text, bobsKeys[file]).ShouldBeFalse();
            SopsFile.Decrypt(text, SopsFormat.Yaml, [Alice]).ShouldBe(before[file]);
            SopsFile.Decrypt(text, SopsFormat.Yaml, new SopsKeyring { Pgp = [PgpIdentity.Read(await File.ReadAllBytesAsync(PgpKeyFile))], UseGpg = false }).ShouldBe(before[file]);
            SopsFile.TryReadMetadata(text)!.PgpFingerprints.ShouldBe([PgpFingerprint]);
        }

        var (clean, cleanReport, _) = Run((o, e) => Commands.Validate(_dir, "text", o, e));
        DprLines(cleanReport, "DPR021").ShouldBeEmpty(cleanReport);
        clean.ShouldBe(0, cleanReport);
    }

    [Fact]
    public async Task Rebuilding_with_an_added_recipient_rekeys_in_place_and_the_plan_says_metadata_only()
    {
        var builder = () => DataPlatformRepository.CreateBuilder("offboarding")
            .Source(s => s.Url("https://github.com/acme/offboarding"))
            .Cluster("dev", c => c.TrackBranch("main"))
            .Domain("finance", d => d.Secret("finance-db", new Dictionary<string, string> { ["PASSWORD"] = "s3cr3t-db" }));
        await builder().Sops(s => s.Age(Alice.Recipient)).Build().WriteAsync(_dir);
        var file = EncryptedFiles().Single();
        var first = File.ReadAllText(file);

        var plan = builder().Sops(s => s.Age(Alice.Recipient).Age(Bob.Recipient)).Build().Plan(_dir, identities: [Alice]);

        var change = plan.Changes.Single(c => c.Path.Value.EndsWith("finance-db.sops.yaml", StringComparison.Ordinal));
        change.Note.ShouldBe("SOPS metadata only (re-keyed): values unchanged");
        plan.ToText().ShouldContain("metadata only");
        Writing.RepositoryWriter.Apply(plan);
        var rekeyed = File.ReadAllText(file);
        DataKeyOf(rekeyed, Bob).ShouldBe(DataKeyOf(first, Alice));
        SopsFile.Decrypt(rekeyed, SopsFormat.Yaml, [Bob]).ShouldBe(SopsFile.Decrypt(first, SopsFormat.Yaml, [Alice]));
    }

    private static bool OpensAValue(string text, byte[] dataKey) =>
        EncryptedValue().Matches(text).Select(m => (Value: m.Groups["value"].Value, Key: m.Groups["key"].Value))
            .Any(v => SopsCipher.TryDecrypt(v.Value, dataKey, "stringData:" + v.Key + ":", out _, out _) is null);

    private static bool MacOpens(string text, byte[] dataKey)
    {
        var sops = (YamlMapping)((YamlMapping)YamlReader.ReadString(text).Documents[0].Root!).Find("sops")!.Value;
        var mac = ((YamlScalar)sops.Find("mac")!.Value).Value;
        var lastModified = ((YamlScalar)sops.Find("lastmodified")!.Value).Value;
        return SopsCipher.TryDecrypt(mac, dataKey, lastModified, out _, out _) is null;
    }

    private static List<string> DprLines(string report, string code) => [.. report.Split('\n').Where(l => l.Contains(code, StringComparison.Ordinal))];

    [GeneratedRegex(@"^\s+(?<key>[A-Z_]+): (?<value>ENC\[[^\]]+\])", RegexOptions.Multiline)]
    private static partial Regex EncryptedValue();
}
