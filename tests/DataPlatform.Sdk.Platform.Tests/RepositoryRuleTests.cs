using DataPlatform.Sdk.Diagnostics;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>Each repository rule is proven by planting its defect into the sample repository and finding it, with file and line.</summary>
public sealed class RepositoryRuleTests : IDisposable
{
    private readonly SampleRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private Diagnostic Expect(string code, string file, int line)
    {
        var report = _repo.Validate();
        var d = report.Diagnostics.FirstOrDefault(x => x.Code == code && x.FilePath == file);
        d.ShouldNotBeNull($"expected {code} in {file}:\n{report.ToText()}");
        d.Line.ShouldBe(line, report.ToText());
        return d;
    }

    [Fact]
    public void Sample_AsGenerated_HasNoErrorsOrWarnings()
    {
        var report = _repo.Validate();
        report.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info).ShouldBeEmpty(report.ToText());
    }

    [Fact]
    public void PathMissing_IsDpr001()
    {
        _repo.Replace("clusters/dev/cluster-config.yaml", "./infrastructure/overlays/dev", "./infrastructure/overlays/staging");
        Expect("DPR001", "clusters/dev/cluster-config.yaml", _repo.LineOf("clusters/dev/cluster-config.yaml", "path: ./infrastructure"));
    }

    [Fact]
    public void KustomizationEntryMissing_IsDpr002()
    {
        _repo.Replace("platform/overlays/dev/kustomization.yaml", "  - ../../base/superset\n", "  - ../../base/superset\n  - ../../base/airflow\n");
        Expect("DPR002", "platform/overlays/dev/kustomization.yaml", _repo.LineOf("platform/overlays/dev/kustomization.yaml", "airflow"));
    }

    [Fact]
    public void ChartSourceUnresolved_IsDpr003()
    {
        _repo.Replace("platform/base/kestra/release.yaml", "        name: kestra\n", "        name: kestra-charts\n");
        Expect("DPR003", "platform/base/kestra/release.yaml", _repo.LineOf("platform/base/kestra/release.yaml", "sourceRef:"))
            .Message.ShouldContain("HelmRepository 'kestra/kestra-charts'");
    }

    [Fact]
    public void DependsOnUnresolved_IsDpr003()
    {
        _repo.Replace("clusters/prod/cluster-config.yaml", "    - name: platform\n", "    - name: platfrom\n");
        Expect("DPR003", "clusters/prod/cluster-config.yaml", _repo.LineOf("clusters/prod/cluster-config.yaml", "name: platfrom"));
    }

    [Fact]
    public void DependsOnCycle_IsDpr004AndNamesTheCycle()
    {
        var file = "clusters/dev/cluster-config.yaml";
        _repo.Replace(file, "  path: ./infrastructure/overlays/dev\n", "  path: ./infrastructure/overlays/dev\n  dependsOn:\n    - name: tenants\n");
        var d = _repo.Validate().Diagnostics.First(x => x.Code == "DPR004");
        d.FilePath.ShouldBe(file);
        d.Message.ShouldContain("infrastructure → tenants → tenant-operator → platform → infrastructure");
    }

    [Fact]
    public void DuplicateObject_IsDpr005()
    {
        _repo.Write("tenants/base/finance-team/extra.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: finance-team\n  namespace: finance-team\n");
        _repo.Replace("tenants/base/finance-team/kustomization.yaml", "  - tenant.yaml\n", "  - tenant.yaml\n  - extra.yaml\n");
        Expect("DPR005", "tenants/base/finance-team/extra.yaml", 4);
    }

    [Fact]
    public void PlaintextSecret_IsDpr006_AndSopsEncryptedIsNot()
    {
        _repo.Write("tenants/base/finance-team/db.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: finance-team\nstringData:\n  password: hunter2\n");
        _repo.Write("tenants/base/finance-team/api.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\n  namespace: finance-team\nstringData:\n  token: ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]\nsops:\n  age:\n    - recipient: age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29\n      enc: |\n        -----BEGIN AGE ENCRYPTED FILE-----\n        -----END AGE ENCRYPTED FILE-----\n  lastmodified: \"2026-01-01T00:00:00Z\"\n  mac: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\n  encrypted_regex: ^(data|stringData)$\n  version: 3.9.0\n");
        var report = _repo.Validate();
        var d = report.Diagnostics.Single(x => x.Code == "DPR006");
        (d.FilePath, d.Line).ShouldBe(("tenants/base/finance-team/db.yaml", 7));
        report.Diagnostics.ShouldNotContain(x => x.FilePath == "tenants/base/finance-team/api.yaml" && x.Severity == DiagnosticSeverity.Error, report.ToText());
    }

    [Fact]
    public void ProductionOnBranch_IsDpr007()
    {
        var file = "clusters/prod/flux-system/gotk-sync.yaml";
        _repo.Replace(file, "semver: \">=1.0.0\"", "branch: main");
        Expect("DPR007", file, _repo.LineOf(file, "branch: main"));
        _repo.Validate().Diagnostics.ShouldNotContain(x => x.Code == "DPR007" && x.FilePath!.StartsWith("clusters/dev", StringComparison.Ordinal));
    }

    [Fact]
    public void ExternalSource_IsDpr008Info()
    {
        _repo.Write("clusters/dev/team.yaml", "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: team\n  namespace: flux-system\nspec:\n  interval: 5m\n  url: https://github.com/acme/team\n  ref:\n    branch: main\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: team\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./deploy\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: team\n");
        var d = Expect("DPR008", "clusters/dev/team.yaml", 19);
        d.Severity.ShouldBe(DiagnosticSeverity.Info);
    }

    [Fact]
    public void TenantWithoutNetworkPolicy_IsDpr009()
    {
        // The standard profile's tenants get their network policies through their Capsule Tenant.
        var file = "tenants/base/marketing-team/tenant.yaml";
        var text = _repo.Read(file);
        var start = text.IndexOf("  networkPolicies:\n", StringComparison.Ordinal);
        var end = text.IndexOf("---\n", start, StringComparison.Ordinal);
        _repo.Write(file, text[..start] + text[end..]);
        Expect("DPR009", file, _repo.LineOf(file, "  name: marketing-team")).Message.ShouldContain("no NetworkPolicy (neither in the namespace nor through its Tenant 'marketing-team')");
    }

    [Fact]
    public void NamespaceOfAnUndeclaredTenant_IsDpr022_WithDidYouMean()
    {
        var file = "tenants/base/marketing-team/tenant.yaml";
        _repo.Replace(file, "    capsule.clastix.io/tenant: marketing-team\n", "    capsule.clastix.io/tenant: marketing-teem\n");
        var d = Expect("DPR022", file, _repo.LineOf(file, "    capsule.clastix.io/tenant: marketing-teem"));
        d.Message.ShouldContain("did you mean 'marketing-team'");
        d.Severity.ShouldBe(DiagnosticSeverity.Error);
    }

    [Fact]
    public void TenantsWithoutDependingOnTheOperator_IsDpr023()
    {
        var file = "clusters/prod/cluster-config.yaml";
        _repo.Replace(file, "  dependsOn:\n    - name: tenant-operator\n", "  dependsOn:\n    - name: platform\n");
        var d = _repo.Validate().Errors.Single(x => x.Code == "DPR023");
        d.FilePath.ShouldBe(file);
        d.Message.ShouldContain("does not depend on the Flux Kustomization that installs the tenant operator");
    }

    [Fact]
    public void TenantsAppliedTogetherWithTheOperator_IsDpr023_AndAnOperatorWithoutWaitIsAWarning()
    {
        _repo.Replace("tenants/base/kustomization.yaml", "resources:\n", "resources:\n  - tenant-operator\n");
        _repo.Validate().Errors.ShouldContain(x => x.Code == "DPR023" && x.Message.Contains("together with the tenant operator's HelmRelease", StringComparison.Ordinal));
        _repo.Replace("tenants/base/kustomization.yaml", "resources:\n  - tenant-operator\n", "resources:\n");

        var file = "clusters/dev/cluster-config.yaml";
        var text = _repo.Read(file);
        var start = text.IndexOf("  name: tenant-operator\n", StringComparison.Ordinal);
        var wait = text.IndexOf("  wait: true\n", start, StringComparison.Ordinal);
        _repo.Write(file, text[..wait] + text[(wait + "  wait: true\n".Length)..]);
        _repo.Validate().Warnings.ShouldContain(x => x.Code == "DPR023" && x.FilePath == file && x.Message.Contains("without wait", StringComparison.Ordinal));
    }

    [Fact]
    public void TenantWithoutOwner_IsDpc009()
    {
        var file = "tenants/base/marketing-team/tenant.yaml";
        var text = _repo.Read(file);
        var start = text.IndexOf("  owners:\n", StringComparison.Ordinal);
        var end = text.IndexOf("  namespaceOptions:\n", start, StringComparison.Ordinal);
        _repo.Write(file, text[..start] + text[end..]);
        _repo.Validate().Errors.ShouldContain(e => e.Code == "DPC009" && e.Message.Contains("has no owner", StringComparison.Ordinal));
    }

    [Fact]
    public void PatchFiles_AreNotRequiredToBeComplete()
    {
        _repo.Write("platform/overlays/prod/kestra-values.yaml", "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: kestra\n  namespace: kestra\nspec:\n  values:\n    replicas: 3\n");
        _repo.Replace("platform/overlays/prod/kustomization.yaml", "patches:\n", "patches:\n  - path: kestra-values.yaml\n");
        _repo.Validate().Errors.ShouldBeEmpty();
    }

    [Fact]
    public void MalformedFile_IsReportedAndTheRestStillValidated()
    {
        _repo.Write("tenants/base/finance-team/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [broken\n");
        _repo.Replace("clusters/dev/cluster-config.yaml", "./infrastructure/overlays/dev", "./infrastructure/overlays/qa");
        var report = _repo.Validate();
        report.Diagnostics.ShouldContain(d => d.Code == "DPS001" && d.FilePath == "tenants/base/finance-team/broken.yaml");
        report.Diagnostics.ShouldContain(d => d.Code == "DPR001");
    }
}

/// <summary>Kustomizations whose source is an ExternalArtifact are checked through the ArtifactGenerator's copy rules.</summary>
public sealed class ExternalArtifactTests : IDisposable
{
    private readonly SampleRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private const string Generator = "apiVersion: source.extensions.fluxcd.io/v1beta1\nkind: ArtifactGenerator\nmetadata:\n  name: platform\n  namespace: flux-system\nspec:\n  sources:\n    - alias: repo\n      kind: GitRepository\n      name: flux-system\n  artifacts:\n    - name: platform-config\n      copy:\n        - from: \"@repo/platform/**\"\n          to: \"@artifact/\"\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: platform-from-artifact\n  namespace: flux-system\nspec:\n  interval: 10m\n  prune: true\n  path: ./overlays/PATH\n  sourceRef:\n    kind: ExternalArtifact\n    name: platform-config\n";

    [Fact]
    public void ArtifactPath_ThatMapsToAnExistingFolder_IsClean()
    {
        _repo.Write("clusters/dev/artifact.yaml", Generator.Replace("PATH", "dev", StringComparison.Ordinal));
        _repo.Validate().Errors.ShouldBeEmpty();
    }

    [Fact]
    public void ArtifactPath_ThatMapsNowhere_IsDpr001()
    {
        _repo.Write("clusters/dev/artifact.yaml", Generator.Replace("PATH", "staging", StringComparison.Ordinal));
        var d = _repo.Validate().Diagnostics.Single(x => x.Code == "DPR001");
        (d.FilePath, d.Line).ShouldBe(("clusters/dev/artifact.yaml", _repo.LineOf("clusters/dev/artifact.yaml", "path: ./overlays/staging")));
        d.Message.ShouldContain("'platform/overlays/staging'");
    }
}
