using DataPlatform.Sdk.Kubernetes.Multitenancy;
using k8s.Models;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// Tenant isolation. The standard profile manages tenants through a tenant operator (Capsule, pinned, in
/// <c>tenants/base/tenant-operator/</c>, applied before the tenants): per tenant a Capsule <c>Tenant</c> whose owner is
/// the tenant's service account and which carries the quota, the container defaults, default-deny network policies
/// with same-namespace and DNS exceptions, Pod Security labels for every namespace, the node pool and, when asked, a
/// storage class of its own; the tenant's namespace joins it by label. The simplified profile, as the seed advises for
/// smaller teams, keeps plain namespaces under <c>namespaces/</c> with the same policies as Kubernetes objects.
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
            TenantOperator.Write(context);
            foreach (var t in context.Tenants)
            {
                var resources = new List<string> { "tenant.yaml" };
                files.Add($"tenants/base/{t.Name}/tenant.yaml", OperatorObjects(t, spec.Cloud));
                if (t.DedicatedStorage)
                {
                    files.Add($"tenants/base/{t.Name}/storage-class.yaml", StorageClassOf(t, spec.Cloud));
                    resources.Add("storage-class.yaml");
                }

                files.Add($"tenants/base/{t.Name}/kustomization.yaml", LayoutContext.Kustomization([.. resources]));
            }

            files.Add("tenants/base/kustomization.yaml", LayoutContext.Kustomization([.. context.Tenants.Select(t => t.Name)]));
            files.Text("tenants/_templates/README.md", TemplateReadme);
            files.Text("tenants/_templates/tenant.yaml.tmpl", () => "# Replace ${tenant} with the tenant's name (a DNS label) and adjust the quota.\n" + Manifests.ManifestSerializer.ToYaml(OperatorObjects(TenantSpec.Default("${tenant}"), null)));
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

    /// <summary>What every namespace of a tenant enforces, audits and warns at (the labels the operator gives the namespaces its owners create).</summary>
    private static Dictionary<string, string> PodSecurityLabels() => new()
    {
        ["pod-security.kubernetes.io/enforce"] = "restricted",
        ["pod-security.kubernetes.io/audit"] = "restricted",
        ["pod-security.kubernetes.io/warn"] = "restricted",
    };

    /// <summary>The tenant through the operator: its Tenant, its namespace (assigned by label), its service account (the owner).</summary>
    private static object[] OperatorObjects(TenantSpec t, CloudProfile? cloud)
    {
        var tenant = new CapsuleTenant
        {
            Metadata = new Manifests.ObjectMeta { Name = t.Name, Labels = new Dictionary<string, string> { ["toolkit.fluxcd.io/tenant"] = t.Name } },
            Spec = new CapsuleTenantSpec
            {
                Owners = [CapsuleOwner.ServiceAccount(t.Name, t.Name) with { ClusterRoles = [t.ClusterRole] }],
                NamespaceOptions = new CapsuleNamespaceOptions { AdditionalMetadata = new CapsuleMetadata { Labels = PodSecurityLabels() } },
                ResourceQuotas = new CapsuleResourceQuotas { Scope = "Tenant", Items = [Quota(t)] },
                LimitRanges = new CapsuleItems<V1LimitRangeSpec> { Items = [Limits(t)] },
                NetworkPolicies = new CapsuleItems<V1NetworkPolicySpec> { Items = [.. NetworkPolicies(t.Name).Cast<V1NetworkPolicy>().Select(p => p.Spec)] },
                NodeSelector = t.NodePool is { } pool ? new Dictionary<string, string> { ["data-platform/workload-class"] = pool } : null,
                StorageClasses = t.DedicatedStorage ? new CapsuleAllowedList { Allowed = [StorageClassName(t)], Default = StorageClassName(t) } : null,
            },
        };
        return
        [
            LayoutObjects.Namespace(t.Name, new Dictionary<string, string> { ["toolkit.fluxcd.io/tenant"] = t.Name, [CapsuleTenant.TenantLabel] = t.Name }),
            tenant,
            ServiceAccount(t, cloud),
        ];
    }

    internal static string StorageClassName(TenantSpec t) => $"{t.Name}-data";

    /// <summary>A storage class of the tenant's own (its volumes on disks no other tenant's claims use), kept on release.</summary>
    private static V1StorageClass StorageClassOf(TenantSpec t, CloudProfile? cloud) => new()
    {
        ApiVersion = "storage.k8s.io/v1",
        Kind = "StorageClass",
        Metadata = new V1ObjectMeta { Name = StorageClassName(t), Labels = new Dictionary<string, string> { ["toolkit.fluxcd.io/tenant"] = t.Name } },
        Provisioner = cloud?.Provider switch { "azure" => "disk.csi.azure.com", "aws" => "ebs.csi.aws.com", _ => "kubernetes.io/no-provisioner" },
        ReclaimPolicy = "Retain",
        VolumeBindingMode = "WaitForFirstConsumer",
        AllowVolumeExpansion = cloud is null ? null : true,
    };

    private static V1ServiceAccount ServiceAccount(TenantSpec t, CloudProfile? cloud) => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = new V1ObjectMeta
        {
            Name = t.Name,
            NamespaceProperty = t.Name,
            Annotations = cloud is null ? null : new Dictionary<string, string> { [cloud.IdentityAnnotation] = cloud.IdentityValue },
        },
    };

    private static V1ResourceQuotaSpec Quota(TenantSpec t) =>
        new() { Hard = new Dictionary<string, ResourceQuantity> { ["requests.cpu"] = new(t.Cpu), ["requests.memory"] = new(t.Memory) } };

    private static V1LimitRangeSpec Limits(TenantSpec t) => new()
    {
        Limits = [new V1LimitRangeItem { Type = "Container", DefaultRequest = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(t.DefaultCpu), ["memory"] = new(t.DefaultMemory) } }],
    };

    /// <summary>The tenant as plain Kubernetes objects (the simplified profile, without an operator).</summary>
    private static object[] Objects(TenantSpec t, CloudProfile? cloud)
    {
        return
        [
            LayoutObjects.Namespace(t.Name, new Dictionary<string, string> { ["toolkit.fluxcd.io/tenant"] = t.Name }),
            ServiceAccount(t, cloud),
            new V1RoleBinding
            {
                ApiVersion = "rbac.authorization.k8s.io/v1",
                Kind = "RoleBinding",
                Metadata = new V1ObjectMeta { Name = $"{t.Name}-{t.ClusterRole}", NamespaceProperty = t.Name },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = t.ClusterRole },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = t.Name, NamespaceProperty = t.Name }],
            },
            new V1ResourceQuota { ApiVersion = "v1", Kind = "ResourceQuota", Metadata = new V1ObjectMeta { Name = "quota", NamespaceProperty = t.Name }, Spec = Quota(t) },
            new V1LimitRange { ApiVersion = "v1", Kind = "LimitRange", Metadata = new V1ObjectMeta { Name = "defaults", NamespaceProperty = t.Name }, Spec = Limits(t) },
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

        `tenant.yaml.tmpl` is what a new tenant gets from the tenant operator (Capsule, `../base/tenant-operator`): a
        `Tenant` owned by the tenant's service account, with its ResourceQuota, container defaults (LimitRange),
        default-deny network policies with same-namespace and DNS exceptions and Pod Security `restricted` labels for
        every namespace it owns; its namespace, which joins it through the `capsule.clastix.io/tenant` label; and the
        service account. Generate tenants with the SDK (`.Tenant("name", t => t.Quota(...))`) rather than by hand.

        """;
}
