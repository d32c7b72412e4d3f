using System.Diagnostics;
using System.Text;
using DataPlatform.Sdk.Cli;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Sops;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Sdk.Platform.Tests.Hostile;

/// <summary>
/// Issue #16: hostile content gets a diagnostic in bounded time, never a crash; secrets are found however they are
/// hidden and never echoed; refs fail closed. Each attack is built in the test (nothing large is committed).
/// </summary>
public sealed class ContentAttackTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dp-content-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(Func<TextWriter, TextWriter, int> command) => TestCli.Run(command);

    private static T Timed<T>(Func<T> work, double seconds, string what)
    {
        var watch = Stopwatch.StartNew();
        var result = work();
        watch.Elapsed.TotalSeconds.ShouldBeLessThan(seconds, what);
        return result;
    }

    [Fact]
    public void Deep_xml_changelogs_and_long_kustomization_chains_are_diagnostics_not_stack_overflows()
    {
        var xml = new StringBuilder("<?xml version=\"1.0\"?>\n<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\">\n");
        for (var i = 0; i < 12_000; i++)
        {
            xml.Append("<changeSet id=\"").Append(i).Append("\" author=\"a\">");
        }

        xml.Append(new string(' ', 1)).Append(string.Concat(Enumerable.Repeat("</changeSet>", 12_000))).Append("\n</databaseChangeLog>\n");
        var tree = FileTree.Empty.With("db/changelog.xml", xml.ToString());
        for (var i = 0; i < 10_000; i++)
        {
            tree = tree.With($"k/{i}/kustomization.yaml", $"resources:\n  - ../{i + 1}\n");
        }

        tree = tree.With("k/10000/kustomization.yaml", "resources: []\n").With("clusters/dev/sync.yaml",
            "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: k\n  namespace: flux-system\nspec:\n  interval: 1m\n  path: ./k/0\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n");

        var report = Timed(() => GitOpsRepository.Load(tree).Validate(), 60, "deep input");

        report.Errors.ShouldContain(d => d.FilePath == "db/changelog.xml" && d.Message.Contains("nested deeper", StringComparison.Ordinal));
        report.Errors.ShouldContain(d => d.Code == "DPS005" && d.Message.Contains("Kustomizations include each other", StringComparison.Ordinal));
    }

    [Fact]
    public void A_long_dependsOn_chain_is_walked_without_recursion()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            sb.Append($"---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: k{i}\n  namespace: flux-system\nspec:\n  interval: 1m\n  path: ./\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: other\n  dependsOn:\n    - name: k{i + 1}\n");
        }

        sb.Append("---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: k20000\n  namespace: flux-system\nspec:\n  interval: 1m\n  path: ./\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: other\n  dependsOn:\n    - name: k0\n");

        var report = Timed(() => GitOpsRepository.Load(FileTree.Empty.With("chain.yaml", sb.ToString())).Validate(), 60, "dependsOn chain");

        report.Errors.Single(d => d.Code == "DPR004").Message.ShouldStartWith("Kustomization dependsOn cycle: k0 → k1 → k2 → ");
    }

    [Theory]
    [InlineData("flow-sequences")]
    [InlineData("flow-mappings")]
    [InlineData("many-keys")]
    public void Pathological_yaml_is_read_or_refused_in_linear_time(string shape)
    {
        var text = shape switch
        {
            "flow-sequences" => "a: " + new string('[', 100_000) + new string(']', 100_000) + "\n",
            "flow-mappings" => "a: " + string.Concat(Enumerable.Repeat("{a: ", 100_000)) + "1" + new string('}', 100_000) + "\n",
            _ => "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  namespace: x\ndata:\n" + string.Concat(Enumerable.Range(0, 200_000).Select(i => $"  k{i}: v\n")),
        };

        var result = Timed(() => ManifestLoader.LoadString(text, "x.yaml"), 20, shape);
        if (shape != "many-keys")
        {
            result.Diagnostics.Errors.ShouldContain(d => d.Code == "DPS005");
        }
        else
        {
            result.Diagnostics.Errors.ShouldBeEmpty();
            var again = Timed(() => ManifestLoader.LoadString(text + "  k7: duplicate\n", "x.yaml"), 20, "duplicate key among many");
            again.Diagnostics.Diagnostics.ShouldContain(d => d.Code == "DPS002");
            Timed(() => ManifestSerializer.ToYaml(again.Objects), 20, "writing back a mapping of many keys");
        }
    }

    [Fact]
    public void A_long_line_in_a_dlt_script_and_a_catastrophic_path_regex_stay_bounded()
    {
        var script = "import dlt\n" + "x = \"" + new string('a', 200_000) + "\n";
        var sops = "creation_rules:\n  - path_regex: (a+)+$\n    age: age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29\n  - path_regex: (?<=x)y\n    age: age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29\n";
        var tree = FileTree.Empty.With("pipelines/dlt/x.py", script).With(".sops.yaml", sops)
            .With(new string('a', 5000) + "!.sops.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  k: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\nsops:\n  mac: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\n  version: 3.9.0\n");

        var report = Timed(() => GitOpsRepository.Load(tree).Validate(), 20, "regex work");

        report.Diagnostics.ShouldContain(d => d.Code == "DPE002" && d.Message.Contains("(?<=x)y", StringComparison.Ordinal));
        report.Diagnostics.ShouldNotContain(d => d.Code == "DPS021", report.ToText());
    }

    [Fact]
    public void An_alias_bomb_is_refused_by_every_command_not_only_validate()
    {
        var bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 12; i++)
        {
            bomb.Append($"{(char)('a' + i)}: &{(char)('a' + i)} [*{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}]\n");
        }

        var file = Path.Combine(_dir, "bomb.yaml");
        File.WriteAllText(file, bomb.ToString());
        var recipient = AgeIdentity.Generate().Recipient.ToString();

        var (code, _, error) = Timed(() => Run((o, e) => Commands.Encrypt(file, [recipient], [], SecretKeys.None, inPlace: false, o, e)), 20, "secrets encrypt");

        code.ShouldBe(1);
        error.ShouldContain("cannot be read");
        Timed(() => ManifestLoader.LoadFile(file), 20, "load").Diagnostics.Errors.ShouldContain(d => d.Code == "DPS006");
    }

    [Theory]
    [InlineData("json")]
    [InlineData("sarif")]
    public void A_failed_run_still_prints_a_valid_document(string format)
    {
        var text = ReportFormats.Failure("Internal error (IOException): the disk went away", format);

        using var doc = System.Text.Json.JsonDocument.Parse(text);
        text.ShouldContain("DPS021");
    }

    [Fact]
    public void Decrypting_an_alias_bomb_is_refused_in_bounded_time()
    {
        var bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 12; i++)
        {
            var prev = (char)('a' + i - 1);
            bomb.Append($"{(char)('a' + i)}: &{(char)('a' + i)} [{string.Join(", ", Enumerable.Repeat("*" + prev, 9))}]\n");
        }

        bomb.Append("sops:\n  mac: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\n  version: 3.9.0\n");

        Timed(() => Should.Throw<SopsException>(() => SopsFile.Decrypt(bomb.ToString(), SopsFormat.Yaml, [AgeIdentity.Generate()])), 20, "decrypt");
    }

    [Theory]
    [InlineData("sops-empty")]
    [InlineData("sops-fake-mac")]
    [InlineData("list")]
    [InlineData("generator")]
    public void A_plaintext_secret_is_found_however_it_is_wrapped(string how)
    {
        var (path, text) = how switch
        {
            "sops-empty" => ("s.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: hunter2\nsops: {}\n"),
            "sops-fake-mac" => ("s.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: hunter2\n  token: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\nsops:\n  mac: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\n  version: 3.9.0\n"),
            "list" => ("l.yaml", "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Secret\n    metadata:\n      name: s\n    stringData:\n      password: hunter2\n"),
            _ => ("kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nsecretGenerator:\n  - name: db\n    literals:\n      - password=hunter2\n"),
        };

        var report = GitOpsRepository.Load(FileTree.Empty.With(path, text)).Validate();

        report.Errors.ShouldContain(d => d.Code == "DPR006" && d.FilePath == path, report.ToText());
        report.ToText().ShouldNotContain("hunter2");
    }

    [Fact]
    public void Encrypted_values_the_files_own_rules_leave_plain_are_not_plaintext_secrets()
    {
        const string text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  host_unencrypted: db.internal\n  password: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\n"
            + "sops:\n  mac: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\n  unencrypted_suffix: _unencrypted\n  version: 3.9.0\n";

        GitOpsRepository.Load(FileTree.Empty.With("s.yaml", text)).Validate().Diagnostics.ShouldNotContain(d => d.Code == "DPR006");
    }

    [Theory]
    [InlineData("keys.txt", "# created: 2026-01-01\n# public key: age1x\nAGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYQY8KRYF\n", "age private key")]
    [InlineData(".github/workflows/ci.yaml", "name: ci\n\"on\": push\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -H \"Authorization: token ghp_0123456789abcdefghijABCDEFGHIJ0123456789\" https://api.github.com\n", "GitHub token")]
    [InlineData("deploy/id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACDfakefakefakefakefakefakefakefakefake0123456789AAAA\n-----END OPENSSH PRIVATE KEY-----\n", "SSH private key")]
    public void Committed_key_material_and_tokens_are_errors_that_never_repeat_the_value(string path, string text, string kind)
    {
        // Documentation placeholders of the same shapes are not credentials.
        GitOpsRepository.Load(FileTree.Empty.With("README.md", "export GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n-----BEGIN OPENSSH PRIVATE KEY-----\n...\n-----END OPENSSH PRIVATE KEY-----\n"))
            .Validate().Diagnostics.ShouldNotContain(d => d.Code == "DPR019");

        var report = GitOpsRepository.Load(FileTree.Empty.With(path, text)).Validate();

        var d = report.Errors.Single(x => x.Code == "DPR019");
        (d.FilePath, d.Message).ShouldBe((path, $"{path} holds a {kind}."));
        report.ToText().ShouldNotContain("GFPYYSJZ");
        report.ToText().ShouldNotContain("ghp_0123");
    }

    [Fact]
    public void A_private_key_given_as_a_recipient_is_never_echoed()
    {
        var identity = AgeIdentity.Generate().ExportSecret();
        var file = Path.Combine(_dir, "s.yaml");
        File.WriteAllText(file, "a: b\n");
        File.WriteAllText(Path.Combine(_dir, ".sops.yaml"), $"creation_rules:\n  - age: {identity}\n");

        var direct = Run((o, e) => Commands.Encrypt(file, [identity], [], SecretKeys.None, inPlace: false, o, e));
        var byConfig = Run((o, e) => Commands.Encrypt(file, [], [], SecretKeys.None, inPlace: false, o, e));
        var validate = GitOpsRepository.Load(_dir).Validate().ToText();

        direct.Code.ShouldBe(1);
        (direct.Out + direct.Err + byConfig.Out + byConfig.Err + validate).ShouldNotContain(identity[20..]);
    }

    [Fact]
    public void Base_ref_fails_closed_and_cannot_be_turned_into_an_option()
    {
        var repo = Path.Combine(_dir, "repo");
        Directory.CreateDirectory(repo);
        File.WriteAllText(Path.Combine(repo, "changelog.yaml"), "databaseChangeLog: []\n");

        var outside = Run((o, e) => Commands.Validate(repo, "text", o, e, baseRef: "v1"));
        Git(repo, "init", "-q", ".");
        Git(repo, "config", "user.email", "t@example.com");
        Git(repo, "config", "user.name", "t");
        Git(repo, "add", ".");
        Git(repo, "commit", "-q", "-m", "one");
        var missing = Run((o, e) => Commands.Validate(repo, "text", o, e, baseRef: "v9.9.9"));
        var injected = Run((o, e) => Commands.Validate(repo, "text", o, e, baseRef: "--output=" + Path.Combine(_dir, "X")));
        var good = Run((o, e) => Commands.Validate(repo, "text", o, e, baseRef: "HEAD"));

        (outside.Code, missing.Code, injected.Code, good.Code).ShouldBe((2, 2, 2, 0));
        outside.Err.ShouldContain("not a git repository");
        missing.Err.ShouldContain("ref not found");
        File.Exists(Path.Combine(_dir, "X")).ShouldBeFalse();
    }

    private static void Git(string dir, params string[] args) => RealTools.Run("git", args, workingDirectory: dir).ExitCode.ShouldBe(0, string.Join(' ', args));
}
