using System.Text.Json;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Validation;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Manifests;

/// <summary>One document of a loaded file.</summary>
/// <param name="Index">0-based position among the file's non-empty documents.</param>
/// <param name="Source">Where it was read from; its YAML tree is built on first use.</param>
/// <param name="Object">The object read from it: a typed model, a <see cref="GenericManifest"/>, or <see langword="null"/> when unreadable.</param>
/// <param name="Kind">The registration used, or <see langword="null"/> for unknown kinds.</param>
public sealed record LoadedDocument(int Index, ManifestSource Source, object? Object, ManifestKind? Kind)
{
    /// <summary>The YAML tree (comments and positions kept).</summary>
    public YamlDocument Yaml => Source.Document;
}

/// <summary>The result of loading one file: its documents, the objects in them and every diagnostic.</summary>
/// <param name="FilePath">The path as given (or the display path).</param>
/// <param name="Documents">The documents, in file order.</param>
/// <param name="Diagnostics">Syntax, structure and rule diagnostics, sorted.</param>
public sealed record LoadResult(string FilePath, IReadOnlyList<LoadedDocument> Documents, ValidationReport Diagnostics)
{
    /// <summary>The <see cref="IDocumentReader"/> that read a non-YAML file (XML, formatted SQL), or <see langword="null"/> for YAML/JSON.</summary>
    public IDocumentReader? Reader { get; init; }

    /// <summary>The objects read, in file order.</summary>
    public IEnumerable<object> Objects => Documents.Where(d => d.Object is not null).Select(d => d.Object!);

    /// <summary>
    /// The file's size and last write time when it was read (files read from disk only): a writer compares them before
    /// replacing the file, so that an edit made meanwhile is never overwritten.
    /// </summary>
    public (long Length, DateTime LastWriteUtc)? Stamp { get; init; }

    /// <summary>The decoded text the documents were read from (files read as text), kept for whole-repository checks.</summary>
    internal string? Text { get; init; }
}

/// <summary>Options for <see cref="ManifestLoader"/>.</summary>
public sealed record ManifestLoaderOptions
{
    /// <summary>The shared defaults.</summary>
    public static ManifestLoaderOptions Default { get; } = new();

    /// <summary>Limits for the YAML reader.</summary>
    public YamlReaderOptions Yaml { get; init; } = YamlReaderOptions.Default;

    /// <summary>Run the per-object rules after reading.</summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool RunRules { get; init; } = true;

    /// <summary>
    /// How many files a repository load reads and checks at once. Files are independent, and the results are put
    /// together in path order, so the outcome is the same for any value; <see cref="IDocumentReader"/>s and object
    /// rules are called from several threads (they are stateless). Set 1 to read one file after another.
    /// </summary>
    /// <value>Default: <see cref="Environment.ProcessorCount"/>.</value>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        init => _maxDegreeOfParallelism = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least 1.");
    }

    private readonly int _maxDegreeOfParallelism = Environment.ProcessorCount;
}

/// <summary>
/// Reads manifest files (multi-document YAML or JSON) into typed models. Bad content never throws: it becomes
/// diagnostics with file, line, column and JSON pointer, and whatever could be read is returned.
/// </summary>
public sealed class ManifestLoader
{
    private static readonly Lazy<ManifestLoader> LazyDefault = new(() => new ManifestLoader(KindRegistry.Default, ObjectValidator.Default));

    /// <summary>Creates a loader.</summary>
    /// <param name="registry">The kinds to recognise.</param>
    /// <param name="validator">The rules to apply (strictness and severity overrides included).</param>
    /// <param name="options">Options.</param>
    public ManifestLoader(KindRegistry registry, ObjectValidator validator, ManifestLoaderOptions? options = null)
    {
        Registry = registry ?? throw new ArgumentNullException(nameof(registry));
        Validator = validator ?? throw new ArgumentNullException(nameof(validator));
        Options = options ?? ManifestLoaderOptions.Default;
    }

    /// <summary>The loader with every kind and rule of the referenced DataPlatform.Sdk packages.</summary>
    public static ManifestLoader Default => LazyDefault.Value;

    /// <summary>The kinds recognised.</summary>
    public KindRegistry Registry { get; }

    /// <summary>The validator.</summary>
    public ObjectValidator Validator { get; }

    /// <summary>The options.</summary>
    public ManifestLoaderOptions Options { get; }

    /// <summary>Loads a file with the default loader.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The result.</returns>
    public static LoadResult LoadFile(string path) => Default.Load(path);

    /// <summary>Loads text with the default loader.</summary>
    /// <param name="text">YAML or JSON.</param>
    /// <param name="displayPath">The path to name in diagnostics.</param>
    /// <returns>The result.</returns>
    public static LoadResult LoadString(string text, string displayPath = "<memory>") => Default.Parse(text, displayPath);

    /// <summary>Loads a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="displayPath">The path to name in diagnostics (for example relative to a repository root).</param>
    /// <returns>The result.</returns>
    public LoadResult Load(string path, string? displayPath = null) => Load(path, displayPath, root: null);

    /// <summary>Loads a file of a repository: a symbolic link out of <paramref name="root"/> is not followed.</summary>
    /// <param name="path">The file.</param>
    /// <param name="displayPath">The path to name in diagnostics.</param>
    /// <param name="root">The repository root, or <see langword="null"/>.</param>
    /// <returns>The result.</returns>
    public LoadResult Load(string path, string? displayPath, string? root)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        displayPath ??= path.Replace('\\', '/');
        var (text, diagnostics) = YamlReader.DecodeFile(path, displayPath, Options.Yaml, root, out var stamp);
        return (text is null
            ? new LoadResult(displayPath, [], new ValidationReport(Validator.Overrides.Apply(diagnostics)))
            : ReadText(text, displayPath, diagnostics)) with { Stamp = stamp ?? StampOf(path), Text = text };
    }

    /// <summary>The size and last write time of a file, or <see langword="null"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The stamp.</returns>
    public static (long Length, DateTime LastWriteUtc)? StampOf(string path)
    {
        try
        {
            // The same computation as the stamp taken when a repository file is read, so that the two compare equal.
            var status = Files.FileKinds.StatusOf(path);
            if (status.Kind == Files.FileEntryKind.Regular)
            {
                return (status.Length, status.LastWriteUtc);
            }

            var info = new FileInfo(path); // A link (followed here) or something unreadable.
            return info.Exists ? (info.Length, info.LastWriteTimeUtc) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Loads text.</summary>
    /// <param name="text">YAML or JSON.</param>
    /// <param name="displayPath">The path to name in diagnostics.</param>
    /// <returns>The result.</returns>
    public LoadResult Parse(string text, string displayPath = "<memory>")
    {
        ArgumentNullException.ThrowIfNull(text);
        var (decoded, diagnostics) = YamlReader.Decode(text, displayPath, Options.Yaml);
        return decoded is null
            ? new LoadResult(displayPath, [], new ValidationReport(Validator.Overrides.Apply(diagnostics)))
            : ReadText(decoded, displayPath, diagnostics);
    }

    /// <summary>
    /// Reads decoded text. Clean files take the fast path (events straight to JSON, the comment-keeping tree built
    /// only if something needs it); files with anything unusual take the full reader, which reports it.
    /// </summary>
    private LoadResult ReadText(string text, string displayPath, List<Diagnostic> diagnostics)
    {
        if (Registry.ReaderFor(displayPath, text) is { } reader)
        {
            var read = reader.Read(text, displayPath);
            return Read(read with { Diagnostics = [.. diagnostics, .. read.Diagnostics] }, displayPath) with { Reader = reader };
        }

        // An .xml, .sql or .toml file no reader claims is not a document of ours: never parse it as YAML.
        var extension = Path.GetExtension(displayPath);
        if (extension is not (".yaml" or ".yml" or ".json") && Registry.HasReaderFor(extension))
        {
            return new LoadResult(displayPath, [], new ValidationReport([]));
        }

        if (YamlPrescan.FlowTooDeep(text, Options.Yaml.MaxDepth) is > 0 and var deepLine)
        {
            diagnostics.Add(SdkDiagnostics.NestingTooDeep.Create($"Flow collections are nested deeper than {Options.Yaml.MaxDepth} levels; the file is not read further.", location: new SourceLocation(displayPath, deepLine, 1)));
            return new LoadResult(displayPath, [], new ValidationReport(Validator.Overrides.Apply(diagnostics)));
        }

        var fast = BlockYamlJson.TryConvert(text, Options.Yaml) ?? FastYamlJson.TryConvert(text, Options.Yaml);
        if (fast is null)
        {
            var tree = YamlReader.ReadDecoded(text, displayPath, Options.Yaml);
            return Read(tree with { Diagnostics = [.. diagnostics, .. tree.Diagnostics] }, displayPath);
        }

        var lazyTree = new LazyTree(text, displayPath, Options.Yaml);
        var documents = new List<LoadedDocument>(fast.Count);
        foreach (var fd in fast)
        {
            if (fd.IsEmpty)
            {
                continue;
            }

            // The document is read from a pooled parse that is returned at once: what the objects keep (extension data,
            // free-form values) is read into values of their own, and the source keeps the JSON text for whoever asks
            // for the raw data later.
            var source = new ManifestSource(displayPath, documents.Count, lazyTree, fd.StreamIndex, fd.Json);
            using var parse = JsonDocument.Parse(fd.Json);
            documents.Add(ReadJson(parse.RootElement, source, displayPath, diagnostics));
        }

        return new LoadResult(displayPath, documents, new ValidationReport(Validator.Overrides.Apply(diagnostics)));
    }

    /// <summary>The comment-keeping trees of a file read by the fast path, built when a document's tree is first asked for.</summary>
    private sealed class LazyTree(string text, string displayPath, YamlReaderOptions options) : ILazyDocuments
    {
        private readonly Lazy<YamlReadResult> _tree = new(() => YamlReader.ReadDecoded(text, displayPath, options));

        public YamlDocument Document(int streamIndex) =>
            _tree.Value.Documents.Count > streamIndex ? _tree.Value.Documents[streamIndex] : new YamlDocument(null);
    }

    /// <summary>
    /// Loads objects made in code as if they had been read from a file at <paramref name="displayPath"/>: the same
    /// recognition, structural checks and rules as <see cref="Parse"/>, on the objects' JSON data model, without
    /// writing or parsing YAML. Lines and columns come from <paramref name="text"/>, which is rendered and read only when
    /// a diagnostic needs a location.
    /// </summary>
    /// <param name="displayPath">The path the objects will be written to.</param>
    /// <param name="objects">The objects, one document each.</param>
    /// <param name="text">The file's text, for locations.</param>
    /// <returns>The result: fresh typed objects equal to the ones given, and every diagnostic.</returns>
    public LoadResult LoadObjects(string displayPath, IReadOnlyList<object> objects, Func<string> text)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(text);
        var diagnostics = new List<Diagnostic>();
        var tree = new Lazy<IReadOnlyList<YamlDocument>>(() => [.. YamlReader.ReadDecoded(text(), displayPath, Options.Yaml).Documents.Where(d => d.Root is not null)]);
        var documents = new List<LoadedDocument>();
        for (var i = 0; i < objects.Count; i++)
        {
            var index = i;
            var source = new ManifestSource(displayPath, i, () => tree.Value.Count > index ? tree.Value[index] : new YamlDocument(null));
            var json = ManifestSerializer.ToJsonElement(objects[i]);
            source.Data = json;
            documents.Add(ReadJson(json, source, displayPath, diagnostics));
        }

        return new LoadResult(displayPath, documents, new ValidationReport(Validator.Overrides.Apply(diagnostics)));
    }

    /// <summary>Reads the objects out of already-parsed YAML.</summary>
    /// <param name="yaml">The parse result.</param>
    /// <param name="displayPath">The path to name in diagnostics.</param>
    /// <returns>The result.</returns>
    public LoadResult Read(YamlReadResult yaml, string displayPath)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var diagnostics = new List<Diagnostic>(yaml.Diagnostics);
        var documents = new List<LoadedDocument>();
        for (var i = 0; i < yaml.Documents.Count; i++)
        {
            var doc = yaml.Documents[i];
            if (doc.Root is null or YamlScalar { Value: "", Style: YamlScalarStyle.Plain, Tag: null })
            {
                continue; // An empty document (a stray '---') holds nothing.
            }

            documents.Add(ReadDocument(doc, documents.Count, displayPath, diagnostics));
        }

        return new LoadResult(displayPath, documents, new ValidationReport(Validator.Overrides.Apply(diagnostics)));
    }

    private LoadedDocument ReadDocument(YamlDocument doc, int index, string path, List<Diagnostic> diagnostics)
    {
        var source = new ManifestSource(path, index, doc);
        if (doc.Root is not YamlMapping)
        {
            diagnostics.Add(SdkDiagnostics.NotAnObject.Create(
                $"The document is a {(doc.Root is YamlSequence ? "list" : "scalar")}, not an object.", location: source.Locate(string.Empty)));
            return new LoadedDocument(index, source, null, null);
        }

        if (YamlJson.ToJson(doc.Root, diagnostics, path, Options.Yaml) is not { } json)
        {
            return new LoadedDocument(index, source, null, null);
        }

        source.Data = json;
        return ReadJson(json, source, path, diagnostics);
    }

    /// <summary>Reads the object of one document's JSON; the caller has given the source its data (kept, or kept as text).</summary>
    private LoadedDocument ReadJson(JsonElement json, ManifestSource source, string path, List<Diagnostic> diagnostics)
    {
        var index = source.DocumentIndex;
        if (json.ValueKind != JsonValueKind.Object)
        {
            diagnostics.Add(SdkDiagnostics.NotAnObject.Create(
                $"The document is a {(json.ValueKind == JsonValueKind.Array ? "list" : "scalar")}, not an object.", location: source.Locate(string.Empty)));
            return new LoadedDocument(index, source, null, null);
        }

        var apiVersion = json.TryGetProperty("apiVersion", out var av) && av.ValueKind == JsonValueKind.String ? av.GetString() : null;
        var kind = json.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        if ((string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind)) && Registry.DefaultForFile(path) is { } assumed)
        {
            apiVersion = string.IsNullOrEmpty(apiVersion) ? assumed.ApiVersion : apiVersion;
            kind = string.IsNullOrEmpty(kind) ? assumed.Kind : kind;
        }

        // Documents of other tools (Kestra flows) carry no apiVersion/kind: recognised by content, never given a generic
        // stand-in (which would add apiVersion/kind to them when written back).
        var recognized = false;
        if (apiVersion is null && kind is null && Registry.Recognize(json) is { } byContent)
        {
            (apiVersion, kind, recognized) = (byContent.ApiVersion, byContent.Kind, true);
        }

        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
        {
            var missing = string.IsNullOrEmpty(apiVersion) ? "apiVersion" : "kind";
            diagnostics.Add(SdkDiagnostics.MissingTypeInfo.Create($"The object has no '{missing}'.", "/" + missing, source.Locate(string.Empty)));
            return new LoadedDocument(index, source, Generic(json, source, diagnostics), null);
        }

        if (!Registry.TryGet(apiVersion, kind, out var registration))
        {
            diagnostics.Add(SdkDiagnostics.UnknownKind.Create(
                $"Kind '{kind}' of apiVersion '{apiVersion}' is not registered; it is kept as a generic object.", "/kind", source.Locate("/kind")));
            var generic = Generic(json, source, diagnostics);
            if (generic is not null && Options.RunRules)
            {
                diagnostics.AddRange(Validator.CheckRules(generic, source));
            }

            return new LoadedDocument(index, source, generic, null);
        }

        var structural = Validator.CheckShape(json, registration.ClrType, source);
        diagnostics.AddRange(structural);
        var invalid = structural.Any(d => d.Severity == DiagnosticSeverity.Error);
        if (structural.Any(d => d.Code == SdkDiagnostics.WrongType.Code || d.Code == SdkDiagnostics.RequiredField.Code))
        {
            // The typed model cannot hold this object without inventing values: keep it, losslessly, as a generic one
            // (a recognised document, which has no generic form, stays as it is in its file). The rules still run on
            // what did load: the typed view without the values of the wrong type.
            var generic = recognized ? null : Generic(json, source, diagnostics);
            if (Options.RunRules)
            {
                var removed = structural.Where(d => d.Code == SdkDiagnostics.WrongType.Code).Select(d => d.Pointer).Distinct(StringComparer.Ordinal).ToList();
                if (!structural.Any(d => d.Code == SdkDiagnostics.RequiredField.Code) && Partial(json, removed, registration.ClrType) is { } partial)
                {
                    // Findings about the values left out would only repeat the type error.
                    diagnostics.AddRange(Validator.CheckAllRules(partial, source, structurallyInvalid: true)
                        .Where(d => !removed.Any(r => d.Pointer == r || d.Pointer.StartsWith(r + "/", StringComparison.Ordinal))));
                }
                else if (generic is not null)
                {
                    diagnostics.AddRange(Validator.CheckRules(generic, source, onlyRobustRules: true));
                }
            }

            return new LoadedDocument(index, source, generic, registration);
        }

        object? typed;
        try
        {
            typed = JsonSerializer.Deserialize(json, ManifestJson.TypeInfo(registration.ClrType));
        }
        catch (JsonException ex)
        {
            var pointer = PointerFromJsonPath(ex.Path);
            diagnostics.Add(SdkDiagnostics.ConversionFailed.Create(CleanJsonMessage(ex.Message), pointer, source.Locate(pointer)));
            return new LoadedDocument(index, source, recognized ? null : Generic(json, source, diagnostics), registration);
        }

        if (typed is null)
        {
            return new LoadedDocument(index, source, null, registration);
        }

        ManifestOrigins.Attach(typed, source);
        if (Options.RunRules)
        {
            // Every rule runs on what loaded, also when a field is unknown or a value out of range: one typo must not
            // hide the other findings of the object.
            diagnostics.AddRange(Validator.CheckAllRules(typed, source, structurallyInvalid: invalid));
        }

        return new LoadedDocument(index, source, typed, registration);
    }

    /// <summary>The typed view of an object without the values that have the wrong type, or <see langword="null"/>.</summary>
    private static object? Partial(JsonElement json, IReadOnlyList<string> removed, Type type)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json.GetRawText());
        foreach (var pointer in removed.OrderByDescending(p => p.Length))
        {
            if (pointer.Length == 0 || !Remove(node, pointer))
            {
                return null;
            }
        }

        try
        {
            return node is null ? null : node.Deserialize(ManifestJson.TypeInfo(type));
        }
        catch (JsonException)
        {
            return null;
        }

        static bool Remove(System.Text.Json.Nodes.JsonNode? root, string pointer)
        {
            var tokens = pointer.Split('/')[1..].Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
            var current = root;
            for (var i = 0; i < tokens.Length - 1 && current is not null; i++)
            {
                current = current switch
                {
                    System.Text.Json.Nodes.JsonObject o => o[tokens[i]],
                    System.Text.Json.Nodes.JsonArray a when int.TryParse(tokens[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n < a.Count => a[n],
                    _ => null,
                };
            }

            switch (current)
            {
                case System.Text.Json.Nodes.JsonObject o when o.ContainsKey(tokens[^1]):
                    o.Remove(tokens[^1]);
                    return true;
                case System.Text.Json.Nodes.JsonArray a when int.TryParse(tokens[^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n < a.Count:
                    a[n] = null; // Keep the positions of the other items.
                    return true;
                default:
                    return false;
            }
        }
    }

    private static GenericManifest? Generic(JsonElement json, ManifestSource source, List<Diagnostic> diagnostics)
    {
        try
        {
            var generic = JsonSerializer.Deserialize(json, ManifestJson.TypeInfo(typeof(GenericManifest))) as GenericManifest;
            if (generic is not null)
            {
                generic = generic with { Origin = new ManifestOrigin(source) };
            }

            return generic;
        }
        catch (JsonException ex)
        {
            var pointer = PointerFromJsonPath(ex.Path);
            diagnostics.Add(SdkDiagnostics.WrongType.Create(CleanJsonMessage(ex.Message), pointer, source.Locate(pointer)));
            return null;
        }
    }

    private static string CleanJsonMessage(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    /// <summary>Turns a System.Text.Json path (<c>$.spec.items[0]['a.b']</c>) into a JSON pointer.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The pointer.</returns>
    internal static string PointerFromJsonPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return string.Empty;
        }

        var sb = new System.Text.StringBuilder();
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] is not '.' and not '[')
                {
                    end++;
                }

                sb.Append('/').Append(YamlJson.EscapePointer(path[(i + 1)..end]));
                i = end;
            }
            else if (path[i] == '[')
            {
                if (i + 1 < path.Length && path[i + 1] == '\'')
                {
                    var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                    end = end < 0 ? path.Length : end;
                    sb.Append('/').Append(YamlJson.EscapePointer(path[(i + 2)..end]));
                    i = Math.Min(path.Length, end + 2);
                }
                else
                {
                    var end = path.IndexOf(']', i);
                    end = end < 0 ? path.Length : end;
                    sb.Append('/').Append(path[(i + 1)..end]);
                    i = Math.Min(path.Length, end + 1);
                }
            }
            else
            {
                i++;
            }
        }

        return sb.ToString();
    }
}
