using System.Diagnostics;
using DataPlatform.Sdk.Kestra;
using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>Everything a production cluster runs comes from a release: Flux objects, and Kestra's flows and pipeline code too.</summary>
public sealed class ReleaseRefTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("dp-release-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void Kestra_syncs_and_clones_from_the_ref_its_environment_sets_never_a_literal_branch()
    {
        var repo = DataPlatformRepository.Example().Build();

        repo.Files.Paths.Where(p => p.Value.StartsWith("pipelines/", StringComparison.Ordinal))
            .ShouldAllBe(p => !repo.Files.ReadText(p).Contains("branch: main", StringComparison.Ordinal));
        repo.Model.OfType<KestraFlow>().SelectMany(f => FlowAnalysis.Of(f).Tasks).Select(n => n.Task).OfType<GitTask>()
            .ShouldAllBe(t => t.Branch == "{{ envs.data_platform_git_ref }}");
        repo.Files.ReadText("platform/overlays/dev/kustomization.yaml").ShouldContain("- name: ENV_DATA_PLATFORM_GIT_REF\n              value: \"main\"\n");
        repo.Files.ReadText("platform/overlays/prod/kustomization.yaml").ShouldContain("value: \"v1.0.0\" # {\"$release\": \"prod\"}\n");
        repo.Files.ReadText(".github/workflows/validate.yaml").ShouldContain("dotnet tool install --global DataPlatform.Sdk.Cli --version ");
        repo.Validate().Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Ci_renders_every_pinned_chart_with_its_values_and_scans_every_application_image()
    {
        var repo = DataPlatformRepository.Example().Build();
        var validate = repo.Model.OfType<GitHub.GitHubWorkflow>().Single(w => w.Name == "validate");

        var render = validate.Jobs["validate"].Steps.Single(s => s.Name == "Render every Helm chart with its values").Run!;
        foreach (var release in repo.Model.OfType<Flux.HelmRelease>())
        {
            var chart = release.Spec.Chart!.Spec!;
            var source = repo.Model.OfType<Flux.HelmRepository>().Single(r => r.Metadata.Name == chart.SourceRef.Name && r.Metadata.Namespace == release.Metadata.Namespace);
            var reference = source.Spec.Type == "oci" ? $"{source.Spec.Url}/{chart.Chart}" : chart.Chart;
            render.ShouldContain($" {release.Metadata.Name} {reference} {chart.Version} ");
            var folder = repo.Model.Find<Flux.HelmRelease>(release.Metadata.Name!)!.File.Directory;
            render.ShouldContain($"render {folder} {release.Metadata.Name} ");
        }

        validate.Jobs["validate"].Steps.ShouldContain(s => s.Uses == "azure/setup-helm@v4");
        var scan = validate.Jobs["scan-images"].Steps.ShouldHaveSingleItem();
        scan.Uses.ShouldBe("aquasecurity/trivy-action@0.28.0");
        scan.With!["image-ref"]!.GetValue<string>().ShouldBe("ghcr.io/acme/orders-api:1.4.2");
    }

    [Fact]
    public void DPR020_a_flow_that_production_kestra_runs_may_not_follow_a_branch()
    {
        var model = DataPlatformRepository.Example().Build().Model;
        var sync = model.Flow("system", "sync-finance")!;
        var flow = (KestraFlow)sync.Value;
        var branchy = flow with { Tasks = [.. flow.Tasks.Select(t => t is GitSyncFlowsTask g ? g with { Branch = "main" } : t)] };

        var error = model.Replace(sync, branchy).Validate().Errors.Single(e => e.Code == "DPR020");

        error.Message.ShouldContain("branch 'main'");
        error.Location!.Value.FilePath.ShouldBe("pipelines/system/sync-finance.yml");
        var devOnly = DataPlatformRepository.CreateBuilder("r").Cluster("dev").Domain("finance", d => d.Flow("f", f => f.Log("l", "x"))).Build().Model;
        var tag = model.Replace(sync, flow with { Tasks = [.. flow.Tasks.Select(t => t is GitSyncFlowsTask g ? g with { Branch = "v1.4.0" } : t)] });
        tag.Validate().Errors.ShouldNotContain(e => e.Code == "DPR020", "a release tag is pinned");
        devOnly.Validate().Errors.ShouldNotContain(e => e.Code == "DPR020", "without a production cluster a branch is fine");
    }

    [Fact]
    [Trait("Category", RealTools.Trait)]
    public async Task The_release_workflow_moves_the_production_ref_to_the_release_and_the_overlay_still_builds()
    {
        var dir = Path.Combine(_work.FullName, "repo");
        await DataPlatformRepository.Example().Build().WriteAsync(dir);

        var psi = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", WorkflowsContributor.BumpReleaseRefs]) { WorkingDirectory = dir, RedirectStandardError = true };
        psi.Environment["VERSION"] = "2.3.4";
        using (var bash = Process.Start(psi)!)
        {
            var err = await bash.StandardError.ReadToEndAsync();
            await bash.WaitForExitAsync();
            bash.ExitCode.ShouldBe(0, err);
        }

        File.ReadAllText(Path.Combine(dir, "platform/overlays/prod/kustomization.yaml")).ShouldContain("value: \"v2.3.4\" # {\"$release\": \"prod\"}\n");
        File.ReadAllText(Path.Combine(dir, "platform/overlays/dev/kustomization.yaml")).ShouldContain("value: \"main\"\n", customMessage: "an environment that follows a branch is not moved");
        RealTools.KubectlKustomize(Path.Combine(dir, "platform", "overlays", "prod")).ShouldContain("value: v2.3.4");
        (await DataPlatformRepository.LoadAsync(dir)).Validate().Errors.ShouldBeEmpty();
    }

    [Fact]
    [Trait("Category", RealTools.Trait)]
    public async Task The_release_workflow_releases_the_image_tags_the_first_environment_runs()
    {
        var dir = Path.Combine(_work.FullName, "images");
        await DataPlatformRepository.Example().Build().WriteAsync(dir);
        var baseFile = Path.Combine(dir, "domains/finance/base/orders-api.yaml");
        var prodFile = Path.Combine(dir, "domains/finance/overlays/prod/kustomization.yaml");
        File.ReadAllText(prodFile).ShouldContain("newTag: 1.4.2 # {\"$release-image\": \"flux-system:orders-api\"}\n");

        // Dev's image automation moved the base to 1.5.0 (what dev now runs); the release takes it to production.
        File.WriteAllText(baseFile, File.ReadAllText(baseFile).Replace("orders-api:1.4.2 #", "orders-api:1.5.0 #", StringComparison.Ordinal));
        var (code, stdout, stderr) = RealTools.Run("bash", ["-euo", "pipefail", "-c", WorkflowsContributor.BumpReleasedImages], workingDirectory: dir);

        code.ShouldBe(0, stderr);
        stdout.ShouldContain("flux-system:orders-api -> 1.5.0");
        File.ReadAllText(prodFile).ShouldContain("newTag: \"1.5.0\" # {\"$release-image\": \"flux-system:orders-api\"}\n");
        File.ReadAllText(Path.Combine(dir, "domains/finance/overlays/dev/kustomization.yaml")).ShouldNotContain("newTag", customMessage: "dev follows its image automation, unpinned");
        RealTools.KubectlKustomize(Path.Combine(dir, "domains", "finance", "overlays", "prod")).ShouldContain("image: ghcr.io/acme/orders-api:1.5.0");
        (await DataPlatformRepository.LoadAsync(dir)).Validate().Errors.ShouldBeEmpty();

        var empty = Directory.CreateDirectory(Path.Combine(_work.FullName, "no-images")).FullName;
        RealTools.Run("bash", ["-euo", "pipefail", "-c", WorkflowsContributor.BumpReleasedImages], workingDirectory: empty).ExitCode.ShouldBe(0, "a repository without applications releases nothing and does not fail");
    }
}
