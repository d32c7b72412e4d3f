using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Files;

namespace DataPlatform.Sdk.Repository;

/// <summary>
/// A check of the repository as a whole. Each package contributes its own through its module
/// (<see cref="Manifests.ManifestModule.RepositoryRules"/>); register your own through DI (<c>AddRepositoryRule</c>)
/// or pass them to a <see cref="RepositoryValidator"/> to enforce team policies.
/// </summary>
public interface IRepositoryRule
{
    /// <summary>The codes the rule reports.</summary>
    IReadOnlyList<DiagnosticDescriptor> Descriptors { get; }

    /// <summary>
    /// Checks the repository. A validation runs its rules concurrently, each with its own context: a rule keeps no state
    /// of its own between calls, and what it shares through <see cref="RepositoryContext.Shared{T}"/> (computed once, by
    /// the first rule to ask) must be safe to use from several threads and must not depend on which rule asked first.
    /// </summary>
    /// <param name="context">The repository, shared results of other rules, and where to report.</param>
    void Check(RepositoryContext context);

    /// <summary>
    /// Codes of per-file rules that this rule decides instead in a repository, where it knows more (the Flux release a
    /// cluster runs, say): the per-file diagnostics of these codes are dropped when the rule runs.
    /// </summary>
    IReadOnlyList<string> Supersedes => [];
}

/// <summary>What a repository rule sees: the repository, results shared between rules, and the report.</summary>
public sealed class RepositoryContext
{
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly SharedState _state;

    internal RepositoryContext(GitOpsRepository repository)
        : this(repository, new SharedState())
    {
    }

    /// <summary>A context for one rule of a validation: its own report, the shared results and excuses of all.</summary>
    internal RepositoryContext(GitOpsRepository repository, SharedState state)
    {
        Repository = repository;
        _state = state;
    }

    /// <summary>The repository.</summary>
    public GitOpsRepository Repository { get; }

    /// <summary>The diagnostics reported so far through this context (each rule of a validation has its own).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>A result computed once per validation and shared by the rules that need it.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="key">The result's name.</param>
    /// <param name="create">Computes it.</param>
    /// <returns>The result.</returns>
    public T Shared<T>(string key, Func<T> create)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(create);

        // Rules run concurrently: the first to ask computes the result, the others wait for it.
        return (T)_state.Results.GetOrAdd(key, _ => new Lazy<object>(() => create(), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    /// <summary>What the rules of one validation share.</summary>
    internal sealed class SharedState
    {
        public System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<object>> Results { get; } = new(StringComparer.Ordinal);

        public System.Collections.Concurrent.ConcurrentDictionary<(string Path, string Code), bool> Excused { get; } = new();

        public bool IsExcused(string path, string code) => Excused.ContainsKey((path, code));
    }

    /// <summary>
    /// Excuses a file from a per-file code where the repository shows it does not apply (a kustomize patch is a
    /// partial object by design, so its missing required fields are not errors).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="code">The code.</param>
    public void Excuse(RepoPath path, string code) => _state.Excused.TryAdd((path.Value, code), true);

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

    /// <summary>Adds diagnostics made elsewhere (a shared analysis's own findings).</summary>
    /// <param name="diagnostics">The diagnostics.</param>
    public void Report(IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        _diagnostics.AddRange(diagnostics);
    }
}

/// <summary>
/// Validates a whole repository: each file's own diagnostics plus every <see cref="IRepositoryRule"/>. The default
/// validator runs the rules every referenced package's module contributes.
/// </summary>
public sealed class RepositoryValidator
{
    private readonly IReadOnlyList<IRepositoryRule> _rules;
    private readonly SeverityOverrides _overrides;

    /// <summary>Creates a validator.</summary>
    /// <param name="rules">The rules; the built-in ones of every package when <see langword="null"/>.</param>
    /// <param name="overrides">Per-code severity overrides.</param>
    public RepositoryValidator(IEnumerable<IRepositoryRule>? rules = null, SeverityOverrides? overrides = null)
    {
        _rules = [.. rules ?? BuiltInRules];
        _overrides = overrides ?? SeverityOverrides.None;
    }

    /// <summary>The rules the packages' modules contribute, in module order.</summary>
    public static IReadOnlyList<IRepositoryRule> BuiltInRules => [.. Manifests.KindRegistry.Default.Modules.SelectMany(m => m.RepositoryRules)];

    /// <summary>The validator with the built-in rules.</summary>
    public static RepositoryValidator Default => new();

    /// <summary>The rules this validator runs.</summary>
    public IReadOnlyList<IRepositoryRule> Rules => _rules;

    /// <summary>Validates a repository.</summary>
    /// <param name="repository">The repository.</param>
    /// <returns>The report, sorted.</returns>
    public ValidationReport Validate(GitOpsRepository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var state = new RepositoryContext.SharedState();
        var contexts = _rules.Select(_ => new RepositoryContext(repository, state)).ToArray();

        // Rules that read files (the credential scan reads every one) resolve each directory once during this run.
        using var scope = Files.SafeFiles.ResolutionScope();

        // The rules run on every core, one rule at a time to whichever core is free (they differ a hundredfold in cost;
        // ranges would pile them up), each reporting into its own context; the reports are put together in rule order.
        var order = System.Collections.Concurrent.Partitioner.Create(Enumerable.Range(0, _rules.Count), System.Collections.Concurrent.EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                _rules[i].Check(contexts[i]);
            }
#pragma warning disable CA1031 // A faulty rule must become a diagnostic, never a crash of the whole validation.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                contexts[i].Report(Validation.ObjectValidator.RuleFailed, new SourceLocation(".", 1, 1), $"Rule {_rules[i].GetType().Name} failed: {ex.GetType().Name}: {ex.Message}");
            }
        });

        var superseded = _rules.SelectMany(r => r.Supersedes).ToHashSet(StringComparer.Ordinal);
        var fileDiagnostics = repository.Files.Where(f => f.Manifests is not null)
            .SelectMany(f => f.Manifests!.Diagnostics.Diagnostics.Where(d => !state.IsExcused(f.Path.Value, d.Code) && !superseded.Contains(d.Code)));
        return new ValidationReport(_overrides.Apply(fileDiagnostics.Concat(contexts.SelectMany(c => c.Diagnostics))));
    }
}
