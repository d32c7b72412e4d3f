namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>A tenant of the description.</summary>
internal sealed record TenantSpec(string Name, string Cpu, string Memory, string DefaultCpu, string DefaultMemory, string ClusterRole)
{
    /// <summary>The node pool (workload class) the tenant's generated workloads run on, if any.</summary>
    public string? NodePool { get; init; }

    /// <summary>Whether the tenant gets a storage class of its own (<c>&lt;tenant&gt;-data</c>) and may use no other.</summary>
    public bool DedicatedStorage { get; init; }

    /// <summary>A tenant with the defaults: 8 CPU and 32Gi requests, 100m/128Mi container defaults, the <c>edit</c> role.</summary>
    public static TenantSpec Default(string name) => new(name, "8", "32Gi", "100m", "128Mi", "edit");
}

/// <summary>Configures a tenant's isolation.</summary>
public sealed class TenantBuilder
{
    private readonly string _name;
    private readonly DescriptionProblems _problems;
    private (string Cpu, string Memory)? _quota;
    private (string Cpu, string Memory)? _defaults;
    private string? _role;
    private string? _pool;
    private bool _dedicatedStorage;

    internal TenantBuilder(string name, DescriptionProblems problems)
    {
        _name = name;
        _problems = problems;
    }

    internal TenantSpec Spec
    {
        get
        {
            var d = TenantSpec.Default(_name);
            return d with
            {
                Cpu = _quota?.Cpu ?? d.Cpu,
                Memory = _quota?.Memory ?? d.Memory,
                DefaultCpu = _defaults?.Cpu ?? d.DefaultCpu,
                DefaultMemory = _defaults?.Memory ?? d.DefaultMemory,
                ClusterRole = _role ?? d.ClusterRole,
                NodePool = _pool,
                DedicatedStorage = _dedicatedStorage,
            };
        }
    }

    /// <summary>The ResourceQuota (requests).</summary>
    /// <param name="cpu">CPU, for example <c>8</c>.</param>
    /// <param name="memory">Memory, for example <c>32Gi</c>.</param>
    /// <returns>This builder.</returns>
    /// <value>Default: 8 CPU, 32Gi.</value>
    public TenantBuilder Quota(string cpu, string memory)
    {
        var value = (Names.Quantity(cpu, nameof(cpu)), Names.Quantity(memory, nameof(memory)));
        if (_problems.Once(_quota, $"The quota of tenant '{_name}'", "Give the quota once."))
        {
            _quota = value;
        }

        return this;
    }

    /// <summary>The LimitRange default requests of containers.</summary>
    /// <param name="cpu">CPU, for example <c>100m</c>.</param>
    /// <param name="memory">Memory, for example <c>128Mi</c>.</param>
    /// <returns>This builder.</returns>
    public TenantBuilder DefaultRequests(string cpu, string memory)
    {
        var value = (Names.Quantity(cpu, nameof(cpu)), Names.Quantity(memory, nameof(memory)));
        if (_problems.Once(_defaults, $"The default requests of tenant '{_name}'", "Give the default requests once."))
        {
            _defaults = value;
        }

        return this;
    }

    /// <summary>The ClusterRole the tenant's service account gets in its namespace.</summary>
    /// <param name="clusterRole">For example <c>edit</c> or <c>view</c>.</param>
    /// <returns>This builder.</returns>
    /// <value>Default: <c>edit</c>.</value>
    public TenantBuilder Role(string clusterRole)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterRole);
        if (_problems.Once(_role, $"The role of tenant '{_name}'", "Give the role once."))
        {
            _role = clusterRole;
        }

        return this;
    }

    /// <summary>
    /// Runs the tenant's generated workloads (applications, migration Jobs) on a node pool of their own: a node selector
    /// on <c>data-platform/workload-class</c> and a toleration for the pool's <c>workload-class</c> taint.
    /// </summary>
    /// <param name="workloadClass">The pool's workload class, e.g. <c>data</c> or <c>batch</c>.</param>
    /// <returns>This builder.</returns>
    public TenantBuilder NodePool(string workloadClass)
    {
        Names.Check(workloadClass, nameof(workloadClass));
        if (_problems.Once(_pool, $"The node pool of tenant '{_name}'", "Give the node pool once."))
        {
            _pool = workloadClass;
        }

        return this;
    }

    /// <summary>
    /// Gives the tenant persistent volumes of its own (the seed: "tenant-specific persistent volumes for data
    /// isolation"): a storage class <c>&lt;tenant&gt;-data</c> (the cloud's disk CSI driver, volumes retained), made the
    /// tenant's default and the only one its claims may use — enforced by the tenant operator, so the standard profile only.
    /// </summary>
    /// <returns>This builder.</returns>
    public TenantBuilder DedicatedStorage()
    {
        _dedicatedStorage = true;
        return this;
    }
}
