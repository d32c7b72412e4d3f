using System.Globalization;
using DataPlatform.Sdk.Platform.Layout;
using k8s.Models;

namespace DataPlatform.Sdk.Benchmarks;

/// <summary>A large data-platform repository: the example's platform plus many domains, each with its own objects.</summary>
public static class LargeRepository
{
    /// <summary>Describes a repository with <paramref name="domains"/> domains of <paramref name="objectsPerDomain"/> ConfigMaps each.</summary>
    public static DataPlatformRepositoryBuilder Describe(int domains, int objectsPerDomain)
    {
        var builder = DataPlatformRepository.Example();
        for (var t = 0; t < Math.Min(domains, 20); t++)
        {
            builder.Tenant("team-" + t.ToString("D2", CultureInfo.InvariantCulture));
        }

        for (var d = 0; d < domains; d++)
        {
            var name = "domain-" + d.ToString("D3", CultureInfo.InvariantCulture);
            builder.Domain(name, x =>
            {
                x.OwnedBy("team-" + (d % 20).ToString("D2", CultureInfo.InvariantCulture)).Setting("OWNER", "team");
                for (var i = 0; i < objectsPerDomain; i++)
                {
                    x.Manifest(new V1ConfigMap
                    {
                        ApiVersion = "v1",
                        Kind = "ConfigMap",
                        Metadata = new V1ObjectMeta { Name = $"{name}-config-{i.ToString(CultureInfo.InvariantCulture)}", Labels = new Dictionary<string, string> { ["app"] = name } },
                        Data = new Dictionary<string, string> { ["LOG_LEVEL"] = "info", ["REPLICAS"] = "3", ["ENDPOINT"] = $"https://{name}.example.com/{i}" },
                    });
                }
            });
        }

        return builder;
    }
}
