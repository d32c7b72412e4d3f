using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Manifests;

namespace DataPlatform.Sdk.Kubernetes.Tests;

/// <summary>Security baselines: DPC005 (root), DPC006 (no PSS label), DPC007 (unpinned image), each planted and found at its line.</summary>
public class SecurityRuleTests
{
    private const string Job = """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
        spec:
          template:
            spec:
              restartPolicy: Never
              securityContext:
                runAsNonRoot: true
              containers:
                - name: app
                  image: liquibase/liquibase:4.28.0
                  securityContext:
                    allowPrivilegeEscalation: false
        """;

    [Fact]
    public void A_hardened_job_is_clean() => ManifestLoader.LoadString(Job, "job.yaml").Diagnostics.Diagnostics.ShouldBeEmpty();

    [Theory]
    [InlineData("DPC005", "allowPrivilegeEscalation: false", "privileged: true", 15, DiagnosticSeverity.Error)]
    [InlineData("DPC005", "      securityContext:\n        runAsNonRoot: true\n", "", 10, DiagnosticSeverity.Warning)]
    [InlineData("DPC007", "liquibase/liquibase:4.28.0", "liquibase/liquibase", 13, DiagnosticSeverity.Error)]
    [InlineData("DPC007", "liquibase/liquibase:4.28.0", "liquibase/liquibase:latest", 13, DiagnosticSeverity.Warning)]
    public void Planted_defect_in_a_workload(string code, string find, string replace, int line, DiagnosticSeverity severity)
    {
        Job.ShouldContain(find);
        var d = ManifestLoader.LoadString(Job.Replace(find, replace, StringComparison.Ordinal), "job.yaml").Diagnostics.Diagnostics.Single(x => x.Code == code);

        (d.Location!.Value.Line, d.Severity).ShouldBe((line, severity));
    }

    [Fact]
    public void A_namespace_without_pod_security_label_is_reported()
    {
        var d = ManifestLoader.LoadString("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n", "ns.yaml").Diagnostics.Diagnostics.Single();

        (d.Code, d.Location!.Value.Line).ShouldBe(("DPC006", 4));
        ManifestLoader.LoadString("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n", "ns.yaml").Diagnostics.Diagnostics.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("nginx", true)]
    [InlineData("nginx:latest", true)]
    [InlineData("nginx:1.27", false)]
    [InlineData("registry:5000/team/app", true)]
    [InlineData("registry:5000/team/app:1.0", false)]
    [InlineData("app@sha256:0123456789abcdef", false)]
    public void Image_pinning(string image, bool problem) => (SecurityBaselineRule.ImageProblem(image) is not null).ShouldBe(problem);
}
