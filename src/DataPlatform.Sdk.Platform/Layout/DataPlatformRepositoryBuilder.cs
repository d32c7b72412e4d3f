using System.Collections.Immutable;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Platform.Validation;
using DataPlatform.Sdk.Repository;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// Describes a whole data-platform repository. One convention for every builder of the SDK: nested parts are
/// configured with an <see cref="Action{T}"/> on a builder whose methods return the builder, so
/// <c>d => d.A().B()</c> and <c>d => { d.A(); d.B(); }</c> do the same; argument errors (a malformed name or value)
/// throw at the call; content problems (a domain, tenant, cluster or chart defined twice, a setting given twice, a
/// reference to an undeclared tenant, cluster or Secret) are collected and reported together by <see cref="Validate"/>,
/// and <see cref="Build"/> throws once, listing them. The result is immutable. Reuse a part with a plain method
/// (<c>static void Standard(DomainBuilder d)</c>), not a shared builder.
/// </summary>
public sealed class DataPlatformRepositoryBuilder
{
    private readonly string _name;
    private readonly GitSourceBuilder _source;
    private readonly SopsBuilder _sops;
    private readonly NotificationsBuilder _notifications;
    private readonly InfrastructureBuilder _infrastructure;
    private readonly PlatformBuilder _platform;
    private readonly List<ClusterBuilder> _clusters = [];
    private readonly List<TenantBuilder> _tenants = [];
    private readonly List<DomainBuilder> _domains = [];
    private readonly HashSet<string> _clusterNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tenantNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _domainNames = new(StringComparer.Ordinal);
    private RepositoryProfile? _profile;
    private CloudProfile? _cloud;

    internal DataPlatformRepositoryBuilder(string name)
    {
        _name = name;
        _source = new GitSourceBuilder(Problems);
        _sops = new SopsBuilder(Problems);
        _notifications = new NotificationsBuilder(Problems);
        _infrastructure = new InfrastructureBuilder(Problems);
        _platform = new PlatformBuilder(Problems);
    }

    internal DescriptionProblems Problems { get; } = new();

    internal RepositorySpec Spec => new(
        _name,
        _profile ?? RepositoryProfile.Standard,
        _source.UrlValue ?? $"https://github.com/example/{_name}",
        _source.SecretValue ?? "flux-system",
        [.. _clusters.Select(c => c.Spec)],
        [.. _infrastructure.Charts],
        _infrastructure.HasStorage,
        [.. _platform.Charts],
        _platform.HasDlt,
        _platform.HasLiquibase,
        [.. _tenants.Select(t => t.Spec)],
        [.. _domains.Select(d => d.Spec)])
    {
        Sops = _sops.Spec,
        Notifications = [.. _notifications.Targets],
        Cloud = _cloud,
        InfrastructureGroups = _infrastructure.Groups.ToImmutableDictionary(StringComparer.Ordinal),
    };

    /// <summary>Chooses the layout.</summary>
    /// <param name="profile">The profile.</param>
    /// <returns>This builder.</returns>
    /// <value>Default: <see cref="RepositoryProfile.Standard"/>.</value>
    public DataPlatformRepositoryBuilder Profile(RepositoryProfile profile)
    {
        if (!Enum.IsDefined(profile))
        {
            throw new ArgumentOutOfRangeException(nameof(profile), profile, "Not a profile.");
        }

        if (_profile is { } current && current != profile)
        {
            Problems.Add($"The profile is already {current}; a second Profile call would silently replace it.", "Choose the profile once.");
            return this;
        }

        _profile = profile;
        return this;
    }

    /// <summary>Configures the git source Flux reconciles the repository from.</summary>
    /// <param name="configure">Configures the source.</param>
    /// <returns>This builder.</returns>
    public DataPlatformRepositoryBuilder Source(Action<GitSourceBuilder> configure) => Configure(_source, configure);

    /// <summary>
    /// The keys domain Secrets are SOPS-encrypted for: writes <c>.sops.yaml</c> (a creation rule per environment with
    /// extra keys, then one for every <c>*.sops.yaml</c>, encrypting <c>data</c> and <c>stringData</c> only) and gives the
    /// Flux Kustomizations that apply encrypted files <c>decryption: {provider: sops, secretRef: {name: sops-age}}</c>.
    /// The age identity itself never enters the repository (see the generated README for the bootstrap step).
    /// </summary>
    /// <param name="configure">Names the keys.</param>
    /// <returns>This builder.</returns>
    public DataPlatformRepositoryBuilder Sops(Action<SopsBuilder> configure) => Configure(_sops, configure);

    /// <summary>
    /// Where Flux reports (seed §9): a notification-controller Provider per target and an Alert per cluster for its
    /// Kustomizations, HelmReleases and sources (errors in non-production clusters, every event in production). The
    /// Secrets the providers read (webhook URL, token) are referenced by name and created at bootstrap.
    /// </summary>
    /// <param name="configure">Names the targets.</param>
    /// <returns>This builder.</returns>
    public DataPlatformRepositoryBuilder Notifications(Action<NotificationsBuilder> configure) => Configure(_notifications, configure);

    /// <summary>
    /// The clusters run on AKS: images from the ACR registry, Azure Workload Identity on tenant service accounts and
    /// generated Jobs, a Key Vault key in every SOPS creation rule, and optionally Azure Monitor Container Insights.
    /// </summary>
    /// <param name="acrRegistry">The registry host, <c>&lt;name&gt;.azurecr.io</c>.</param>
    /// <param name="workloadIdentityClientId">The managed identity's client id.</param>
    /// <param name="sopsKeyVaultKeyUrl">The Key Vault key SOPS encrypts data keys with.</param>
    /// <param name="logAnalyticsWorkspaceId">Container Insights workspace (optional).</param>
    /// <returns>This builder.</returns>
    public DataPlatformRepositoryBuilder OnAzure(string acrRegistry, string workloadIdentityClientId, string sopsKeyVaultKeyUrl, string? logAnalyticsWorkspaceId = null) =>
        Cloud(CloudProfile.Azure(acrRegistry, workloadIdentityClientId, sopsKeyVaultKeyUrl, logAnalyticsWorkspaceId));

    /// <summary>The clusters run on EKS: images from ECR, IRSA role annotations on tenant service accounts, a KMS key in every SOPS creation rule.</summary>
    /// <param name="ecrRegistry">The registry host, <c>&lt;account&gt;.dkr.ecr.&lt;region&gt;.amazonaws.com</c>.</param>
    /// <param name="irsaRoleArn">The IAM role the service accounts assume.</param>
    /// <param name="sopsKmsKeyArn">The KMS key SOPS encrypts data keys with.</param>
    /// <returns>This builder.</returns>
    public DataPlatformRepositoryBuilder OnAws(string ecrRegistry, string irsaRoleArn, string sopsKmsKeyArn) =>
        Cloud(CloudProfile.Aws(ecrRegistry, irsaRoleArn, sopsKmsKeyArn));

    /// <summary>Adds a cluster: one environment with its own Flux entry point.</summary>
    /// <param name="name">The environment name (DNS label), for example <c>dev</c> or <c>prod</c>.</param>
    /// <param name="configure">Configures how the cluster follows the repository.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name is not a DNS-1123 label.</exception>
    public DataPlatformRepositoryBuilder Cluster(string name, Action<ClusterBuilder>? configure = null)
    {
        Names.Check(name, nameof(name));
        return Define(_clusters, _clusterNames, name, "Cluster", new ClusterBuilder(name, Problems), configure);
    }

    /// <summary>Configures the infrastructure layer (observability, networking, storage).</summary>
    /// <param name="configure">Adds components.</param>
    /// <returns>This builder.</returns>
    public DataPlatformRepositoryBuilder Infrastructure(Action<InfrastructureBuilder> configure) => Configure(_infrastructure, configure);

    /// <summary>Configures the platform services layer (Kestra, Superset, dlt, Liquibase).</summary>
    /// <param name="configure">Adds services.</param>
    /// <returns>This builder.</returns>
    public DataPlatformRepositoryBuilder Platform(Action<PlatformBuilder> configure) => Configure(_platform, configure);

    /// <summary>Adds a tenant: an isolated namespace with RBAC, default-deny network policy, quota and limits.</summary>
    /// <param name="name">The tenant name (DNS label); also its namespace.</param>
    /// <param name="configure">Configures quota, limits and role.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name is not a DNS-1123 label.</exception>
    public DataPlatformRepositoryBuilder Tenant(string name, Action<TenantBuilder>? configure = null)
    {
        Names.Check(name, nameof(name));
        return Define(_tenants, _tenantNames, name, "Tenant", new TenantBuilder(name, Problems), configure);
    }

    /// <summary>Adds a business domain, deployed inside its owning tenant's namespace.</summary>
    /// <param name="name">The domain name (DNS label).</param>
    /// <param name="configure">Configures the owner, environments, settings, flows, pipelines, migrations, applications.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name is not a DNS-1123 label.</exception>
    public DataPlatformRepositoryBuilder Domain(string name, Action<DomainBuilder>? configure = null)
    {
        Names.Check(name, nameof(name));
        return Define(_domains, _domainNames, name, "Domain", new DomainBuilder(name, Problems), configure);
    }

    /// <summary>Checks the description and the repository it makes, as a whole; never throws for content problems.</summary>
    /// <param name="validator">The repository validator (for example one from DI with a team's own rules); the built-in rules when <see langword="null"/>.</param>
    /// <param name="loader">The manifest loader whose object rules run on every object (one from DI carries a team's <c>AddRule</c> rules); <see cref="ManifestLoader.Default"/> when <see langword="null"/>.</param>
    /// <returns>The report: every problem of the description, then (when there is none) every finding in the repository.</returns>
    public ValidationReport Validate(RepositoryValidator? validator = null, ManifestLoader? loader = null) => DataPlatformRepository.ValidateDescription(this, validator, loader);

    /// <summary>Builds the repository.</summary>
    /// <param name="validator">The repository validator; the built-in rules when <see langword="null"/>.</param>
    /// <param name="loader">The manifest loader whose object rules run on every object; <see cref="ManifestLoader.Default"/> when <see langword="null"/>.</param>
    /// <returns>The repository.</returns>
    /// <exception cref="ValidationException">The description or the repository has errors; the message lists every one.</exception>
    public DataPlatformRepository Build(RepositoryValidator? validator = null, ManifestLoader? loader = null) => DataPlatformRepository.FromDescription(this, validator, loader);

    private DataPlatformRepositoryBuilder Configure<T>(T builder, Action<T> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(builder);
        return this;
    }

    private DataPlatformRepositoryBuilder Define<T>(List<T> list, HashSet<string> names, string name, string what, T builder, Action<T>? configure)
    {
        configure?.Invoke(builder); // Also for a second definition: its argument errors still throw at the call.
        if (Problems.Define(names, name, what))
        {
            list.Add(builder);
        }

        return this;
    }

    private DataPlatformRepositoryBuilder Cloud(CloudProfile cloud)
    {
        if (_cloud is not null)
        {
            Problems.Add($"The clusters already run on {(_cloud.Provider == "azure" ? "Azure (OnAzure)" : "AWS (OnAws)")}; a second cloud profile would silently replace it.", "Describe one cloud profile per repository.");
            return this;
        }

        _cloud = cloud;
        return this;
    }
}
