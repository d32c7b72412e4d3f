using DataPlatform.Sdk.Cli;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Kubernetes.Kustomize;
using DataPlatform.Sdk.Kubernetes.Multitenancy;
using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Tests.Shared;
using DataPlatform.Sdk.Writing;
using k8s.Models;

namespace DataPlatform.Sdk.Platform.Tests;

public sealed class LayoutTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("dp-layout-");

    public void Dispose() => _work.Delete(recursive: true);

    [Theory]
    [InlineData(RepositoryProfile.Standard)]
    [InlineData(RepositoryProfile.Simplified)]
    public void Example_BothProfiles_ValidateCleanAndAreDeterministic(RepositoryProfile profile)
    {
        var a = DataPlatformRepository.Example(profile).Build();
        var b = DataPlatformRepository.Example(profile).Build();
        a.Files.Paths.Select(p => p.Value).ShouldBe(b.Files.Paths.Select(p => p.Value));
        foreach (var p in a.Files.Paths)
        {
            a.Files.ReadText(p).ShouldBe(b.Files.ReadText(p));
        }

        a.Validate().Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info).ShouldBeEmpty();
    }

    [Fact]
    public void Standard_HasTheSeedLayout_AndOrdersTheLayers()
    {
        var files = DataPlatformRepository.Example().Build().Files;
        var paths = files.Paths.Select(p => p.Value).ToList();
        foreach (var expected in new[]
        {
            "clusters/dev/flux-system/gotk-sync.yaml", "clusters/prod/cluster-config.yaml", "infrastructure/base/observability/loki/release.yaml",
            "infrastructure/overlays/prod/kustomization.yaml", "platform/base/kestra/release.yaml", "platform/base/dlt/runtime.yaml",
            "platform/base/liquibase/runtime.yaml", "platform/base/common/namespaces.yaml", "platform/overlays/dev/kustomization.yaml",
            "tenants/base/finance-team/tenant.yaml", "tenants/base/tenant-operator/release.yaml", "tenants/_templates/tenant.yaml.tmpl", "domains/finance/base/settings.yaml",
            "domains/marketing/overlays/prod/kustomization.yaml", "pipelines/README.md", ".github/workflows/validate.yaml",
            ".github/workflows/release.yaml", ".github/workflows/deploy.yaml",
        })
        {
            paths.ShouldContain(expected);
        }

        var repo = GitOpsRepository.Load(files);
        var layers = repo.Objects.Where(o => o.File.Value == "clusters/prod/cluster-config.yaml").Select(o => (FluxKustomization)o.Value).ToList();
        layers.Select(k => k.Metadata.Name).ShouldBe(["infrastructure", "observability", "platform", "tenant-operator", "tenants", "domain-finance", "domain-marketing"]);
        layers.Select(k => k.Spec.DependsOn.SingleOrDefault()?.Name).ShouldBe([null, "infrastructure", "infrastructure", "platform", "tenant-operator", "tenants", "tenants"]);
        var prodSource = (GitRepository)repo.Objects.Single(o => o.Value is GitRepository && o.File.Value.StartsWith("clusters/prod", StringComparison.Ordinal)).Value;
        prodSource.Spec.Ref!.Semver.ShouldBe(">=1.0.0");
        prodSource.Spec.Ref.Branch.ShouldBeNull();
    }

    [Fact]
    public void Tenant_GetsFullIsolation_AndDomainsLiveInTheirTenant()
    {
        // Standard profile: through the tenant operator (a Capsule Tenant carries the isolation; the namespace joins by label).
        var repo = GitOpsRepository.Load(DataPlatformRepository.Example().Build().Files);
        var tenant = repo.Objects.Where(o => o.File.Value == "tenants/base/finance-team/tenant.yaml").ToList();
        tenant.Select(o => o.Kind).ShouldBe(["Namespace", "Tenant", "ServiceAccount"]);
        var ns = (V1Namespace)tenant[0].Value;
        ns.Metadata.Labels["pod-security.kubernetes.io/enforce"].ShouldBe("restricted");
        ns.Metadata.Labels["pod-security.kubernetes.io/warn"].ShouldBe("restricted");
        ns.Metadata.Labels[CapsuleTenant.TenantLabel].ShouldBe("finance-team");
        var capsule = (CapsuleTenant)tenant[1].Value;
        capsule.Spec.Owners.ShouldHaveSingleItem().Name.ShouldBe("system:serviceaccount:finance-team:finance-team");
        capsule.Spec.ResourceQuotas!.Items.ShouldHaveSingleItem().Hard["requests.cpu"].ToString().ShouldBe("8");
        capsule.Spec.NetworkPolicies!.Items[0].PolicyTypes.ShouldBe(["Ingress", "Egress"]);
        capsule.Spec.NamespaceOptions!.AdditionalMetadata!.Labels!["pod-security.kubernetes.io/enforce"].ShouldBe("restricted");
        var overlay = repo.Files.Single(f => f.Path.Value == "domains/finance/overlays/prod/kustomization.yaml").Kustomization()!;
        overlay.Namespace.ShouldBe("finance-team");

        // Simplified profile: plain namespaces, no operator (the seed's advice for smaller teams).
        var simple = GitOpsRepository.Load(DataPlatformRepository.Example(RepositoryProfile.Simplified).Build().Files);
        simple.Objects.Where(o => o.File.Value == "namespaces/finance-team.yaml").Select(o => o.Kind)
            .ShouldBe(["Namespace", "ServiceAccount", "RoleBinding", "ResourceQuota", "LimitRange", "NetworkPolicy", "NetworkPolicy", "NetworkPolicy"]);
        simple.Objects.ShouldNotContain(o => o.Kind == "Tenant" || o.Name == "capsule");
    }

    [Fact]
    public void The_tenant_operator_is_pinned_and_applied_before_the_tenants()
    {
        var repo = DataPlatformRepository.Example().Build();
        var release = repo.Model.Find<HelmRelease>("capsule")!;
        release.File.Value.ShouldBe("tenants/base/tenant-operator/release.yaml");
        ((HelmRelease)release.Value).Spec.Chart!.Spec!.Version.ShouldBe("0.10.9");
        repo.Files.ReadText("tenants/base/kustomization.yaml").ShouldNotContain("tenant-operator", customMessage: "the operator has a Flux Kustomization of its own");
        var layers = repo.Model.OfType<FluxKustomization>().Where(k => k.Metadata.Namespace == "flux-system").ToList();
        foreach (var cluster in new[] { "dev", "prod" })
        {
            var config = repo.Model.Query(kind: "Kustomization", path: $"clusters/{cluster}").Select(o => o.Value).OfType<FluxKustomization>().ToList();
            var op = config.Single(k => k.Metadata.Name == "tenant-operator");
            op.Spec.Path.ShouldBe("./tenants/base/tenant-operator");
            op.Spec.Wait.ShouldBe(true);
            op.Spec.DependsOn.Single().Name.ShouldBe("platform");
            config.Single(k => k.Metadata.Name == "tenants").Spec.DependsOn.Single().Name.ShouldBe("tenant-operator");
        }

        layers.ShouldNotBeEmpty();
        DataPlatformRepository.Example(RepositoryProfile.Simplified).Build().Files.Paths.ShouldNotContain(p => p.Value.Contains("tenant-operator", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tenant_with_dedicated_storage_gets_its_own_storage_class_and_may_use_no_other()
    {
        var repo = DataPlatformRepository.CreateBuilder("r").Cluster("dev").OnAzure("acme.azurecr.io", "6f1c2b7e-4d0a-4a8e-9a55-3c2f0e7b9d11", "https://acme.vault.azure.net/keys/sops/0123456789abcdef", "ws")
            .Tenant("finance-team", t => t.DedicatedStorage().NodePool("data")).Domain("finance", d => d.OwnedBy("finance-team")).Build();

        var tenant = repo.Model.Find<CapsuleTenant>("finance-team")!.Value as CapsuleTenant;
        tenant!.Spec.StorageClasses!.Allowed.ShouldBe(["finance-team-data"]);
        tenant.Spec.NodeSelector!["data-platform/workload-class"].ShouldBe("data");
        tenant.Spec.StorageClasses.Default.ShouldBe("finance-team-data");
        var storageClass = (V1StorageClass)repo.Model.Find<V1StorageClass>("finance-team-data")!.Value;
        storageClass.Provisioner.ShouldBe("disk.csi.azure.com");
        storageClass.ReclaimPolicy.ShouldBe("Retain");
        repo.Files.ReadText("tenants/base/finance-team/kustomization.yaml").ShouldContain("- storage-class.yaml");
        repo.Validate().Errors.ShouldBeEmpty(repo.Validate().ToText());

        var simplified = DataPlatformRepository.CreateBuilder("r").Profile(RepositoryProfile.Simplified).Cluster("dev").Tenant("finance-team", t => t.DedicatedStorage());
        Should.Throw<ValidationException>(() => simplified.Build()).Message.ShouldContain("dedicated storage");
    }

    [Fact]
    public void Builder_reuse_is_a_method_and_a_domain_without_owner_gets_its_own_tenant()
    {
        static void Sales(DomainBuilder d) => d.Setting("REGION", "eu");
        var repo = DataPlatformRepository.CreateBuilder("repo").Cluster("dev").Domain("sales", Sales).Domain("sales-eu", Sales).Build();

        repo.Files.Paths.ShouldContain(p => p.Value == "domains/sales/base/settings.yaml");
        repo.Files.ReadText("domains/sales-eu/base/settings.yaml").ShouldContain("REGION: eu");
        repo.Files.Paths.ShouldContain(p => p.Value == "tenants/base/sales-team/tenant.yaml", "the default owner, <domain>-team, is declared with defaults");
    }

    [Fact]
    public void Builder_Misuse_ThrowsAtOnce_AndInconsistentDescriptionsListEveryProblem()
    {
        var b = DataPlatformRepository.CreateBuilder("repo");
        Should.Throw<ArgumentException>(() => b.Cluster("Prod"));
        Should.Throw<ArgumentException>(() => b.Cluster("prod", c => c.TrackSemVer("latest")));
        Should.Throw<ArgumentException>(() => b.Tenant("t", t => t.Quota("eight", "1Gi")));
        Should.Throw<ArgumentException>(() => b.Source(s => s.Url("not a url")));
        var ex = Should.Throw<ValidationException>(() => b.Domain("a", d => d.DeployTo("staging")).Build());
        ex.Message.ShouldContain("no cluster");
        ex.Message.ShouldContain("'staging', which is not a cluster");
        b.Validate().Errors.Count().ShouldBe(2);
    }

    [Fact]
    public async Task WriteAsync_ThenLoadAsync_RoundTripsWithLines()
    {
        var target = Path.Combine(_work.FullName, "out");
        var repo = DataPlatformRepository.Example().Build();
        await repo.WriteAsync(target);
        var again = await DataPlatformRepository.LoadAsync(target);
        again.Objects.Count().ShouldBe(GitOpsRepository.Load(repo.Files).Objects.Count());
        var ks = again.Objects.First(o => o.Value is FluxKustomization);
        ks.Locate("/spec/path").Line.ShouldBeGreaterThan(0);
        repo.Plan(target).IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public async Task Plan_ReportsAddedChangedDeletedWithDiffs()
    {
        var target = Path.Combine(_work.FullName, "plan");
        var small = DataPlatformRepository.CreateBuilder("repo").Cluster("dev").Build();
        await small.WriteAsync(target);
        File.WriteAllText(Path.Combine(target, "stray.txt"), "x\n");
        var bigger = DataPlatformRepository.CreateBuilder("repo").Cluster("dev", c => c.TrackTag("v1.0.0")).Tenant("ops").Build();
        var plan = bigger.Plan(target);
        plan.Changes.ShouldContain(c => c.Kind == FileChangeKind.Added && c.Path.Value == "tenants/base/ops/tenant.yaml");
        var changed = plan.Changes.Single(c => c.Path.Value == "clusters/dev/flux-system/gotk-sync.yaml");
        changed.Kind.ShouldBe(FileChangeKind.Changed);
        changed.Diff.ShouldContain("-     branch: main");
        changed.Diff.ShouldContain("+     tag: v1.0.0");
        plan.Changes.ShouldNotContain(c => c.Path.Value == "stray.txt", "a file the SDK did not generate is never touched");
    }

    [Fact]
    [Trait("Category", RealTools.Trait)]
    public async Task SimplifiedExample_EveryKustomization_BuildsWithKubectl()
    {
        var target = Path.Combine(_work.FullName, "simple");
        await DataPlatformRepository.Example(RepositoryProfile.Simplified).Build().WriteAsync(target);
        var dirs = Directory.GetFiles(target, "kustomization.yaml", SearchOption.AllDirectories).Select(Path.GetDirectoryName).ToList();
        dirs.Count.ShouldBeGreaterThan(10);
        foreach (var dir in dirs)
        {
            RealTools.KubectlKustomize(dir!).ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public void Cli_InitThenValidate_AndInitAgainChangesNothing()
    {
        var target = Path.Combine(_work.FullName, "init");
        using var o = new StringWriter();
        using var e = new StringWriter();
        Commands.Init(target, RepositoryProfile.Standard, example: true, o, e).ShouldBe(0, e.ToString());
        Commands.Validate(target, "text", o, e).ShouldBe(0);
        Commands.Init(target, RepositoryProfile.Standard, example: true, o, e).ShouldBe(0, e.ToString());
        o.ToString().ShouldContain("is up to date; nothing was written");
        using var plan = new StringWriter();
        Commands.Plan(target, RepositoryProfile.Standard, example: true, plan).ShouldBe(0);
        plan.ToString().ShouldContain("0 added, 0 changed, 0 deleted");
    }
}
