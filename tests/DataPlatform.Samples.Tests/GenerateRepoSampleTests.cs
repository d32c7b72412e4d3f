using DataPlatform.Samples.GenerateRepo;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Samples.Tests;

/// <summary>The sample runs as a user runs it, and what it writes is valid for the SDK and for kubectl kustomize.</summary>
public sealed class GenerateRepoSampleTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("dp-sample-");

    public void Dispose() => _work.Delete(recursive: true);

    /// <summary>The age key file the sample encrypts for: created by the first run, outside every repository.</summary>
    private string KeyFile => Path.Combine(_work.FullName, "keys", "keys.txt");

    private (int Code, string Stdout, string Stderr) RunSample(string output, string? pgpPublicKey = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "DataPlatform.Samples.GenerateRepo.dll");
        var environment = new Dictionary<string, string> { ["SOPS_AGE_KEY_FILE"] = KeyFile };
        if (pgpPublicKey is not null)
        {
            environment["SOPS_PGP_PUBLIC_KEY"] = pgpPublicKey;
        }

        return RealTools.Run("dotnet", [dll, output], environment: environment);
    }

    [Fact]
    public void Sample_with_a_pgp_key_encrypts_for_it_too_and_says_how_flux_gets_it()
    {
        var keyFile = Path.Combine(TestPaths.Reference, "sops", "vectors", "sops-pgp", "pgp", "sops_functional_tests_key.asc");
        var output = Path.Combine(_work.FullName, "repo-pgp");

        var (code, stdout, stderr) = RunSample(output, keyFile);

        code.ShouldBe(0, stderr + stdout);
        stdout.ShouldContain("PGP key FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4");
        File.ReadAllText(Path.Combine(output, ".sops.yaml")).ShouldContain("pgp: FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4");
        File.ReadAllText(Path.Combine(output, "README.md")).ShouldContain("--from-file=sops.asc=");
        var pgp = new Sdk.Sops.SopsKeyring { Pgp = [Sdk.Sops.PgpIdentity.Read(File.ReadAllBytes(keyFile))], UseGpg = false };
        Sdk.Sops.SopsFile.Decrypt(File.ReadAllText(Path.Combine(output, "domains/marketing/base/campaign-api.sops.yaml")), Sdk.Sops.SopsFormat.Yaml, pgp).ShouldContain("replace-me-with-sops");
        GitOpsRepository.Load(output).Validate().Errors.ShouldBeEmpty();
    }

    private IReadOnlyList<Sdk.Sops.AgeIdentity> Keys() => Sdk.Sops.AgeKeys.Parse(File.ReadAllText(KeyFile));

    [Fact]
    public void Sample_Run_WritesARepositoryThatLoadsWithoutErrors()
    {
        var output = Path.Combine(_work.FullName, "repo");
        var (code, stdout, stderr) = RunSample(output);
        code.ShouldBe(0, stderr + stdout);
        stdout.ShouldContain("0 errors");
        Directory.GetFiles(output, "*", SearchOption.AllDirectories).Count(f => !Path.GetRelativePath(output, f).StartsWith(".dataplatform", StringComparison.Ordinal))
            .ShouldBe(SampleRepository.Build(Sdk.Sops.AgeIdentity.Generate().Recipient).Count);
        File.ReadAllText(Path.Combine(output, ".dataplatform", "generated.txt")).ShouldContain(" clusters/prod/flux-system/gotk-sync.yaml\n");
        var repo = GitOpsRepository.Load(output);
        var report = repo.Validate();
        report.Diagnostics.Where(d => d.Severity != Sdk.Diagnostics.DiagnosticSeverity.Info).ShouldBeEmpty(report.ToText());
        repo.Objects.Count().ShouldBeGreaterThan(60);

        File.ReadAllText(Path.Combine(output, "clusters", "prod", "flux-system", "gotk-sync.yaml")).ShouldContain("semver: \">=1.0.0\"");
    }

    [Fact]
    public void Sample_CreatesTheKeyOutsideTheRepository_AndEachDomainSecretDecryptsWithIt()
    {
        var output = Path.Combine(_work.FullName, "repo");
        var (code, stdout, stderr) = RunSample(output);
        code.ShouldBe(0, stderr + stdout);
        stdout.ShouldContain("Created the age key " + KeyFile);
        Directory.GetFiles(output, "*", SearchOption.AllDirectories).ShouldNotContain(f => File.ReadAllText(f).Contains("AGE-SECRET-KEY-", StringComparison.Ordinal));

        foreach (var secret in new[] { "domains/finance/migrations/prod/finance-db.sops.yaml", "domains/marketing/base/campaign-api.sops.yaml" })
        {
            var text = File.ReadAllText(Path.Combine(output, secret));
            text.ShouldNotContain("replace-me-with-sops");
            Sdk.Sops.SopsFile.Decrypt(text, Sdk.Sops.SopsFormat.Yaml, Keys()).ShouldContain("replace-me-with-sops");
        }

        // A second run reuses the key.
        RunSample(Path.Combine(_work.FullName, "again")).Stdout.ShouldContain("Encrypting secrets for");
    }

    [Fact]
    [Trait("Category", RealTools.Trait)]
    public void Sample_MigrationsChangelog_AppliesWithTheRealLiquibase()
    {
        var output = Path.Combine(_work.FullName, "repo");
        RunSample(output).Code.ShouldBe(0);
        var dir = Path.Combine(output, "domains", "finance", "migrations", "base");
        File.ReadAllText(Path.Combine(output, "domains", "finance", "migrations", "base", "job.yaml")).ShouldContain("readOnlyRootFilesystem: true");

        // The sample's database is PostgreSQL: apply its changelog to the tests' PostgreSQL server, in a schema of its own.
        var url = RealTools.PostgresJdbcUrl();
        RealTools.Psql("DROP SCHEMA IF EXISTS sample_finance CASCADE; CREATE SCHEMA sample_finance;");
        RealTools.RunLiquibase(dir, "--changelog-file=changelog.yaml", "--url=" + url + "?currentSchema=sample_finance", "--username=postgres", "--default-schema-name=sample_finance", "update");

        RealTools.Psql("SELECT code FROM sample_finance.currencies").ShouldBe("EUR\n");
        RealTools.Psql("SELECT data_type FROM information_schema.columns WHERE table_schema = 'sample_finance' AND table_name = 'orders' AND column_name = 'id'").ShouldBe("bigint\n");
    }

    [Fact]
    public void Sample_PlantedPlaintextSecret_IsAnError()
    {
        var output = Path.Combine(_work.FullName, "repo");
        RunSample(output).Code.ShouldBe(0);
        File.WriteAllText(Path.Combine(output, "domains", "finance", "base", "leak.yaml"),
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: leak\nstringData:\n  password: hunter2\n");

        var report = GitOpsRepository.Load(output).Validate();

        var error = report.Errors.Single(d => d.Code == "DPR006");
        error.Location!.Value.FilePath.ShouldBe("domains/finance/base/leak.yaml");
        error.Location.Value.Line.ShouldBe(6); // The plaintext value itself.
    }

    [Fact]
    public void Sample_RunTwice_ProducesByteIdenticalTrees()
    {
        var a = Path.Combine(_work.FullName, "a");
        var b = Path.Combine(_work.FullName, "b");
        RunSample(a).Code.ShouldBe(0);
        RunSample(b).Code.ShouldBe(0);
        var filesA = Directory.GetFiles(a, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(a, f)).Order(StringComparer.Ordinal).ToList();
        var filesB = Directory.GetFiles(b, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(b, f)).Order(StringComparer.Ordinal).ToList();
        filesA.ShouldBe(filesB);
        foreach (var f in filesA)
        {
            if (f.Replace('\\', '/') == ".dataplatform/generated.txt")
            {
                continue; // Names each file's bytes by hash, and ciphertext differs between two runs (see below).
            }

            if (f.EndsWith(".sops.yaml", StringComparison.Ordinal) && Path.GetFileName(f) != ".sops.yaml")
            {
                // Encryption is randomised (data key, IVs): the same secret decrypts to the same bytes.
                Sdk.Sops.SopsFile.Decrypt(File.ReadAllText(Path.Combine(a, f)), Sdk.Sops.SopsFormat.Yaml, Keys())
                    .ShouldBe(Sdk.Sops.SopsFile.Decrypt(File.ReadAllText(Path.Combine(b, f)), Sdk.Sops.SopsFormat.Yaml, Keys()), f);
                continue;
            }

            File.ReadAllBytes(Path.Combine(a, f)).ShouldBe(File.ReadAllBytes(Path.Combine(b, f)), f);
        }
    }

    [Fact]
    public void Sample_WithoutArguments_PrintsUsageAndExits2()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "DataPlatform.Samples.GenerateRepo.dll");
        var (code, _, stderr) = RealTools.Run("dotnet", [dll]);
        code.ShouldBe(2);
        stderr.ShouldContain("usage");
    }

    [Fact]
    [Trait("Category", RealTools.Trait)]
    public void Sample_EveryKustomization_BuildsWithKubectl()
    {
        var output = Path.Combine(_work.FullName, "repo");
        RunSample(output).Code.ShouldBe(0);
        var dirs = Directory.GetFiles(output, "kustomization.yaml", SearchOption.AllDirectories).Select(Path.GetDirectoryName).ToList();
        dirs.Count.ShouldBeGreaterThanOrEqualTo(10);
        foreach (var dir in dirs)
        {
            RealTools.KubectlKustomize(dir!).ShouldNotBeNullOrWhiteSpace();
        }
    }
}
