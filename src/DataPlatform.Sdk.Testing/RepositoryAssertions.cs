using System.Text.Json;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Kestra;
using DataPlatform.Sdk.Kubernetes.Kustomize;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Testing;

/// <summary>Thrown when an assertion about a repository fails; the message says what was expected and what was found.</summary>
public sealed class RepositoryAssertionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public RepositoryAssertionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RepositoryAssertionException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public RepositoryAssertionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Finds objects in a repository and asserts their fields, for test suites that check generated manifests. Works with
/// any test framework: failures throw <see cref="RepositoryAssertionException"/>.
/// </summary>
public static class RepositoryAssertions
{
    /// <summary>The objects of a kind, optionally with a name and in a file or folder.</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="kind">The kind, for example <c>HelmRelease</c>.</param>
    /// <param name="name">The name, or <see langword="null"/> for any.</param>
    /// <param name="pathPrefix">A file or folder the object must be in, or <see langword="null"/>.</param>
    /// <returns>The matches, in file order.</returns>
    public static IReadOnlyList<RepositoryObject> Find(this GitOpsRepository repository, string kind, string? name = null, string? pathPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        return [.. repository.Objects.Where(o => o.Kind == kind && (name is null || o.Name == name) && (pathPrefix is null || o.File.Value.StartsWith(pathPrefix.TrimStart('.', '/'), StringComparison.Ordinal)))];
    }

    /// <summary>The one object of a kind and name (optionally in a file or folder).</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="name">The name.</param>
    /// <param name="pathPrefix">A file or folder the object must be in, or <see langword="null"/>.</param>
    /// <returns>The object.</returns>
    /// <exception cref="RepositoryAssertionException">There is no such object, or more than one.</exception>
    public static RepositoryObject Single(this GitOpsRepository repository, string kind, string name, string? pathPrefix = null)
    {
        var matches = repository.Find(kind, name, pathPrefix);
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new RepositoryAssertionException($"Expected one {kind} '{name}'{Where(pathPrefix)}, found none. {kind} objects: {string.Join(", ", repository.Find(kind).Select(o => o.ToString()).DefaultIfEmpty("none"))}."),
            _ => throw new RepositoryAssertionException($"Expected one {kind} '{name}'{Where(pathPrefix)}, found {matches.Count}: {string.Join(", ", matches)}."),
        };
    }

    /// <summary>The typed model of the one object of a kind and name.</summary>
    /// <typeparam name="T">The model type.</typeparam>
    /// <param name="repository">The repository.</param>
    /// <param name="name">The name.</param>
    /// <param name="pathPrefix">A file or folder the object must be in, or <see langword="null"/>.</param>
    /// <returns>The model.</returns>
    /// <exception cref="RepositoryAssertionException">There is no such object, more than one, or it has another type.</exception>
    public static T Single<T>(this GitOpsRepository repository, string name, string? pathPrefix = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(repository);
        var matches = repository.Objects.Where(o => o.Value is T && o.Name == name && (pathPrefix is null || o.File.Value.StartsWith(pathPrefix.TrimStart('.', '/'), StringComparison.Ordinal))).ToList();
        return matches.Count == 1
            ? (T)matches[0].Value
            : throw new RepositoryAssertionException($"Expected one {typeof(T).Name} '{name}'{Where(pathPrefix)}, found {matches.Count}{(matches.Count > 0 ? ": " + string.Join(", ", matches) : string.Empty)}.");
    }

    /// <summary>The JSON value at a pointer of an object (as written to disk).</summary>
    /// <param name="obj">The object.</param>
    /// <param name="pointer">A JSON pointer, for example <c>/spec/chart/spec/version</c>.</param>
    /// <returns>The value, or <see langword="null"/> when the path does not exist.</returns>
    public static JsonElement? Field(this RepositoryObject obj, string pointer)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var current = ManifestSerializer.ToJsonElement(obj.Value);
        foreach (var token in YamlDocument.JsonPointerTokens(pointer))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var next))
            {
                current = next;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) && i < current.GetArrayLength())
            {
                current = current[i];
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    private static readonly JsonElement JsonNull = JsonDocument.Parse("null").RootElement.Clone();

    /// <summary>Asserts that the field at a pointer has a value (compared as JSON: <c>"5m"</c>, <c>true</c>, <c>3</c>).</summary>
    /// <param name="obj">The object.</param>
    /// <param name="pointer">The JSON pointer.</param>
    /// <param name="expected">The expected value; strings compare as strings, other values by their JSON text.</param>
    /// <returns>The object, to chain assertions.</returns>
    /// <exception cref="RepositoryAssertionException">The field is missing or differs; the message names the file and line.</exception>
    public static RepositoryObject HasField(this RepositoryObject obj, string pointer, object? expected)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var actual = obj.Field(pointer);
        var expectedJson = expected is null ? JsonNull : JsonSerializer.SerializeToElement(expected, Json.ManifestJson.TypeInfo(expected.GetType()));
        if (actual is not { } a)
        {
            throw new RepositoryAssertionException($"{obj}: expected {pointer} to be {expectedJson.GetRawText()}, but it does not exist ({obj.Locate(pointer)}).");
        }

        if (!JsonElement.DeepEquals(a, expectedJson))
        {
            throw new RepositoryAssertionException($"{obj}: expected {pointer} to be {expectedJson.GetRawText()}, but it is {a.GetRawText()} ({obj.Locate(pointer)}).");
        }

        return obj;
    }

    /// <summary>Asserts that the repository validates without errors (other than those of the codes ignored); the message lists every error.</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="ignore">Codes whose errors are expected here (for example <c>"DPR019"</c> in a test of leaked tokens).</param>
    /// <returns>The repository.</returns>
    /// <exception cref="RepositoryAssertionException">There are errors.</exception>
    public static GitOpsRepository HasNoErrors(this GitOpsRepository repository, params string[] ignore)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(ignore);
        var errors = repository.Validate().Errors.Where(e => !ignore.Contains(e.Code, StringComparer.Ordinal)).ToList();
        return errors.Count == 0 ? repository : throw new RepositoryAssertionException("The repository has errors:\n" + string.Concat(errors.Select(e => e + "\n")));
    }

    /// <summary>The one Kestra flow with a namespace and id.</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="ns">The flow's namespace.</param>
    /// <param name="id">The flow's id.</param>
    /// <returns>The flow's object (its <see cref="RepositoryObject.Value"/> is the <see cref="KestraFlow"/>).</returns>
    /// <exception cref="RepositoryAssertionException">There is no such flow; the message lists the flows there are.</exception>
    public static RepositoryObject SingleFlow(this GitOpsRepository repository, string ns, string id)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return repository.Flow(ns, id) ?? throw new RepositoryAssertionException(
            $"Expected the flow {ns}.{id}, found none. Flows: {string.Join(", ", repository.OfType<Kestra.KestraFlow>().Select(f => f.Namespace + "." + f.Id).DefaultIfEmpty("none"))}.");
    }

    /// <summary>The kustomization of a folder (<c>kustomization.yaml</c>), typed: resources, patches, generators, images.</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="folder">The folder, for example <c>domains/finance/overlays/prod</c>.</param>
    /// <returns>The kustomization.</returns>
    /// <exception cref="RepositoryAssertionException">The folder has no kustomization.</exception>
    public static KustomizationFile KustomizationIn(this GitOpsRepository repository, string folder)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var path = folder.Trim('/') + "/kustomization.yaml";
        return repository.Files.FirstOrDefault(f => f.Path.Value == path || f.Path.Value == folder.Trim('/') + "/kustomization.yml")?.Kustomization()
            ?? throw new RepositoryAssertionException($"Expected a kustomization in {folder}, found none.");
    }

    /// <summary>
    /// A label of an object, by key (no JSON-pointer escaping: <c>Label("app.kubernetes.io/name")</c>): a Kubernetes
    /// object's <c>metadata.labels</c>, a Kestra flow's <c>labels</c> (a map or a list of key/value pairs).
    /// </summary>
    /// <param name="obj">The object.</param>
    /// <param name="key">The label key.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public static string? Label(this RepositoryObject obj, string key)
    {
        if (MetadataEntry(obj, "labels", key) is { } label)
        {
            return label;
        }

        return obj.Field("/labels") switch
        {
            { ValueKind: JsonValueKind.Object } map when map.TryGetProperty(key, out var v) => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText(),
            { ValueKind: JsonValueKind.Array } list => list.EnumerateArray()
                .Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String && k.GetString() == key)
                .Select(e => e.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
                .FirstOrDefault(),
            _ => null,
        };
    }

    /// <summary>An annotation of an object, by key (no JSON-pointer escaping).</summary>
    /// <param name="obj">The object.</param>
    /// <param name="key">The annotation key.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public static string? Annotation(this RepositoryObject obj, string key) => MetadataEntry(obj, "annotations", key);

    /// <summary>Asserts a label's value.</summary>
    /// <param name="obj">The object.</param>
    /// <param name="key">The label key.</param>
    /// <param name="expected">The value.</param>
    /// <returns>The object, to chain assertions.</returns>
    /// <exception cref="RepositoryAssertionException">The label is missing or differs.</exception>
    public static RepositoryObject HasLabel(this RepositoryObject obj, string key, string expected)
    {
        var actual = obj.Label(key);
        return actual == expected ? obj : throw new RepositoryAssertionException($"{obj}: expected label {key}={expected}, but it is {(actual is null ? "missing" : actual)} ({obj.Locate("/metadata/labels")}).");
    }

    private static string? MetadataEntry(RepositoryObject obj, string map, string key)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return obj.Field("/metadata/" + map) is { ValueKind: JsonValueKind.Object } m && m.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }

    /// <summary>Loads files rendered in memory, to assert on them.</summary>
    /// <param name="tree">The files.</param>
    /// <returns>The repository.</returns>
    public static GitOpsRepository AsRepository(this FileTree tree) => GitOpsRepository.Load(tree);

    private static string Where(string? pathPrefix) => pathPrefix is null ? string.Empty : $" in {pathPrefix}";
}
