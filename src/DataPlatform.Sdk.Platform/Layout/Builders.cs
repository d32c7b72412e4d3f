using System.Collections.Immutable;
using System.Text.Json.Nodes;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Validation;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// Builds the whole data-platform repository. Immutable: every call returns a new builder, so one base can be
/// reused. Start with <see cref="DataPlatformRepository.Create(string, Func{DataPlatformRepositoryBuilder, DataPlatformRepositoryBuilder})"/>.
/// </summary>
public sealed class DataPlatformRepositoryBuilder
{
    internal DataPlatformRepositoryBuilder(RepositorySpec spec) => Spec = spec;

    internal RepositorySpec Spec { get; }

    /// <summary>Chooses the layout.</summary>
    /// <param name="profile">The profile.</param>
    /// <returns>A new builder.</returns>
    public DataPlatformRepositoryBuilder Profile(RepositoryProfile profile) => new(Spec with { Profile = profile });

    /// <summary>Configures the git source Flux reconciles the repository from.</summary>
    /// <param name="configure">Configures the source.</param>
    /// <returns>A new builder.</returns>
    public DataPlatformRepositoryBuilder Source(Func<GitSourceBuilder, GitSourceBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var s = configure(new GitSourceBuilder(Spec.SourceUrl, Spec.SourceSecret));
        return new(Spec with { SourceUrl = s.UrlValue, SourceSecret = s.SecretValue });
    }

    /// <summary>
    /// The keys domain Secrets are SOPS-encrypted for: writes <c>.sops.yaml</c> (a creation rule per environment with
    /// extra keys, then one for every <c>*.sops.yaml</c>, encrypting <c>data</c> and <c>stringData</c> only) and gives the
    /// Flux Kustomizations that apply encrypted files <c>decryption: {provider: sops, secretRef: {name: sops-age}}</c>.
    /// The age identity itself never enters the repository (see the generated README for the bootstrap step).
    /// </summary>
    /// <param name="configure">Names the keys.</param>
    /// <returns>A new builder.</returns>
    public DataPlatformRepositoryBuilder Sops(Func<SopsBuilder, SopsBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return new(Spec with { Sops = configure(new SopsBuilder(Spec.Sops)).Spec });
    }

    /// <summary>
    /// Where Flux reports (seed §9): a notification-controller Provider per target and an Alert per cluster for its
    /// Kustomizations, HelmReleases and sources (errors in non-production clusters, every event in production). The
    /// Secrets the providers read (webhook URL, token) are referenced by name and created at bootstrap.
    /// </summary>
    /// <param name="configure">Names the targets.</param>
    /// <returns>A new builder.</returns>
    public DataPlatformRepositoryBuilder Notifications(Func<NotificationsBuilder, NotificationsBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return new(Spec with { Notifications = configure(new NotificationsBuilder([])).Targets });
    }

    /// <summary>
    /// The clusters run on AKS: images from the ACR registry, Azure Workload Identity on tenant service accounts and
    /// generated Jobs, a Key Vault key in every SOPS creation rule, and optionally Azure Monitor Container Insights.
    /// </summary>
    /// <param name="acrRegistry">The registry host, <c>&lt;name&gt;.azurecr.io</c>.</param>
    /// <param name="workloadIdentityClientId">The managed identity's client id.</param>
    /// <param name="sopsKeyVaultKeyUrl">The Key Vault key SOPS encrypts data keys with.</param>
    /// <param name="logAnalyticsWorkspaceId">Container Insights workspace (optional).</param>
    /// <returns>A new builder.</returns>
    public DataPlatformRepositoryBuilder OnAzure(string acrRegistry, string workloadIdentityClientId, string sopsKeyVaultKeyUrl, string? logAnalyticsWorkspaceId = null)
    {
        if (acrRegistry is null || !acrRegistry.EndsWith(".azurecr.io", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{acrRegistry}' is not an Azure Container Registry host (<name>.azurecr.io).", nameof(acrRegistry));
        }

        if (!Guid.TryParse(workloadIdentityClientId, out _))
        {
            throw new ArgumentException("The workload identity client id is a GUID.", nameof(workloadIdentityClientId));
        }

        new EnvironmentKeysBuilder(new EnvironmentKeys([], [], [])).AzureKeyVault(sopsKeyVaultKeyUrl);
        return new(Spec with { Cloud = new CloudProfile("azure", acrRegistry, "azure.workload.identity/client-id", workloadIdentityClientId, sopsKeyVaultKeyUrl, logAnalyticsWorkspaceId) });
    }

    /// <summary>The clusters run on EKS: images from ECR, IRSA role annotations on tenant service accounts, a KMS key in every SOPS creation rule.</summary>
    /// <param name="ecrRegistry">The registry host, <c>&lt;account&gt;.dkr.ecr.&lt;region&gt;.amazonaws.com</c>.</param>
    /// <param name="irsaRoleArn">The IAM role the service accounts assume.</param>
    /// <param name="sopsKmsKeyArn">The KMS key SOPS encrypts data keys with.</param>
    /// <returns>A new builder.</returns>
    public DataPlatformRepositoryBuilder OnAws(string ecrRegistry, string irsaRoleArn, string sopsKmsKeyArn)
    {
        if (ecrRegistry is null || !System.Text.RegularExpressions.Regex.IsMatch(ecrRegistry, @"^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            throw new ArgumentException($"'{ecrRegistry}' is not an ECR registry host (<account>.dkr.ecr.<region>.amazonaws.com).", nameof(ecrRegistry));
        }

        if (irsaRoleArn is null || !irsaRoleArn.StartsWith("arn:aws:iam::", StringComparison.Ordinal) || !irsaRoleArn.Contains(":role/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{irsaRoleArn}' is not an IAM role ARN.", nameof(irsaRoleArn));
        }

        new EnvironmentKeysBuilder(new EnvironmentKeys([], [], [])).AwsKms(sopsKmsKeyArn);
        return new(Spec with { Cloud = new CloudProfile("aws", ecrRegistry, "eks.amazonaws.com/role-arn", irsaRoleArn, sopsKmsKeyArn, null) });
    }

    /// <summary>Adds (or replaces) a cluster: one environment with its own Flux entry point.</summary>
    /// <param name="name">The environment name (DNS label), for example <c>dev</c> or <c>prod</c>.</param>
    /// <param name="configure">Configures how the cluster follows the repository.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentException">The name is not a DNS-1123 label.</exception>
    public DataPlatformRepositoryBuilder Cluster(string name, Func<ClusterBuilder, ClusterBuilder>? configure = null)
    {
        Names.Check(name, nameof(name));
        var c = (configure ?? (x => x))(new ClusterBuilder(new SourceTracking("branch", "main")));
        return new(Spec with { Clusters = Spec.Clusters.RemoveAll(x => x.Name == name).Add(new ClusterSpec(name, c.Tracking)) });
    }

    /// <summary>Configures the infrastructure layer (observability, networking, storage).</summary>
    /// <param name="configure">Adds components.</param>
    /// <returns>A new builder.</returns>
    public DataPlatformRepositoryBuilder Infrastructure(Func<InfrastructureBuilder, InfrastructureBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var i = configure(new InfrastructureBuilder(Spec.InfrastructureCharts, Spec.StorageClasses));
        return new(Spec with { InfrastructureCharts = i.Charts, StorageClasses = i.HasStorage });
    }

    /// <summary>Configures the platform services layer (Kestra, Superset, dlt, Liquibase).</summary>
    /// <param name="configure">Adds services.</param>
    /// <returns>A new builder.</returns>
    public DataPlatformRepositoryBuilder Platform(Func<PlatformBuilder, PlatformBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var p = configure(new PlatformBuilder(Spec.PlatformCharts, Spec.DltRuntime, Spec.LiquibaseRuntime));
        return new(Spec with { PlatformCharts = p.Charts, DltRuntime = p.HasDlt, LiquibaseRuntime = p.HasLiquibase });
    }

    /// <summary>Adds (or replaces) a tenant: an isolated namespace with RBAC, default-deny network policy, quota and limits.</summary>
    /// <param name="name">The tenant name (DNS label); also its namespace.</param>
    /// <param name="configure">Configures quota, limits and role.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentException">The name is not a DNS-1123 label.</exception>
    public DataPlatformRepositoryBuilder Tenant(string name, Func<TenantBuilder, TenantBuilder>? configure = null)
    {
        Names.Check(name, nameof(name));
        var t = (configure ?? (x => x))(new TenantBuilder(new TenantSpec(name, "8", "32Gi", "100m", "128Mi", "edit")));
        return new(Spec with { Tenants = Spec.Tenants.RemoveAll(x => x.Name == name).Add(t.Spec) });
    }

    /// <summary>Adds (or replaces) a business domain, deployed inside its owning tenant's namespace.</summary>
    /// <param name="name">The domain name (DNS label).</param>
    /// <param name="configure">Configures the owner, environments and settings.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentException">The name is not a DNS-1123 label.</exception>
    public DataPlatformRepositoryBuilder Domain(string name, Func<DomainBuilder, DomainBuilder>? configure = null)
    {
        Names.Check(name, nameof(name));
        var d = (configure ?? (x => x))(new DomainBuilder(new DomainSpec(name, name + "-team", [], ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal))));
        return new(Spec with { Domains = Spec.Domains.RemoveAll(x => x.Name == name).Add(d.Spec) });
    }

    /// <summary>Checks the description and the rendered repository; never throws.</summary>
    /// <returns>The report.</returns>
    public ValidationReport Validate() => DataPlatformRepository.ValidateSpec(Spec);

    /// <summary>Builds the repository.</summary>
    /// <returns>The repository.</returns>
    /// <exception cref="ValidationException">The repository has errors; the message lists every one.</exception>
    public DataPlatformRepository Build() => DataPlatformRepository.FromSpec(Spec);
}

/// <summary>Configures the git source.</summary>
public sealed class GitSourceBuilder
{
    internal GitSourceBuilder(string url, string secret)
    {
        UrlValue = url;
        SecretValue = secret;
    }

    internal string UrlValue { get; }

    internal string SecretValue { get; }

    /// <summary>The repository URL (https:// or ssh://).</summary>
    /// <param name="url">The URL.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentException">The URL is not absolute.</exception>
    public GitSourceBuilder Url(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"'{url}' is not an absolute URL.", nameof(url));
        }

        return new GitSourceBuilder(url, SecretValue);
    }

    /// <summary>The Secret holding the git credentials (created by <c>flux bootstrap</c>).</summary>
    /// <param name="name">The Secret name.</param>
    /// <returns>A new builder.</returns>
    /// <value>Default: <c>flux-system</c>.</value>
    public GitSourceBuilder SecretRef(string name)
    {
        Names.Check(name, nameof(name));
        return new GitSourceBuilder(UrlValue, name);
    }
}

/// <summary>Configures how a cluster follows the repository. Production should follow releases, not a branch (seed §7).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "A fluent builder: its methods are instance methods by design.")]
public sealed class ClusterBuilder
{
    internal ClusterBuilder(SourceTracking tracking) => Tracking = tracking;

    internal SourceTracking Tracking { get; }

    /// <summary>Follow a branch (development environments).</summary>
    /// <param name="branch">The branch.</param>
    /// <returns>A new builder.</returns>
    public ClusterBuilder TrackBranch(string branch)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(branch);
        return new(new SourceTracking("branch", branch));
    }

    /// <summary>Follow the newest tag matching a semver range: promoting means tagging a release.</summary>
    /// <param name="range">The range, for example <c>&gt;=1.0.0</c>.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentException">The range is not a valid semver constraint.</exception>
    public ClusterBuilder TrackSemVer(string range)
    {
        if (!SemVerRange.IsValid(range))
        {
            throw new ArgumentException($"'{range}' is not a valid semver range.", nameof(range));
        }

        return new(new SourceTracking("semver", range));
    }

    /// <summary>Follow one tag: promoting means changing it in a reviewed change.</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>A new builder.</returns>
    public ClusterBuilder TrackTag(string tag)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        return new(new SourceTracking("tag", tag));
    }

    /// <summary>Follow one commit.</summary>
    /// <param name="sha">The full commit SHA.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentException">Not a 40-character hex SHA.</exception>
    public ClusterBuilder TrackCommit(string sha)
    {
        if (sha is null || sha.Length != 40 || !sha.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException("A commit must be a full 40-character SHA.", nameof(sha));
        }

        return new(new SourceTracking("commit", sha));
    }
}

/// <summary>Adds infrastructure components, each a pinned Helm chart (or plain objects for storage).</summary>
public sealed class InfrastructureBuilder
{
    internal InfrastructureBuilder(ImmutableList<ChartComponent> charts, bool storage)
    {
        Charts = charts;
        HasStorage = storage;
    }

    internal ImmutableList<ChartComponent> Charts { get; }

    internal bool HasStorage { get; }

    /// <summary>Prometheus and Grafana (kube-prometheus-stack) and Loki, in the <c>monitoring</c> namespace.</summary>
    /// <returns>A new builder.</returns>
    public InfrastructureBuilder Observability() => Add(
        new ChartComponent("kube-prometheus-stack", "monitoring", "prometheus-community", "https://prometheus-community.github.io/helm-charts", "kube-prometheus-stack", "65.1.1",
            new JsonObject { ["prometheus"] = new JsonObject { ["prometheusSpec"] = new JsonObject { ["retention"] = "15d" } }, ["grafana"] = new JsonObject { ["defaultDashboardsEnabled"] = true } }),
        new ChartComponent("loki", "monitoring", "grafana", "https://grafana.github.io/helm-charts", "loki", "6.16.0",
            new JsonObject { ["deploymentMode"] = "SingleBinary", ["loki"] = new JsonObject { ["limits_config"] = new JsonObject { ["retention_period"] = "744h" } } }));

    /// <summary>ingress-nginx and cert-manager.</summary>
    /// <returns>A new builder.</returns>
    public InfrastructureBuilder Networking() => Add(
        new ChartComponent("ingress-nginx", "ingress-nginx", "ingress-nginx", "https://kubernetes.github.io/ingress-nginx", "ingress-nginx", "4.11.3",
            new JsonObject { ["controller"] = new JsonObject { ["replicaCount"] = 2 } }),
        new ChartComponent("cert-manager", "cert-manager", "jetstack", "https://charts.jetstack.io", "cert-manager", "v1.16.1",
            new JsonObject { ["crds"] = new JsonObject { ["enabled"] = true } }));

    /// <summary>Storage classes for data workloads (retained volumes).</summary>
    /// <returns>A new builder.</returns>
    public InfrastructureBuilder Storage() => new(Charts, storage: true);

    /// <summary>Any other pinned chart.</summary>
    /// <param name="component">The chart.</param>
    /// <returns>A new builder.</returns>
    public InfrastructureBuilder Chart(ChartComponent component) => Add(component);

    private InfrastructureBuilder Add(params ChartComponent[] components) =>
        new(components.Aggregate(Charts, (list, c) => list.RemoveAll(x => x.Name == c.Name).Add(Names.Checked(c))), HasStorage);
}

/// <summary>Adds platform services.</summary>
public sealed class PlatformBuilder
{
    internal PlatformBuilder(ImmutableList<ChartComponent> charts, bool dlt, bool liquibase)
    {
        Charts = charts;
        HasDlt = dlt;
        HasLiquibase = liquibase;
    }

    internal ImmutableList<ChartComponent> Charts { get; }

    internal bool HasDlt { get; }

    internal bool HasLiquibase { get; }

    /// <summary>Kestra, the orchestrator, in the <c>kestra</c> namespace.</summary>
    /// <returns>A new builder.</returns>
    public PlatformBuilder Kestra() => Add(new ChartComponent("kestra", "kestra", "kestra", "https://helm.kestra.io/", "kestra", "0.21.3",
        new JsonObject { ["deployments"] = new JsonObject { ["standalone"] = new JsonObject { ["enabled"] = true } } }));

    /// <summary>Apache Superset, in the <c>superset</c> namespace.</summary>
    /// <returns>A new builder.</returns>
    public PlatformBuilder Superset() => Add(new ChartComponent("superset", "superset", "superset", "https://apache.github.io/superset", "superset", "0.12.11",
        new JsonObject { ["supersetNode"] = new JsonObject { ["replicaCount"] = 1 } }));

    /// <summary>The dlt runtime: a namespace and a service account for pipeline runs.</summary>
    /// <returns>A new builder.</returns>
    public PlatformBuilder Dlt() => new(Charts, dlt: true, HasLiquibase);

    /// <summary>The Liquibase runtime: a namespace and a service account for migration jobs.</summary>
    /// <returns>A new builder.</returns>
    public PlatformBuilder Liquibase() => new(Charts, HasDlt, liquibase: true);

    /// <summary>Any other pinned chart.</summary>
    /// <param name="component">The chart.</param>
    /// <returns>A new builder.</returns>
    public PlatformBuilder Chart(ChartComponent component) => Add(component);

    private PlatformBuilder Add(ChartComponent c) => new(Charts.RemoveAll(x => x.Name == c.Name).Add(Names.Checked(c)), HasDlt, HasLiquibase);
}

/// <summary>Configures a tenant's isolation.</summary>
public sealed class TenantBuilder
{
    internal TenantBuilder(TenantSpec spec) => Spec = spec;

    internal TenantSpec Spec { get; }

    /// <summary>The ResourceQuota (requests).</summary>
    /// <param name="cpu">CPU, for example <c>8</c>.</param>
    /// <param name="memory">Memory, for example <c>32Gi</c>.</param>
    /// <returns>A new builder.</returns>
    /// <value>Default: 8 CPU, 32Gi.</value>
    public TenantBuilder Quota(string cpu, string memory) =>
        new(Spec with { Cpu = Names.Quantity(cpu, nameof(cpu)), Memory = Names.Quantity(memory, nameof(memory)) });

    /// <summary>The LimitRange default requests of containers.</summary>
    /// <param name="cpu">CPU, for example <c>100m</c>.</param>
    /// <param name="memory">Memory, for example <c>128Mi</c>.</param>
    /// <returns>A new builder.</returns>
    public TenantBuilder DefaultRequests(string cpu, string memory) =>
        new(Spec with { DefaultCpu = Names.Quantity(cpu, nameof(cpu)), DefaultMemory = Names.Quantity(memory, nameof(memory)) });

    /// <summary>The ClusterRole the tenant's service account gets in its namespace.</summary>
    /// <param name="clusterRole">For example <c>edit</c> or <c>view</c>.</param>
    /// <returns>A new builder.</returns>
    /// <value>Default: <c>edit</c>.</value>
    public TenantBuilder Role(string clusterRole)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterRole);
        return new(Spec with { ClusterRole = clusterRole });
    }

    /// <summary>
    /// Runs the tenant's generated workloads (applications, migration Jobs) on a node pool of their own: a node selector
    /// on <c>data-platform/workload-class</c> and a toleration for the pool's <c>workload-class</c> taint.
    /// </summary>
    /// <param name="workloadClass">The pool's workload class, e.g. <c>data</c> or <c>batch</c>.</param>
    /// <returns>A new builder.</returns>
    public TenantBuilder NodePool(string workloadClass)
    {
        Names.Check(workloadClass, nameof(workloadClass));
        return new(Spec with { NodePool = workloadClass });
    }
}

/// <summary>Configures a domain.</summary>
public sealed class DomainBuilder
{
    internal DomainBuilder(DomainSpec spec) => Spec = spec;

    internal DomainSpec Spec { get; }

    /// <summary>The tenant whose namespace the domain lives in; declared with defaults when not declared otherwise.</summary>
    /// <param name="tenant">The tenant name.</param>
    /// <returns>A new builder.</returns>
    /// <value>Default: <c>&lt;domain&gt;-team</c>.</value>
    public DomainBuilder OwnedBy(string tenant)
    {
        Names.Check(tenant, nameof(tenant));
        return new(Spec with { Owner = tenant });
    }

    /// <summary>The environments (clusters) the domain is deployed to.</summary>
    /// <param name="environments">Cluster names.</param>
    /// <returns>A new builder.</returns>
    /// <value>Default: every cluster.</value>
    public DomainBuilder DeployTo(params string[] environments)
    {
        ArgumentNullException.ThrowIfNull(environments);
        return new(Spec with { Environments = [.. environments] });
    }

    /// <summary>
    /// Adds a manifest the domain deploys (a Kubernetes or Flux object model), written to
    /// <c>domains/&lt;domain&gt;/base/resources.yaml</c>; its namespace is the owning tenant's.
    /// </summary>
    /// <param name="manifest">The object.</param>
    /// <returns>A new builder.</returns>
    public DomainBuilder Manifest(object manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new(Spec with { Manifests = Spec.Manifests.Add(manifest) });
    }

    /// <summary>
    /// Adds a Kestra flow in the domain's namespace (<c>&lt;domain&gt;</c>, or <c>&lt;domain&gt;.&lt;sub&gt;</c>), written to
    /// <c>pipelines/&lt;domain&gt;/[&lt;sub&gt;/]&lt;id&gt;.yml</c> and synced into Kestra from git by the domain's SyncFlows flow.
    /// </summary>
    /// <param name="id">The flow id.</param>
    /// <param name="build">Adds inputs, tasks and triggers.</param>
    /// <param name="subNamespace">A child namespace below the domain's (dotted), or <see langword="null"/>.</param>
    /// <returns>A new builder.</returns>
    public DomainBuilder Flow(string id, Action<Kestra.KestraFlowBuilder> build, string? subNamespace = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var ns = subNamespace is null ? Spec.FlowNamespace : Spec.FlowNamespace + "." + subNamespace;
        return Flow(Kestra.KestraFlow.Create(id, ns, build));
    }

    /// <summary>Adds a Kestra flow built elsewhere; its namespace must be the domain's or below it.</summary>
    /// <param name="flow">The flow.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentException">The namespace is outside the domain's, or the id is taken in that namespace.</exception>
    public DomainBuilder Flow(Kestra.KestraFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (flow.Namespace != Spec.FlowNamespace && !flow.Namespace.StartsWith(Spec.FlowNamespace + ".", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Flow '{flow.Id}' has namespace '{flow.Namespace}'; flows of domain '{Spec.Name}' live in '{Spec.FlowNamespace}' or below it.", nameof(flow));
        }

        if (Spec.Flows.Any(f => f.Namespace == flow.Namespace && f.Id == flow.Id))
        {
            throw new ArgumentException($"Flow '{flow.Namespace}.{flow.Id}' is already defined.", nameof(flow));
        }

        return new(Spec with { Flows = Spec.Flows.Add(flow) });
    }

    /// <summary>
    /// Adds a Secret to the domain (in its tenant's namespace), written SOPS-encrypted to
    /// <c>domains/&lt;domain&gt;/base/&lt;name&gt;.sops.yaml</c> (or the environment's overlay) for the keys of
    /// <see cref="DataPlatformRepositoryBuilder.Sops"/>. Its values never reach the disk in plaintext.
    /// </summary>
    /// <param name="name">The Secret name (DNS label).</param>
    /// <param name="stringData">The values.</param>
    /// <param name="environment">Only for this environment (an overlay), or every environment when <see langword="null"/>.</param>
    /// <returns>A new builder.</returns>
    public DomainBuilder Secret(string name, IReadOnlyDictionary<string, string> stringData, string? environment = null)
    {
        Names.Check(name, nameof(name));
        ArgumentNullException.ThrowIfNull(stringData);
        if (Spec.Secrets.Any(s => s.Name == name && s.Environment == environment))
        {
            throw new ArgumentException($"Secret '{name}' is already defined for domain '{Spec.Name}'.", nameof(name));
        }

        return new(Spec with { Secrets = Spec.Secrets.Add(new SecretSpec(name, stringData.ToImmutableSortedDictionary(StringComparer.Ordinal), environment)) });
    }

    /// <summary>
    /// References a secret kept in a cloud store (Azure Key Vault, AWS Secrets Manager) instead of git: adds a
    /// <c>SecretProviderClass</c> for the Secrets Store CSI driver that syncs the named objects into the Kubernetes
    /// Secret <paramref name="name"/> (mounted by a pod that uses the class).
    /// </summary>
    /// <param name="name">The SecretProviderClass and synced Secret name.</param>
    /// <param name="store">The store.</param>
    /// <param name="keys">Secret key → object name in the store.</param>
    /// <returns>A new builder.</returns>
    public DomainBuilder ExternalSecret(string name, ExternalSecretStore store, IReadOnlyDictionary<string, string> keys)
    {
        Names.Check(name, nameof(name));
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("Name at least one key.", nameof(keys));
        }

        return Manifest(store.ProviderClass(name, Spec.Name, keys));
    }

    /// <summary>
    /// The domain's database migrations, run the GitOps way: the changelog is written to
    /// <c>domains/&lt;domain&gt;/migrations/changelog.yaml</c> (a ConfigMap by kustomize's generator), a Kubernetes Job
    /// runs <c>liquibase update</c> with the credentials of <paramref name="credentialsSecret"/> (keys
    /// <c>LIQUIBASE_COMMAND_URL</c>, <c>LIQUIBASE_COMMAND_USERNAME</c>, <c>LIQUIBASE_COMMAND_PASSWORD</c>, which Liquibase
    /// reads from the environment), and the domain's Flux Kustomization depends on the migrations one, so migrations
    /// finish before the applications that need them.
    /// </summary>
    /// <param name="changelog">The changelog.</param>
    /// <param name="credentialsSecret">The Secret (usually a SOPS-encrypted one from <see cref="Secret"/>).</param>
    /// <param name="image">The Liquibase image, pinned.</param>
    /// <returns>A new builder.</returns>
    public DomainBuilder Migrations(Liquibase.LiquibaseChangelog changelog, string credentialsSecret, string image = "liquibase/liquibase:4.28.0")
    {
        ArgumentNullException.ThrowIfNull(changelog);
        Names.Check(credentialsSecret, nameof(credentialsSecret));
        if (!image.Contains(':', StringComparison.Ordinal) || image.EndsWith(":latest", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Pin the Liquibase image to a version, not '{image}'.", nameof(image));
        }

        return new(Spec with { Migrations = new MigrationSpec(changelog, credentialsSecret, image) });
    }

    /// <summary>
    /// Adds a dlt pipeline, the seed's five steps in one call: the dlt script (<c>pipelines/dlt/&lt;name&gt;.py</c>), its
    /// <c>.dlt/config.toml</c> entries and secrets template, pinned requirements, and a Kestra flow in the domain's
    /// namespace that clones the repository and runs it on the schedule, with the dlt environment variables mapped from
    /// Kestra secrets (named in the flow's description), retries and an error notification.
    /// </summary>
    /// <param name="name">The pipeline name, e.g. <c>stripe-postgres</c>.</param>
    /// <param name="describe">Source, destination, dataset, write disposition, schema hints, schedule.</param>
    /// <returns>A new builder.</returns>
    public DomainBuilder Pipeline(string name, Func<Dlt.DltPipelineBuilder, Dlt.DltPipelineBuilder> describe)
    {
        ArgumentNullException.ThrowIfNull(describe);
        var pipeline = describe(new Dlt.DltPipelineBuilder(name)).Build();
        if (Spec.Pipelines.Any(p => p.Name == name))
        {
            throw new ArgumentException($"Pipeline '{name}' is already defined in domain '{Spec.Name}'.", nameof(name));
        }

        return new(Spec with { Pipelines = Spec.Pipelines.Add(pipeline) });
    }

    /// <summary>
    /// Adds an application: a hardened Deployment and Service in the domain. Clusters that follow a branch (dev) update
    /// its image by Flux image automation within <paramref name="semverRange"/>; the others pin <paramref name="tag"/> in
    /// their overlay, so promotion is a reviewed change of that pin.
    /// </summary>
    /// <param name="name">The application name.</param>
    /// <param name="image">The image without tag (relative names get the cloud profile's registry).</param>
    /// <param name="tag">The released tag production runs.</param>
    /// <param name="semverRange">The versions dev follows, e.g. <c>&gt;=1.0.0-0</c>.</param>
    /// <param name="port">The container port.</param>
    /// <param name="replicas">Replicas.</param>
    /// <returns>A new builder.</returns>
    public DomainBuilder Application(string name, string image, string tag, string semverRange = ">=0.1.0-0", int port = 8080, int replicas = 2)
    {
        Names.Check(name, nameof(name));
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        if (image.Contains('@', StringComparison.Ordinal) || image[(image.LastIndexOf('/') + 1)..].Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Give the image without tag ('{image}'); the tag is the separate 'tag' argument.", nameof(image));
        }

        if (string.IsNullOrWhiteSpace(tag) || tag == "latest")
        {
            throw new ArgumentException("Pin a released tag, not latest.", nameof(tag));
        }

        return new(Spec with { Applications = Spec.Applications.Add(new ApplicationSpec(name, image, tag, semverRange, port, replicas)) });
    }

    /// <summary>A setting in the domain's ConfigMap.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>A new builder.</returns>
    public DomainBuilder Setting(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        return new(Spec with { Settings = Spec.Settings.SetItem(key, value) });
    }
}

internal static class Names
{
    public static string Quantity(string value, string parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, parameter);
        try
        {
            _ = new k8s.Models.ResourceQuantity(value);
            return value;
        }
        catch (FormatException)
        {
            throw new ArgumentException($"'{value}' is not a Kubernetes quantity (for example 500m, 2, 4Gi).", parameter);
        }
    }

    public static void Check(string name, string parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, parameter);
        if (!ObjectNameRule.IsDns1123Label(name))
        {
            throw new ArgumentException($"'{name}' is not a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters).", parameter);
        }
    }

    public static ChartComponent Checked(ChartComponent c)
    {
        ArgumentNullException.ThrowIfNull(c);
        Check(c.Name, nameof(c.Name));
        Check(c.Namespace, nameof(c.Namespace));
        Check(c.RepositoryName, nameof(c.RepositoryName));
        if (!SemVerRange.IsExactVersion(c.Version))
        {
            throw new ArgumentException($"Chart '{c.Chart}' must be pinned to an exact version, not '{c.Version}'.", nameof(c));
        }

        return c;
    }
}

/// <summary>Names the keys SOPS encrypts the repository's secrets for.</summary>
public sealed class SopsBuilder
{
    internal SopsBuilder(SopsSpec spec) => Spec = spec;

    internal SopsSpec Spec { get; }

    /// <summary>An age recipient that can decrypt every secret (the team's or the cluster's key).</summary>
    /// <param name="recipient">The recipient (<c>age1…</c>).</param>
    /// <returns>A new builder.</returns>
    public SopsBuilder Age(Sops.AgeRecipient recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return new(Spec with { Age = Spec.Age.Remove(recipient.ToString()).Add(recipient.ToString()) });
    }

    /// <summary>Extra keys for one environment's secrets (for example production's own age key and a cloud KMS key).</summary>
    /// <param name="environment">The cluster name.</param>
    /// <param name="configure">Names the keys.</param>
    /// <returns>A new builder.</returns>
    public SopsBuilder Environment(string environment, Func<EnvironmentKeysBuilder, EnvironmentKeysBuilder> configure)
    {
        Names.Check(environment, nameof(environment));
        ArgumentNullException.ThrowIfNull(configure);
        var current = Spec.Environments.GetValueOrDefault(environment) ?? new EnvironmentKeys([], [], []);
        return new(Spec with { Environments = Spec.Environments.SetItem(environment, configure(new EnvironmentKeysBuilder(current)).Keys) });
    }
}

/// <summary>Keys of one environment.</summary>
public sealed class EnvironmentKeysBuilder
{
    internal EnvironmentKeysBuilder(EnvironmentKeys keys) => Keys = keys;

    internal EnvironmentKeys Keys { get; }

    /// <summary>An age recipient for this environment only.</summary>
    /// <param name="recipient">The recipient.</param>
    /// <returns>A new builder.</returns>
    public EnvironmentKeysBuilder Age(Sops.AgeRecipient recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return new(Keys with { Age = Keys.Age.Add(recipient.ToString()) });
    }

    /// <summary>
    /// An Azure Key Vault key (<c>https://&lt;vault&gt;.vault.azure.net/keys/&lt;name&gt;/&lt;version&gt;</c>), written to the
    /// creation rule; files are encrypted in-process for the age recipients, and <c>sops updatekeys</c> (with Azure
    /// credentials) adds the Key Vault key to them.
    /// </summary>
    /// <param name="keyUrl">The key URL.</param>
    /// <returns>A new builder.</returns>
    public EnvironmentKeysBuilder AzureKeyVault(string keyUrl)
    {
        if (!Uri.TryCreate(keyUrl, UriKind.Absolute, out var uri) || uri.Scheme != "https" || !uri.AbsolutePath.StartsWith("/keys/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{keyUrl}' is not an Azure Key Vault key URL (https://<vault>.vault.azure.net/keys/<name>/<version>).", nameof(keyUrl));
        }

        return new(Keys with { AzureKeyVault = Keys.AzureKeyVault.Add(keyUrl) });
    }

    /// <summary>An AWS KMS key ARN, written to the creation rule (added to files by <c>sops updatekeys</c> with AWS credentials).</summary>
    /// <param name="arn">The key ARN (<c>arn:aws:kms:&lt;region&gt;:&lt;account&gt;:key/&lt;id&gt;</c>).</param>
    /// <returns>A new builder.</returns>
    public EnvironmentKeysBuilder AwsKms(string arn)
    {
        if (arn is null || !arn.StartsWith("arn:aws", StringComparison.Ordinal) || !arn.Contains(":kms:", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{arn}' is not an AWS KMS key ARN.", nameof(arn));
        }

        return new(Keys with { Kms = Keys.Kms.Add(arn) });
    }
}

/// <summary>Names notification targets.</summary>
public sealed class NotificationsBuilder
{
    internal NotificationsBuilder(ImmutableList<NotificationTarget> targets) => Targets = targets;

    internal ImmutableList<NotificationTarget> Targets { get; }

    /// <summary>A Slack channel through an incoming webhook.</summary>
    /// <param name="channel">The channel, e.g. <c>#platform-alerts</c>.</param>
    /// <param name="secretName">The Secret in flux-system holding the webhook in its <c>address</c> key.</param>
    /// <returns>A new builder.</returns>
    public NotificationsBuilder Slack(string channel, string secretName = "slack-webhook") => Add(new("slack", "slack", channel, null, secretName));

    /// <summary>A Microsoft Teams channel through a webhook.</summary>
    /// <param name="secretName">The Secret holding the webhook in its <c>address</c> key.</param>
    /// <returns>A new builder.</returns>
    public NotificationsBuilder Teams(string secretName = "teams-webhook") => Add(new("msteams", "msteams", null, null, secretName));

    /// <summary>A generic webhook.</summary>
    /// <param name="secretName">The Secret holding the URL in its <c>address</c> key.</param>
    /// <returns>A new builder.</returns>
    public NotificationsBuilder Webhook(string secretName = "webhook") => Add(new("webhook", "generic", null, null, secretName));

    /// <summary>Commit statuses on the repository (Kustomizations only).</summary>
    /// <param name="repositoryUrl">The repository URL.</param>
    /// <param name="secretName">The Secret holding a token in its <c>token</c> key.</param>
    /// <returns>A new builder.</returns>
    public NotificationsBuilder GitHubCommitStatus(string repositoryUrl, string secretName = "github-token") => Add(new("github", "github", null, repositoryUrl, secretName));

    private NotificationsBuilder Add(NotificationTarget target)
    {
        Names.Check(target.SecretName, "secretName");
        return new(Targets.RemoveAll(t => t.Name == target.Name).Add(target));
    }
}
