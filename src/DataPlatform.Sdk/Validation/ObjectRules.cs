using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Manifests;

namespace DataPlatform.Sdk.Validation;

/// <summary>A check of one object. Implementations are stateless and registered through DI or a <see cref="ManifestModule"/>.</summary>
public interface IObjectRule
{
    /// <summary>The codes this rule can report.</summary>
    IReadOnlyList<DiagnosticDescriptor> Descriptors { get; }

    /// <summary>Whether the rule looks at this object.</summary>
    /// <param name="obj">The object.</param>
    /// <returns><see langword="true"/> to have <see cref="Check"/> called.</returns>
    bool AppliesTo(object obj);

    /// <summary>Checks the object and reports problems to the context.</summary>
    /// <param name="obj">The object.</param>
    /// <param name="context">Where to report.</param>
    void Check(object obj, RuleContext context);

    /// <summary>
    /// Whether the rule also runs on objects with structural errors (unknown fields, missing required fields), whose
    /// members may be missing. Only rules that read nothing but apiVersion, kind and metadata should say yes.
    /// </summary>
    bool RunsOnStructuralErrors => false;
}

/// <summary>Base class for a rule about objects of type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The model type.</typeparam>
public abstract class ObjectRule<T> : IObjectRule
    where T : class
{
    /// <inheritdoc />
    public abstract IReadOnlyList<DiagnosticDescriptor> Descriptors { get; }

    /// <inheritdoc />
    public virtual bool AppliesTo(object obj) => obj is T;

    /// <inheritdoc />
    public virtual bool RunsOnStructuralErrors => false;

    /// <inheritdoc />
    public void Check(object obj, RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (obj is T typed)
        {
            Check(typed, context);
        }
    }

    /// <summary>Checks one object.</summary>
    /// <param name="obj">The object.</param>
    /// <param name="context">Where to report.</param>
    protected abstract void Check(T obj, RuleContext context);
}

/// <summary>Collects the diagnostics of one object, placing each at the file and line its JSON pointer leads to.</summary>
public sealed class RuleContext
{
    private readonly List<Diagnostic> _diagnostics = [];

    /// <summary>Creates a context.</summary>
    /// <param name="source">Where the object was read from, or <see langword="null"/> for objects made in code.</param>
    public RuleContext(ManifestSource? source) => Source = source;

    /// <summary>Where the object was read from.</summary>
    public ManifestSource? Source { get; }

    /// <summary>The diagnostics reported so far.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>Reports a problem.</summary>
    /// <param name="descriptor">The code.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="pointer">Where, as a JSON pointer into the object.</param>
    /// <param name="help">How to fix it; the code's general hint when <see langword="null"/>.</param>
    public void Report(DiagnosticDescriptor descriptor, string message, string pointer = "", string? help = null)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        _diagnostics.Add(descriptor.Create(message, pointer, Source?.Locate(pointer), help));
    }

    /// <summary>Reports a finding with a severity other than the code's default (a rule that cannot be sure warns).</summary>
    /// <param name="descriptor">The code.</param>
    /// <param name="severity">The severity.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="pointer">Where, as a JSON pointer into the object.</param>
    /// <param name="help">How to fix it; the code's general hint when <see langword="null"/>.</param>
    public void Report(DiagnosticDescriptor descriptor, DiagnosticSeverity severity, string message, string pointer = "", string? help = null)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        _diagnostics.Add(descriptor.Create(message, pointer, Source?.Locate(pointer), help, severity));
    }
}
