using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace DataPlatform.Sdk.Manifests;

/// <summary>One registered kind: the apiVersion/kind pair and the CLR type it reads into.</summary>
/// <param name="ApiVersion">The API version, for example <c>helm.toolkit.fluxcd.io/v2</c>.</param>
/// <param name="Kind">The kind.</param>
/// <param name="ClrType">The model type.</param>
public sealed record ManifestKind(string ApiVersion, string Kind, Type ClrType)
{
    /// <summary>When set, this version is deprecated: the text says what replaces it.</summary>
    public string? Deprecation { get; init; }

    /// <summary>The API group (empty for the core group).</summary>
    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;
}

/// <summary>
/// Maps <c>apiVersion</c> + <c>kind</c> to CLR types. Open to user types: register your own CRDs with
/// <see cref="Register(ManifestKind)"/>. An unregistered kind still loads, as a <see cref="GenericManifest"/>.
/// </summary>
public sealed class KindRegistry
{
    private static readonly Lazy<KindRegistry> LazyDefault = new(CreateDefault);
    private static IReadOnlyList<ManifestModule>? s_explicitModules;
    private readonly ConcurrentDictionary<(string ApiVersion, string Kind), ManifestKind> _kinds = new();
    private readonly ConcurrentDictionary<Type, ManifestKind> _byType = new();
    private readonly ConcurrentDictionary<string, (string ApiVersion, string Kind)> _byFileName = new(StringComparer.Ordinal);

    /// <summary>
    /// The registry with every <see cref="ManifestModule"/> of the DataPlatform.Sdk packages the application references.
    /// </summary>
    public static KindRegistry Default => LazyDefault.Value;

    /// <summary>
    /// Makes <see cref="Default"/> hold exactly these modules instead of the ones found by looking through the
    /// application's assemblies. Native AOT applications (the <c>dataplatform</c> tool) and trimmed ones call it at
    /// start-up: nothing is discovered by loading assemblies, and start-up does no assembly scanning.
    /// </summary>
    /// <param name="modules">The modules, in registration order.</param>
    /// <exception cref="InvalidOperationException"><see cref="Default"/> was already built (call this first thing).</exception>
    public static void UseModules(IEnumerable<ManifestModule> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        if (LazyDefault.IsValueCreated)
        {
            throw new InvalidOperationException("KindRegistry.Default is already in use: call UseModules before loading, validating or building anything.");
        }

        s_explicitModules = [.. modules];
    }

    /// <summary>All registered kinds, ordered by apiVersion then kind.</summary>
    public IEnumerable<ManifestKind> Kinds => _kinds.Values.OrderBy(k => k.ApiVersion, StringComparer.Ordinal).ThenBy(k => k.Kind, StringComparer.Ordinal);

    /// <summary>The modules whose kinds this registry holds.</summary>
    public IReadOnlyList<ManifestModule> Modules => _modules;

    private readonly List<ManifestModule> _modules = [];

    /// <summary>Registers a kind (replacing an earlier registration of the same pair).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>This registry.</returns>
    public KindRegistry Register(ManifestKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        _kinds[(kind.ApiVersion, kind.Kind)] = kind;
        if (kind.Deprecation is null)
        {
            _byType[kind.ClrType] = kind;
        }
        else
        {
            _byType.TryAdd(kind.ClrType, kind);
        }

        return this;
    }

    /// <summary>Registers a kind by type.</summary>
    /// <typeparam name="T">The model type.</typeparam>
    /// <param name="apiVersion">The API version.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="deprecation">When set, the version is deprecated and this text names the replacement.</param>
    /// <returns>This registry.</returns>
    public KindRegistry Register<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(string apiVersion, string kind, string? deprecation = null) =>
        Register(new ManifestKind(apiVersion, kind, typeof(T)) { Deprecation = deprecation });

    /// <summary>Registers everything a module provides.</summary>
    /// <param name="module">The module.</param>
    /// <returns>This registry.</returns>
    public KindRegistry Add(ManifestModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        lock (_modules)
        {
            if (_modules.Any(m => m.GetType() == module.GetType()))
            {
                return this;
            }

            _modules.Add(module);
        }

        module.RegisterKinds(this);
        return this;
    }

    /// <summary>
    /// Declares the kind of documents without apiVersion/kind in files of this name (kustomize's
    /// <c>kustomization.yaml</c> may omit both).
    /// </summary>
    /// <param name="fileName">The file name, for example <c>kustomization.yaml</c>.</param>
    /// <param name="apiVersion">The apiVersion to assume.</param>
    /// <param name="kind">The kind to assume.</param>
    /// <returns>This registry.</returns>
    public KindRegistry RegisterFileName(string fileName, string apiVersion, string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        _byFileName[fileName] = (apiVersion, kind);
        return this;
    }

    /// <summary>
    /// Declares the kind of documents without apiVersion/kind in files whose path matches (dlt's profile files such as
    /// <c>.dlt/dev.secrets.toml</c>). Checked after the exact names of <see cref="RegisterFileName(string, string, string)"/>.
    /// </summary>
    /// <param name="matches">Whether a path (with '/' separators) is such a file.</param>
    /// <param name="apiVersion">The apiVersion to assume.</param>
    /// <param name="kind">The kind to assume.</param>
    /// <returns>This registry.</returns>
    public KindRegistry RegisterFileName(Func<string, bool> matches, string apiVersion, string kind)
    {
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        lock (_byPathPattern)
        {
            _byPathPattern.Add((matches, apiVersion, kind));
        }

        return this;
    }

    private readonly List<(Func<string, bool> Matches, string ApiVersion, string Kind)> _byPathPattern = [];

    /// <summary>
    /// Declares a kind for documents that carry no apiVersion/kind at all but are recognisable by their content (a
    /// Kestra flow: top-level <c>id</c>, <c>namespace</c> and flow keys). Such objects are written back without
    /// apiVersion/kind.
    /// </summary>
    /// <param name="apiVersion">A stand-in apiVersion for the kind (never written to files).</param>
    /// <param name="kind">The kind.</param>
    /// <param name="matches">Whether a document's JSON is of this kind.</param>
    /// <returns>This registry.</returns>
    public KindRegistry RegisterRecognizer(string apiVersion, string kind, Func<System.Text.Json.JsonElement, bool> matches)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(matches);
        lock (_recognizers)
        {
            _recognizers.RemoveAll(r => r.ApiVersion == apiVersion && r.Kind == kind);
            _recognizers.Add((apiVersion, kind, matches));
        }

        return this;
    }

    /// <summary>The recognised kind of a document without apiVersion/kind, if any recogniser claims it.</summary>
    /// <param name="json">The document.</param>
    /// <returns>The apiVersion and kind, or <see langword="null"/>.</returns>
    public (string ApiVersion, string Kind)? Recognize(System.Text.Json.JsonElement json)
    {
        lock (_recognizers)
        {
            foreach (var (apiVersion, kind, matches) in _recognizers)
            {
                if (matches(json))
                {
                    return (apiVersion, kind);
                }
            }
        }

        return null;
    }

    private readonly List<(string ApiVersion, string Kind, Func<System.Text.Json.JsonElement, bool> Matches)> _recognizers = [];

    /// <summary>
    /// Adds a reader for files that are not YAML or JSON (Liquibase's XML and formatted SQL changelogs): it turns them
    /// into YAML trees whose positions point into the original file, so every diagnostic names the right line.
    /// </summary>
    /// <param name="reader">The reader.</param>
    /// <returns>This registry.</returns>
    public KindRegistry RegisterReader(IDocumentReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        lock (_readers)
        {
            if (!_readers.Any(r => r.GetType() == reader.GetType()))
            {
                _readers.Add(reader);
            }
        }

        return this;
    }

    /// <summary>The reader that claims a file, if any (files it does not claim are read as YAML/JSON).</summary>
    /// <param name="path">The file path.</param>
    /// <param name="text">The file content.</param>
    /// <returns>The reader, or <see langword="null"/>.</returns>
    public IDocumentReader? ReaderFor(string path, string text)
    {
        lock (_readers)
        {
            // Asked for every file of a load: a loop, no closure.
            foreach (var reader in _readers)
            {
                if (reader.CanRead(path, text))
                {
                    return reader;
                }
            }

            return null;
        }
    }

    /// <summary>Whether some reader may claim files with this extension (so a repository looks at them).</summary>
    /// <param name="extension">The extension with its dot, e.g. <c>.xml</c>.</param>
    /// <returns><see langword="true"/> when a reader handles the extension.</returns>
    public bool HasReaderFor(string extension)
    {
        lock (_readers)
        {
            foreach (var reader in _readers)
            {
                var extensions = reader.Extensions;
                for (var i = 0; i < extensions.Count; i++)
                {
                    if (string.Equals(extensions[i], extension, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }

    private readonly List<IDocumentReader> _readers = [];

    /// <summary>The kind assumed for documents without apiVersion/kind in a file of this name, if any.</summary>
    /// <param name="path">A file path.</param>
    /// <returns>The apiVersion and kind, or <see langword="null"/>.</returns>
    public (string ApiVersion, string Kind)? DefaultForFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = path.Replace('\\', '/');
        var name = full[(full.LastIndexOf('/') + 1)..];
        if (_byFileName.TryGetValue(name, out var pair))
        {
            return pair;
        }

        lock (_byPathPattern)
        {
            return _byPathPattern.FirstOrDefault(p => p.Matches(full)) is { Matches: not null } m ? (m.ApiVersion, m.Kind) : null;
        }
    }

    /// <summary>Looks up a kind.</summary>
    /// <param name="apiVersion">The API version.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="result">The registration.</param>
    /// <returns><see langword="true"/> when registered.</returns>
    public bool TryGet(string apiVersion, string kind, [NotNullWhen(true)] out ManifestKind? result) =>
        _kinds.TryGetValue((apiVersion, kind), out result);

    /// <summary>Looks up the registration of a CLR type (its current, non-deprecated version when there are several).</summary>
    /// <param name="type">The type.</param>
    /// <param name="result">The registration.</param>
    /// <returns><see langword="true"/> when registered.</returns>
    public bool TryGet(Type type, [NotNullWhen(true)] out ManifestKind? result) => _byType.TryGetValue(type, out result);

    /// <summary>Creates a registry holding the given modules.</summary>
    /// <param name="modules">The modules.</param>
    /// <returns>The registry.</returns>
    public static KindRegistry Create(IEnumerable<ManifestModule> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        var registry = new KindRegistry();
        foreach (var m in modules)
        {
            registry.Add(m);
        }

        return registry;
    }

    private static KindRegistry CreateDefault()
    {
        if (s_explicitModules is { } modules)
        {
            return Create(modules);
        }

        var registry = new KindRegistry();
        foreach (var module in ManifestModuleDiscovery.Discover())
        {
            registry.Add(module);
        }

        AppDomain.CurrentDomain.AssemblyLoad += (_, e) =>
        {
            foreach (var module in ManifestModuleDiscovery.ModulesOf(e.LoadedAssembly))
            {
                registry.Add(module);
            }
        };
        return registry;
    }
}

/// <summary>
/// Reads a non-YAML file format into YAML trees with positions in the original file. A repository load calls a reader
/// for several files at once (see <see cref="ManifestLoaderOptions.MaxDegreeOfParallelism"/>): keep it stateless.
/// </summary>
public interface IDocumentReader
{
    /// <summary>The file extensions the reader may claim (with the dot).</summary>
    IReadOnlyList<string> Extensions { get; }

    /// <summary>Whether the reader reads this file.</summary>
    /// <param name="path">The path.</param>
    /// <param name="text">The content.</param>
    /// <returns><see langword="true"/> to have <see cref="Read"/> called.</returns>
    bool CanRead(string path, string text);

    /// <summary>Reads the file; problems become diagnostics in the result, never exceptions.</summary>
    /// <param name="text">The content.</param>
    /// <param name="displayPath">The path to name in diagnostics.</param>
    /// <returns>The documents and diagnostics.</returns>
    Yaml.YamlReadResult Read(string text, string displayPath);
}

/// <summary>Finds the <see cref="ManifestModule"/>s of the DataPlatform.Sdk assemblies an application uses.</summary>
internal static class ManifestModuleDiscovery
{
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Module types are named by an assembly attribute whose constructor keeps them.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Module types are kept by ManifestModuleAttribute.")]
    public static IEnumerable<ManifestModule> ModulesOf(Assembly assembly)
    {
        foreach (var attribute in assembly.GetCustomAttributes<ManifestModuleAttribute>())
        {
            if (Activator.CreateInstance(attribute.ModuleType) is ManifestModule module)
            {
                yield return module;
            }
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Referenced assemblies are loaded by name only to look for the module attribute.")]
    public static IEnumerable<ManifestModule> Discover()
    {
        var assemblies = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        foreach (var a in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (SimpleName(a) is { } n)
            {
                assemblies.TryAdd(n, a);
            }
        }

        // Load the DataPlatform.Sdk.* assemblies the application references, even those not touched yet.
        var queue = new Queue<Assembly>(assemblies.Values.Where(a => SimpleName(a)?.StartsWith("DataPlatform", StringComparison.Ordinal) == true || a == Assembly.GetEntryAssembly()));
        if (Assembly.GetEntryAssembly() is { } entry && !queue.Contains(entry))
        {
            queue.Enqueue(entry);
        }

        // Every DataPlatform assembly the application ships (deps.json), even when no code has touched it yet.
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string tpa)
        {
            foreach (var file in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                if (name.StartsWith("DataPlatform.Sdk", StringComparison.Ordinal) && !assemblies.ContainsKey(name))
                {
                    try
                    {
                        var loaded = Assembly.Load(new AssemblyName(name));
                        assemblies[name] = loaded;
                        queue.Enqueue(loaded);
                    }
                    catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
                    {
                        // Not loadable here: it has no kinds to offer.
                    }
                }
            }
        }

        while (queue.Count > 0)
        {
            var a = queue.Dequeue();
            AssemblyName[] references;
            try
            {
                references = a.GetReferencedAssemblies();
            }
            catch (Exception ex) when (ex is System.Globalization.CultureNotFoundException or PlatformNotSupportedException)
            {
                // A satellite reference in globalization-invariant mode, or Native AOT (which has no reference metadata
                // and has every assembly loaded already).
                continue;
            }

            foreach (var reference in references)
            {
                if (reference.Name is not { } name || assemblies.ContainsKey(name) || !name.StartsWith("DataPlatform", StringComparison.Ordinal))
                {
                    continue;
                }

                try
                {
                    var loaded = Assembly.Load(reference);
                    assemblies[name] = loaded;
                    queue.Enqueue(loaded);
                }
                catch (FileNotFoundException)
                {
                    // A reference that is not deployed has no kinds to offer.
                }
            }
        }

        return assemblies.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => ModulesOf(p.Value)).ToList();
    }

    /// <summary>
    /// An assembly's simple name; <see langword="null"/> for satellite assemblies, whose names build a CultureInfo that
    /// throws in globalization-invariant mode (seen under Native AOT).
    /// </summary>
    private static string? SimpleName(Assembly assembly)
    {
        string? full;
        try
        {
            full = assembly.FullName;
        }
        catch (System.Globalization.CultureNotFoundException)
        {
            return null; // A satellite (resource) assembly in globalization-invariant mode: it holds no modules.
        }

        if (full is null)
        {
            return null;
        }

        var comma = full.IndexOf(',', StringComparison.Ordinal);
        return comma < 0 ? full : full[..comma];
    }
}
