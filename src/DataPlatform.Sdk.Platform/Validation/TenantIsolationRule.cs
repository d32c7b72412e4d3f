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
