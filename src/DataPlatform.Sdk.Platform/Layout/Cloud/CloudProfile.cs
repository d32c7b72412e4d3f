using System.Text.RegularExpressions;
using k8s.Models;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>The cloud the clusters run on, and what that changes in the repository.</summary>
/// <param name="Provider">azure or aws.</param>
/// <param name="Registry">ACR or ECR registry host.</param>
/// <param name="IdentityAnnotation">The ServiceAccount annotation key of workload identity (Azure) or IRSA (AWS).</param>
/// <param name="IdentityValue">Its value: the managed identity client id, or the IAM role ARN.</param>
/// <param name="SopsKey">The Key Vault key URL or KMS key ARN SOPS rules add.</param>
/// <param name="LogAnalyticsWorkspace">Azure Monitor Container Insights workspace, if any.</param>
internal sealed record CloudProfile(string Provider, string Registry, string IdentityAnnotation, string IdentityValue, string SopsKey, string? LogAnalyticsWorkspace)
{
    public static CloudProfile Azure(string acrRegistry, string workloadIdentityClientId, string sopsKeyVaultKeyUrl, string? logAnalyticsWorkspaceId)
    {
        if (acrRegistry is null || !acrRegistry.EndsWith(".azurecr.io", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{acrRegistry}' is not an Azure Container Registry host (<name>.azurecr.io).", nameof(acrRegistry));
        }

        if (!Guid.TryParse(workloadIdentityClientId, out _))
        {
            throw new ArgumentException("The workload identity client id is a GUID.", nameof(workloadIdentityClientId));
        }

        SopsKeys.CheckAzureKeyVault(sopsKeyVaultKeyUrl, nameof(sopsKeyVaultKeyUrl));
        return new CloudProfile("azure", acrRegistry, "azure.workload.identity/client-id", workloadIdentityClientId, sopsKeyVaultKeyUrl, logAnalyticsWorkspaceId);
    }

    public static CloudProfile Aws(string ecrRegistry, string irsaRoleArn, string sopsKmsKeyArn)
    {
        if (ecrRegistry is null || !Regex.IsMatch(ecrRegistry, @"^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$", RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            throw new ArgumentException($"'{ecrRegistry}' is not an ECR registry host (<account>.dkr.ecr.<region>.amazonaws.com).", nameof(ecrRegistry));
        }

        if (irsaRoleArn is null || !irsaRoleArn.StartsWith("arn:aws:iam::", StringComparison.Ordinal) || !irsaRoleArn.Contains(":role/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{irsaRoleArn}' is not an IAM role ARN.", nameof(irsaRoleArn));
        }

        SopsKeys.CheckAwsKms(sopsKmsKeyArn, nameof(sopsKmsKeyArn));
        return new CloudProfile("aws", ecrRegistry, "eks.amazonaws.com/role-arn", irsaRoleArn, sopsKmsKeyArn, null);
    }

    /// <summary>The full image name: relative names get the profile's registry.</summary>
    public static string ImageOf(CloudProfile? cloud, string image) =>
        cloud is not null && !image.Split('/')[0].Contains('.', StringComparison.Ordinal) ? $"{cloud.Registry}/{image}" : image;

    /// <summary>Pod labels, with Azure workload identity's opt-in label on Azure.</summary>
    public static Dictionary<string, string> PodLabels(CloudProfile? cloud, Dictionary<string, string> labels)
    {
        if (cloud?.Provider == "azure")
        {
            labels["azure.workload.identity/use"] = "true";
        }

        return labels;
    }
}

/// <summary>What the cloud profile adds to the infrastructure: on Azure with a Log Analytics workspace, the Container Insights agent configuration.</summary>
internal static class CloudContributor
{
    /// <summary>The Azure Monitor Container Insights agent configuration, or <see langword="null"/> without a workspace.</summary>
    public static V1ConfigMap? MonitoringAgent(RepositorySpec spec) => spec.Cloud?.LogAnalyticsWorkspace is not { } workspace ? null : new V1ConfigMap
    {
        // Azure Monitor Container Insights reads this ConfigMap (the AKS monitoring add-on sends to the workspace).
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = "container-azm-ms-agentconfig", NamespaceProperty = "kube-system", Annotations = new Dictionary<string, string> { ["data-platform/log-analytics-workspace"] = workspace } },
        Data = new Dictionary<string, string>
        {
            ["schema-version"] = "v1",
            ["config-version"] = "ver1",
            ["log-data-collection-settings"] = "[log_collection_settings]\n  [log_collection_settings.stdout]\n    enabled = true\n    exclude_namespaces = [\"kube-system\"]\n  [log_collection_settings.stderr]\n    enabled = true\n    exclude_namespaces = [\"kube-system\"]\n",
        },
    };
}
