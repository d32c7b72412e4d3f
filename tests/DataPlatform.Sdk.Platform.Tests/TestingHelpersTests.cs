using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Testing;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>The DataPlatform.Sdk.Testing helpers, and the approved snapshot of the example repository.</summary>
public sealed class TestingHelpersTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("dp-testing-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void Example_MatchesTheApprovedSnapshot()
    {
        // Relative to this source file's folder: the approved files live beside the test, never under bin/.
        ApprovedFiles.Verify(WithoutToolVersion(DataPlatformRepository.Example().Build().Files), "approved/example-standard");
    }

    /// <summary>
    /// The generated CI pins the dataplatform tool to the SDK's own version, which changes with every commit
    /// (MinVer: 0.2.0-preview.0.&lt;height&gt;): the snapshot holds a placeholder, after checking the pin is there.
    /// </summary>
    private static FileTree WithoutToolVersion(FileTree tree)
    {
        var version = typeof(PlatformModule).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion.Split('+')[0];
        var path = RepoPath.Parse(".github/workflows/validate.yaml");
        var text = tree.ReadText(path);
        var pin = $"dotnet tool install --global DataPlatform.Sdk.Cli --version {version}\n";
        text.ShouldContain(pin);
        return tree.With(path, text.Replace(pin, "dotnet tool install --global DataPlatform.Sdk.Cli --version <the SDK's own version>\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_PathMappedSourceFile_FindsTheApprovedFilesInTheCheckout()
    {
        // A deterministic build (CI=true → ContinuousIntegrationBuild) records the caller as /_/tests/…: the approved
        // folder must still be found beside the test, not taken as "no approved files, every file new".
        ApprovedFiles.Verify(
            WithoutToolVersion(DataPlatformRepository.Example().Build().Files),
            "approved/example-standard",
            "/_/tests/DataPlatform.Sdk.Platform.Tests/TestingHelpersTests.cs");
    }

    [Fact]
    public void Verify_NoApprovedFolder_SaysSoInsteadOfListingNewFiles()
    {
        var approved = Path.Combine(_work.FullName, "never-approved");
        var ex = Should.Throw<RepositoryAssertionException>(() => ApprovedFiles.Verify(FileTree.Empty.With("a.yaml", "a: 1\n"), approved));
        ex.Message.ShouldContain("There are no approved files");
        ex.Message.ShouldContain("DP_APPROVE=1");
        File.Exists(Path.Combine(approved + ".received", "a.yaml")).ShouldBeTrue();
    }

    [Fact]
    public void Verify_ChangedTree_FailsWithDiffAndWritesReceived()
    {
        var approved = Path.Combine(_work.FullName, "approved");
        var tree = FileTree.Empty.With("a.yaml", "a: 1\nb: 2\n").With("c.yaml", "c: 3\n");
        AtomicTreeWriter.Write(approved, tree);
        ApprovedFiles.Verify(tree, approved);

        var changed = tree.With("a.yaml", "a: 1\nb: 3\n").With("new.yaml", "n: 1\n");
        var ex = Should.Throw<RepositoryAssertionException>(() => ApprovedFiles.Verify(changed, approved));
        ex.Message.ShouldContain("changed a.yaml");
        ex.Message.ShouldContain("  - b: 2");
        ex.Message.ShouldContain("  + b: 3");
        ex.Message.ShouldContain("new file new.yaml");
        File.ReadAllText(Path.Combine(approved + ".received", "a.yaml")).ShouldBe("a: 1\nb: 3\n");
    }

    [Fact]
    public void Assertions_FindObjectsAndCheckFields()
    {
        var repo = DataPlatformRepository.Example().Build().Files.AsRepository().HasNoErrors();
        repo.Find("HelmRelease").Count.ShouldBe(7); // five infrastructure and platform charts, Kestra, and the tenant operator
        repo.Single("HelmRelease", "kestra").HasField("/spec/chart/spec/version", "0.21.3").HasField("/spec/interval", "30m");
        repo.Single<GitRepository>("flux-system", "clusters/prod").Spec.Ref!.Semver.ShouldBe(">=1.0.0");

        var wrong = Should.Throw<RepositoryAssertionException>(() => repo.Single("HelmRelease", "kestra").HasField("/spec/chart/spec/version", "1.0.0"));
        wrong.Message.ShouldContain("\"0.21.3\"");
        wrong.Message.ShouldContain("platform/base/kestra/release.yaml(");
        Should.Throw<RepositoryAssertionException>(() => repo.Single("HelmRelease", "airflow")).Message.ShouldContain("found none");
        Should.Throw<RepositoryAssertionException>(() => repo.Single("Kustomization", "platform")).Message.ShouldContain("found 2");
    }

    [Fact]
    public void Assertions_find_flows_kustomizations_labels_and_ignore_expected_codes()
    {
        var repo = DataPlatformRepository.Example().Build().Model;

        repo.SingleFlow("finance.reporting", "daily-revenue").Label("data-platform/domain").ShouldBe("finance");
        Should.Throw<RepositoryAssertionException>(() => repo.SingleFlow("finance", "nope")).Message.ShouldContain("finance.reporting.daily-revenue");
        repo.KustomizationIn("platform/overlays/prod").Patches.ShouldContain(p => p.Target!.Name == "kestra");
        repo.Single("Namespace", "finance-team").HasLabel("pod-security.kubernetes.io/enforce", "restricted").Label("toolkit.fluxcd.io/tenant").ShouldBe("finance-team");
        repo.Single("Deployment", "orders-api").Annotation("no/such").ShouldBeNull();

        var leaky = repo.AddFile("docs/token.txt", "ghp_Zx9Qw2Lm4Rt6Yp8Ks1Dv3Fg5Hj7Nb0Cq2We4\n");
        Should.Throw<RepositoryAssertionException>(() => leaky.HasNoErrors()).Message.ShouldContain("DPR019");
        leaky.HasNoErrors("DPR019");
    }
}
