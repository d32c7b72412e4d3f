using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Tests.Shared;
using DataPlatform.Sdk.Validation;

namespace DataPlatform.Sdk.Flux.Tests;

public class ModelTests
{
    [Fact]
    public void Generator_Output_IsUpToDateWithTheCrds()
    {
        var generated = CodeGen.FluxModelGenerator.Generate(Path.Combine(TestPaths.Reference, "flux"));
        var folder = Path.Combine(TestPaths.RepoRoot, "src", "DataPlatform.Sdk.Flux", "Generated");
        Directory.GetFiles(folder, "*.g.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal).ShouldBe(generated.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, content) in generated)
        {
            File.ReadAllText(Path.Combine(folder, name)).ShouldBe(content, $"{name} is stale: run 'dotnet run --project src/DataPlatform.Sdk.CodeGen'.");
        }
    }

    [Fact]
    public void Registry_HasEveryFluxKindOfTheCrds()
    {
        foreach (var (apiVersion, kind) in CrdSchemas.Kinds)
        {
            KindRegistry.Default.TryGet(apiVersion, kind, out var k).ShouldBeTrue($"{apiVersion} {kind}");
            k!.Deprecation.ShouldBeNull();
        }

        FluxKinds.Current.Count.ShouldBe(15);
    }

    [Fact]
    public void BuiltInCode_FluxObjects_PassTheCrdSchemas()
    {
        var ks = new FluxKustomization
        {
            Metadata = new ObjectMeta { Name = "apps", Namespace = "flux-system" },
            Spec = new FluxKustomizationSpec
            {
                Interval = FluxDuration.Parse("10m"),
                Path = "./apps/production",
                Prune = false,
                SourceRef = new FluxKustomizationSourceRef { Kind = "GitRepository", Name = "flux-system" },
                DependsOn = [new FluxKustomizationDependsOn { Name = "infrastructure" }],
            },
        };
        var yaml = ManifestSerializer.ToYaml(ks);
        yaml.ShouldContain("prune: false");
        yaml.ShouldStartWith("apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n");
        CrdSchemas.Validate(ManifestSerializer.ToJsonElement(ks)).ShouldBeEmpty();
        ObjectValidator.Default.Validate(ks).Diagnostics.ShouldBeEmpty();

        var hr = new HelmRelease
        {
            Metadata = new ObjectMeta { Name = "kestra", Namespace = "kestra" },
            Spec = new HelmReleaseSpec
            {
                Interval = "30m",
                Chart = new HelmReleaseChart
                {
                    Spec = new HelmReleaseChartSpec
                    {
                        Chart = "kestra",
                        Version = "0.21.3",
                        SourceRef = new HelmReleaseChartSpecSourceRef { Kind = "HelmRepository", Name = "kestra" },
                    },
                },
                Values = new System.Text.Json.Nodes.JsonObject { ["replicas"] = 2, ["enabled"] = "yes" },
            },
        };
        CrdSchemas.Validate(ManifestSerializer.ToJsonElement(hr)).ShouldBeEmpty();
        ManifestSerializer.ToYaml(hr).ShouldContain("enabled: \"yes\"");
    }

    [Fact]
    public void Emit_SameObjectTwice_IsByteIdentical()
    {
        var git = new GitRepository
        {
            Metadata = new ObjectMeta { Name = "platform", Namespace = "flux-system" },
            Spec = new GitRepositorySpec { Interval = "1m", Url = "https://github.com/acme/platform", Ref = new GitRepositoryRef { Tag = "v1.0.0" } },
        };
        ManifestSerializer.ToYaml(git).ShouldBe(ManifestSerializer.ToYaml(git with { }));
    }

    [Theory]
    [InlineData("10m", true)]
    [InlineData("1h30m", true)]
    [InlineData("500ms", true)]
    [InlineData("1.5h", true)]
    [InlineData("1d", false)]
    [InlineData("10", false)]
    [InlineData("", false)]
    [InlineData("5 m", false)]
    public void FluxDuration_Parse_FollowsTheCrdPattern(string text, bool valid)
    {
        FluxDuration.TryParse(text, out _).ShouldBe(valid);
    }

    [Fact]
    public void FluxDuration_TimeSpanRoundTrip()
    {
        FluxDuration.FromTimeSpan(TimeSpan.FromMinutes(90)).Value.ShouldBe("1h30m");
        FluxDuration.Parse("1h30m").ToTimeSpan().ShouldBe(TimeSpan.FromMinutes(90));
        Should.Throw<FormatException>(() => FluxDuration.Parse("1d")).Message.ShouldContain("24h");
    }

    [Theory]
    [InlineData(">=1.0.0 <2.0.0", true)]
    [InlineData("^1.2", true)]
    [InlineData("~1.2.3", true)]
    [InlineData("1.x", true)]
    [InlineData("*", true)]
    [InlineData("1.2 - 1.4.5", true)]
    [InlineData(">= 6.0.0 < 7.0.0", true)]
    [InlineData("5.0.x || >=6.1", true)]
    [InlineData("v1.2.3-rc.1", true)]
    [InlineData(">=1.0.0 <<2", false)]
    [InlineData("latest", false)]
    [InlineData("", false)]
    public void SemVerRange_IsValid(string text, bool valid)
    {
        SemVerRange.IsValid(text).ShouldBe(valid);
    }
}
