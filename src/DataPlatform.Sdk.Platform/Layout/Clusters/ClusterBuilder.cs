using DataPlatform.Sdk.Flux;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>How a cluster's Flux source follows the repository.</summary>
/// <param name="Kind">branch, tag, semver or commit.</param>
/// <param name="Value">The branch, tag, range or SHA.</param>
public sealed record SourceTracking(string Kind, string Value);

/// <summary>A cluster of the description.</summary>
internal sealed record ClusterSpec(string Name, SourceTracking Tracking);

/// <summary>Configures how a cluster follows the repository. Production should follow releases, not a branch (seed §7).</summary>
public sealed class ClusterBuilder
{
    private readonly string _name;
    private readonly DescriptionProblems _problems;
    private SourceTracking? _tracking;

    internal ClusterBuilder(string name, DescriptionProblems problems)
    {
        _name = name;
        _problems = problems;
    }

    internal ClusterSpec Spec => new(_name, _tracking ?? new SourceTracking("branch", "main"));

    /// <summary>Follow a branch (development environments).</summary>
    /// <param name="branch">The branch.</param>
    /// <returns>This builder.</returns>
    /// <value>Default: <c>main</c>.</value>
    public ClusterBuilder TrackBranch(string branch)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(branch);
        return Track(new SourceTracking("branch", branch));
    }

    /// <summary>Follow the newest tag matching a semver range: promoting means tagging a release.</summary>
    /// <param name="range">The range, for example <c>&gt;=1.0.0</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The range is not a valid semver constraint.</exception>
    public ClusterBuilder TrackSemVer(string range)
    {
        if (!SemVerRange.IsValid(range))
        {
            throw new ArgumentException($"'{range}' is not a valid semver range.", nameof(range));
        }

        return Track(new SourceTracking("semver", range));
    }

    /// <summary>Follow one tag: promoting means changing it in a reviewed change.</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>This builder.</returns>
    public ClusterBuilder TrackTag(string tag)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        return Track(new SourceTracking("tag", tag));
    }

    /// <summary>Follow one commit.</summary>
    /// <param name="sha">The full commit SHA.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">Not a 40-character hex SHA.</exception>
    public ClusterBuilder TrackCommit(string sha)
    {
        if (sha is null || sha.Length != 40 || !sha.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException("A commit must be a full 40-character SHA.", nameof(sha));
        }

        return Track(new SourceTracking("commit", sha));
    }

    private ClusterBuilder Track(SourceTracking tracking)
    {
        if (_problems.Once(_tracking, $"What cluster '{_name}' follows ({_tracking?.Kind} {_tracking?.Value})", "A cluster follows one branch, tag, semver range or commit; keep one Track… call."))
        {
            _tracking = tracking;
        }

        return this;
    }
}

/// <summary>Configures the git source Flux reconciles the repository from.</summary>
public sealed class GitSourceBuilder
{
    private readonly DescriptionProblems _problems;

    internal GitSourceBuilder(DescriptionProblems problems) => _problems = problems;

    internal string? UrlValue { get; private set; }

    internal string? SecretValue { get; private set; }

    /// <summary>The repository URL (https:// or ssh://).</summary>
    /// <param name="url">The URL.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The URL is not absolute.</exception>
    public GitSourceBuilder Url(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"'{url}' is not an absolute URL.", nameof(url));
        }

        if (_problems.Once(UrlValue, "The repository URL", "Give the URL once."))
        {
            UrlValue = url;
        }

        return this;
    }

    /// <summary>The Secret holding the git credentials (created by <c>flux bootstrap</c>).</summary>
    /// <param name="name">The Secret name.</param>
    /// <returns>This builder.</returns>
    /// <value>Default: <c>flux-system</c>.</value>
    public GitSourceBuilder SecretRef(string name)
    {
        Names.Check(name, nameof(name));
        if (_problems.Once(SecretValue, "The git credentials Secret", "Give the Secret once."))
        {
            SecretValue = name;
        }

        return this;
    }
}
