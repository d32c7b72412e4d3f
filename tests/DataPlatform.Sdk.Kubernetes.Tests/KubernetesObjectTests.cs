using DataPlatform.Sdk.Kubernetes.Kustomize;
using DataPlatform.Sdk.Manifests;
using k8s.Models;

namespace DataPlatform.Sdk.Kubernetes.Tests;

public class KubernetesObjectTests
{
    private const string Tenant = """
        # tenant isolation for finance
        apiVersion: v1
        kind: Namespace
        metadata:
          name: finance
          labels:
            pod-security.kubernetes.io/enforce: restricted
        ---
        apiVersion: v1
        kind: ResourceQuota
        metadata:
          name: finance-quota
          namespace: finance
        spec:
          hard:
            requests.cpu: "8"
            requests.memory: 32Gi
            limits.cpu: 16 # burst
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: default-deny
          namespace: finance
        spec:
          podSelector: {}
          policyTypes:
            - Ingress
            - Egress
        ---
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
          namespace: finance
        spec:
          backoffLimit: 2
          template:
            spec:
              restartPolicy: Never
              securityContext:
                runAsNonRoot: true
              containers:
                - name: liquibase
                  image: liquibase/liquibase:4.33
                  ports:
                    - containerPort: 8080
                      name: http
                  resources:
                    requests:
                      cpu: 100m
                      memory: 128Mi
        """;

    [Fact]
    public void Load_CoreObjects_AreTypedByKubernetesClient()
    {
        var result = ManifestLoader.LoadString(Tenant, "tenant.yaml");
        result.Diagnostics.Diagnostics.ShouldBeEmpty(result.Diagnostics.ToText());
        result.Objects.Select(o => o.GetType()).ShouldBe([typeof(V1Namespace), typeof(V1ResourceQuota), typeof(V1NetworkPolicy), typeof(V1Job)]);
        var quota = result.Objects.OfType<V1ResourceQuota>().Single();
        quota.Spec.Hard["requests.memory"].ToString().ShouldBe("32Gi");
    }

    [Fact]
    public void Write_LoadedCoreObjects_IsLossless()
    {
        var result = ManifestLoader.LoadString(Tenant, "tenant.yaml");
        ManifestSerializer.ToYaml(result.Objects).ShouldBe(Tenant + "\n");
    }

    [Fact]
    public void Write_ChangedCoreObject_KeepsComments()
    {
        var result = ManifestLoader.LoadString(Tenant, "tenant.yaml");
        var ns = result.Objects.OfType<V1Namespace>().Single();
        ns.Metadata.Labels["team"] = "finance";
        ManifestSerializer.ToYaml(ns).ShouldBe("# tenant isolation for finance\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: finance\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n    team: finance\n");
    }

    [Fact]
    public void Load_UnknownFieldInDeployment_IsReportedAndKept()
    {
        var text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  replicas: 1\n  replica: 2\n  selector:\n    matchLabels:\n      app: a\n  template:\n    metadata:\n      labels:\n        app: a\n    spec:\n      containers:\n        - name: a\n          image: nginx:1.27\n";
        var result = ManifestLoader.LoadString(text, "deploy.yaml");
        var d = result.Diagnostics.Diagnostics.Single(x => x.Code == "DPS010");
        d.Line.ShouldBe(7);
        d.Message.ShouldContain("did you mean 'replicas'");
        ManifestSerializer.ToYaml(result.Objects.Single()).ShouldBe(text);
    }

    [Fact]
    public void Load_InvalidObjectName_ReportsDps020()
    {
        var d = ManifestLoader.LoadString("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n", "cm.yaml").Diagnostics.Diagnostics.Single(x => x.Code == "DPS020");
        d.Line.ShouldBe(4);
    }

    [Fact]
    public void Build_CoreObjectInCode_WritesApiVersionKindMetadataFirst()
    {
        var cm = new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = "settings", NamespaceProperty = "finance" }, Data = new Dictionary<string, string> { ["enabled"] = "true", ["script"] = "echo a\necho b\n" } };
        ManifestSerializer.ToYaml(cm).ShouldBe("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: finance\ndata:\n  enabled: \"true\"\n  script: |\n    echo a\n    echo b\n");
    }
}
