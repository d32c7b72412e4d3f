using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Validation;

namespace DataPlatform.Sdk.Tests.Manifests;

public sealed record Widget : IManifest
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; init; } = "example.com/v1";

    [JsonPropertyName("kind")]
    public string Kind { get; init; } = "Widget";

    [JsonPropertyName("metadata")]
    public required ObjectMeta Metadata { get; init; }

    [JsonPropertyName("spec")]
    public required WidgetSpec Spec { get; init; }

    [JsonIgnore]
    public ManifestOrigin Origin { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; init; }
}

public sealed record WidgetSpec
{
    [JsonPropertyName("size")]
    public required int Size { get; init; }

    [AllowedValues("red", "blue")]
    [JsonPropertyName("color")]
    public string? Color { get; init; }

    [RegularExpression("^[a-z]+$")]
    [JsonPropertyName("code")]
    public string? Code { get; init; }

    [Json.SchemaLength(1, 3)]
    [JsonPropertyName("tags")]
    public IReadOnlyList<string> Tags { get; init; } = [];

    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }

    [JsonPropertyName("values")]
    public System.Text.Json.Nodes.JsonObject? Values { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; init; }
}

public sealed class WidgetModule : ManifestModule
{
    public static readonly DiagnosticDescriptor TooBig = new("DPX001", "Widget too big", DiagnosticSeverity.Warning, "Make it smaller.");

    public override void RegisterKinds(KindRegistry registry) => registry.Register<Widget>("example.com/v1", "Widget");

    public override IEnumerable<IObjectRule> Rules => [new TooBigRule()];

    private sealed class TooBigRule : ObjectRule<Widget>
    {
        public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [TooBig];

        protected override void Check(Widget obj, RuleContext context)
        {
            if (obj.Spec.Size > 10)
            {
                context.Report(TooBig, $"Size {obj.Spec.Size} is above 10.", "/spec/size");
            }
        }
    }
}

internal static class Widgets
{
    public static ManifestLoader Loader(bool strict = true, SeverityOverrides? overrides = null)
    {
        var module = new WidgetModule();
        var registry = KindRegistry.Create([module]);
        return new ManifestLoader(registry, new ObjectValidator(module.Rules, overrides, strict));
    }
}
