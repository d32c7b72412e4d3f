using DataPlatform.Sdk.Manifests;

namespace DataPlatform.Sdk.Flux.Tests;

/// <summary>One failing and one passing case per Flux diagnostic code, each checked for file and line.</summary>
public class FluxRuleTests
{
    private const string HelmRelease = """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: app
          namespace: apps
        spec:
          interval: 10m
          chart:
            spec:
              chart: app
              version: 1.2.3
              sourceRef:
                kind: HelmRepository
                name: charts
        """;

    public static TheoryData<string, string, string, int> Cases() => new()
    {
        // code, valid document, invalid document, line of the finding in the invalid document
        {
            "DPF001",
            HelmRelease,
            HelmRelease.Replace("helm.toolkit.fluxcd.io/v2", "helm.toolkit.fluxcd.io/v2beta2", StringComparison.Ordinal),
            1
        },
        {
            "DPF002",
            HelmRelease,
            HelmRelease + "\n  chartRef:\n    kind: OCIRepository\n    name: app",
            6
        },
        {
            "DPF003",
            HelmRelease,
            HelmRelease.Replace("interval: 10m", "interval: 1d", StringComparison.Ordinal),
            7
        },
        {
            "DPF004",
            ImagePolicy(string.Empty),
            ImagePolicy("  interval: 5m\n"),
            12
        },
        {
            "DPF005",
            HelmRelease + "\n  install:\n    strategy:\n      name: RetryOnFailure\n      retryInterval: 2m",
            HelmRelease + "\n  install:\n    strategy:\n      name: RemediateOnFailure\n      retryInterval: 2m",
            18
        },
        {
            "DPF006",
            Git("semver: \">=1.0.0 <2.0.0\""),
            Git("semver: \">=1.0.0 <<2\""),
            10
        },
        {
            "DPF007",
            HelmRelease + "\n  kubeConfig:\n    secretRef:\n      name: remote",
            HelmRelease + "\n  kubeConfig:\n    secretRef:\n      name: remote\n    configMapRef:\n      name: remote",
            15
        },
        {
            "DPF008",
            Git("branch: main") + "\n  provider: azure\n  serviceAccountName: sa",
            Git("branch: main") + "\n  serviceAccountName: sa",
            11
        },
        {
            "DPF009",
            HelmRelease,
            HelmRelease.Replace("version: 1.2.3", "version: \">=1.0.0\"", StringComparison.Ordinal),
            11
        },
        {
            "DPF010",
            HelmRelease,
            HelmRelease + "\n  suspend: true",
            15
        },
    };

    private static string ImagePolicy(string extra) => $"""
        apiVersion: image.toolkit.fluxcd.io/v1
        kind: ImagePolicy
        metadata:
          name: app
          namespace: flux-system
        spec:
          imageRepositoryRef:
            name: app
          policy:
            semver:
              range: ">=1.0.0"
        {extra}
        """.Replace("\n\n", "\n", StringComparison.Ordinal);

    private static string Git(string refLine) => $"""
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata:
          name: app
          namespace: flux-system
        spec:
          interval: 1m
          url: https://github.com/acme/app
          ref:
            {refLine}
        """;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_ValidDocument_HasNoFinding(string code, string valid, string invalid, int line)
    {
        _ = invalid;
        _ = line;
        var result = ManifestLoader.LoadString(valid, "valid.yaml");
        result.Diagnostics.Diagnostics.ShouldNotContain(d => d.Code == code, result.Diagnostics.ToText());
        result.Diagnostics.Errors.ShouldBeEmpty(result.Diagnostics.ToText());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_PlantedDefect_IsFoundWithFileAndLine(string code, string valid, string invalid, int line)
    {
        _ = valid;
        var result = ManifestLoader.LoadString(invalid, "planted.yaml");
        var d = result.Diagnostics.Diagnostics.FirstOrDefault(x => x.Code == code);
        d.ShouldNotBeNull(result.Diagnostics.ToText());
        d.FilePath.ShouldBe("planted.yaml");
        d.Line.ShouldBe(line, result.Diagnostics.ToText());
        d.Help.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void Duration_DayUnit_SuggestsHours()
    {
        var d = ManifestLoader.LoadString(HelmRelease.Replace("interval: 10m", "interval: 2d", StringComparison.Ordinal), "x.yaml")
            .Diagnostics.Diagnostics.Single(x => x.Code == "DPF003");
        d.Message.ShouldContain("'48h'");
    }

    [Fact]
    public void Prune_Missing_IsRequiredFieldError()
    {
        var text = "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n";
        var d = ManifestLoader.LoadString(text, "ks.yaml").Diagnostics.Diagnostics.Single(x => x.Code == "DPS012");
        d.Pointer.ShouldBe("/spec/prune");
        d.Line.ShouldBe(6);
    }

    [Fact]
    public void SourceRefKind_NotInEnum_IsRejected()
    {
        var text = "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\nspec:\n  interval: 10m\n  prune: true\n  sourceRef:\n    kind: HelmRepository\n    name: flux-system\n";
        var d = ManifestLoader.LoadString(text, "ks.yaml").Diagnostics.Diagnostics.Single(x => x.Code == "DPS013");
        d.Line.ShouldBe(9);
        d.Message.ShouldContain("GitRepository");
    }
}
