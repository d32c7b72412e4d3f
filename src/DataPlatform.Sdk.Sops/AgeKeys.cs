namespace DataPlatform.Sdk.Sops;

/// <summary>
/// Finds age identities the way sops does: the <c>SOPS_AGE_KEY</c> variable (key file contents), the file named by
/// <c>SOPS_AGE_KEY_FILE</c>, and the default key file (<c>$XDG_CONFIG_HOME/sops/age/keys.txt</c>, else
/// <c>~/.config/sops/age/keys.txt</c>; <c>%AppData%\sops\age\keys.txt</c> on Windows,
/// <c>~/Library/Application Support/sops/age/keys.txt</c> on macOS).
/// </summary>
public static class AgeKeys
{
    /// <summary>Reads every identity of a key file's text (lines starting with <c>AGE-SECRET-KEY-1</c>; comments and blank lines skipped).</summary>
    /// <param name="text">The key file content.</param>
    /// <returns>The identities.</returns>
    /// <exception cref="SopsException">A line that looks like a key does not parse (the message names the line, not its content).</exception>
    public static IReadOnlyList<AgeIdentity> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<AgeIdentity>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            try
            {
                result.Add(AgeIdentity.Parse(line));
            }
            catch (FormatException ex)
            {
                throw new SopsException($"Line {lineNumber} of the age key file is not an age identity.", ex);
            }
        }

        return result;
    }

    /// <summary>The default key file path of sops on this OS.</summary>
    /// <returns>The path.</returns>
    public static string DefaultKeyFile()
    {
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "sops", "age", "keys.txt");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsMacOS())
        {
            return Path.Combine(home, "Library", "Application Support", "sops", "age", "keys.txt");
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".config") : xdg, "sops", "age", "keys.txt");
    }

    /// <summary>Every identity sops would find: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, then the default key file.</summary>
    /// <param name="environment">Reads a variable; the process environment when <see langword="null"/>.</param>
    /// <returns>The identities, possibly none.</returns>
    public static IReadOnlyList<AgeIdentity> FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var result = new List<AgeIdentity>();
        if (environment("SOPS_AGE_KEY") is { Length: > 0 } inline)
        {
            result.AddRange(Parse(inline));
        }

        if (environment("SOPS_AGE_KEY_FILE") is { Length: > 0 } file)
        {
            if (!File.Exists(file))
            {
                throw new SopsException($"SOPS_AGE_KEY_FILE names '{file}', which does not exist.");
            }

            result.AddRange(Parse(File.ReadAllText(file)));
        }

        var defaultFile = DefaultKeyFile();
        if (File.Exists(defaultFile))
        {
            result.AddRange(Parse(File.ReadAllText(defaultFile)));
        }

        return result;
    }

    /// <summary>
    /// The identity to encrypt for, as the sample and <c>init --example</c> use it: the first identity of
    /// <c>SOPS_AGE_KEY_FILE</c> (or the default key file), creating that file with a new identity when it does not exist.
    /// </summary>
    /// <param name="created">Whether a new key file was written.</param>
    /// <param name="path">The key file used.</param>
    /// <param name="environment">Reads a variable; the process environment when <see langword="null"/>.</param>
    /// <returns>The identity.</returns>
    public static AgeIdentity LoadOrCreate(out bool created, out string path, Func<string, string?>? environment = null) =>
        LoadOrCreate(out created, out path, environment, postQuantum: false);

    /// <summary>As <see cref="LoadOrCreate(out bool, out string, Func{string, string?}?)"/>, creating a post-quantum identity if asked.</summary>
    /// <param name="created">Whether a new key file was written.</param>
    /// <param name="path">The key file used.</param>
    /// <param name="environment">Reads a variable; the process environment when <see langword="null"/>.</param>
    /// <param name="postQuantum">Create a post-quantum hybrid identity (<c>AGE-SECRET-KEY-PQ-1…</c>, as <c>age-keygen -pq</c>) when creating one.</param>
    /// <returns>The identity.</returns>
    public static AgeIdentity LoadOrCreate(out bool created, out string path, Func<string, string?>? environment, bool postQuantum)
    {
        environment ??= Environment.GetEnvironmentVariable;
        path = environment("SOPS_AGE_KEY_FILE") is { Length: > 0 } file ? file : DefaultKeyFile();
        if (File.Exists(path))
        {
            created = false;
            var read = Files.SafeFiles.Read(path, null, 1024 * 1024);
            var existing = read.Bytes is { } bytes ? Parse(System.Text.Encoding.UTF8.GetString(bytes)) : throw new SopsException($"The age key file '{path}' cannot be read: {read.Reason}");
            return existing.Count > 0 ? existing[0] : throw new SopsException($"The age key file '{path}' holds no identity.");
        }

        var identity = postQuantum ? AgeIdentity.GeneratePostQuantum() : AgeIdentity.Generate();
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);

        // An interrupted earlier run may have left a temporary key file (with a private key in it): remove it first.
        var prefix = "." + Path.GetFileName(path) + ".";
        foreach (var leftover in Directory.EnumerateFiles(folder, prefix + "*" + Files.SafeFiles.TemporarySuffix))
        {
            File.Delete(leftover);
        }

        // Created exclusively under a random name (never through a link), private from the first byte, then moved.
        var temp = Path.Combine(folder, prefix + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)).ToLowerInvariant() + Files.SafeFiles.TemporarySuffix);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // The key file is private, as age-keygen makes it.
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(identity.ToKeyFile(DateTimeOffset.UtcNow));
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: false);
        }
        finally
        {
            File.Delete(temp);
        }

        created = true;
        return identity;
    }
}
