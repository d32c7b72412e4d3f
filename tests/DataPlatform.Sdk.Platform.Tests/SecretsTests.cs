using DataPlatform.Sdk.Cli;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Sops;
using DataPlatform.Sdk.Tests.Shared;
using DataPlatform.Sdk.Writing;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>Secrets in the repository: encrypted by the builder, decrypted by Flux, checked by DPR006/014/015/016 and DPE.</summary>
public sealed class SecretsTests : IDisposable
{
    private static readonly AgeIdentity Team = AgeIdentity.Generate();
    private static readonly AgeIdentity Prod = AgeIdentity.Generate();
    private readonly string _dir = Directory.CreateTempSubdirectory("dp-secrets-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static DataPlatformRepositoryBuilder Described() => DataPlatformRepository.CreateBuilder("data-platform-gitops")
        .Source(s => s.Url("https://github.com/acme/data-platform-gitops"))
        .Cluster("dev", c => c.TrackBranch("main"))
        .Cluster("prod", c => c.TrackSemVer(">=1.0.0"))
        .Infrastructure(i => i.Observability().Networking().Storage())
        .Platform(p => p.Kestra().Dlt().Liquibase())
        .Tenant("finance-team")
        .Sops(s => s.Age(Team.Recipient).Environment("prod", e => e.Age(Prod.Recipient).AzureKeyVault("https://acme.vault.azure.net/keys/sops/0123456789abcdef").AwsKms("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")))
        .Domain("finance", d => d.OwnedBy("finance-team")
            .Secret("finance-db", new Dictionary<string, string> { ["FINANCE_DB_PASSWORD"] = "dev-only" })
            .Secret("warehouse", new Dictionary<string, string> { ["TOKEN"] = "prod-token" }, environment: "prod"));

    [Fact]
    public void Secrets_are_written_encrypted_for_the_rule_of_their_path_and_decrypted_by_flux()
    {
        var repo = Described().Build();

        var config = SopsConfig.Parse(repo.Files.ReadText(RepoPath.Parse(".sops.yaml")));
        config.CreationRules.Count.ShouldBe(2);
        config.CreationRules[0].AgeRecipients.ShouldBe([Team.Recipient.ToString(), Prod.Recipient.ToString()]);
        SopsCreationRule.List(config.CreationRules[0].AzureKeyVault).ShouldHaveSingleItem();
        SopsCreationRule.List(config.CreationRules[0].Kms).ShouldHaveSingleItem();

        var prodSecret = repo.Files.ReadText(RepoPath.Parse("domains/finance/overlays/prod/warehouse.sops.yaml"));
        prodSecret.ShouldNotContain("prod-token");
        SopsFile.Decrypt(prodSecret, SopsFormat.Yaml, [Prod]).ShouldContain("TOKEN: prod-token");
        SopsFile.Decrypt(prodSecret, SopsFormat.Yaml, [Team]).ShouldContain("TOKEN: prod-token");
        var baseSecret = repo.Files.ReadText(RepoPath.Parse("domains/finance/base/finance-db.sops.yaml"));
        Should.Throw<SopsException>(() => SopsFile.Decrypt(baseSecret, SopsFormat.Yaml, [Prod]));
        SopsFile.Decrypt(baseSecret, SopsFormat.Yaml, [Team]).ShouldContain("FINANCE_DB_PASSWORD: dev-only");

        var loaded = GitOpsRepository.Load(repo.Files);
        var domainKustomizations = loaded.Objects.Select(o => o.Value).OfType<FluxKustomization>().Where(k => k.Metadata.Name!.StartsWith("domain-", StringComparison.Ordinal)).ToList();
        domainKustomizations.ShouldAllBe(k => k.Spec.Decryption!.Provider == "sops" && k.Spec.Decryption.SecretRef!.Name == "sops-age");
        loaded.Objects.Select(o => o.Value).OfType<GitRepository>().ShouldAllBe(g => g.Spec.Ignore!.Contains(".sops.yaml", StringComparison.Ordinal));
        repo.Files.Paths.ShouldNotContain(p => repo.Files.ReadText(p).Contains("AGE-SECRET-KEY", StringComparison.Ordinal));
        repo.Files.ReadText(RepoPath.Parse("README.md")).ShouldContain("create secret generic sops-age");
        repo.Validate().Diagnostics.ShouldBeEmpty(repo.Validate().ToText());
    }

    [Fact]
    [Trait("Category", RealTools.Trait)]
    public async Task Encrypted_overlays_still_build_with_kubectl()
    {
        await Described().Build().WriteAsync(_dir);

        RealTools.KubectlKustomize(Path.Combine(_dir, "domains", "finance", "overlays", "prod")).ShouldContain("name: warehouse");
    }

    [Fact]
    public void Secrets_without_a_recipient_are_refused_with_a_clear_message()
    {
        var report = DataPlatformRepository.CreateBuilder("r").Cluster("dev")
            .Domain("finance", d => d.Secret("db", new Dictionary<string, string> { ["p"] = "x" })).Validate();

        report.Errors.ShouldContain(d => d.Code == "DPR010" && d.Message.Contains(".Sops(", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Writer_refuses_a_plaintext_secret_and_writes_nothing()
    {
        var secret = new k8s.Models.V1Secret { ApiVersion = "v1", Kind = "Secret", Metadata = new() { Name = "leak" }, StringData = new Dictionary<string, string> { ["password"] = "hunter2" } };
        var builder = DataPlatformRepository.CreateBuilder("r").Cluster("dev").Domain("finance", d => d.Manifest(secret));
        var target = Path.Combine(_dir, "out");

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => DataPlatformRepository.FromSpecUnchecked(builder).WriteAsync(target));

        ex.Message.ShouldContain("DPR006");
        ex.Message.ShouldNotContain("hunter2");
        Directory.Exists(target).ShouldBeFalse();
    }

    [Fact]
    public async Task Rewriting_unchanged_secrets_keeps_their_bytes_so_the_plan_is_empty()
    {
        var target = Path.Combine(_dir, "repo");
        await Described().Build().WriteAsync(target);
        var before = File.ReadAllText(Path.Combine(target, "domains/finance/base/finance-db.sops.yaml"));

        // The identity is passed in explicitly: no environment variable is read.
        var stable = EncryptedFiles.KeepUnchanged(Described().Build().Files, target, [Team]);

        stable.ReadText(RepoPath.Parse("domains/finance/base/finance-db.sops.yaml")).ShouldBe(before);
        Described().Build().Plan(target, identities: [Team]).IsEmpty.ShouldBeTrue();
        Described().Build().Plan(target, identities: []).Changes.ShouldContain(c => c.Path.Value == "domains/finance/base/finance-db.sops.yaml");
    }

    [Fact]
    public void DPR014_an_encrypted_file_applied_without_decryption()
    {
        var files = Described().Build().Files;
        var path = RepoPath.Parse("clusters/dev/cluster-config.yaml");
        var broken = files.With(path, files.ReadText(path).Replace("  decryption:\n    provider: sops\n    secretRef:\n      name: sops-age\n", string.Empty, StringComparison.Ordinal));

        var d = GitOpsRepository.Load(broken).Validate().Errors.First(x => x.Code == "DPR014");

        d.Location!.Value.FilePath.ShouldBe("domains/finance/base/finance-db.sops.yaml");
        d.Message.ShouldContain("domain-finance");
    }

    [Fact]
    public void DPR015_an_encrypted_file_outside_every_rule()
    {
        var files = Described().Build().Files;
        var moved = files.With("domains/finance/base/extra.enc.yaml", files.ReadText(RepoPath.Parse("domains/finance/base/finance-db.sops.yaml")));

        var d = GitOpsRepository.Load(moved).Validate().Diagnostics.Single(x => x.Code == "DPR015");

        d.Location!.Value.FilePath.ShouldBe("domains/finance/base/extra.enc.yaml");
        d.Severity.ShouldBe(Diagnostics.DiagnosticSeverity.Warning);
    }

    [Fact]
    public void DPR016_an_encrypted_file_inside_a_component()
    {
        var files = Described().Build().Files;
        var tree = files
            .With("components/db/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - db.sops.yaml\n")
            .With("components/db/db.sops.yaml", files.ReadText(RepoPath.Parse("domains/finance/base/finance-db.sops.yaml")));

        var d = GitOpsRepository.Load(tree).Validate().Errors.Single(x => x.Code == "DPR016");

        d.Location!.Value.FilePath.ShouldBe("components/db/db.sops.yaml");
    }

    [Fact]
    public void DPE_rules_check_the_sops_configuration()
    {
        var text = "creation_rules:\n  - encrypted_regex: ^(data|stringData)$\n  - path_regex: prod/.*\n    age: not-a-key\n";

        var result = Manifests.ManifestLoader.LoadString(text, ".sops.yaml");

        result.Documents[0].Object.ShouldBeOfType<SopsConfig>();
        var codes = result.Diagnostics.Diagnostics.Select(d => (d.Code, d.Location!.Value.Line)).ToList();
        codes.ShouldContain(("DPE001", 2));
        codes.ShouldContain(("DPE002", 4));
        codes.ShouldContain(("DPE003", 3));
    }

    [Fact]
    public void Cli_encrypts_with_the_rule_of_sops_yaml_and_decrypts_with_the_environment_key()
    {
        File.WriteAllText(Path.Combine(_dir, ".sops.yaml"), $"creation_rules:\n  - path_regex: secrets/.*\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    age: {Team.Recipient}\n");
        Directory.CreateDirectory(Path.Combine(_dir, "secrets"));
        var file = Path.Combine(_dir, "secrets", "s.yaml");
        File.WriteAllText(file, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  token: abc\n");
        using var o = new StringWriter();
        using var e = new StringWriter();

        Commands.Encrypt(file, [], [], SecretKeys.None, inPlace: true, o, e).ShouldBe(0, e.ToString());

        var encrypted = File.ReadAllText(file);
        encrypted.ShouldNotContain("token: abc");
        SopsFile.Decrypt(encrypted, SopsFormat.Yaml, [Team]).ShouldContain("token: abc");
        Commands.Decrypt(file, SecretKeys.None, inPlace: false, o, e).ShouldBe(1); // the test process has no key for Team
        e.ToString().ShouldContain(Team.Recipient.ToString());
    }

    [Fact]
    public void Cli_keygen_writes_a_private_key_file_and_prints_the_recipient()
    {
        var path = Path.Combine(_dir, "k", "keys.txt");
        using var o = new StringWriter();
        using var e = new StringWriter();

        Commands.Keygen(path, o, e).ShouldBe(0);

        var identity = AgeKeys.Parse(File.ReadAllText(path)).ShouldHaveSingleItem();
        o.ToString().Trim().ShouldBe(identity.Recipient.ToString());
        o.ToString().ShouldNotContain("AGE-SECRET-KEY");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Commands.Keygen(path, o, e).ShouldBe(1);
    }

    [Fact]
    public void Cli_keygen_writes_a_post_quantum_key_when_asked_and_files_encrypted_for_it_decrypt()
    {
        var path = Path.Combine(_dir, "pq", "keys.txt");
        using var o = new StringWriter();
        using var e = new StringWriter();

        Commands.Keygen(path, o, e, postQuantum: true).ShouldBe(0, e.ToString());

        var identity = AgeKeys.Parse(File.ReadAllText(path)).ShouldHaveSingleItem();
        identity.IsPostQuantum.ShouldBeTrue();
        o.ToString().Trim().ShouldBe(identity.Recipient.ToString());
        o.ToString().ShouldStartWith("age1pq1");
        var file = Path.Combine(_dir, "db.env");
        File.WriteAllText(file, "PASSWORD=s3cr3t\n");
        Commands.Encrypt(file, [identity.Recipient.ToString()], [], SecretKeys.None, inPlace: true, o, e).ShouldBe(0, e.ToString());
        File.ReadAllText(file).ShouldNotContain("s3cr3t");
        SopsFile.Decrypt(File.ReadAllText(file), SopsFormat.Dotenv, [identity]).ShouldBe("PASSWORD=s3cr3t\n");
    }

    [Fact]
    public void Cloud_stores_are_referenced_by_SecretProviderClass_never_by_value()
    {
        var repo = DataPlatformRepository.CreateBuilder("r").Cluster("prod", c => c.TrackSemVer(">=1.0.0"))
            .Domain("finance", d => d
                .ExternalSecret("finance-kv", ExternalSecretStore.AzureKeyVault("acme-prod", "tenant-guid", "client-guid"), new Dictionary<string, string> { ["DB_PASSWORD"] = "finance-db-password" })
                .ExternalSecret("finance-aws", ExternalSecretStore.AwsSecretsManager("eu-west-1"), new Dictionary<string, string> { ["TOKEN"] = "prod/finance/token" }))
            .Build();

        var loaded = GitOpsRepository.Load(repo.Files);
        var classes = loaded.Objects.Where(o => o.Kind == "SecretProviderClass").ToList();
        classes.Count.ShouldBe(2);
        var text = repo.Files.ReadText(RepoPath.Parse("domains/finance/base/resources.yaml"));
        text.ShouldContain("keyvaultName: acme-prod");
        text.ShouldContain("objectType: \"secretsmanager\"");
        repo.Validate().Errors.ShouldBeEmpty();
    }
}

/// <summary>DPR006 on the files a secretGenerator reads: sops-encrypted dotenv, INI, binary and YAML files pass; plaintext ones do not.</summary>
public sealed class GeneratorFileTests
{
    private static string Vector(string path) => File.ReadAllText(Path.Combine(TestPaths.Reference, "sops", "vectors", path));

    private static Files.FileTree Tree(string envText) => Files.FileTree.Empty
        .With("app/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nsecretGenerator:\n  - name: app\n    envs:\n      - db.env\n    files:\n      - tls.key=file.txt\n      - config.ini\n")
        .With("app/db.env", envText)
        .With("app/file.txt", Vector("kustomize-controller/internal/controller/testdata/sops/files/file.txt"))
        .With("app/config.ini", Vector("sops-pgp/example.ini"));

    [Fact]
    public void Encrypted_dotenv_ini_and_binary_files_pass_and_a_plaintext_one_is_DPR006()
    {
        var encrypted = GitOpsRepository.Load(Tree(Vector("kustomize-controller/internal/controller/testdata/sops/envs/env.env"))).Validate();
        encrypted.Diagnostics.ShouldNotContain(d => d.Code == "DPR006", encrypted.ToText());

        var plaintext = GitOpsRepository.Load(Tree("DB_PASSWORD=hunter2\n")).Validate();
        var error = plaintext.Errors.Single(d => d.Code == "DPR006");
        error.Message.ShouldContain("reads app/db.env in plaintext");
        error.Pointer.ShouldBe("/secretGenerator/0/envs/0");
        error.Message.ShouldNotContain("hunter2");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_generator_of_encrypted_files_needs_a_flux_kustomization_that_decrypts_DPR014(bool decrypts)
    {
        var decryption = decrypts ? "  decryption:\n    provider: sops\n    secretRef:\n      name: sops-age\n" : string.Empty;
        var tree = Tree(Vector("kustomize-controller/internal/controller/testdata/sops/envs/env.env"))
            .With("clusters/dev/app.yaml", "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: app\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./clusters/dev/app\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n" + decryption)
            .With("clusters/dev/app/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../../app\n");

        var result = GitOpsRepository.Load(tree).Validate();

        var dpr014 = result.Diagnostics.Where(d => d.Code == "DPR014").ToList();
        if (decrypts)
        {
            dpr014.ShouldBeEmpty(result.ToText());
        }
        else
        {
            var error = dpr014.ShouldHaveSingleItem(result.ToText());
            error.Severity.ShouldBe(Diagnostics.DiagnosticSeverity.Error);
            error.Location!.Value.FilePath.ShouldBe("app/kustomization.yaml");
            error.Message.ShouldContain("Flux Kustomization 'app'");
        }
    }
}

/// <summary>DPR021: when someone leaves (or joins), the files still encrypted for the old recipients are named.</summary>
public sealed class RecipientDriftTests
{
    [Fact]
    public void Each_document_of_a_multi_document_encrypted_file_is_checked_for_drift()
    {
        var team = AgeIdentity.Generate();
        var departed = AgeIdentity.Generate();
        var options = SopsEncryptionOptions.ForKubernetesSecret([team.Recipient, departed.Recipient]);
        string Secret(string name) => SopsFile.Encrypt($"apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\nstringData:\n  token: s3cr3t\n", SopsFormat.Yaml, options);
        var files = Files.FileTree.Empty
            .With(".sops.yaml", $"creation_rules:\n  - path_regex: .*\\.sops\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    age: {team.Recipient}\n")
            .With("app/secrets.sops.yaml", Secret("one") + "---\n" + Secret("two"));

        var drift = GitOpsRepository.Load(files).Validate().Diagnostics.Where(d => d.Code == "DPR021").ToList();

        drift.Count.ShouldBe(2, "one per document: sops keeps a metadata map in each");
        drift.Select(d => d.Line).Distinct().Count().ShouldBe(2);
        drift.ShouldAllBe(d => d.Severity == Diagnostics.DiagnosticSeverity.Error);
    }

    [Fact]
    public void Encrypted_files_a_secret_generator_reads_are_checked_for_drift_too()
    {
        var team = AgeIdentity.Generate();
        var departed = AgeIdentity.Generate();
        var options = new SopsEncryptionOptions { AgeRecipients = [team.Recipient, departed.Recipient] };
        var files = Files.FileTree.Empty
            .With(".sops.yaml", $"creation_rules:\n  - path_regex: .*\n    age: {team.Recipient}\n")
            .With("app/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nsecretGenerator:\n  - name: app\n    envs:\n      - db.env\n    files:\n      - tls.key\n      - config.ini\n")
            .With("app/db.env", SopsFile.Encrypt("PASSWORD=s3cr3t\n", SopsFormat.Dotenv, options))
            .With("app/tls.key", SopsFile.EncryptBinary("-----BEGIN KEY-----\n"u8, options))
            .With("app/config.ini", SopsFile.Encrypt("[db]\npassword = s3cr3t\n", SopsFormat.Ini, options));

        var drift = GitOpsRepository.Load(files).Validate().Diagnostics.Where(d => d.Code == "DPR021").ToList();

        drift.Select(d => d.Message[..d.Message.IndexOf(' ', StringComparison.Ordinal)]).Order(StringComparer.Ordinal).ShouldBe(["app/config.ini", "app/db.env", "app/tls.key"]);
        drift.ShouldAllBe(d => d.Severity == Diagnostics.DiagnosticSeverity.Error && d.Location!.Value.FilePath == "app/kustomization.yaml");
    }

    [Fact]
    public void A_recipient_removed_from_sops_yaml_and_one_added_are_both_reported_per_file()
    {
        var team = AgeIdentity.Generate();
        var departed = AgeIdentity.Generate();
        var joined = AgeIdentity.Generate();
        var files = DataPlatformRepository.Example(RepositoryProfile.Standard, team.Recipient).Sops(s => s.Age(departed.Recipient)).Build().Files;
        var sopsYaml = files.ReadText(".sops.yaml");
        files.Paths.Where(p => p.Value.EndsWith(".sops.yaml", StringComparison.Ordinal) && p.Value != ".sops.yaml").ShouldNotBeEmpty();
        GitOpsRepository.Load(files).Validate().Diagnostics.ShouldNotContain(d => d.Code == "DPR021");

        // The departed recipient leaves .sops.yaml, a new one joins; the files were not re-keyed.
        var edited = files.With(".sops.yaml", sopsYaml.Replace(departed.Recipient.ToString(), joined.Recipient.ToString(), StringComparison.Ordinal));
        var drift = GitOpsRepository.Load(edited).Validate().Diagnostics.Where(d => d.Code == "DPR021").ToList();

        var secretFiles = files.Paths.Count(p => p.Value.EndsWith(".sops.yaml", StringComparison.Ordinal) && p.Value != ".sops.yaml");
        drift.Count.ShouldBe(2 * secretFiles);
        var (gone, added) = ("still encrypted for " + departed.Recipient.ToString()[..12], "not encrypted for " + joined.Recipient.ToString()[..12]);
        drift.ShouldContain(d => d.Message.Contains(gone, StringComparison.Ordinal));
        drift.ShouldContain(d => d.Message.Contains(added, StringComparison.Ordinal));
        drift.Where(d => d.Message.Contains(gone, StringComparison.Ordinal)).ShouldAllBe(d => d.Severity == Diagnostics.DiagnosticSeverity.Error, "a departed key can still read the file");
        drift.Where(d => d.Message.Contains(added, StringComparison.Ordinal)).ShouldAllBe(d => d.Severity == Diagnostics.DiagnosticSeverity.Warning, "a joined key only cannot read it yet");
        drift.ShouldAllBe(d => d.Message.Contains("dataplatform secrets updatekeys", StringComparison.Ordinal));
    }
}
