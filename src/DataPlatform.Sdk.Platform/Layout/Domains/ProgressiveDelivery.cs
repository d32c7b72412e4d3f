using System.Text.Json;
using System.Text.Json.Nodes;
using DataPlatform.Sdk.Kubernetes.Delivery;
using DataPlatform.Sdk.Manifests;
using k8s.Models;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>How a domain's applications take a new version: all at once (the default), or progressively through Flagger.</summary>
public enum RolloutStrategy
{
    /// <summary>Traffic moves to the new version in steps (10% at a time, up to 50%) through the ingress-nginx controller while Flagger checks its success rate and latency in Prometheus; a failing check rolls back.</summary>
    Canary,

    /// <summary>The new version runs beside the old one and is checked before all traffic switches at once (Flagger's Kubernetes provider; no traffic shifting needed).</summary>
    BlueGreen,
}

/// <summary>A domain's rollout: the strategy and, for canaries, the host its applications are reached on.</summary>
internal sealed record RolloutSpec(RolloutStrategy Strategy, string? Host);

/// <summary>
/// Progressive delivery (the seed: "canary or blue-green deployments"): Flagger, pinned, in the networking group, and a
/// Flagger <c>Canary</c> per application of a domain that asks for it. Flagger owns those applications' Services (it
/// makes the primary and canary ones), so the layout writes none; a canary also gets the Ingress Flagger shifts.
/// </summary>
internal static class ProgressiveDelivery
{
    /// <summary>Flagger's chart, pinned, set up for ingress-nginx and the Prometheus of the observability group.</summary>
    public static ChartComponent Chart { get; } = new("flagger", "flagger-system", "flagger", "https://flagger.app", "flagger", "1.38.0",
        new JsonObject { ["meshProvider"] = "nginx", ["metricsServer"] = "http://kube-prometheus-stack-prometheus.monitoring:9090" });

    public static IEnumerable<object> Objects(ApplicationSpec app, RolloutSpec rollout, Dictionary<string, string> labels)
    {
        var canary = rollout.Strategy == RolloutStrategy.Canary;
        var analysis = canary
            ? new JsonObject
            {
                ["interval"] = "1m",
                ["threshold"] = 5,
                ["maxWeight"] = 50,
                ["stepWeight"] = 10,
                ["metrics"] = new JsonArray(
                    new JsonObject { ["name"] = "request-success-rate", ["interval"] = "1m", ["thresholdRange"] = new JsonObject { ["min"] = 99 } },
                    new JsonObject { ["name"] = "request-duration", ["interval"] = "1m", ["thresholdRange"] = new JsonObject { ["max"] = 500 } }),
            }
            : new JsonObject { ["interval"] = "1m", ["threshold"] = 3, ["iterations"] = 5 };
        static JsonElement Element(JsonNode node) => JsonSerializer.SerializeToElement(node, Json.ManifestJson.TypeInfo(typeof(JsonNode)));
        if (canary)
        {
            yield return new V1Ingress
            {
                ApiVersion = "networking.k8s.io/v1",
                Kind = "Ingress",
                Metadata = new V1ObjectMeta { Name = app.Name, Labels = labels },
                Spec = new V1IngressSpec
                {
                    IngressClassName = "nginx",
                    Rules =
                    [
                        new V1IngressRule
                        {
                            Host = rollout.Host,
                            Http = new V1HTTPIngressRuleValue
                            {
                                Paths = [new V1HTTPIngressPath { Path = "/", PathType = "Prefix", Backend = new V1IngressBackend { Service = new V1IngressServiceBackend { Name = app.Name, Port = new V1ServiceBackendPort { Number = 80 } } } }],
                            },
                        },
                    ],
                },
            };
        }

        yield return new FlaggerCanary
        {
            Metadata = new ObjectMeta { Name = app.Name, Labels = labels },
            Spec = new FlaggerCanarySpec
            {
                Provider = canary ? "nginx" : "kubernetes",
                TargetRef = new FlaggerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = app.Name },
                IngressRef = canary ? new FlaggerReference { ApiVersion = "networking.k8s.io/v1", Kind = "Ingress", Name = app.Name } : null,
                ProgressDeadlineSeconds = 600,
                Service = Element(new JsonObject { ["port"] = 80, ["targetPort"] = "http" }),
                Analysis = Element(analysis),
            },
        };
    }
}
