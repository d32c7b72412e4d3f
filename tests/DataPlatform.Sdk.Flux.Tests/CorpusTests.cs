using System.Text.Json;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Kubernetes.Kustomize;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Tests.Shared;
using DataPlatform.Sdk.Yaml;
using DataPlatform.Sdk.Json;

namespace DataPlatform.Sdk.Flux.Tests;

/// <summary>
/// Every YAML file of the test corpus (repositories modelled on the public Flux examples) loads, is written back
/// with no loss (comments included), deterministically, and every Flux object written passes the upstream CRD
/// schema with unknown fields forbidden.
/// </summary>
public class CorpusTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(TestPaths.Corpus, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(TestPaths.Corpus, f).Replace('\\', '/'));
        }

        return data;
    }

    private static LoadResult Load(string relative) => ManifestLoader.Default.Load(Path.Combine(TestPaths.Corpus, relative), relative);

    [Theory]
    [MemberData(nameof(Files))]
    public void Corpus_LoadAndWrite_LosesNothing(string file)
    {
        var original = File.ReadAllText(Path.Combine(TestPaths.Corpus, file));
        var result = Load(file);
        result.Diagnostics.Diagnostics.ShouldNotContain(d => d.Code == "DPS001" || d.Code == "DPS019");
        result.Documents.ShouldAllBe(d => d.Object != null);

        var written = ManifestSerializer.ToYaml(result.Objects);
        var reread = YamlReader.ReadString(written, file);
        reread.HasErrors.ShouldBeFalse(written);
        var before = YamlReader.ReadString(original).Documents.Where(d => d.Root is not null).Select(d => YamlJson.ToJson(d.Root)!.Value).ToList();
        var after = reread.Documents.Select(d => YamlJson.ToJson(d.Root)!.Value).ToList();
        after.Count.ShouldBe(before.Count);
        for (var i = 0; i < before.Count; i++)
        {
            JsonElement.DeepEquals(before[i], after[i]).ShouldBeTrue($"document {i} changed:\n{written}");
        }

        CommentLines(written).ShouldBe(CommentLines(original).Where(c => !c.StartsWith("---", StringComparison.Ordinal)).ToList(), "comments were lost or changed");
        ManifestSerializer.ToYaml(ManifestLoader.Default.Parse(written, file).Objects).ShouldBe(written, "formatting is not stable");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Corpus_CurrentFluxObjects_PassTheCrdSchemasStrictly(string file)
    {
        foreach (var obj in Load(file).Objects.OfType<IManifest>())
        {
            if (!FluxKinds.Current.Any(k => k.ApiVersion == obj.ApiVersion && k.Kind == obj.Kind) || IsPatch(file))
            {
                continue;
            }

            CrdSchemas.Validate(ManifestSerializer.ToJsonElement(obj)).ShouldBeEmpty($"{file}: {obj.Kind}/{obj.Metadata.Name}");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Corpus_ValidRepositories_HaveNoErrors(string file)
    {
        var errors = Load(file).Diagnostics.Errors.Where(d => !(IsPatch(file) && d.Code == SdkDiagnostics.RequiredField.Code)).ToList();
        if (file.StartsWith("flux-legacy/", StringComparison.Ordinal))
        {
            return; // Old API versions are expected to report DPF001 and removed fields.
        }

        errors.ShouldBeEmpty(string.Join("\n", errors));
    }

    [Fact]
    public void Corpus_LegacyVersions_AreFlaggedAndMigrate()
    {
        var result = Load("flux-legacy/release-v2beta1.yaml");
        var d = result.Diagnostics.Diagnostics.Single(x => x.Code == "DPF001");
        d.Line.ShouldBe(1);
        var hr = result.Objects.OfType<HelmRelease>().Single();
        var migrated = FluxMigrations.Migrate(hr);
        migrated.Changes.ShouldContain(c => c.Contains("valuesFiles", StringComparison.Ordinal));
        var yaml = ManifestSerializer.ToYaml(migrated.Object);
        yaml.ShouldContain("apiVersion: helm.toolkit.fluxcd.io/v2\n");
        yaml.ShouldContain("valuesFiles:\n        - values-production.yaml\n");
        ManifestLoader.Default.Parse(yaml, "migrated.yaml").Diagnostics.Errors.ShouldBeEmpty();
        CrdSchemas.Validate(ManifestSerializer.ToJsonElement(migrated.Object)).ShouldBeEmpty();
    }

    [Fact]
    public void Corpus_LegacyKustomization_MovesPatchesStrategicMerge()
    {
        var ks = Load("flux-legacy/sync-v1beta2.yaml").Objects.OfType<FluxKustomization>().Single();
        var migrated = FluxMigrations.Migrate(ks);
        var obj = (FluxKustomization)migrated.Object;
        obj.ApiVersion.ShouldBe(FluxKustomization.CurrentApiVersion);
        obj.Spec.Patches.Single().Patch.ShouldContain("replicas: 2");
        CrdSchemas.Validate(ManifestSerializer.ToJsonElement(obj)).ShouldBeEmpty();
    }

    private static bool IsPatch(string file)
    {
        var dir = Path.GetDirectoryName(Path.Combine(TestPaths.Corpus, file))!;
        var kustomization = Path.Combine(dir, "kustomization.yaml");
        if (!File.Exists(kustomization))
        {
            return false;
        }

        var k = ManifestLoader.Default.Load(kustomization).Objects.OfType<KustomizationFile>().SingleOrDefault();
        return k?.Patches.Any(p => p.Path == Path.GetFileName(file)) == true;
    }

    private static List<string> CommentLines(string text) =>
        [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith('#') || l.Contains(" #", StringComparison.Ordinal) && !l.StartsWith('"'))
            .Select(l => l[l.IndexOf('#', StringComparison.Ordinal)..])];
}
