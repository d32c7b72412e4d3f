using DataPlatform.Sdk.Kubernetes.Kustomize;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Sdk.Kubernetes.Tests;

public class KustomizeTests
{
    public static TheoryData<string, string, int> Defects() => new()
    {
        { "DPC001", "resources:\n  - a.yaml\nbases:\n  - ../base\n", 3 },
        { "DPC001", "resources:\n  - a.yaml\ncommonLabels:\n  app: a\n", 3 },
        { "DPC001", "patchesStrategicMerge:\n  - patch.yaml\n", 1 },
        { "DPC002", "resources:\n  - a.yaml\npatches:\n  - target:\n      kind: Deployment\n", 4 },
        { "DPC002", "patches:\n  - path: p.yaml\n    patch: |\n      x: 1\n", 2 },
        { "DPC003", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Component\n", 2 },
        { "DPC004", "resources:\n  - a.yaml\n  - a.yaml\n", 3 },
        { "DPC004", "resources:\n  - \"\"\n", 2 },
        { "DPS010", "resources:\n  - a.yaml\nresource:\n  - b.yaml\n", 3 },
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public void Kustomization_PlantedDefect_IsFoundWithLine(string code, string text, int line)
    {
        var result = ManifestLoader.LoadString(text, "overlay/kustomization.yaml");
        var d = result.Diagnostics.Diagnostics.FirstOrDefault(x => x.Code == code);
        d.ShouldNotBeNull(result.Diagnostics.ToText());
        d.FilePath.ShouldBe("overlay/kustomization.yaml");
        d.Line.ShouldBe(line);
    }

    [Fact]
    public void Kustomization_Valid_HasNoFindings()
    {
        var text = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: finance\nresources:\n  - ../../base\n  - quota.yaml\ncomponents:\n  - ../../components/monitoring\nlabels:\n  - pairs:\n      team: finance\n    includeSelectors: false\npatches:\n  - path: replicas.yaml\n    target:\n      kind: Deployment\n      name: api\nimages:\n  - name: api\n    newTag: 1.2.3\nconfigMapGenerator:\n  - name: settings\n    literals:\n      - LOG_LEVEL=info\n";
        var result = ManifestLoader.LoadString(text, "kustomization.yaml");
        result.Diagnostics.Diagnostics.ShouldBeEmpty(result.Diagnostics.ToText());
        var k = result.Objects.OfType<KustomizationFile>().Single();
        k.Resources.ShouldBe(["../../base", "quota.yaml"]);
        ManifestSerializer.ToYaml(k).ShouldBe(text);
    }

    [Fact]
    public void Kustomization_WithoutApiVersionInKustomizationYaml_IsRecognisedAndKeptAsWritten()
    {
        var text = "resources:\n  - a.yaml\n";
        var result = ManifestLoader.LoadString(text, "apps/kustomization.yaml");
        result.Objects.Single().ShouldBeOfType<KustomizationFile>();
        ManifestSerializer.ToYaml(result.Objects.Single()).ShouldBe(text);
    }

    [Fact]
    [Trait("Category", RealTools.Trait)]
    public void KubectlKustomize_BuildsEveryCorpusOverlay()
    {
        var dirs = Directory.GetFiles(TestPaths.Corpus, "kustomization.yaml", SearchOption.AllDirectories).Select(Path.GetDirectoryName).Order(StringComparer.Ordinal).ToList();
        dirs.Count.ShouldBeGreaterThan(5);
        foreach (var dir in dirs)
        {
            RealTools.KubectlKustomize(dir!).ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    [Trait("Category", RealTools.Trait)]
    public void KubectlKustomize_BuildsAKustomizationWrittenByTheSdk()
    {
        var dir = Directory.CreateTempSubdirectory("dp-kustomize-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: \"1\"\n");
            var k = KustomizationFile.Create() with
            {
                Namespace = "finance",
                NamePrefix = "fin-",
                Resources = ["cm.yaml"],
                Labels = [new KustomizeLabels { Pairs = new Dictionary<string, string> { ["team"] = "finance" } }],
                ConfigMapGenerator = [new KustomizeGenerator { Name = "generated", Literals = ["MODE=on"] }],
                GeneratorOptions = new KustomizeGeneratorOptions { DisableNameSuffixHash = true },
                Patches = [new KustomizePatch { Patch = "- op: add\n  path: /data/b\n  value: \"2\"\n", Target = new KustomizeSelector { Kind = "ConfigMap", Name = "settings" } }],
            };
            File.WriteAllText(Path.Combine(dir.FullName, "kustomization.yaml"), ManifestSerializer.ToYaml(k));
            var output = RealTools.KubectlKustomize(dir.FullName);
            output.ShouldContain("name: fin-settings");
            output.ShouldContain("namespace: finance");
            output.ShouldContain("MODE: \"on\"");
            output.ShouldContain("b: \"2\"");
            output.ShouldContain("team: finance");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
