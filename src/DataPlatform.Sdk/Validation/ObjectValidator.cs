using System.Text.Json;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Manifests;

namespace DataPlatform.Sdk.Validation;

/// <summary>
/// Validates single objects, whether read from files or made in code: the structural check against the model
/// (<see cref="ShapeValidator"/>) and then every applicable <see cref="IObjectRule"/>.
/// </summary>
public sealed class ObjectValidator
{
    /// <summary>Internal failure of a rule (reported instead of crashing).</summary>
    public static readonly DiagnosticDescriptor RuleFailed = new(
        "DPS021", "A validation rule failed", DiagnosticSeverity.Error,
        "This is a bug in the rule, not in your file; please report it with the file that triggers it.");

    private static readonly Lazy<ObjectValidator> LazyDefault = new(() => new ObjectValidator(KindRegistry.Default.Modules.SelectMany(m => m.Rules)));
    private readonly IReadOnlyList<IObjectRule> _rules;

    /// <summary>Creates a validator.</summary>
    /// <param name="rules">The rules.</param>
    /// <param name="overrides">Per-code severity overrides.</param>
    /// <param name="strict">Unknown fields are errors (<see langword="true"/>, like kubectl's default) or warnings.</param>
    public ObjectValidator(IEnumerable<IObjectRule> rules, SeverityOverrides? overrides = null, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = [.. rules];
        Overrides = overrides ?? SeverityOverrides.None;
        Strict = strict;
    }

    /// <summary>A validator with the rules of every module in <see cref="KindRegistry.Default"/>.</summary>
    public static ObjectValidator Default => LazyDefault.Value;

    /// <summary>The severity overrides applied to every diagnostic.</summary>
    public SeverityOverrides Overrides { get; }

    /// <summary>Whether unknown fields are errors.</summary>
    public bool Strict { get; }

    /// <summary>The rules.</summary>
    public IReadOnlyList<IObjectRule> Rules => _rules;

    /// <summary>Validates one object, made in code or loaded.</summary>
    /// <param name="obj">The object.</param>
    /// <returns>The report.</returns>
    public ValidationReport Validate(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var source = ManifestOrigins.Get(obj);
        var json = JsonSerializer.SerializeToElement(obj, ManifestJson.TypeInfo(obj.GetType()));
        var structural = CheckShape(json, obj.GetType(), source);
        var invalid = structural.Any(d => d.Severity == DiagnosticSeverity.Error);
        return new ValidationReport(Overrides.Apply(structural.Concat(CheckAllRules(obj, source, structurallyInvalid: invalid))));
    }

    /// <summary>Validates several objects.</summary>
    /// <param name="objects">The objects.</param>
    /// <returns>One report for all.</returns>
    public ValidationReport Validate(IEnumerable<object> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        return new ValidationReport(objects.SelectMany(o => Validate(o).Diagnostics));
    }

    /// <summary>The structural check of JSON against a model type, as diagnostics.</summary>
    /// <param name="json">The JSON.</param>
    /// <param name="type">The model type.</param>
    /// <param name="source">Where it was read from.</param>
    /// <returns>The diagnostics (overrides not applied).</returns>
    public IReadOnlyList<Diagnostic> CheckShape(JsonElement json, Type type, ManifestSource? source)
    {
        var result = new List<Diagnostic>();
        foreach (var issue in ShapeValidator.Validate(json, type))
        {
            if (issue.Pointer == "/sops" && issue.Descriptor == SdkDiagnostics.UnknownField)
            {
                continue; // SOPS metadata of an encrypted manifest; Flux removes it when it decrypts.
            }

            var severity = issue.Descriptor == SdkDiagnostics.UnknownField && !Strict ? DiagnosticSeverity.Warning : (DiagnosticSeverity?)null;
            result.Add(issue.Descriptor.Create(issue.Message, issue.Pointer, source?.Locate(issue.Pointer), severity: severity));
        }

        return result;
    }

    /// <summary>
    /// Runs every rule on an object that has structural errors (an unknown field, a value out of range, a value of the
    /// wrong type left out): the rules see what did load. A rule that fails on such an object reports nothing — the
    /// structural error already says what is wrong.
    /// </summary>
    /// <param name="obj">The object.</param>
    /// <param name="source">Where it was read from.</param>
    /// <param name="structurallyInvalid">Whether the object has structural errors.</param>
    /// <returns>The diagnostics (overrides not applied).</returns>
    public IReadOnlyList<Diagnostic> CheckAllRules(object obj, ManifestSource? source, bool structurallyInvalid)
    {
        var found = CheckRules(obj, source);
        return structurallyInvalid ? [.. found.Where(d => d.Code != RuleFailed.Code)] : found;
    }

    /// <summary>Runs the rules on one object (no structural check).</summary>
    /// <param name="obj">The object.</param>
    /// <param name="source">Where it was read from.</param>
    /// <param name="onlyRobustRules">Run only the rules that accept objects kept in generic form.</param>
    /// <returns>The diagnostics (overrides not applied).</returns>
    public IReadOnlyList<Diagnostic> CheckRules(object obj, ManifestSource? source, bool onlyRobustRules = false)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var context = new RuleContext(source);
        foreach (var rule in _rules)
        {
            if ((onlyRobustRules && !rule.RunsOnStructuralErrors) || !rule.AppliesTo(obj))
            {
                continue;
            }

            try
            {
                rule.Check(obj, context);
            }
#pragma warning disable CA1031 // A faulty rule must become a diagnostic, never a crash of the whole validation.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                context.Report(RuleFailed, $"Rule {rule.GetType().Name} failed: {ex.GetType().Name}: {ex.Message}");
            }
        }

        return context.Diagnostics;
    }
}
