using System.Text.Json;
using DataPlatform.Sdk.Json;

namespace DataPlatform.Sdk.Flux;

/// <summary>The value must be a Go duration Flux accepts (DPF003).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class GoDurationAttribute : JsonConstraintAttribute
{
    /// <inheritdoc />
    public override ShapeIssue? Check(JsonElement value, string pointer) =>
        value.ValueKind == JsonValueKind.String && !FluxDuration.TryParse(value.GetString(), out _)
            ? Issue(FluxDiagnostics.InvalidDuration, pointer, FluxDuration.Explain(value.GetString()!))
            : null;
}

/// <summary>The value must be a semver constraint (DPF006).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SemVerRangeAttribute : JsonConstraintAttribute
{
    /// <inheritdoc />
    public override ShapeIssue? Check(JsonElement value, string pointer) =>
        value.ValueKind == JsonValueKind.String && !SemVerRange.IsValid(value.GetString())
            ? Issue(FluxDiagnostics.InvalidSemVer, pointer, $"'{value.GetString()}' is not a valid semver range; use for example '>=1.0.0 <2.0.0', '^1.2' or '1.4.x'.")
            : null;
}
