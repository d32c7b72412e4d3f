using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Platform.Repository;

namespace DataPlatform.Sdk.Platform.Validation;

/// <summary>A check of the repository as a whole. Register your own through DI to enforce team policies.</summary>
public interface IRepositoryRule
{
    /// <summary>The codes the rule reports.</summary>
    IReadOnlyList<DiagnosticDescriptor> Descriptors { get; }

    /// <summary>Checks the repository.</summary>
    /// <param name="context">The repository, what Flux builds from it, and where to report.</param>
    void Check(RepositoryContext context);

    /// <summary>
    /// Codes of per-file rules that this rule decides instead in a repository, where it knows more (the Flux release a
    /// cluster runs, say): the per-file diagnostics of these codes are dropped when the rule runs.
    /// </summary>
    IReadOnlyList<string> Supersedes => [];
}

/// <summary>What a repository rule sees: the repository, its builds and scopes, and the report.</summary>
public sealed class RepositoryContext
{
    private readonly List<Diagnostic> _diagnostics = [];

    internal RepositoryContext(GitOpsRepository repository)
    {
        Repository = repository;
        Graph = new BuildGraph(repository);
        Scopes = FluxScopes.Compute(repository, Graph);
    }

    /// <summary>The repository.</summary>
    public GitOpsRepository Repository { get; }

    /// <summary>The cluster scopes: the objects each cluster entry point reconciles.</summary>
    public IReadOnlyList<FluxScope> Scopes { get; }

    internal BuildGraph Graph { get; }

    /// <summary>The diagnostics reported so far.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>Reports a problem about an object.</summary>
    /// <param name="descriptor">The code.</param>
    /// <param name="obj">The object.</param>
    /// <param name="pointer">Where in the object.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="help">How to fix it.</param>
    public void Report(DiagnosticDescriptor descriptor, RepositoryObject obj, string pointer, string message, string? help = null)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(obj);
        _diagnostics.Add(descriptor.Create(message, pointer, obj.Locate(pointer), help));
    }

    /// <summary>Reports a finding in a file that holds no object (a script).</summary>
    /// <param name="descriptor">The code.</param>
    /// <param name="location">The file and line.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="severity">A severity other than the code's default.</param>
    public void Report(DiagnosticDescriptor descriptor, SourceLocation location, string message, DiagnosticSeverity? severity = null)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        _diagnostics.Add(descriptor.Create(message, string.Empty, location, severity: severity));
    }

    /// <summary>Reports a finding with a severity other than the code's default.</summary>
    /// <param name="descriptor">The code.</param>
    /// <param name="severity">The severity.</param>
    /// <param name="obj">The object.</param>
    /// <param name="pointer">Where in the object.</param>
    /// <param name="message">What is wrong.</param>
    public void Report(DiagnosticDescriptor descriptor, DiagnosticSeverity severity, RepositoryObject obj, string pointer, string message)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(obj);
        _diagnostics.Add(descriptor.Create(message, pointer, obj.Locate(pointer), severity: severity));
    }

    private readonly Dictionary<string, object> _cache = new(StringComparer.Ordinal);

    internal T Cache<T>(string key, Func<T> create)
        where T : class
    {
        if (!_cache.TryGetValue(key, out var value))
        {
            _cache[key] = value = create();
        }

        return (T)value;
    }
}

/// <summary>Validates a whole repository: each file's own diagnostics plus every <see cref="IRepositoryRule"/>.</summary>
public sealed class RepositoryValidator
{
    private readonly IReadOnlyList<IRepositoryRule> _rules;
    private readonly SeverityOverrides _overrides;

    /// <summary>Creates a validator.</summary>
    /// <param name="rules">The rules; the built-in ones when <see langword="null"/>.</param>
    /// <param name="overrides">Per-code severity overrides.</param>
    public RepositoryValidator(IEnumerable<IRepositoryRule>? rules = null, SeverityOverrides? overrides = null)
    {
        _rules = [.. rules ?? BuiltInRules];
        _overrides = overrides ?? SeverityOverrides.None;
    }

    /// <summary>The built-in rules.</summary>
    public static IReadOnlyList<IRepositoryRule> BuiltInRules { get; } =
    [
        new ReferenceRules(), new DependencyCycleRule(), new DuplicateObjectRule(), new PlaintextSecretRule(),
        new ProductionRefRule(), new TenantIsolationRule(), new KestraFlowRules(), new SopsRules(), new ChangelogIncludeRule(), new DltRules(), new ProductionImageRule(), new ProductionChartRule(), new FluxApiVersionRule(), new FileNameRule(), new CredentialScanRule(),
    ];

    /// <summary>The validator with the built-in rules.</summary>
    public static RepositoryValidator Default { get; } = new();

    /// <summary>The repository paths that kustomizations use as patches.</summary>
    /// <param name="repository">The repository.</param>
    /// <returns>The paths.</returns>
    public static HashSet<string> PatchFiles(GitOpsRepository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in repository.Files.Where(f => f.IsKustomization))
        {
            var k = file.Kustomization;
            if (k is null)
            {
                continue;
            }

            var dir = file.Path.Directory;
            foreach (var entry in k.Patches.Select(p => p.Path).Concat(k.PatchesStrategicMerge).Concat(k.PatchesJson6902.Select(p => p.Path)))
            {
                if (!string.IsNullOrWhiteSpace(entry) && !BuildGraph.IsRemote(entry))
                {
                    try
                    {
                        result.Add(Files.RepoPath.Parse((dir.Length == 0 ? string.Empty : dir + "/") + entry).Value);
                    }
                    catch (ArgumentException)
                    {
                        // Reported by the build graph as an entry outside the repository.
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Validates a repository.</summary>
    /// <param name="repository">The repository.</param>
    /// <returns>The report, sorted.</returns>
    public ValidationReport Validate(GitOpsRepository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var context = new RepositoryContext(repository);
        foreach (var rule in _rules)
        {
            try
            {
                rule.Check(context);
            }
#pragma warning disable CA1031 // A faulty rule must become a diagnostic, never a crash of the whole validation.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                context.Report(Sdk.Validation.ObjectValidator.RuleFailed, new SourceLocation(".", 1, 1), $"Rule {rule.GetType().Name} failed: {ex.GetType().Name}: {ex.Message}");
            }
        }

        // Files used as patches are partial objects by design: a missing required field there is not an error.
        var patchFiles = PatchFiles(repository);
        var superseded = _rules.SelectMany(r => r.Supersedes).ToHashSet(StringComparer.Ordinal);
        var fileDiagnostics = repository.Files.Where(f => f.Manifests is not null)
            .SelectMany(f => f.Manifests!.Diagnostics.Diagnostics.Where(d => !(d.Code == SdkDiagnostics.RequiredField.Code && patchFiles.Contains(f.Path.Value)) && !superseded.Contains(d.Code)));
        return new ValidationReport(_overrides.Apply(fileDiagnostics.Concat(context.Graph.Diagnostics).Concat(context.Diagnostics)));
    }
}
