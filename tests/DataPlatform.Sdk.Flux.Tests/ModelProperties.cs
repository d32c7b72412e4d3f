using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using DataPlatform.Sdk.Manifests;

namespace DataPlatform.Sdk.Flux.Tests;

/// <summary>Random Flux models: parse(emit(x)) == x, emitting is stable, and every emitted object passes its CRD schema.</summary>
public class ModelProperties
{
    private static readonly Gen<string> Name = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"], 1, 12].Select(s => "n" + s);
    private static readonly Gen<string> Duration = Gen.Select(Gen.Int[1, 90], Gen.OneOf<string>("ms", "s", "m", "h"), (n, u) => n + u);
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.Char["abc xyz019:#-'\"{}[],&*!|>%@`?\té✓\n"], 0, 20],
        Gen.OneOf<string>("on", "yes", "0x10", "1.10", "", "null", "~", "- x", "1e3", "2001-12-14", "true"));

    private static readonly Gen<JsonNode?> Value = Gen.OneOf(
        Text.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Const((JsonNode?)null));

    private static readonly Gen<JsonObject> Values =
        Gen.Select(Text, Gen.Select(Text, Value, (k, v) => (k, v)).List[0, 4], (k, inner) => (k, inner)).List[0, 4].Select(pairs =>
        {
            var o = new JsonObject();
            foreach (var (k, inner) in pairs)
            {
                var child = new JsonObject();
                foreach (var (ik, iv) in inner)
                {
                    child[ik] = iv?.DeepClone();
                }

                o[k] = child;
            }

            return o;
        });

    private static readonly Gen<HelmRelease> Release =
        Gen.Select(Name, Name, Duration, Gen.Int[0, 20], Values, Gen.Bool, (name, ns, interval, patch, values, suspend) => new HelmRelease
        {
            Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = new Dictionary<string, string> { ["team"] = ns } },
            Spec = new HelmReleaseSpec
            {
                Interval = FluxDuration.Parse(interval),
                Chart = new HelmReleaseChart
                {
                    Spec = new HelmReleaseChartSpec
                    {
                        Chart = name,
                        Version = $"1.{patch}.0",
                        SourceRef = new HelmReleaseChartSpecSourceRef { Kind = "HelmRepository", Name = ns },
                    },
                },
                Suspend = suspend ? true : null,
                Values = values,
            },
        });

    private static readonly Gen<FluxKustomization> Kustomization =
        Gen.Select(Name, Duration, Name.List[0, 3], Gen.Bool, Text, (name, interval, deps, prune, substitute) => new FluxKustomization
        {
            Metadata = new ObjectMeta { Name = name, Namespace = "flux-system" },
            Spec = new FluxKustomizationSpec
            {
                Interval = FluxDuration.Parse(interval),
                Path = "./" + name,
                Prune = prune,
                SourceRef = new FluxKustomizationSourceRef { Kind = "GitRepository", Name = "flux-system" },
                DependsOn = [.. deps.Select(d => new FluxKustomizationDependsOn { Name = d })],
                PostBuild = new FluxKustomizationPostBuild { Substitute = new Dictionary<string, string> { ["value"] = substitute } },
            },
        });

    private static bool RoundTrips(IManifest obj)
    {
        var yaml = ManifestSerializer.ToYaml(obj);
        var loaded = ManifestLoader.Default.Parse(yaml, "random.yaml");
        var back = loaded.Objects.Single();
        return back.GetType() == obj.GetType()
            && JsonElement.DeepEquals(ManifestSerializer.ToJsonElement(obj), ManifestSerializer.ToJsonElement(back))
            && ManifestSerializer.ToYaml(back) == yaml
            && CrdSchemas.Validate(ManifestSerializer.ToJsonElement(back)).Count == 0;
    }

    [Fact]
    public void HelmRelease_RandomModels_RoundTripStablyAndPassTheCrd() => Release.Sample(RoundTrips, iter: 300);

    [Fact]
    public void FluxKustomization_RandomModels_RoundTripStablyAndPassTheCrd() => Kustomization.Sample(RoundTrips, iter: 300);
}
