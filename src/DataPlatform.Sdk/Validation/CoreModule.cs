using System.Text.RegularExpressions;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Validation;

[assembly: ManifestModule(typeof(CoreModule))]

namespace DataPlatform.Sdk.Validation;

/// <summary>The engine's own rules, which apply to every Kubernetes-style object.</summary>
public sealed class CoreModule : ManifestModule
{
    /// <inheritdoc />
    public override void RegisterKinds(KindRegistry registry)
    {
    }

    /// <inheritdoc />
    public override IEnumerable<IObjectRule> Rules => [new ObjectNameRule()];

    /// <inheritdoc />
    public override IEnumerable<DiagnosticDescriptor> Diagnostics => [.. SdkDiagnostics.All, ObjectValidator.RuleFailed];
}

/// <summary>DPS020: <c>metadata.name</c> is a DNS-1123 subdomain and <c>metadata.namespace</c> a DNS-1123 label.</summary>
public sealed partial class ObjectNameRule : ObjectRule<IManifest>
{
    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors => [SdkDiagnostics.InvalidName];

    /// <inheritdoc />
    public override bool RunsOnStructuralErrors => true;

    /// <inheritdoc />
    protected override void Check(IManifest obj, RuleContext context)
    {
        // RBAC objects may use ':' (system:…); their names are path segments, not DNS names.
        if (obj.ApiVersion.StartsWith("rbac.authorization.k8s.io/", StringComparison.Ordinal))
        {
            return;
        }

        if (obj.Metadata.Name is { } name && !IsDns1123Subdomain(name))
        {
            context.Report(SdkDiagnostics.InvalidName, $"Name '{name}' is not a valid DNS-1123 subdomain.", "/metadata/name");
        }

        if (obj.Metadata.Namespace is { } ns && !IsDns1123Label(ns))
        {
            context.Report(SdkDiagnostics.InvalidName, $"Namespace '{ns}' is not a valid DNS-1123 label (at most 63 characters).", "/metadata/namespace");
        }
    }

    /// <summary>Lower-case alphanumerics, '-' and '.', at most 253 characters, starting and ending alphanumeric.</summary>
    /// <param name="value">The name.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool IsDns1123Subdomain(string value) => value.Length <= 253 && Subdomain().IsMatch(value);

    /// <summary>Lower-case alphanumerics and '-', at most 63 characters, starting and ending alphanumeric.</summary>
    /// <param name="value">The name.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool IsDns1123Label(string value) => value.Length <= 63 && Label().IsMatch(value);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Label();
}
