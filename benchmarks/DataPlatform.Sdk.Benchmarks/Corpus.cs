using System.Globalization;
using System.Text;

namespace DataPlatform.Sdk.Benchmarks;

/// <summary>Deterministic generated corpora: Flux objects (a mix of kinds) and core Kubernetes objects.</summary>
public static class Corpus
{
    public static string Flux(int objects)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < objects; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            if (i > 0)
            {
                sb.Append("---\n");
            }

            switch (i % 5)
            {
                case 0:
                    sb.Append($"# domain {n}\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: app-{n}\n  namespace: flux-system\nspec:\n  interval: 10m\n  retryInterval: 1m\n  path: ./domains/d{n}/overlays/prod\n  prune: true\n  wait: true\n  dependsOn:\n    - name: platform\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  postBuild:\n    substitute:\n      domain: d{n}\n      replicas: \"3\"\n");
                    break;
                case 1:
                    sb.Append($"apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: svc-{n}\n  namespace: d{n}\nspec:\n  interval: 30m\n  chart:\n    spec:\n      chart: service\n      version: 1.2.{n}\n      sourceRef:\n        kind: HelmRepository\n        name: charts\n        namespace: flux-system\n  install:\n    remediation:\n      retries: 3\n  values:\n    replicaCount: 2 # two replicas\n    image:\n      repository: ghcr.io/acme/service\n      tag: \"1.{n}.0\"\n    resources:\n      requests:\n        cpu: 100m\n        memory: 128Mi\n    enabled: yes\n");
                    break;
                case 2:
                    sb.Append($"apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: repo-{n}\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://github.com/acme/repo-{n}\n  ref:\n    tag: v1.{n}.0\n  ignore: |\n    /*\n    !/deploy\n");
                    break;
                case 3:
                    sb.Append($"apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: charts-{n}\n  namespace: flux-system\nspec:\n  interval: 24h\n  url: https://charts.example.com/{n}\n");
                    break;
                default:
                    sb.Append($"apiVersion: image.toolkit.fluxcd.io/v1\nkind: ImagePolicy\nmetadata:\n  name: img-{n}\n  namespace: flux-system\nspec:\n  imageRepositoryRef:\n    name: img-{n}\n  policy:\n    semver:\n      range: \">=1.0.0 <2.0.0\"\n");
                    break;
            }
        }

        return sb.ToString();
    }

    public static string ConfigMaps(int objects)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < objects; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            sb.Append(i > 0 ? "---\n" : string.Empty)
              .Append($"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-{n}\n  namespace: d{n}\n  labels:\n    app: svc-{n}\n    tier: backend\ndata:\n  LOG_LEVEL: info\n  REPLICAS: \"3\"\n  ENDPOINT: https://api.example.com/{n}\n  script: |\n    echo start\n    echo {n}\n");
        }

        return sb.ToString();
    }
}
