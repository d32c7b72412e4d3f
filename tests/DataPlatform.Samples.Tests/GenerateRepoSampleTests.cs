using DataPlatform.Samples.GenerateRepo;
using DataPlatform.Sdk.Platform.Repository;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Samples.Tests;

/// <summary>The sample runs as a user runs it, and what it writes is valid for the SDK and for kubectl kustomize.</summary>
public sealed class GenerateRepoSampleTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("dp-sample-");

    public void Dispose() => _work.Delete(recursive: true);

    private static (int Code, string Stdout, string Stderr) RunSample(string output)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "DataPlatform.Samples.GenerateRepo.dll");
        return RealTools.Run("dotnet", [dll, output]);
    }

    [Fact]
    public void Sample_Run_WritesARepositoryThatLoadsWithoutErrors()
    {
        var output = Path.Combine(_work.FullName, "repo");
        var (code, stdout, stderr) = RunSample(output);
        code.ShouldBe(0, stderr + stdout);
        stdout.ShouldContain("0 errors");
        Directory.GetFiles(output, "*", SearchOption.AllDirectories).Length.ShouldBe(SampleRepository.Build().Count);
        var repo = GitOpsRepository.Load(output);
        var report = repo.Validate();
        report.Diagnostics.Where(d => d.Severity != Sdk.Diagnostics.DiagnosticSeverity.Info).ShouldBeEmpty(report.ToText());
        repo.Objects.Count().ShouldBeGreaterThan(60);

        File.ReadAllText(Path.Combine(output, "clusters", "prod", "flux-system", "gotk-sync.yaml")).ShouldContain("semver: \">=1.0.0\"");
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
