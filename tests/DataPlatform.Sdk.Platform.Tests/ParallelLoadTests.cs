using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Validation;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>A repository load reads files on every core; the result must not depend on it.</summary>
public sealed class ParallelLoadTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("dp-parallel-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Parallel_and_sequential_loads_give_the_same_objects_and_the_same_diagnostics_in_the_same_order()
    {
        var tree = DataPlatformRepository.Example().Build().Files
            .With("domains/finance/base/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\ndata: [1\n")
            .With("domains/marketing/base/dangling.yaml", "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: dangling\n  namespace: flux-system\nspec:\n  interval: 1m\n  path: ./nowhere\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  dependsOn:\n    - name: missing\n");
        for (var i = 0; i < 300; i++)
        {
            tree = tree.With($"domains/finance/base/extra/cm-{i:D3}.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\ndata:\n  k: \"{i}\"\n");
        }

        AtomicTreeWriter.Write(_dir.FullName, tree);
        var sequential = new ManifestLoader(KindRegistry.Default, ObjectValidator.Default, ManifestLoaderOptions.Default with { MaxDegreeOfParallelism = 1 });

        var one = GitOpsRepository.Load(_dir.FullName, sequential);
        var many = GitOpsRepository.Load(_dir.FullName, new ManifestLoader(KindRegistry.Default, ObjectValidator.Default, ManifestLoaderOptions.Default with { MaxDegreeOfParallelism = 8 }));

        many.Files.Select(f => f.Path.Value).ShouldBe(one.Files.Select(f => f.Path.Value));
        many.Objects.Select(o => $"{o.File}#{o.Kind}/{o.Name}").ShouldBe(one.Objects.Select(o => $"{o.File}#{o.Kind}/{o.Name}"));
        var expected = one.Validate().Diagnostics.Select(d => d.ToString()).ToList();
        expected.ShouldContain(d => d.Contains("broken.yaml", StringComparison.Ordinal));
        expected.ShouldContain(d => d.Contains("missing", StringComparison.Ordinal));
        many.Validate().Diagnostics.Select(d => d.ToString()).ShouldBe(expected);
        Should.Throw<ArgumentOutOfRangeException>(() => ManifestLoaderOptions.Default with { MaxDegreeOfParallelism = 0 });
    }

    [Fact]
    public void Rules_run_concurrently_yet_every_validation_of_a_repository_gives_the_same_report()
    {
        // Kustomize defects the shared build graph reports (a cycle, a missing entry, an entry outside the repository)
        // and Flux references the scope rules resolve through it.
        var tree = DataPlatformRepository.Example().Build().Files
            .With("domains/finance/cycle-a/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../cycle-b\n  - missing.yaml\n")
            .With("domains/finance/cycle-b/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../cycle-a\n  - ../../../../outside\n")
            .With("clusters/dev/cycle.yaml", "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: cycle\n  namespace: flux-system\nspec:\n  interval: 1m\n  path: ./domains/finance/cycle-b\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  dependsOn:\n    - name: nowhere\n");
        var repo = GitOpsRepository.Load(tree);
        var first = repo.Validate().Diagnostics.Select(d => d.ToString()).ToList();
        first.ShouldContain(d => d.Contains("missing.yaml", StringComparison.Ordinal));
        first.ShouldContain(d => d.Contains("outside", StringComparison.Ordinal));
        first.ShouldContain(d => d.Contains("nowhere", StringComparison.Ordinal));
        for (var run = 0; run < 15; run++)
        {
            repo.Validate().Diagnostics.Select(d => d.ToString()).ShouldBe(first, $"run {run}");
            GitOpsRepository.Load(tree).Validate().Diagnostics.Select(d => d.ToString()).ShouldBe(first, $"fresh load, run {run}");
        }
    }
}
