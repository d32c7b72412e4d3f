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
        if (IsNormal(path))
        {
            return new RepoPath(path); // Already normal (every path a repository load makes): no copy.
        }

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

    /// <summary>Whether the text is already a normal path: relative, '/'-separated, no empty, '.' or '..' segment, no NUL.</summary>
    private static bool IsNormal(string path)
    {
        if (path[0] == '/' || path[^1] == '/' || path.AsSpan().IndexOfAny('\\', '\0') >= 0 || path.Length >= 2 && path[1] == ':')
        {
            return false;
        }

        foreach (var range in path.AsSpan().Split('/'))
        {
            var segment = path.AsSpan(range);
            if (segment is "" or "." or "..")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Why the path cannot be written on every operating system (a character Windows forbids, a reserved device
    /// name, a trailing dot or space), or <see langword="null"/> when it can. File names are data: a non-portable one is
    /// a warning, never a reason to stop.
    /// </summary>
    /// <returns>The reason, or <see langword="null"/>.</returns>
    public string? PortabilityProblem()
    {
        var value = Value ?? string.Empty;
        foreach (var range in value.AsSpan().Split('/'))
        {
            var segment = value.AsSpan(range);
            if (segment.IndexOfAny(WindowsForbidden) >= 0)
            {
                return $"'{segment}' holds a character Windows does not allow in file names";
            }

            if (segment.EndsWith('.') || segment.EndsWith(' '))
            {
                return $"'{segment}' ends with a dot or space, which Windows drops";
            }

            var dot = segment.IndexOf('.');
            var stem = dot < 0 ? segment : segment[..dot];
            if (stem.Equals("CON", StringComparison.OrdinalIgnoreCase) || stem.Equals("PRN", StringComparison.OrdinalIgnoreCase)
                || stem.Equals("AUX", StringComparison.OrdinalIgnoreCase) || stem.Equals("NUL", StringComparison.OrdinalIgnoreCase)
                || stem.Length == 4 && (stem.StartsWith("COM", StringComparison.OrdinalIgnoreCase) || stem.StartsWith("LPT", StringComparison.OrdinalIgnoreCase)) && char.IsAsciiDigit(stem[3]))
            {
                return $"'{segment}' is a reserved device name on Windows";
            }
        }

        return null;
    }

    /// <summary>Characters Windows does not allow in a file name: <c>:*?"&lt;&gt;|\</c> and control characters.</summary>
    private static readonly System.Buffers.SearchValues<char> WindowsForbidden = System.Buffers.SearchValues.Create(
        ":*?\"<>|\\" + new string([.. Enumerable.Range(0, 32).Select(i => (char)i)]) + new string([.. Enumerable.Range(0x7F, 0x21).Select(i => (char)i)]));

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
