using DataPlatform.Sdk.Diagnostics;

namespace DataPlatform.Sdk.Platform.Validation;

/// <summary>Diagnostics of the repository as a whole (<c>DPR</c>).</summary>
public static class RepositoryDiagnostics
{
    /// <summary>DPR001: a Flux Kustomization's path does not exist in the repository.</summary>
    public static readonly DiagnosticDescriptor PathMissing = new(
        "DPR001", "Kustomization path does not exist", DiagnosticSeverity.Error,
        "Fix spec.path (relative to the repository root, for example ./apps/production) or add the directory.");

    /// <summary>DPR002: an entry of a kustomization.yaml names a file or directory that does not exist.</summary>
    public static readonly DiagnosticDescriptor KustomizeEntryMissing = new(
        "DPR002", "kustomization.yaml entry does not exist", DiagnosticSeverity.Error,
        "Fix the relative path or add the file; 'kubectl kustomize' fails on it.");

    /// <summary>DPR003: a reference to another object does not resolve within what Flux builds.</summary>
    public static readonly DiagnosticDescriptor UnresolvedReference = new(
        "DPR003", "Reference does not resolve", DiagnosticSeverity.Error,
        "Define the referenced object in the same cluster build (same name and namespace), or fix the reference.");

    /// <summary>DPR004: Flux dependsOn forms a cycle.</summary>
    public static readonly DiagnosticDescriptor DependencyCycle = new(
        "DPR004", "dependsOn cycle", DiagnosticSeverity.Error,
        "Break the cycle: Flux never reconciles any Kustomization or HelmRelease of it.");

    /// <summary>DPR005: the same object twice in one kustomize build.</summary>
    public static readonly DiagnosticDescriptor DuplicateObject = new(
        "DPR005", "Duplicate object in a build", DiagnosticSeverity.Error,
        "Keep one definition; kustomize rejects two objects with the same group, kind, namespace and name.");

    /// <summary>DPR006: a Kubernetes Secret in plaintext.</summary>
    public static readonly DiagnosticDescriptor PlaintextSecret = new(
        "DPR006", "Plaintext Secret", DiagnosticSeverity.Error,
        "Encrypt the Secret with SOPS (sops --encrypt --encrypted-regex '^(data|stringData)$') or reference an external secret store; never commit secret values.");

    /// <summary>DPR007: a production cluster deploys from a branch.</summary>
    public static readonly DiagnosticDescriptor ProductionTracksBranch = new(
        "DPR007", "Production tracks a branch", DiagnosticSeverity.Error,
        "Make the production GitRepository follow a tag, a semver range or a commit (spec.ref.tag / semver / commit), and promote by changing it.");

    /// <summary>DPR008: a path inside a source outside this repository cannot be checked.</summary>
    public static readonly DiagnosticDescriptor ExternalSource = new(
        "DPR008", "Source outside the repository", DiagnosticSeverity.Info,
        "Nothing to fix: the path lies in another repository or artifact, so it is not checked here.");

    /// <summary>DPR009: a tenant namespace lacks part of its isolation.</summary>
    public static readonly DiagnosticDescriptor TenantIsolation = new(
        "DPR009", "Tenant namespace not isolated", DiagnosticSeverity.Warning,
        "Give every tenant namespace a default-deny NetworkPolicy, a ResourceQuota and a RoleBinding.");

    /// <summary>DPR020: a git SyncFlows, SyncNamespaceFiles or Clone task that a production Kestra runs follows a branch.</summary>
    public static readonly DiagnosticDescriptor KestraFollowsBranchInProduction = new(
        "DPR020", "Production Kestra follows a branch", DiagnosticSeverity.Error,
        "Let each environment's Kestra read its ref ({{ envs.data_platform_git_ref }}, set per environment in the Kestra values) or name a release tag: production must run released code.");

    /// <summary>DPR021: an encrypted file's age recipients differ from those its .sops.yaml rule names (a departed key can still read it, or a new one cannot).</summary>
    public static readonly DiagnosticDescriptor RecipientDrift = new(
        "DPR021", "Encrypted for other recipients than .sops.yaml names", DiagnosticSeverity.Warning,
        "Re-key the file for the rule's recipients with `dataplatform secrets updatekeys <file>` (or `sops updatekeys <file>`); when a recipient left (an error), rotate its data key next with `dataplatform secrets rotate <file>` (or `sops rotate -i <file>`) and change the credentials the departed key could read.");

    /// <summary>DPR022: a namespace assigned to a tenant of the tenant operator that the repository does not declare.</summary>
    public static readonly DiagnosticDescriptor UnknownTenant = new(
        "DPR022", "Namespace assigned to an undeclared tenant", DiagnosticSeverity.Error,
        "Declare the Capsule Tenant the namespace's capsule.clastix.io/tenant label names (the builder's .Tenant(name)), or correct the label: the tenant operator refuses a namespace for a tenant that does not exist.");

    /// <summary>DPR023: Capsule Tenants applied without waiting for the tenant operator the repository installs.</summary>
    public static readonly DiagnosticDescriptor TenantBeforeOperator = new(
        "DPR023", "Tenants applied before the tenant operator", DiagnosticSeverity.Error,
        "Install the operator through a Flux Kustomization of its own with wait: true, and give the Kustomization that applies the Tenants a dependsOn on it.");

    /// <summary>DPR010: a repository description given to the builder is inconsistent.</summary>
    public static readonly DiagnosticDescriptor InvalidDescription = new(
        "DPR010", "Invalid repository description", DiagnosticSeverity.Error,
        "Fix the builder call named in the message.");

    /// <summary>DPR011: a flow under pipelines/&lt;domain&gt;/ whose namespace is not the domain's (or the directory's).</summary>
    public static readonly DiagnosticDescriptor FlowNamespaceMismatch = new(
        "DPR011", "Flow namespace does not match its domain", DiagnosticSeverity.Error,
        "Flows in pipelines/<domain>/<sub>/ belong to namespace <domain>.<sub>: git sync files them there, whatever they declare.");

    /// <summary>DPR012: two flows with the same id in one namespace.</summary>
    public static readonly DiagnosticDescriptor DuplicateFlow = new(
        "DPR012", "Duplicate flow id in a namespace", DiagnosticSeverity.Error,
        "Flow ids are unique per namespace; Kestra keeps only one of them. Rename one.");

    /// <summary>DPR013: a flow no git sync flow brings to Kestra.</summary>
    public static readonly DiagnosticDescriptor FlowNotSynced = new(
        "DPR013", "Flow not synced to Kestra", DiagnosticSeverity.Warning,
        "Add (or widen) an io.kestra.plugin.git.SyncFlows flow whose targetNamespace covers this namespace and whose gitDirectory holds the file.");

    /// <summary>DPR014: an encrypted file that no Flux Kustomization decrypts.</summary>
    public static readonly DiagnosticDescriptor EncryptedNotDecrypted = new(
        "DPR014", "Encrypted file not decrypted by Flux", DiagnosticSeverity.Error,
        "Give the Flux Kustomization that applies the file 'decryption: {provider: sops, secretRef: {name: sops-age}}'; without it Flux applies the ENC[...] strings.");

    /// <summary>DPR015: an encrypted file that no creation rule of .sops.yaml matches.</summary>
    public static readonly DiagnosticDescriptor EncryptedWithoutRule = new(
        "DPR015", "Encrypted file outside every .sops.yaml rule", DiagnosticSeverity.Warning,
        "Add a creation rule whose path_regex matches the file, so 'sops updatekeys' and re-encryption use the intended keys.");

    /// <summary>DPR016: encrypted values inside a kustomize Component.</summary>
    public static readonly DiagnosticDescriptor EncryptedInComponent = new(
        "DPR016", "Encrypted file inside a kustomize Component", DiagnosticSeverity.Error,
        "Move the encrypted file out of the Component into the kustomization that uses it: Flux does not decrypt files that come from Components (fluxcd/flux2#4945).");

    /// <summary>DPR017: a production workload whose image is untagged or latest.</summary>
    public static readonly DiagnosticDescriptor LatestInProduction = new(
        "DPR017", "Floating image tag in production", DiagnosticSeverity.Error,
        "Pin production images to a release tag or digest; let image automation move dev, and promote by pull request.");

    /// <summary>DPR018: a production cluster installs a Helm chart by a range or without a version.</summary>
    public static readonly DiagnosticDescriptor FloatingChartInProduction = new(
        "DPR018", "Floating chart version in production", DiagnosticSeverity.Error,
        "Pin the chart to an exact version (spec.chart.spec.version: 1.2.3, or an OCIRepository ref.tag/digest) for production; let ranges move dev and promote by pull request.");

    /// <summary>DPR019: key material or a credential in a file of the repository.</summary>
    public static readonly DiagnosticDescriptor CredentialInRepository = new(
        "DPR019", "Credential in the repository", DiagnosticSeverity.Error,
        "Remove it from the file and from git history, rotate it (it is compromised once pushed), and keep it in a SOPS-encrypted file or the CI's secret store instead.");

    /// <summary>All descriptors of this package.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
    [
        PathMissing, KustomizeEntryMissing, UnresolvedReference, DependencyCycle, DuplicateObject, PlaintextSecret,
        ProductionTracksBranch, ExternalSource, TenantIsolation, InvalidDescription, FlowNamespaceMismatch, DuplicateFlow,
        FlowNotSynced, EncryptedNotDecrypted, EncryptedWithoutRule, EncryptedInComponent, LatestInProduction,
        FloatingChartInProduction, CredentialInRepository, KestraFollowsBranchInProduction, RecipientDrift, UnknownTenant, TenantBeforeOperator,
    ];
}
