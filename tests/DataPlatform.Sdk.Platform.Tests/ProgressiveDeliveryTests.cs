using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Tests.Shared;
using k8s.Models;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>Canary and blue/green rollouts through Flagger, as a domain option (seed: "canary or blue-green deployments").</summary>
public sealed class ProgressiveDeliveryTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("dp-flagger-");

    public void Dispose() => _work.Delete(recursive: true);

    private static DataPlatformRepositoryBuilder Described(RolloutStrategy strategy) => DataPlatformRepository.Example()
        .Infrastructure(i => i.ProgressiveDelivery())
        .Domain("shop", d => d.Application("cart", "ghcr.io/acme/cart", "2.1.0").Rollout(strategy, strategy == RolloutStrategy.Canary ? "cart.acme.example" : null));

    [Fact]
    [Trait("Category", RealTools.Trait)]
    public async Task A_canary_domain_gets_a_flagger_canary_and_its_ingress_and_no_service_of_its_own()
    {
        var repo = Described(RolloutStrategy.Canary).Build();

        repo.Validate().Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info).ShouldBeEmpty(repo.Validate().ToText());
        repo.Files.ReadText("infrastructure/base/networking/kustomization.yaml").ShouldContain("  - flagger\n");
        repo.Files.ReadText("infrastructure/base/networking/flagger/release.yaml").ShouldContain("meshProvider: nginx");
        var objects = repo.Model.Query(path: "domains/shop/base/cart.yaml").ToList();
        objects.Select(o => o.Kind).ShouldBe(["Deployment", "Ingress", "Canary"]);
        var canary = (Kubernetes.Delivery.FlaggerCanary)objects[2].Value;
        var text = repo.Files.ReadText("domains/shop/base/cart.yaml");
        text.ShouldContain("provider: nginx");
        text.ShouldContain("ingressRef:");
        text.ShouldContain("name: request-success-rate");
        canary.ApiVersion.ShouldBe("flagger.app/v1beta1");
        canary.Spec.TargetRef.Name.ShouldBe("cart");
        canary.Spec.IngressRef!.Name.ShouldBe("cart");
        ((V1Ingress)objects[1].Value).Spec.Rules.Single().Host.ShouldBe("cart.acme.example");
        repo.Model.Query(kind: "Service", path: "domains/shop").ShouldBeEmpty("Flagger makes the primary and canary Services");

        var dir = Path.Combine(_work.FullName, "repo");
        await repo.WriteAsync(dir);
        var built = RealTools.KubectlKustomize(Path.Combine(dir, "domains", "shop", "overlays", "prod"));
        built.ShouldContain("kind: Canary");
        built.ShouldContain("image: ghcr.io/acme/cart:2.1.0");
    }

    [Fact]
    public void A_blue_green_domain_needs_no_ingress_and_checks_by_iterations()
    {
        var repo = Described(RolloutStrategy.BlueGreen).Build();

        var text = repo.Files.ReadText("domains/shop/base/cart.yaml");
        text.ShouldContain("provider: kubernetes");
        text.ShouldContain("iterations: 5");
        text.ShouldNotContain("kind: Ingress");
        repo.Validate().Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Rollouts_without_flagger_or_applications_or_a_canary_without_host_are_refused()
    {
        var noFlagger = DataPlatformRepository.Example().Domain("shop", d => d.Application("cart", "ghcr.io/acme/cart", "2.1.0").Rollout(RolloutStrategy.BlueGreen)).Validate();
        noFlagger.Errors.ShouldContain(e => e.Message.Contains("needs Flagger", StringComparison.Ordinal) && e.Help!.Contains("ProgressiveDelivery()", StringComparison.Ordinal));

        var noApps = DataPlatformRepository.Example().Infrastructure(i => i.ProgressiveDelivery()).Domain("shop", d => d.Rollout(RolloutStrategy.BlueGreen)).Validate();
        noApps.Errors.ShouldContain(e => e.Message.Contains("no application to roll out", StringComparison.Ordinal));

        var noIngress = DataPlatformRepository.CreateBuilder("r").Cluster("dev").Infrastructure(i => i.Observability().ProgressiveDelivery()).Validate();
        noIngress.Errors.ShouldContain(e => e.Message.Contains("ProgressiveDelivery() needs Networking() and Observability()", StringComparison.Ordinal));

        Should.Throw<ArgumentException>(() => DataPlatformRepository.Example().Domain("shop", d => d.Rollout(RolloutStrategy.Canary))).ParamName.ShouldBe("host");
    }
}
