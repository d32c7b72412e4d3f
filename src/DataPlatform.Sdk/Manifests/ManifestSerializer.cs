using System.Text;
using System.Text.Json;
using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Manifests;

/// <summary>
/// Writes models as YAML or JSON. Objects made in code are written in declaration order (apiVersion, kind, metadata,
/// spec); objects read from a file are written in that file's order with its comments, even after changes.
/// Same input, same bytes, on any OS.
/// </summary>
public static class ManifestSerializer
{
    /// <summary>Writes one object as a YAML document.</summary>
    /// <param name="obj">The object.</param>
    /// <returns>The YAML text (LF, final newline).</returns>
    public static string ToYaml(object obj) => YamlEmitter.Emit(ToDocument(obj));

    /// <summary>Writes several objects as one multi-document YAML stream.</summary>
    /// <param name="objects">The objects.</param>
    /// <returns>The YAML text.</returns>
    public static string ToYaml(IEnumerable<object> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        return YamlEmitter.Emit(objects.Select(ToDocument));
    }

    /// <summary>Writes one object as JSON (2-space indented, LF, final newline).</summary>
    /// <param name="obj">The object.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(object obj)
    {
        var element = ToJsonElement(obj);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = ManifestJson.Options.Encoder }))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>The JSON data model of an object.</summary>
    /// <param name="obj">The object.</param>
    /// <returns>The JSON value.</returns>
    public static JsonElement ToJsonElement(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return JsonSerializer.SerializeToElement(obj, ManifestJson.TypeInfo(obj.GetType()));
    }

    /// <summary>The YAML tree of an object, reusing the tree it was read from where values did not change.</summary>
    /// <param name="obj">The object.</param>
    /// <returns>A new document.</returns>
    public static YamlDocument ToDocument(object obj) => ToDocument(obj, ManifestOrigins.Get(obj));

    /// <summary>
    /// The YAML tree of an object, merged into the tree of the document it replaces: comments, key order and the text of
    /// unchanged values stay (as <see cref="ToDocument(object)"/> does for an object that remembers its origin; use this
    /// overload when the object was made anew, for example a Kubernetes model copied and changed).
    /// </summary>
    /// <param name="obj">The object.</param>
    /// <param name="source">The document it replaces, or <see langword="null"/> for a new document.</param>
    /// <returns>A new document.</returns>
    public static YamlDocument ToDocument(object obj, ManifestSource? source)
    {
        var json = ToJsonElement(obj);
        if (source is null)
        {
            return new YamlDocument(YamlJson.FromJson(json));
        }

        var type = obj.GetType();
        var root = YamlJson.FromJson(json, source.Document.Root, Baseline(source, type), (pointer, original) => IsEmpty(original) || !ShapeValidator.IsModelled(type, pointer));
        var doc = new YamlDocument(root) { Start = source.Document.Start, ExplicitStart = source.Document.ExplicitStart, IndentlessSequences = source.Document.IndentlessSequences };
        doc.PreambleComments.AddRange(source.Document.PreambleComments);
        doc.HeaderComments.AddRange(source.Document.HeaderComments);
        doc.FooterComments.AddRange(source.Document.FooterComments);
        return doc;
    }

    /// <summary>Reads one object of a known type from YAML or JSON text.</summary>
    /// <typeparam name="T">The model type.</typeparam>
    /// <param name="text">The text (one document).</param>
    /// <returns>The object.</returns>
    /// <exception cref="Diagnostics.ValidationException">The text has errors; the message lists them.</exception>
    public static T FromYaml<T>(string text)
    {
        var yaml = YamlReader.ReadString(text);
        var diagnostics = new List<Diagnostics.Diagnostic>(yaml.Diagnostics);
        var doc = yaml.Documents.FirstOrDefault(d => d.Root is not null);
        if (doc is not null && !yaml.HasErrors && YamlJson.ToJson(doc.Root, diagnostics, "<memory>") is { } json)
        {
            var source = new ManifestSource(null, 0, doc);
            foreach (var issue in ShapeValidator.Validate(json, typeof(T)))
            {
                diagnostics.Add(issue.Descriptor.Create(issue.Message, issue.Pointer, source.Locate(issue.Pointer)));
            }

            var report = new Diagnostics.ValidationReport(diagnostics);
            report.ThrowIfErrors();
            var value = JsonSerializer.Deserialize(json, ManifestJson.TypeInfo(typeof(T)));
            if (value is T typed)
            {
                ManifestOrigins.Attach(typed, source);
                return typed;
            }
        }

        new Diagnostics.ValidationReport(diagnostics.Append(Diagnostics.SdkDiagnostics.NotAnObject.Create("The text holds no object."))).ThrowIfErrors();
        throw new InvalidOperationException("Unreachable.");
    }

    /// <summary>The data as read, passed through the model once: what the object looked like before anyone edited it.</summary>
    private static JsonElement? Baseline(ManifestSource source, Type type)
    {
        if (source.Data is not { } data)
        {
            return null;
        }

        try
        {
            var info = ManifestJson.TypeInfo(type);
            return JsonSerializer.Deserialize(data, info) is { } read ? JsonSerializer.SerializeToElement(read, info) : null;
        }
        catch (JsonException)
        {
            return null; // The data does not fit the model (reported when it was read): fall back to a two-way merge.
        }
    }

    private static bool IsEmpty(YamlNode node) => node switch
    {
        YamlMapping m => m.Entries.Count == 0,
        YamlSequence s => s.Items.Count == 0,
        YamlScalar s => s.IsPlainUntagged && YamlScalars.Resolve(s.Value, out _, out _) == ScalarKind.Null,
        _ => false,
    };
}
