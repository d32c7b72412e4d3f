namespace DataPlatform.Sdk.Yaml;

/// <summary>Limits and switches for reading YAML. The defaults keep hostile input bounded in time and memory.</summary>
public sealed record YamlReaderOptions
{
    /// <summary>The shared defaults.</summary>
    public static YamlReaderOptions Default { get; } = new();

    /// <summary>Largest file accepted, in bytes.</summary>
    /// <value>Default: 16 MiB.</value>
    public long MaxFileBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Deepest nesting of mappings and sequences accepted.</summary>
    /// <value>Default: 200.</value>
    public int MaxDepth { get; init; } = 200;

    /// <summary>
    /// Most JSON nodes one document may expand to through aliases, beyond the nodes written out in the file.
    /// </summary>
    /// <value>Default: 100,000.</value>
    public int MaxAliasExpansion { get; init; } = 100_000;
}
