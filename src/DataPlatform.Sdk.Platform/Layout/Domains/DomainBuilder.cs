using System.Collections.Immutable;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>A business domain of the description.</summary>
internal sealed record DomainSpec(string Name, string Owner, ImmutableList<string> Environments, ImmutableSortedDictionary<string, string> Settings)
{
    /// <summary>Whether the owner was named with OwnedBy (else it is the default, <c>&lt;domain&gt;-team</c>, declared with defaults).</summary>
    public bool OwnerNamed { get; init; }

    public ImmutableList<object> Manifests { get; init; } = [];

    public ImmutableList<Kestra.KestraFlow> Flows { get; init; } = [];

    public ImmutableList<SecretSpec> Secrets { get; init; } = [];

    public MigrationSpec? Migrations { get; init; }

    public ImmutableList<Dlt.DltPipeline> Pipelines { get; init; } = [];

    public ImmutableList<ApplicationSpec> Applications { get; init; } = [];

    /// <summary>How the domain's applications roll out (Flagger), or <see langword="null"/> for Kubernetes' own rolling update.</summary>
    public RolloutSpec? Rollout { get; init; }

    /// <summary>The Kestra namespace of the domain's flows (its name; sub-namespaces below it).</summary>
    public string FlowNamespace => Name;
}

/// <summary>An application of a domain: a hardened Deployment whose image dev follows by image automation and production pins.</summary>
internal sealed record ApplicationSpec(string Name, string Image, string Tag, string SemverRange, int Port, int Replicas);

/// <summary>Configures a domain. Every method returns this builder: <c>d => d.OwnedBy(…).Setting(…)</c> and <c>d => { d.OwnedBy(…); d.Setting(…); }</c> do the same.</summary>
public sealed class DomainBuilder
{
    private readonly string _name;
    private readonly DescriptionProblems _problems;
    private readonly SortedDictionary<string, string> _settings = new(StringComparer.Ordinal);
    private readonly List<object> _manifests = [];
    private readonly List<Kestra.KestraFlow> _flows = [];
    private readonly List<SecretSpec> _secrets = [];
    private readonly List<Dlt.DltPipeline> _pipelines = [];
    private readonly List<ApplicationSpec> _applications = [];
    private RolloutSpec? _rollout;
    private string? _owner;
    private string[]? _environments;
    private MigrationSpec? _migrations;

    internal DomainBuilder(string name, DescriptionProblems problems)
    {
        _name = name;
        _problems = problems;
    }

    internal DomainSpec Spec => new(_name, _owner ?? _name + "-team", [.. _environments ?? []], _settings.ToImmutableSortedDictionary(StringComparer.Ordinal))
    {
        OwnerNamed = _owner is not null,
        Manifests = [.. _manifests],
        Flows = [.. _flows],
        Secrets = [.. _secrets],
        Migrations = _migrations,
        Pipelines = [.. _pipelines],
        Applications = [.. _applications],
        Rollout = _rollout,
    };

    private string FlowNamespace => _name;

    /// <summary>The tenant whose namespace the domain lives in; it must be declared with <c>.Tenant(…)</c>.</summary>
    /// <param name="tenant">The tenant name.</param>
    /// <returns>This builder.</returns>
    /// <value>Default: <c>&lt;domain&gt;-team</c>, declared with the default quota when no tenant of that name is.</value>
    public DomainBuilder OwnedBy(string tenant)
    {
        Names.Check(tenant, nameof(tenant));
        if (_problems.Once(_owner, $"The owner of domain '{_name}' ('{_owner}')", "A domain has one owning tenant."))
        {
            _owner = tenant;
        }

        return this;
    }

    /// <summary>The environments (clusters) the domain is deployed to.</summary>
    /// <param name="environments">Cluster names.</param>
    /// <returns>This builder.</returns>
    /// <value>Default: every cluster.</value>
    public DomainBuilder DeployTo(params string[] environments)
    {
        ArgumentNullException.ThrowIfNull(environments);
        if (_problems.Once(_environments, $"The environments of domain '{_name}'", "Name every environment in one DeployTo call."))
        {
            _environments = [.. environments];
        }

        return this;
    }

    /// <summary>
    /// Adds a manifest the domain deploys (a Kubernetes or Flux object model), written to
    /// <c>domains/&lt;domain&gt;/base/resources.yaml</c>; its namespace is the owning tenant's.
    /// </summary>
    /// <param name="manifest">The object.</param>
    /// <returns>This builder.</returns>
    public DomainBuilder Manifest(object manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        _manifests.Add(manifest);
        return this;
    }

    /// <summary>
    /// Adds a Kestra flow in the domain's namespace (<c>&lt;domain&gt;</c>, or <c>&lt;domain&gt;.&lt;sub&gt;</c>), written to
    /// <c>pipelines/&lt;domain&gt;/[&lt;sub&gt;/]&lt;id&gt;.yml</c> and synced into Kestra from git by the domain's SyncFlows flow.
    /// </summary>
    /// <param name="id">The flow id.</param>
    /// <param name="build">Adds inputs, tasks and triggers.</param>
    /// <param name="subNamespace">A child namespace below the domain's (dotted), or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public DomainBuilder Flow(string id, Action<Kestra.KestraFlowBuilder> build, string? subNamespace = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var ns = subNamespace is null ? FlowNamespace : FlowNamespace + "." + subNamespace;
        return Flow(Kestra.KestraFlow.Create(id, ns, build));
    }

    /// <summary>Adds a Kestra flow built elsewhere; its namespace must be the domain's or below it.</summary>
    /// <param name="flow">The flow.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The namespace is outside the domain's.</exception>
    public DomainBuilder Flow(Kestra.KestraFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (flow.Namespace != FlowNamespace && !flow.Namespace.StartsWith(FlowNamespace + ".", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Flow '{flow.Id}' has namespace '{flow.Namespace}'; flows of domain '{_name}' live in '{FlowNamespace}' or below it.", nameof(flow));
        }

        if (_flows.Any(f => f.Namespace == flow.Namespace && f.Id == flow.Id))
        {
            _problems.Add($"Flow '{flow.Namespace}.{flow.Id}' of domain '{_name}' is already defined; Kestra would keep only one of them.", "Give the second flow another id.");
            return this;
        }

        _flows.Add(flow);
        return this;
    }

    /// <summary>
    /// Adds a Secret to the domain (in its tenant's namespace), written SOPS-encrypted to
    /// <c>domains/&lt;domain&gt;/base/&lt;name&gt;.sops.yaml</c> (or the environment's overlay) for the keys of
    /// <see cref="DataPlatformRepositoryBuilder.Sops"/>. Its values never reach the disk in plaintext.
    /// </summary>
    /// <param name="name">The Secret name (DNS label).</param>
    /// <param name="stringData">The values.</param>
    /// <param name="environment">Only for this environment (an overlay), or every environment when <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public DomainBuilder Secret(string name, IReadOnlyDictionary<string, string> stringData, string? environment = null)
    {
        Names.Check(name, nameof(name));
        ArgumentNullException.ThrowIfNull(stringData);
        if (_secrets.Any(s => s.Name == name && s.Environment == environment))
        {
            _problems.Add($"Secret '{name}' of domain '{_name}'{(environment is null ? string.Empty : $" for '{environment}'")} is already defined; a second definition would silently replace the first.", "Give all its values in one call.");
            return this;
        }

        _secrets.Add(new SecretSpec(name, stringData.ToImmutableSortedDictionary(StringComparer.Ordinal), environment));
        return this;
    }

    /// <summary>
    /// References a secret kept in a cloud store (Azure Key Vault, AWS Secrets Manager) instead of git: adds a
    /// <c>SecretProviderClass</c> for the Secrets Store CSI driver that syncs the named objects into the Kubernetes
    /// Secret <paramref name="name"/> (mounted by a pod that uses the class).
    /// </summary>
    /// <param name="name">The SecretProviderClass and synced Secret name.</param>
    /// <param name="store">The store.</param>
    /// <param name="keys">Secret key → object name in the store.</param>
    /// <returns>This builder.</returns>
    public DomainBuilder ExternalSecret(string name, ExternalSecretStore store, IReadOnlyDictionary<string, string> keys)
    {
        Names.Check(name, nameof(name));
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("Name at least one key.", nameof(keys));
        }

        return Manifest(store.ProviderClass(name, _name, keys));
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
    /// <param name="credentialsSecret">The Secret (usually a SOPS-encrypted one from <see cref="Secret"/>); it must be declared.</param>
    /// <param name="image">The Liquibase image, pinned.</param>
    /// <returns>This builder.</returns>
    public DomainBuilder Migrations(Liquibase.LiquibaseChangelog changelog, string credentialsSecret, string image = "liquibase/liquibase:4.28.0")
    {
        ArgumentNullException.ThrowIfNull(changelog);
        Names.Check(credentialsSecret, nameof(credentialsSecret));
        if (!image.Contains(':', StringComparison.Ordinal) || image.EndsWith(":latest", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Pin the Liquibase image to a version, not '{image}'.", nameof(image));
        }

        if (_problems.Once(_migrations, $"The migrations of domain '{_name}'", "A domain has one changelog; include others from it."))
        {
            _migrations = new MigrationSpec(changelog, credentialsSecret, image);
        }

        return this;
    }

    /// <summary>
    /// Adds a dlt pipeline, the seed's five steps in one call: the dlt script (<c>pipelines/dlt/&lt;name&gt;.py</c>), its
    /// <c>.dlt/config.toml</c> entries and secrets template, pinned requirements, and a Kestra flow in the domain's
    /// namespace that clones the repository and runs it on the schedule, with the dlt environment variables mapped from
    /// Kestra secrets (named in the flow's description), retries and an error notification.
    /// </summary>
    /// <param name="name">The pipeline name, e.g. <c>stripe-postgres</c>.</param>
    /// <param name="describe">Source, destination, dataset, write disposition, schema hints, schedule.</param>
    /// <returns>This builder.</returns>
    public DomainBuilder Pipeline(string name, Action<Dlt.DltPipelineBuilder> describe)
    {
        ArgumentNullException.ThrowIfNull(describe);
        var builder = new Dlt.DltPipelineBuilder(name);
        describe(builder);
        Dlt.DltPipeline pipeline;
        try
        {
            pipeline = builder.Build();
        }
        catch (InvalidOperationException ex)
        {
            _problems.Add($"Domain '{_name}': {ex.Message}");
            return this;
        }

        if (_pipelines.Any(p => p.Name == name))
        {
            _problems.Add($"Pipeline '{name}' of domain '{_name}' is already defined; a second definition would silently replace the first.", "Give the second pipeline another name.");
            return this;
        }

        _pipelines.Add(pipeline);
        return this;
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
    /// <returns>This builder.</returns>
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

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        if (_applications.Any(a => a.Name == name))
        {
            _problems.Add($"Application '{name}' of domain '{_name}' is already defined; a second definition would silently replace the first.", "Give the second application another name.");
            return this;
        }

        _applications.Add(new ApplicationSpec(name, image, tag, semverRange, port, replicas));
        return this;
    }

    /// <summary>A setting in the domain's ConfigMap.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public DomainBuilder Setting(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!_settings.TryAdd(key, value))
        {
            _problems.Add($"Setting '{key}' of domain '{_name}' is already set; a second call would silently replace it.", "Set each key once.");
        }

        return this;
    }

    /// <summary>
    /// Rolls the domain's applications out progressively through Flagger (needs the infrastructure's
    /// <c>ProgressiveDelivery()</c>): a canary moves traffic in steps through ingress-nginx, checked against Prometheus;
    /// blue/green switches all traffic once the new version passed its checks. Flagger then owns the applications' Services.
    /// </summary>
    /// <param name="strategy">Canary or blue/green.</param>
    /// <param name="host">The host the applications are reached on (a canary shifts that Ingress's traffic; required for <see cref="RolloutStrategy.Canary"/>).</param>
    /// <returns>This builder.</returns>
    public DomainBuilder Rollout(RolloutStrategy strategy, string? host = null)
    {
        if (!Enum.IsDefined(strategy))
        {
            throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Not a rollout strategy.");
        }

        if (strategy == RolloutStrategy.Canary && (string.IsNullOrWhiteSpace(host) || Uri.CheckHostName(host) != UriHostNameType.Dns))
        {
            throw new ArgumentException($"A canary shifts the traffic of an Ingress: give the DNS host the applications are reached on ('{host}' is not one).", nameof(host));
        }

        if (_problems.Once(_rollout, $"The rollout of domain '{_name}'", "Give the rollout once."))
        {
            _rollout = new RolloutSpec(strategy, host);
        }

        return this;
    }
}
