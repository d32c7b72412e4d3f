using System.Globalization;
using DataPlatform.Sdk.Files;
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

    /// <summary>
    /// Rewrites every second domain's <c>base/resources.yaml</c> as one file per object under <c>base/resources/</c>,
    /// listed in its kustomization: a tree with both multi-document files and one object per file.
    /// </summary>
    public static FileTree SplitEveryOtherDomain(FileTree tree)
    {
        foreach (var path in tree.Paths.Where(p => p.Value.StartsWith("domains/", StringComparison.Ordinal) && p.Value.EndsWith("/base/resources.yaml", StringComparison.Ordinal)).ToList())
        {
            var domain = path.Value.Split('/')[1];
            if (int.Parse(domain[(domain.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture) % 2 == 1)
            {
                continue;
            }

            var documents = tree.ReadText(path).Split("---\n", StringSplitOptions.RemoveEmptyEntries);
            var baseDir = path.Value[..path.Value.LastIndexOf('/')];
            var names = new List<string>();
            tree = tree.Without(path);
            for (var i = 0; i < documents.Length; i++)
            {
                var name = $"resources/object-{i.ToString("D3", CultureInfo.InvariantCulture)}.yaml";
                names.Add(name);
                tree = tree.With($"{baseDir}/{name}", documents[i]);
            }

            var kustomization = $"{baseDir}/kustomization.yaml";
            var text = tree.ReadText(kustomization).Replace("  - resources.yaml\n", string.Concat(names.Select(n => $"  - {n}\n")), StringComparison.Ordinal);
            tree = tree.With(kustomization, text);
        }

        return tree;
    }
}
