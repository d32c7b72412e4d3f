namespace DataPlatform.Sdk.Flux;

/// <summary>Whether a Flux release serves an API version.</summary>
public enum FluxApiStatus
{
    /// <summary>Not a Flux API version this table knows.</summary>
    Unknown,

    /// <summary>Served, and the newest stable version of its kind in that release.</summary>
    Current,

    /// <summary>Served, but a newer version of the kind is served too: migrate before the old one is removed.</summary>
    Deprecated,

    /// <summary>Not served: the cluster rejects the object (removed, or not yet introduced).</summary>
    NotServed,
}

/// <summary>
/// Which Flux release serves which API version of each kind, from Flux 2.0 on. Sources: the controllers' CHANGELOGs
/// ("The v1beta1 APIs were removed", kustomize-controller 1.7.0 / Flux 2.7; "v1beta2 … removed", 1.8.0 / Flux 2.8),
/// the Flux roadmap's "EOL and Deprecations" per milestone (v2.7: source, kustomize, notification, helm v2beta1 and
/// image v1beta1 removed; v2.8: source and kustomize v1beta2, helm v2beta2; v2.9: image and notification v1beta2) and
/// the release notes of the GA promotions (2.0: GitRepository, Kustomization, Receiver v1; 2.2: HelmRelease v2beta2,
/// Alert/Provider v1beta3; 2.3: HelmRelease v2, HelmRepository, HelmChart, Bucket v1; 2.6: OCIRepository and the image
/// APIs v1; 2.7: ExternalArtifact). The vendored CRDs of Flux 2.9 (reference/flux) serve exactly the newest versions.
/// </summary>
public static class FluxApiVersions
{
    /// <summary>The newest Flux release this SDK models (its CRDs are vendored).</summary>
    public static Version Newest { get; } = new(2, 9);

    private static readonly Version Before = new(2, 0);
    private static readonly Version Never = new(int.MaxValue, 0);

    private static readonly string[] Sources = ["GitRepository", "HelmRepository", "HelmChart", "Bucket", "OCIRepository"];
    private static readonly string[] Notifications = ["Alert", "Provider", "Receiver"];
    private static readonly string[] Images = ["ImageRepository", "ImagePolicy", "ImageUpdateAutomation"];

    /// <summary>Each (apiVersion, kind) with the first release serving it and the first release that no longer does.</summary>
    public static IReadOnlyList<(string ApiVersion, string Kind, Version Since, Version RemovedIn)> Table { get; } = Build();

    /// <summary>What a Flux release makes of an apiVersion/kind.</summary>
    /// <param name="apiVersion">The object's apiVersion.</param>
    /// <param name="kind">The object's kind.</param>
    /// <param name="flux">The Flux release (major.minor), for example 2.3.</param>
    /// <returns>The status, and the version to use instead (the newest one that release serves).</returns>
    public static (FluxApiStatus Status, string? Replacement) Check(string apiVersion, string kind, Version flux)
    {
        ArgumentNullException.ThrowIfNull(apiVersion);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(flux);
        var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;
        var rows = Table.Where(r => r.Kind == kind && r.ApiVersion.StartsWith(group + "/", StringComparison.Ordinal)).ToList();
        var row = rows.FirstOrDefault(r => r.ApiVersion == apiVersion);
        if (row.ApiVersion is null)
        {
            return (FluxApiStatus.Unknown, null);
        }

        var served = rows.Where(r => r.Since <= flux && flux < r.RemovedIn).ToList();
        var newest = served.Count == 0 ? null : served[^1].ApiVersion;
        if (!served.Any(r => r.ApiVersion == apiVersion))
        {
            return (FluxApiStatus.NotServed, newest);
        }

        return newest == apiVersion ? (FluxApiStatus.Current, null) : (FluxApiStatus.Deprecated, newest);
    }

    /// <summary>Reads a Flux release from a version label such as <c>v2.3.0</c> (major.minor only).</summary>
    /// <param name="label">The label value.</param>
    /// <returns>The release, or <see langword="null"/> when it is not a version.</returns>
    public static Version? ParseRelease(string? label)
    {
        var text = label?.Trim().TrimStart('v', 'V');
        var parts = text?.Split('.', '-', '+');
        return parts is { Length: >= 2 } && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var major)
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minor)
            ? new Version(major, minor)
            : null;
    }

    // Rows of one kind are listed oldest version first, so the newest served row is the last one that matches.
    private static List<(string, string, Version, Version)> Build()
    {
        var rows = new List<(string, string, Version, Version)>();
        void Add(string apiVersion, IEnumerable<string> kinds, Version since, Version removedIn) =>
            rows.AddRange(kinds.Select(k => (apiVersion, k, since, removedIn)));
        var v = (int minor) => new Version(2, minor);

        Add("source.toolkit.fluxcd.io/v1beta1", Sources.Where(k => k != "OCIRepository"), Before, v(7));
        Add("source.toolkit.fluxcd.io/v1beta2", Sources, Before, v(8));
        Add("source.toolkit.fluxcd.io/v1", ["GitRepository"], Before, Never);
        Add("source.toolkit.fluxcd.io/v1", ["HelmRepository", "HelmChart", "Bucket"], v(3), Never);
        Add("source.toolkit.fluxcd.io/v1", ["OCIRepository"], v(6), Never);
        Add("source.toolkit.fluxcd.io/v1", ["ExternalArtifact"], v(7), Never);
        Add("kustomize.toolkit.fluxcd.io/v1beta1", ["Kustomization"], Before, v(7));
        Add("kustomize.toolkit.fluxcd.io/v1beta2", ["Kustomization"], Before, v(8));
        Add("kustomize.toolkit.fluxcd.io/v1", ["Kustomization"], Before, Never);
        Add("helm.toolkit.fluxcd.io/v2beta1", ["HelmRelease"], Before, v(7));
        Add("helm.toolkit.fluxcd.io/v2beta2", ["HelmRelease"], v(2), v(8));
        Add("helm.toolkit.fluxcd.io/v2", ["HelmRelease"], v(3), Never);
        Add("notification.toolkit.fluxcd.io/v1beta1", Notifications, Before, v(7));
        Add("notification.toolkit.fluxcd.io/v1beta2", Notifications, Before, v(9));
        Add("notification.toolkit.fluxcd.io/v1beta3", ["Alert", "Provider"], v(2), Never);
        Add("notification.toolkit.fluxcd.io/v1", ["Receiver"], Before, Never);
        Add("image.toolkit.fluxcd.io/v1beta1", Images, Before, v(7));
        Add("image.toolkit.fluxcd.io/v1beta2", Images, Before, v(9));
        Add("image.toolkit.fluxcd.io/v1", Images, v(6), Never);
        return rows;
    }
}
