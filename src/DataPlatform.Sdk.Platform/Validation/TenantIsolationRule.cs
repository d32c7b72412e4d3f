using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Kubernetes.Multitenancy;
using DataPlatform.Sdk.Repository;
using k8s.Models;

namespace DataPlatform.Sdk.Platform.Validation;

/// <summary>
/// DPR009: a tenant namespace without its isolation — a default-deny NetworkPolicy, a ResourceQuota and a role for
/// the tenant — whether as objects in the namespace or, for a namespace of the tenant operator (label
/// <c>capsule.clastix.io/tenant</c>), through its Capsule Tenant (network policies, resource quotas, owners).
/// DPR022: a namespace assigned to a Capsule Tenant the repository does not declare.
/// </summary>
public sealed class TenantIsolationRule : IRepositoryRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors => [RepositoryDiagnostics.TenantIsolation, RepositoryDiagnostics.UnknownTenant];

    /// <inheritdoc />
    public void Check(RepositoryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var all = context.Repository.Objects.ToList();
        var tenants = all.Where(o => o.Value is CapsuleTenant && o.Name is not null).GroupBy(o => o.Name!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (CapsuleTenant)g.First().Value, StringComparer.Ordinal);
        foreach (var ns in all.Where(o => o.Value is V1Namespace n && n.Metadata?.Labels is { } l && (l.ContainsKey("toolkit.fluxcd.io/tenant") || l.ContainsKey(CapsuleTenant.TenantLabel))))
        {
            var labels = ((V1Namespace)ns.Value).Metadata.Labels;
            CapsuleTenant? tenant = null;
            if (labels.TryGetValue(CapsuleTenant.TenantLabel, out var tenantName) && !tenants.TryGetValue(tenantName, out tenant))
            {
                var near = tenants.Keys.OrderBy(k => Spelling.Distance(k, tenantName)).FirstOrDefault(k => Spelling.Distance(k, tenantName) <= 2);
                context.Report(RepositoryDiagnostics.UnknownTenant, ns, "/metadata/labels/" + Json.YamlJson.EscapePointer(CapsuleTenant.TenantLabel),
                    $"Namespace '{ns.Name}' is assigned to the tenant '{tenantName}', which no Capsule Tenant in the repository declares{(near is null ? string.Empty : $" (did you mean '{near}'?)")}.");
                continue;
            }

            var missing = new List<string>();
            if (!all.Any(o => o.Kind == "NetworkPolicy" && o.Namespace == ns.Name) && tenant?.Spec.NetworkPolicies is not { Items.Count: > 0 })
            {
                missing.Add("NetworkPolicy");
            }

            if (!all.Any(o => o.Kind == "ResourceQuota" && o.Namespace == ns.Name) && tenant?.Spec.ResourceQuotas is not { Items.Count: > 0 })
            {
                missing.Add("ResourceQuota");
            }

            if (!all.Any(o => o.Kind == "RoleBinding" && o.Namespace == ns.Name) && tenant?.Spec.Owners is not { Count: > 0 })
            {
                missing.Add(tenant is null ? "RoleBinding" : "RoleBinding or tenant owner");
            }

            if (missing.Count > 0)
            {
                context.Report(RepositoryDiagnostics.TenantIsolation, ns, "/metadata/name",
                    $"Tenant namespace '{ns.Name}' has no {string.Join(", no ", missing)}{(tenant is null ? string.Empty : $" (neither in the namespace nor through its Tenant '{tenant.Metadata.Name}')")}.");
            }
        }
    }
}

/// <summary>
/// DPR023: a Flux Kustomization applies Capsule Tenants without waiting for the tenant operator that the repository
/// installs — in the same Kustomization (the Tenant CRD does not exist yet on the first apply), or without a
/// <c>dependsOn</c> chain to the Kustomization that installs it, or after one that does not wait for its HelmRelease.
/// Repositories that install the operator elsewhere (no Capsule HelmRelease here) are not checked.
/// </summary>
public sealed class TenantOperatorOrderRule : IRepositoryRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors => [RepositoryDiagnostics.TenantBeforeOperator];

    /// <inheritdoc />
    public void Check(RepositoryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Repository.Objects.Any(o => o.Value is CapsuleTenant) || !context.Repository.Objects.Any(IsOperator))
        {
            return;
        }

        var graph = context.Graph();
        var fluxes = graph.FluxKustomizations;
        foreach (var flux in fluxes)
        {
            var built = graph.Build(BuildGraph.PathOf((Flux.FluxKustomization)flux.Value));
            if (!built.Any(o => o.Value is CapsuleTenant))
            {
                continue;
            }

            if (built.Any(IsOperator))
            {
                context.Report(RepositoryDiagnostics.TenantBeforeOperator, flux, "/spec/path",
                    $"Flux Kustomization '{flux.Name}' applies Capsule Tenants together with the tenant operator's HelmRelease: the Tenant CRD does not exist on its first apply.");
                continue;
            }

            var installers = Ancestors(flux, fluxes).Where(a => graph.Build(BuildGraph.PathOf((Flux.FluxKustomization)a.Value)).Any(IsOperator)).ToList();
            if (installers.Count == 0)
            {
                context.Report(RepositoryDiagnostics.TenantBeforeOperator, flux, "/spec/dependsOn",
                    $"Flux Kustomization '{flux.Name}' applies Capsule Tenants but does not depend on the Flux Kustomization that installs the tenant operator, so it may apply them before the Tenant CRD exists.");
            }
            else if (installers.All(i => ((Flux.FluxKustomization)i.Value).Spec?.Wait != true && ((Flux.FluxKustomization)i.Value).Spec?.HealthChecks is not { Count: > 0 }))
            {
                context.Report(RepositoryDiagnostics.TenantBeforeOperator, DiagnosticSeverity.Warning, installers[0], "/spec",
                    $"Flux Kustomization '{installers[0].Name}' installs the tenant operator without wait or health checks, so '{flux.Name}', which depends on it, may apply Tenants before the operator's release is ready.");
            }
        }
    }

    private static bool IsOperator(RepositoryObject o) => o.Value is Flux.HelmRelease h && h.Spec?.Chart?.Spec?.Chart == "capsule";

    /// <summary>The Flux Kustomizations <paramref name="flux"/> depends on, transitively, in its own cluster folder.</summary>
    private static List<RepositoryObject> Ancestors(RepositoryObject flux, IReadOnlyList<RepositoryObject> all)
    {
        var scope = string.Join('/', flux.File.Value.Split('/').Take(2));
        var result = new List<RepositoryObject>();
        var queue = new Queue<RepositoryObject>([flux]);
        while (queue.Count > 0)
        {
            var current = (Flux.FluxKustomization)queue.Dequeue().Value;
            foreach (var dependency in current.Spec?.DependsOn ?? [])
            {
                var ns = dependency.Namespace ?? current.Metadata.Namespace;
                foreach (var match in all.Where(o => o.Name == dependency.Name && o.Namespace == ns && o.File.Value.StartsWith(scope, StringComparison.Ordinal) && !result.Contains(o)))
                {
                    result.Add(match);
                    queue.Enqueue(match);
                }
            }
        }

        return result;
    }
}
