using System.Text.Json;
using System.Text.Json.Nodes;
using DataPlatform.Sdk.Manifests;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// Where a production secret lives outside the repository, read by the Secrets Store CSI driver: Azure Key Vault or
/// AWS Secrets Manager. The repository holds only the reference (a <c>SecretProviderClass</c>), never the value.
/// </summary>
public sealed record ExternalSecretStore
{
    private ExternalSecretStore(string provider, IReadOnlyDictionary<string, string> parameters, string objectType)
    {
        Provider = provider;
        Parameters = parameters;
        ObjectType = objectType;
    }

    /// <summary>The CSI provider: <c>azure</c> or <c>aws</c>.</summary>
    public string Provider { get; }

    /// <summary>The provider parameters.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>The object type of each entry (<c>secret</c> for Key Vault, <c>secretsmanager</c> for AWS).</summary>
    public string ObjectType { get; }

    /// <summary>An Azure Key Vault, read with workload identity.</summary>
    /// <param name="vaultName">The vault name.</param>
    /// <param name="tenantId">The Entra tenant id.</param>
    /// <param name="clientId">The workload identity's client id.</param>
    /// <returns>The store.</returns>
    public static ExternalSecretStore AzureKeyVault(string vaultName, string tenantId, string clientId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(vaultName);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        return new("azure", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["usePodIdentity"] = "false",
            ["clientID"] = clientId,
            ["keyvaultName"] = vaultName,
            ["tenantId"] = tenantId,
        }, "secret");
    }

    /// <summary>AWS Secrets Manager, read with the pod's IAM role (IRSA or Pod Identity).</summary>
    /// <param name="region">The AWS region, or <see langword="null"/> for the cluster's.</param>
    /// <returns>The store.</returns>
    public static ExternalSecretStore AwsSecretsManager(string? region = null) =>
        new("aws", region is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal) { ["region"] = region }, "secretsmanager");

    /// <summary>The <c>SecretProviderClass</c> that mounts the objects and syncs them into a Kubernetes Secret.</summary>
    internal GenericManifest ProviderClass(string name, string domain, IReadOnlyDictionary<string, string> keys)
    {
        var parameters = new JsonObject();
        foreach (var (k, v) in Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            parameters[k] = v;
        }

        var objects = keys.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => (k.Key, Object: k.Value)).ToList();
        parameters["objects"] = Provider == "azure"
            ? "array:\n" + string.Concat(objects.Select(o => $"  - |\n    objectName: {o.Object}\n    objectType: {ObjectType}\n"))
            : string.Concat(objects.Select(o => $"- objectName: \"{o.Object}\"\n  objectType: \"{ObjectType}\"\n"));
        var spec = new JsonObject
        {
            ["provider"] = Provider,
            ["parameters"] = parameters,
            ["secretObjects"] = new JsonArray(new JsonObject
            {
                ["secretName"] = name,
                ["type"] = "Opaque",
                ["data"] = new JsonArray([.. objects.Select(o => (JsonNode?)new JsonObject { ["objectName"] = o.Object, ["key"] = o.Key })]),
            }),
        };
        return new GenericManifest
        {
            ApiVersion = "secrets-store.csi.x-k8s.io/v1",
            Kind = "SecretProviderClass",
            MetadataOrNull = new ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["data-platform/domain"] = domain } },
            Content = new Dictionary<string, JsonElement> { ["spec"] = JsonSerializer.SerializeToElement(spec, Json.ManifestJson.TypeInfo(typeof(JsonNode))) },
        };
    }
}
