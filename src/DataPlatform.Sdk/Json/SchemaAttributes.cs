using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using DataPlatform.Sdk.Diagnostics;

namespace DataPlatform.Sdk.Json;

/// <summary>
/// Marks a model whose schema is open: fields it does not declare are allowed (and kept in its extension data).
/// Without it, undeclared fields are kept for lossless writing but reported as unknown.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class AllowUnknownFieldsAttribute : Attribute;

/// <summary>
/// Picks the concrete model of a polymorphic value from its JSON (for example a Kestra task from its <c>type</c>), so
/// that <see cref="ShapeValidator"/> checks each value against the type it will be read into.
/// </summary>
public interface IShapeTypeResolver
{
    /// <summary>The concrete type for a JSON object.</summary>
    /// <param name="json">The object.</param>
    /// <returns>The type to validate it against.</returns>
    Type Resolve(JsonElement json);
}

/// <summary>Names the <see cref="IShapeTypeResolver"/> of a polymorphic base type.</summary>
/// <param name="resolverType">A type implementing <see cref="IShapeTypeResolver"/> with a public parameterless constructor.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface, Inherited = false)]
public sealed class ShapeResolverAttribute(
    [System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] Type resolverType) : Attribute
{
    /// <summary>The resolver type.</summary>
    [System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)]
    public Type ResolverType { get; } = resolverType;
}

/// <summary>
/// A constraint on a property's JSON value with its own diagnostic code and message, checked by
/// <see cref="ShapeValidator"/> (for example Go durations or semver ranges).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, AllowMultiple = true)]
public abstract class JsonConstraintAttribute : ValidationAttribute
{
    /// <summary>Checks a non-null JSON value.</summary>
    /// <param name="value">The value.</param>
    /// <param name="pointer">Where it is.</param>
    /// <returns>The problem, or <see langword="null"/> when the value is fine.</returns>
    public abstract ShapeIssue? Check(JsonElement value, string pointer);

    /// <inheritdoc />
    public override bool IsValid(object? value) => true;

    /// <summary>Builds an issue.</summary>
    /// <param name="descriptor">The code.</param>
    /// <param name="pointer">Where.</param>
    /// <param name="message">What.</param>
    /// <returns>The issue.</returns>
    protected static ShapeIssue Issue(DiagnosticDescriptor descriptor, string pointer, string message) => new(descriptor, pointer, message);
}

/// <summary>Length limits of a string (characters) or a list (items), as a schema's minLength/maxLength/minItems/maxItems (DPS015).</summary>
/// <param name="min">Minimum length.</param>
/// <param name="max">Maximum length.</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SchemaLengthAttribute(int min, int max) : JsonConstraintAttribute
{
    /// <summary>Minimum length.</summary>
    public int Min { get; } = min;

    /// <summary>Maximum length.</summary>
    public int Max { get; } = max;

    /// <inheritdoc />
    public override ShapeIssue? Check(JsonElement value, string pointer)
    {
        var (length, unit) = value.ValueKind switch
        {
            JsonValueKind.String => (value.GetString()!.Length, "characters"),
            JsonValueKind.Array => (value.GetArrayLength(), "items"),
            _ => (-1, string.Empty),
        };
        if (length < 0 || (length >= Min && length <= Max))
        {
            return null;
        }

        return Issue(SdkDiagnostics.OutOfRange, pointer, length < Min
            ? $"Has {length} {unit}; at least {Min} required."
            : $"Has {length} {unit}; at most {Max} allowed.");
    }
}

/// <summary>Numeric limits, as a schema's minimum/maximum (DPS015).</summary>
/// <param name="min">Minimum value.</param>
/// <param name="max">Maximum value.</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SchemaRangeAttribute(double min, double max) : JsonConstraintAttribute
{
    /// <summary>Minimum value.</summary>
    public double Min { get; } = min;

    /// <summary>Maximum value.</summary>
    public double Max { get; } = max;

    /// <inheritdoc />
    public override ShapeIssue? Check(JsonElement value, string pointer) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && (d < Min || d > Max)
            ? Issue(SdkDiagnostics.OutOfRange, pointer, $"{value.GetRawText()} is outside the range {Min.ToString(System.Globalization.CultureInfo.InvariantCulture)}..{Max.ToString(System.Globalization.CultureInfo.InvariantCulture)}.")
            : null;
}
