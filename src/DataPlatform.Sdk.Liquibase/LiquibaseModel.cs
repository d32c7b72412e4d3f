using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Manifests;

namespace DataPlatform.Sdk.Liquibase;

/// <summary>What the XSD says of one element.</summary>
/// <param name="Attributes">Its attributes.</param>
/// <param name="Required">The required ones.</param>
/// <param name="Booleans">The boolean ones.</param>
/// <param name="Numbers">The integer ones.</param>
/// <param name="Children">Its child elements.</param>
/// <param name="HasText">Whether it has text content.</param>
internal sealed record ElementInfo(string[] Attributes, string[] Required, string[] Booleans, string[] Numbers, string[] Children, bool HasText);

/// <summary>
/// A Liquibase changelog (<c>databaseChangeLog</c>), in any of its four formats (YAML, JSON, XML, formatted SQL): its
/// items are change sets, includes, properties and changelog preconditions. Read with <see cref="LiquibaseFile"/> or
/// <see cref="ManifestLoader"/>, build with <see cref="Create"/>.
/// </summary>
public sealed record LiquibaseChangelog : IHasOrigin
{
    /// <summary>The stand-in apiVersion the kind registry files changelogs under (never written).</summary>
    public const string RegistryApiVersion = "liquibase.org/changelog";

    /// <summary>The stand-in kind.</summary>
    public const string RegistryKind = "DatabaseChangeLog";

    /// <summary>The items, in order.</summary>
    [JsonPropertyName("databaseChangeLog")]
    public IReadOnlyList<ChangelogItem> Items { get; init => field = value ?? []; } = [];

    /// <inheritdoc />
    [JsonIgnore]
    public ManifestOrigin Origin { get; init; }

    /// <summary>The change sets, in order.</summary>
    [JsonIgnore]
    public IEnumerable<ChangeSet> ChangeSets => Items.OfType<ChangeSet>();

    /// <summary>Builds a changelog.</summary>
    /// <param name="build">Adds change sets, includes and properties.</param>
    /// <returns>The changelog.</returns>
    public static LiquibaseChangelog Create(Action<ChangelogBuilder> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var b = new ChangelogBuilder();
        build(b);
        return new LiquibaseChangelog { Items = b.Items };
    }

    /// <summary>Whether a JSON document is a changelog (a top-level <c>databaseChangeLog</c>).</summary>
    /// <param name="json">The document.</param>
    /// <returns><see langword="true"/> for changelogs.</returns>
    public static bool LooksLikeChangelog(JsonElement json) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty("databaseChangeLog", out _) && !json.TryGetProperty("apiVersion", out _);
}

/// <summary>An item of a changelog: written as a one-key object (<c>- changeSet: {…}</c>, <c>- include: {…}</c>).</summary>
[JsonConverter(typeof(ChangelogItemConverter))]
public abstract record ChangelogItem
{
    /// <summary>The item's key: changeSet, include, includeAll, property, preConditions, …</summary>
    [JsonIgnore]
    public abstract string ItemName { get; }
}

/// <summary>A change set: id and author (its identity with the file path), attributes, changes and rollback.</summary>
public sealed record ChangeSet : ChangelogItem
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string ItemName => "changeSet";

    /// <summary>The id as written (YAML may hold a number: <c>id: 1</c>); it is written back the same way.</summary>
    [JsonPropertyName("id")]
    [JsonPropertyOrder(-20)]
    public JsonValue? IdValue { get; init; }

    /// <summary>The author as written.</summary>
    [JsonPropertyName("author")]
    [JsonPropertyOrder(-19)]
    public JsonValue? AuthorValue { get; init; }

    /// <summary>The id (required), as text.</summary>
    [JsonIgnore]
    public string? Id
    {
        get => IdValue?.ToString();
        init => IdValue = value is null ? null : JsonValue.Create(value);
    }

    /// <summary>The author (required), as text.</summary>
    [JsonIgnore]
    public string? Author
    {
        get => AuthorValue?.ToString();
        init => AuthorValue = value is null ? null : JsonValue.Create(value);
    }

    /// <summary>Context expression (deprecated name of contextFilter).</summary>
    [JsonPropertyName("context")]
    public string? Context { get; init; }

    /// <summary>Context filter expression.</summary>
    [JsonPropertyName("contextFilter")]
    public string? ContextFilter { get; init; }

    /// <summary>Labels expression.</summary>
    [JsonPropertyName("labels")]
    public string? Labels { get; init; }

    /// <summary>The databases the change set runs on.</summary>
    [JsonPropertyName("dbms")]
    public string? Dbms { get; init; }

    /// <summary>Run again whenever the change set changes.</summary>
    [JsonPropertyName("runOnChange")]
    public bool? RunOnChange { get; init; }

    /// <summary>Run on every update.</summary>
    [JsonPropertyName("runAlways")]
    public bool? RunAlways { get; init; }

    /// <summary>Stop the update when the change set fails (default true).</summary>
    [JsonPropertyName("failOnError")]
    public bool? FailOnError { get; init; }

    /// <summary>Run in a transaction (default true).</summary>
    [JsonPropertyName("runInTransaction")]
    public bool? RunInTransaction { get; init; }

    /// <summary>Overrides the file path in the change set's identity.</summary>
    [JsonPropertyName("logicalFilePath")]
    public string? LogicalFilePath { get; init; }

    /// <summary>What to do when validation fails: HALT or MARK_RAN.</summary>
    [JsonPropertyName("onValidationFail")]
    public string? OnValidationFail { get; init; }

    /// <summary>Created date/version information.</summary>
    [JsonPropertyName("created")]
    public string? Created { get; init; }

    /// <summary>Skip the change set.</summary>
    [JsonPropertyName("ignore")]
    public bool? Ignore { get; init; }

    /// <summary>A comment.</summary>
    [JsonPropertyName("comment")]
    public string? Comment { get; init; }

    /// <summary>Checksums that are accepted besides the current one (or ANY), as written.</summary>
    [JsonPropertyName("validCheckSum")]
    public JsonNode? ValidCheckSum { get; init; }

    /// <summary>Preconditions of the change set, as written (a list whose items are conditions or onFail/onError settings).</summary>
    [JsonPropertyName("preConditions")]
    public JsonArray? PreConditions { get; init; }

    /// <summary>The changes, in order (<c>tagDatabase</c> included).</summary>
    [JsonPropertyName("changes")]
    public IReadOnlyList<LiquibaseChange> Changes { get; init => field = value ?? []; } = [];

    /// <summary>The rollback: SQL text, one change or a list of changes, as written.</summary>
    [JsonPropertyName("rollback")]
    public JsonNode? Rollback { get; init; }

    /// <summary>Attributes this model does not know, kept as read and written back.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>Whether the change set declares a rollback (an empty rollback counts: it says "nothing to undo").</summary>
    [JsonIgnore]
    public bool HasRollback => Rollback is not null;
}

/// <summary>Includes another changelog file.</summary>
public sealed record ChangelogInclude : ChangelogItem
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string ItemName => "include";

    /// <summary>The file (required).</summary>
    [JsonPropertyName("file")]
    public string? File { get; init; }

    /// <summary>Resolve <see cref="File"/> relative to this changelog (else to the search path).</summary>
    [JsonPropertyName("relativeToChangelogFile")]
    public bool? RelativeToChangelogFile { get; init; }

    /// <summary>Fail when the file is missing (default true).</summary>
    [JsonPropertyName("errorIfMissing")]
    public bool? ErrorIfMissing { get; init; }

    /// <summary>Context filter.</summary>
    [JsonPropertyName("context")]
    public string? Context { get; init; }

    /// <summary>Labels.</summary>
    [JsonPropertyName("labels")]
    public string? Labels { get; init; }

    /// <summary>Attributes this model does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Includes every changelog of a directory, in name order.</summary>
public sealed record ChangelogIncludeAll : ChangelogItem
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string ItemName => "includeAll";

    /// <summary>The directory (required).</summary>
    [JsonPropertyName("path")]
    public string? Path { get; init; }

    /// <summary>Resolve <see cref="Path"/> relative to this changelog.</summary>
    [JsonPropertyName("relativeToChangelogFile")]
    public bool? RelativeToChangelogFile { get; init; }

    /// <summary>Fail when the directory is empty or missing (default true).</summary>
    [JsonPropertyName("errorIfMissingOrEmpty")]
    public bool? ErrorIfMissingOrEmpty { get; init; }

    /// <summary>Attributes this model does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Any other changelog item (property, preConditions, modifyChangeSets, …), kept as written.</summary>
/// <param name="Name">The item's key.</param>
/// <param name="Value">Its value.</param>
public sealed record GenericChangelogItem(string Name, JsonNode? Value) : ChangelogItem
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string ItemName => Name;
}

/// <summary>
/// A change: one of the XSD's change types, read into its typed record (<see cref="CreateTableChange"/>, …) or, when it
/// cannot be (an unknown or extension change, or a value such as <c>${property}</c> where the model wants a boolean),
/// into <see cref="GenericChange"/>, which keeps it as written.
/// </summary>
[JsonConverter(typeof(LiquibaseChangeConverter))]
public abstract record LiquibaseChange
{
    /// <summary>The change's name: createTable, sql, …</summary>
    [JsonIgnore]
    public abstract string Name { get; }

    /// <summary>Attributes the typed model does not know, kept as read and written back.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>The change as the JSON object under its name.</summary>
    /// <returns>The body.</returns>
    public JsonObject ToBody() => this is GenericChange g
        ? (g.Body?.DeepClone() as JsonObject ?? [])
        : JsonSerializer.SerializeToNode(this, ManifestJson.TypeInfo(GetType()))!.AsObject();
}

/// <summary>A change kept as written (extension changes, or values the typed model cannot hold).</summary>
public sealed record GenericChange : LiquibaseChange
{
    /// <summary>Creates a generic change.</summary>
    /// <param name="name">The change's name.</param>
    /// <param name="body">Its content.</param>
    public GenericChange(string name, JsonNode? body)
    {
        ChangeName = name;
        Body = body;
    }

    /// <summary>The change's name.</summary>
    [JsonIgnore]
    public string ChangeName { get; }

    /// <inheritdoc />
    [JsonIgnore]
    public override string Name => ChangeName;

    /// <summary>The content, as written.</summary>
    [JsonIgnore]
    public JsonNode? Body { get; }
}

/// <summary>Reads and writes one-key items, choosing the record by the key.</summary>
internal sealed class ChangelogItemConverter : JsonConverter<ChangelogItem>
{
    public override ChangelogItem? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var node = JsonNode.Parse(ref reader);
        if (node is not JsonObject { Count: 1 } o)
        {
            throw new JsonException("A changelog item is an object with one key (changeSet, include, includeAll, property, preConditions, …).");
        }

        var (key, value) = o.First();
        return key switch
        {
            "changeSet" => value.Deserialize(options.GetTypeInfo(typeof(ChangeSet))) as ChangeSet ?? throw new JsonException("A changeSet needs content."),
            "include" => value.Deserialize(options.GetTypeInfo(typeof(ChangelogInclude))) as ChangelogInclude ?? throw new JsonException("An include needs content."),
            "includeAll" => value.Deserialize(options.GetTypeInfo(typeof(ChangelogIncludeAll))) as ChangelogIncludeAll ?? throw new JsonException("An includeAll needs content."),
            _ => new GenericChangelogItem(key, value?.DeepClone()),
        };
    }

    public override void Write(Utf8JsonWriter writer, ChangelogItem value, JsonSerializerOptions options) =>
        OneKeyObject.Write(writer, value.ItemName, value, value is GenericChangelogItem g ? (true, g.Value) : (false, null), options);
}

/// <summary>Writes <c>{name: body}</c>, the shape Liquibase gives every changelog item and change.</summary>
internal static class OneKeyObject
{
    /// <summary>Writes the object: a generic body as it was read, else the typed record.</summary>
    public static void Write(Utf8JsonWriter writer, string name, object value, (bool IsGeneric, JsonNode? Body) generic, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(name);
        if (!generic.IsGeneric)
        {
            JsonSerializer.Serialize(writer, value, options.GetTypeInfo(value.GetType()));
        }
        else if (generic.Body is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            generic.Body.WriteTo(writer, options);
        }

        writer.WriteEndObject();
    }
}

/// <summary>Reads and writes one-key changes, choosing the typed record by the key and falling back to <see cref="GenericChange"/>.</summary>
internal sealed class LiquibaseChangeConverter : JsonConverter<LiquibaseChange>
{
    public override LiquibaseChange? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var node = JsonNode.Parse(ref reader);
        if (node is not JsonObject { Count: 1 } o)
        {
            throw new JsonException("A change is an object with one key, its type (createTable, sql, …).");
        }

        var (key, value) = o.First();
        if (LiquibaseChanges.TypeOf(key) is { } type && value is JsonObject)
        {
            try
            {
                if (value.Deserialize(options.GetTypeInfo(type)) is LiquibaseChange typed)
                {
                    return typed;
                }
            }
            catch (JsonException)
            {
                // A value the typed record cannot hold (a ${property} where it wants a boolean): keep it as written.
            }
            catch (InvalidOperationException)
            {
                // Same, for nested values.
            }
        }

        return new GenericChange(key, value?.DeepClone());
    }

    public override void Write(Utf8JsonWriter writer, LiquibaseChange value, JsonSerializerOptions options) =>
        OneKeyObject.Write(writer, value.Name, value, value is GenericChange g ? (true, g.Body) : (false, null), options);
}

/// <summary><c>columns: [{column: {…}}]</c> ⇄ a list of <see cref="LiquibaseColumn"/>.</summary>
internal sealed class ColumnListConverter : JsonConverter<IReadOnlyList<LiquibaseColumn>>
{
    public override IReadOnlyList<LiquibaseColumn>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var node = JsonNode.Parse(ref reader);
        if (node is not JsonArray array)
        {
            throw new JsonException("columns is a list of {column: {…}}.");
        }

        var result = new List<LiquibaseColumn>();
        foreach (var item in array)
        {
            var body = item is JsonObject { Count: 1 } o && o.ContainsKey("column") ? o["column"] : throw new JsonException("Each item of columns is {column: {…}}.");
            result.Add(body.Deserialize(options.GetTypeInfo(typeof(LiquibaseColumn))) as LiquibaseColumn ?? throw new JsonException("A column needs content."));
        }

        return result;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<LiquibaseColumn> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var c in value)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("column");
            JsonSerializer.Serialize(writer, c, options.GetTypeInfo(typeof(LiquibaseColumn)));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}

/// <summary>The change types: their typed records and what Liquibase can undo on its own.</summary>
public static class LiquibaseChanges
{
    /// <summary>Changes Liquibase rolls back automatically (it knows their inverse).</summary>
    public static IReadOnlySet<string> AutoRollback { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "createTable", "renameTable", "renameColumn", "renameView", "renameSequence", "addColumn", "createIndex", "createView",
        "createSequence", "addPrimaryKey", "addForeignKeyConstraint", "addUniqueConstraint", "addNotNullConstraint",
        "dropNotNullConstraint", "addDefaultValue", "addLookupTable", "createProcedure", "setTableRemarks", "setColumnRemarks",
        "tagDatabase", "empty", "output", "addAutoIncrement",
    };

    /// <summary>Every change type of the XSD.</summary>
    public static IReadOnlyList<string> Names { get; } = LiquibaseSchema.ChangeTypes;

    /// <summary>The typed record of a change type, if any.</summary>
    /// <param name="name">The change's name.</param>
    /// <returns>The type, or <see langword="null"/>.</returns>
    public static Type? TypeOf(string name) => LiquibaseChangeTypes.ByName.GetValueOrDefault(name);
}
