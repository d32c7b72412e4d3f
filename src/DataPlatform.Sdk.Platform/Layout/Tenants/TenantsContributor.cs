using k8s.Models;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// Tenant isolation: per tenant a namespace (Pod Security restricted, enforced, audited and warned), a service account
/// with a namespaced role binding, a ResourceQuota, a LimitRange and default-deny network policies with same-namespace
/// and DNS exceptions; in the standard profile under <c>tenants/base/&lt;tenant&gt;</c> with a template, in the
/// simplified one as plain files under <c>namespaces/</c>.
/// </summary>
internal sealed class TenantsContributor : ILayoutContributor
{
    /// <summary>The tenants declared, then one with the defaults for each domain's default owner (<c>&lt;domain&gt;-team</c>).</summary>
    public static List<TenantSpec> Effective(RepositorySpec spec)
    {
        var tenants = spec.Tenants.ToList();
        foreach (var owner in spec.Domains.Select(d => d.Owner).Distinct(StringComparer.Ordinal))
        {
            if (tenants.All(t => t.Name != owner))
            {
                tenants.Add(TenantSpec.Default(owner));
            }
        }

        return tenants;
    }

    public void Contribute(LayoutContext context)
    {
        var (spec, files) = (context.Spec, context.Files);
        if (context.Paths.Standard)
        {
            foreach (var t in context.Tenants)
            {
                files.Add($"tenants/base/{t.Name}/tenant.yaml", Objects(t, spec.Cloud));
                files.Add($"tenants/base/{t.Name}/kustomization.yaml", LayoutContext.Kustomization("tenant.yaml"));
            }

            files.Add("tenants/base/kustomization.yaml", LayoutContext.Kustomization([.. context.Tenants.Select(t => t.Name)]));
            files.Text("tenants/_templates/README.md", TemplateReadme);
            files.Text("tenants/_templates/tenant.yaml.tmpl", () => "# Replace ${tenant} with the tenant's name (a DNS label) and adjust the quota.\n" + Manifests.ManifestSerializer.ToYaml(Objects(TenantSpec.Default("${tenant}"), null)));
        }
        else
        {
            foreach (var t in context.Tenants)
            {
                files.Add($"namespaces/{t.Name}.yaml", Objects(t, null));
            }

            files.Add("namespaces/kustomization.yaml", LayoutContext.Kustomization([.. context.Tenants.Select(t => t.Name + ".yaml")]));
        }
    }

    private static object[] Objects(TenantSpec t, CloudProfile? cloud)
    {
        var labels = new Dictionary<string, string>
        {
            ["toolkit.fluxcd.io/tenant"] = t.Name,
            ["pod-security.kubernetes.io/enforce"] = "restricted",
            ["pod-security.kubernetes.io/audit"] = "restricted",
            ["pod-security.kubernetes.io/warn"] = "restricted",
        };
        return
        [
            new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = t.Name, Labels = labels } },
            new V1ServiceAccount
            {
                ApiVersion = "v1",
                Kind = "ServiceAccount",
                Metadata = new V1ObjectMeta
                {
                    Name = t.Name,
                    NamespaceProperty = t.Name,
                    Annotations = cloud is null ? null : new Dictionary<string, string> { [cloud.IdentityAnnotation] = cloud.IdentityValue },
                },
            },
            new V1RoleBinding
            {
                ApiVersion = "rbac.authorization.k8s.io/v1",
                Kind = "RoleBinding",
                Metadata = new V1ObjectMeta { Name = $"{t.Name}-{t.ClusterRole}", NamespaceProperty = t.Name },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = t.ClusterRole },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = t.Name, NamespaceProperty = t.Name }],
            },
            new V1ResourceQuota
            {
                ApiVersion = "v1",
                Kind = "ResourceQuota",
                Metadata = new V1ObjectMeta { Name = "quota", NamespaceProperty = t.Name },
                Spec = new V1ResourceQuotaSpec { Hard = new Dictionary<string, ResourceQuantity> { ["requests.cpu"] = new(t.Cpu), ["requests.memory"] = new(t.Memory) } },
            },
            new V1LimitRange
            {
                ApiVersion = "v1",
                Kind = "LimitRange",
                Metadata = new V1ObjectMeta { Name = "defaults", NamespaceProperty = t.Name },
                Spec = new V1LimitRangeSpec
                {
                    Limits = [new V1LimitRangeItem { Type = "Container", DefaultRequest = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(t.DefaultCpu), ["memory"] = new(t.DefaultMemory) } }],
                },
            },
            .. NetworkPolicies(t.Name),
        ];
    }

    private static IEnumerable<object> NetworkPolicies(string ns)
    {
        yield return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = new V1ObjectMeta { Name = "default-deny", NamespaceProperty = ns },
            Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Ingress", "Egress"] },
        };
        yield return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = new V1ObjectMeta { Name = "allow-same-namespace", NamespaceProperty = ns },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector(),
                Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector() }] }],
                Egress = [new V1NetworkPolicyEgressRule { To = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector() }] }],
                PolicyTypes = ["Ingress", "Egress"],
            },
        };
        yield return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = new V1ObjectMeta { Name = "allow-dns", NamespaceProperty = ns },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector(),
                Egress =
                [
                    new V1NetworkPolicyEgressRule
                    {
                        To = [new V1NetworkPolicyPeer { NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "kube-system" } } }],
                        Ports = [new V1NetworkPolicyPort { Protocol = "UDP", Port = 53 }, new V1NetworkPolicyPort { Protocol = "TCP", Port = 53 }],
                    },
                ],
                PolicyTypes = ["Egress"],
            },
        };
    }

    private const string TemplateReadme = """
        # Tenant template

        `tenant.yaml.tmpl` is what a new tenant gets: a namespace (Pod Security `restricted`), a service account with a
        namespaced role binding, a ResourceQuota, a LimitRange and default-deny network policies with same-namespace and
        DNS exceptions. Generate tenants with the SDK (`.Tenant("name", t => t.Quota(...))`) rather than by hand.

        """;
}
