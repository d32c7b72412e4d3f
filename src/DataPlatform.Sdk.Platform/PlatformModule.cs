using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Platform;
using DataPlatform.Sdk.Platform.Validation;

[assembly: ManifestModule(typeof(PlatformModule))]

namespace DataPlatform.Sdk.Platform;

/// <summary>Announces the repository-level diagnostics (the package adds no kinds).</summary>
public sealed class PlatformModule : ManifestModule
{
    /// <inheritdoc />
    public override void RegisterKinds(KindRegistry registry)
    {
    }

    /// <inheritdoc />
    public override IEnumerable<DiagnosticDescriptor> Diagnostics => RepositoryDiagnostics.All;
}
