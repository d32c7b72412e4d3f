namespace DataPlatform.Sdk.Files;

/// <summary>
/// A normalised, repository-relative path: forward slashes, no <c>.</c> or <c>..</c> segments, never absolute,
/// never escaping the repository root.
/// </summary>
public readonly record struct RepoPath : IComparable<RepoPath>
{
    private RepoPath(string value) => Value = value;

    /// <summary>The path, for example <c>clusters/dev/flux-system/gotk-sync.yaml</c>.</summary>
    public string Value { get; }

    /// <summary>Parses and normalises a path.</summary>
    /// <param name="path">A relative path; <c>\</c> is accepted as a separator.</param>
    /// <returns>The normalised path.</returns>
    /// <exception cref="ArgumentException">The path is empty, absolute, or leaves the repository root.</exception>
    public static RepoPath Parse(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var p = path.Replace('\\', '/');
        if (p.StartsWith('/') || (p.Length >= 2 && char.IsAsciiLetter(p[0]) && p[1] == ':' && (p.Length == 2 || p[2] == '/')))
        {
            throw new ArgumentException($"'{path}' is absolute; repository paths are relative to the repository root.", nameof(path));
        }

        var parts = new List<string>();
        foreach (var segment in p.Split('/'))
        {
            switch (segment)
            {
                case "" or ".":
                    continue;
                case "..":
                    if (parts.Count == 0)
                    {
                        throw new ArgumentException($"'{path}' leaves the repository root.", nameof(path));
                    }

                    parts.RemoveAt(parts.Count - 1);
                    break;
                default:
                    if (segment.Contains('\0', StringComparison.Ordinal))
                    {
                        throw new ArgumentException($"'{path}' holds a NUL character.", nameof(path));
                    }

                    parts.Add(segment);
                    break;
            }
        }

        return parts.Count == 0
            ? throw new ArgumentException($"'{path}' names the repository root, not a file.", nameof(path))
            : new RepoPath(string.Join('/', parts));
    }

    /// <summary>
    /// Why the path cannot be written on every operating system (a character Windows forbids, a reserved device
    /// name, a trailing dot or space), or <see langword="null"/> when it can. File names are data: a non-portable one is
    /// a warning, never a reason to stop.
    /// </summary>
    /// <returns>The reason, or <see langword="null"/>.</returns>
    public string? PortabilityProblem()
    {
        foreach (var segment in (Value ?? string.Empty).Split('/'))
        {
            if (segment.IndexOfAny([':', '*', '?', '"', '<', '>', '|', '\\']) >= 0 || segment.Any(char.IsControl))
            {
                return $"'{segment}' holds a character Windows does not allow in file names";
            }

            if (segment.EndsWith('.') || segment.EndsWith(' '))
            {
                return $"'{segment}' ends with a dot or space, which Windows drops";
            }

            var stem = segment.Split('.')[0].ToUpperInvariant();
            if (stem is "CON" or "PRN" or "AUX" or "NUL" || (stem.Length == 4 && (stem.StartsWith("COM", StringComparison.Ordinal) || stem.StartsWith("LPT", StringComparison.Ordinal)) && char.IsAsciiDigit(stem[3])))
            {
                return $"'{segment}' is a reserved device name on Windows";
            }
        }

        return null;
    }

    /// <summary>The folder part (empty at the root).</summary>
    public string Directory => Value.Contains('/', StringComparison.Ordinal) ? Value[..Value.LastIndexOf('/')] : string.Empty;

    /// <summary>The file name.</summary>
    public string FileName => Value[(Value.LastIndexOf('/') + 1)..];

    /// <summary>Converts text to a path.</summary>
    /// <param name="path">The text.</param>
    public static implicit operator RepoPath(string path) => Parse(path);

    /// <inheritdoc />
    public int CompareTo(RepoPath other) => string.CompareOrdinal(Value, other.Value);

    /// <summary>Ordinal comparison.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>The result.</returns>
    public static bool operator <(RepoPath left, RepoPath right) => left.CompareTo(right) < 0;

    /// <summary>Ordinal comparison.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>The result.</returns>
    public static bool operator >(RepoPath left, RepoPath right) => left.CompareTo(right) > 0;

    /// <summary>Ordinal comparison.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>The result.</returns>
    public static bool operator <=(RepoPath left, RepoPath right) => left.CompareTo(right) <= 0;

    /// <summary>Ordinal comparison.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>The result.</returns>
    public static bool operator >=(RepoPath left, RepoPath right) => left.CompareTo(right) >= 0;

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
