using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Kestra;
using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Platform.Validation;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Writing;
using k8s.Models;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>Typed queries and edits on a loaded or built repository, planned and written in place.</summary>
public sealed class EditingTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("dp-edit-");

    private string Repo => Path.Combine(_work.FullName, "repo");

    public void Dispose() => _work.Delete(recursive: true);

    private async Task<GitOpsRepository> Written()
    {
        await DataPlatformRepository.Example().Build().WriteAsync(Repo);
        return await DataPlatformRepository.LoadAsync(Repo);
    }

    [Fact]
    public async Task A_typed_edit_changes_one_value_and_keeps_the_comments_and_layout_of_the_file()
    {
        var release = Path.Combine(Repo, "infrastructure/base/observability/loki/release.yaml");
        await DataPlatformRepository.Example().Build().WriteAsync(Repo);
        File.WriteAllText(release, "# Loki: logs for every cluster\n" + File.ReadAllText(release).Replace("  interval:", "  # checked hourly\n  interval:", StringComparison.Ordinal));
        var repo = await DataPlatformRepository.LoadAsync(Repo);

        var edited = repo.Update<HelmRelease>(h => h.Metadata.Name == "loki", h => h with { Spec = h.Spec with { Interval = FluxDuration.Parse("45m") } });
        var plan = edited.Plan();

        plan.Changes.Select(c => c.Path.Value).ShouldBe(["infrastructure/base/observability/loki/release.yaml"]);
        plan.Changes[0].Diff.ShouldBe("-   interval: 30m\n+   interval: 45m\n");
        repo.Plan().IsEmpty.ShouldBeTrue("the repository an edit came from is unchanged");

        await edited.WriteAsync();
        var text = File.ReadAllText(release);
        text.ShouldStartWith("# Loki: logs for every cluster\n");
        text.ShouldContain("  # checked hourly\n  interval: 45m\n");
        (await DataPlatformRepository.LoadAsync(Repo)).OfType<HelmRelease>().Single(h => h.Metadata.Name == "loki").Spec.Interval.ToString().ShouldBe("45m");
    }

    [Fact]
    public async Task Queries_find_objects_by_type_name_namespace_path_flow_id_and_cluster()
    {
        var repo = await Written();

        repo.Find<HelmRelease>("kestra").ShouldNotBeNull().File.Value.ShouldStartWith("platform/base/kestra/");
        repo.Query(kind: "Namespace", path: "tenants/base").Select(o => o.Name).ShouldBe(["finance-team", "marketing-team", "capsule-system"], ignoreOrder: true);
        repo.Flow("finance.reporting", "daily-revenue").ShouldNotBeNull().Value.ShouldBeOfType<KestraFlow>();
        repo.Flow("finance", "no-such-flow").ShouldBeNull();
        repo.Clusters().ShouldBe(["dev", "prod"]);
        repo.ReconciledBy("prod").ShouldContain(o => o.Kind == "HelmRelease" && o.Name == "loki");
        repo.ReconciledBy("prod").ShouldContain(o => o.Kind == "Namespace" && o.Name == "finance-team");
        Should.Throw<ArgumentException>(() => repo.ReconciledBy("staging")).Message.ShouldContain("clusters: dev, prod");
    }

    [Fact]
    public async Task Adding_and_removing_documents_and_files_is_planned_exactly_and_validated_on_the_model()
    {
        var repo = await Written();
        var superset = repo.Find<HelmRelease>("superset")!;
        var supersetFileStays = repo[superset.File]!.Objects.Count > 1; // The release shares its file with its HelmRepository.
        var ns = new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = "sandbox" } };

        var edited = repo
            .Add("infrastructure/base/sandbox/namespace.yaml", ns)
            .AddFile("docs/runbook.md", "# Runbook\n")
            .Remove(superset);

        var plan = edited.Plan();
        plan.Changes.Select(c => (c.Path.Value, c.Kind)).ShouldBe(
        [
            ("docs/runbook.md", FileChangeKind.Added),
            ("infrastructure/base/sandbox/namespace.yaml", FileChangeKind.Added),
            (superset.File.Value, supersetFileStays ? FileChangeKind.Changed : FileChangeKind.Deleted),
        ]);
        edited.Find<HelmRelease>("superset").ShouldBeNull();
        edited.EditedPaths.Count.ShouldBe(3);

        // Validation sees the edit: the superset Kustomization's release is gone, nothing references it by name, so
        // the repository stays valid; a dangling reference would be reported on the model.
        edited.Validate().Errors.ShouldBeEmpty(edited.Validate().ToText());
        var broken = edited.Update<FluxKustomization>(k => k.Metadata.Name == "domain-finance", k => k with { Spec = k.Spec with { DependsOn = [new() { Name = "no-such-kustomization" }] } });
        broken.Validate().Errors.ShouldContain(d => d.Message.Contains("no-such-kustomization", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_edit_of_a_file_changed_on_disk_since_it_was_read_is_a_conflict()
    {
        var repo = await Written();
        var loki = repo.Find<HelmRelease>("loki")!;
        var edited = repo.Replace(loki, (HelmRelease)loki.Value with { Spec = ((HelmRelease)loki.Value).Spec with { Interval = FluxDuration.Parse("2h") } });
        var path = Path.Combine(Repo, loki.File.Value);
        File.AppendAllText(path, "# someone else's edit\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));

        var plan = edited.Plan();

        plan.HasConflicts.ShouldBeTrue();
        Should.Throw<InvalidOperationException>(() => edited.WriteAsync()).Message.ShouldContain("changed on disk since the repository was read");
        File.ReadAllText(path).ShouldContain("# someone else's edit");
    }

    [Fact]
    public void A_built_repository_is_edited_on_its_model_and_the_edit_is_written_like_generated_files()
    {
        var built = DataPlatformRepository.Example().Build();

        var edited = built.Edit(m => m.Update<HelmRelease>(h => h.Metadata.Name == "loki", h => h with { Spec = h.Spec with { Interval = FluxDuration.Parse("1h") } }));

        edited.Files.ReadText("infrastructure/base/observability/loki/release.yaml").ShouldContain("interval: 1h");
        built.Files.ReadText("infrastructure/base/observability/loki/release.yaml").ShouldNotContain("interval: 1h");
        edited.Validate().IsValid.ShouldBeTrue();
        Should.Throw<InvalidOperationException>(() => built.Model.Update<HelmRelease>(h => h.Metadata.Name == "no-such", h => h)).Message.ShouldContain("No HelmRelease matches");
    }
}
