using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Liquibase;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Validation;

[assembly: ManifestModule(typeof(LiquibaseModule))]

namespace DataPlatform.Sdk.Liquibase;

/// <summary>Diagnostics of Liquibase changelogs (<c>DPL</c>).</summary>
public static class LiquibaseDiagnostics
{
    /// <summary>DPL001: a change set without id or author.</summary>
    public static readonly DiagnosticDescriptor MissingIdentity = new(
        "DPL001", "Change set without id or author", DiagnosticSeverity.Error,
        "Give every change set an id and an author; with the file path they identify it in DATABASECHANGELOG.");

    /// <summary>DPL002: two change sets with the same identity.</summary>
    public static readonly DiagnosticDescriptor DuplicateChangeSet = new(
        "DPL002", "Duplicate change set identity", DiagnosticSeverity.Error,
        "file::id::author must be unique across the changelog and every file it includes; change the id.");

    /// <summary>DPL003: an include whose file does not exist.</summary>
    public static readonly DiagnosticDescriptor IncludeMissing = new(
        "DPL003", "Included changelog not found", DiagnosticSeverity.Error,
        "Fix the path (relative to this changelog with relativeToChangelogFile: true), or set errorIfMissing: false.");

    /// <summary>DPL004: an include outside the repository.</summary>
    public static readonly DiagnosticDescriptor IncludeEscapes = new(
        "DPL004", "Include outside the repository", DiagnosticSeverity.Error,
        "Keep changelogs inside the repository so that what runs is what was reviewed.");

    /// <summary>DPL005: a change Liquibase cannot undo, without an explicit rollback.</summary>
    public static readonly DiagnosticDescriptor NoRollback = new(
        "DPL005", "Change without rollback", DiagnosticSeverity.Warning,
        "Add 'rollback' to the change set (SQL or changes; an empty rollback if nothing needs undoing).");

    /// <summary>DPL006: a change without an attribute or element its type requires.</summary>
    public static readonly DiagnosticDescriptor RequiredAttribute = new(
        "DPL006", "Required attribute missing", DiagnosticSeverity.Error,
        "Add the attribute; Liquibase rejects the changelog without it.");

    /// <summary>DPL007: more than one tagDatabase in a change set.</summary>
    public static readonly DiagnosticDescriptor SeveralTags = new(
        "DPL007", "More than one tagDatabase in a change set", DiagnosticSeverity.Error,
        "A change set may tag the database once; put the second tag in its own change set.");

    /// <summary>DPL008: an attribute the change type does not have.</summary>
    public static readonly DiagnosticDescriptor UnknownAttribute = new(
        "DPL008", "Unknown attribute", DiagnosticSeverity.Warning,
        "Check the spelling against the Liquibase change type; unknown attributes are ignored or rejected.");

    /// <summary>DPL009: a change type outside Liquibase's core (an extension, or a typo).</summary>
    public static readonly DiagnosticDescriptor UnknownChange = new(
        "DPL009", "Unknown change type", DiagnosticSeverity.Warning,
        "Use a core change type (createTable, addColumn, sql, …) or make sure the extension that provides it is installed.");

    /// <summary>DPL010: a change set edited after it was applied.</summary>
    public static readonly DiagnosticDescriptor EditedChangeSet = new(
        "DPL010", "Change set edited after release", DiagnosticSeverity.Error,
        "Never edit a change set that ran: add a new one. If the edit is intended, set runOnChange: true, or add the new checksum with validCheckSum.");

    /// <summary>DPL011: an XML changelog with a DOCTYPE, which is skipped.</summary>
    public static readonly DiagnosticDescriptor DoctypeIgnored = new(
        "DPL011", "DOCTYPE not read", DiagnosticSeverity.Info,
        "Remove the DOCTYPE, or make sure the changelog does not rely on the entities it declares: they are not expanded here (external entities are a security risk).");

    /// <summary>DPL012: an include whose target cannot be decided offline (it depends on Liquibase's search path).</summary>
    public static readonly DiagnosticDescriptor IncludeUndecided = new(
        "DPL012", "Include resolved through the search path", DiagnosticSeverity.Info,
        "Liquibase looks the file up in its search path (the working directory, classpath roots such as src/main/resources, or --search-path); none of the likely roots in this repository holds it. Set relativeToChangelogFile: true to make it unambiguous.");

    /// <summary>Every code of this package.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
        [MissingIdentity, DuplicateChangeSet, IncludeMissing, IncludeEscapes, NoRollback, RequiredAttribute, SeveralTags, UnknownAttribute, UnknownChange, EditedChangeSet, DoctypeIgnored, IncludeUndecided];
}

/// <summary>Registers changelogs with the object engine: YAML/JSON with a top-level <c>databaseChangeLog</c>, XML and formatted SQL.</summary>
public sealed class LiquibaseModule : ManifestModule
{
    /// <inheritdoc />
    public override System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver? TypeInfoResolver => LiquibaseJsonContext.Default;

    /// <inheritdoc />
    public override void RegisterKinds(KindRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register<LiquibaseChangelog>(LiquibaseChangelog.RegistryApiVersion, LiquibaseChangelog.RegistryKind);
        registry.RegisterRecognizer(LiquibaseChangelog.RegistryApiVersion, LiquibaseChangelog.RegistryKind, LiquibaseChangelog.LooksLikeChangelog);
        registry.RegisterReader(new XmlChangelogReader());
        registry.RegisterReader(new SqlChangelogReader());
    }

    /// <inheritdoc />
    public override IEnumerable<IObjectRule> Rules => [new ChangelogRule()];

    /// <inheritdoc />
    public override IEnumerable<Repository.IRepositoryRule> RepositoryRules => [new ChangelogIncludeRule()];

    /// <inheritdoc />
    public override IEnumerable<DiagnosticDescriptor> Diagnostics => LiquibaseDiagnostics.All;
}

/// <summary>The per-file rules: DPL001, DPL002 (within the file), DPL005–DPL009.</summary>
public sealed class ChangelogRule : ObjectRule<LiquibaseChangelog>
{
    private static readonly Dictionary<string, string[]> RequiredChildren = new(StringComparer.Ordinal)
    {
        ["createTable"] = ["columns"], ["addColumn"] = ["columns"], ["createIndex"] = ["columns"], ["insert"] = ["columns"],
        ["sql"] = ["sql"], ["createView"] = ["selectQuery"],
    };

    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticDescriptor> Descriptors =>
        [LiquibaseDiagnostics.MissingIdentity, LiquibaseDiagnostics.DuplicateChangeSet, LiquibaseDiagnostics.NoRollback, LiquibaseDiagnostics.RequiredAttribute,
         LiquibaseDiagnostics.SeveralTags, LiquibaseDiagnostics.UnknownAttribute, LiquibaseDiagnostics.UnknownChange];

    /// <inheritdoc />
    protected override void Check(LiquibaseChangelog obj, RuleContext context)
    {
        var seen = new Dictionary<string, List<(int Index, ChangeSet ChangeSet)>>(StringComparer.Ordinal);
        for (var i = 0; i < obj.Items.Count; i++)
        {
            var pointer = "/databaseChangeLog/" + i.ToString(CultureInfo.InvariantCulture);
            switch (obj.Items[i])
            {
                case ChangeSet cs:
                    CheckChangeSet(cs, pointer + "/changeSet", context, seen, i);
                    break;
                case ChangelogInclude { File: null or "" }:
                    context.Report(LiquibaseDiagnostics.RequiredAttribute, "include needs 'file'.", pointer + "/include");
                    break;
                case ChangelogIncludeAll { Path: null or "" }:
                    context.Report(LiquibaseDiagnostics.RequiredAttribute, "includeAll needs 'path'.", pointer + "/includeAll");
                    break;
            }
        }
    }

    private static void CheckChangeSet(ChangeSet cs, string pointer, RuleContext context, Dictionary<string, List<(int Index, ChangeSet ChangeSet)>> seen, int index)
    {
        if (string.IsNullOrWhiteSpace(cs.Id) || string.IsNullOrWhiteSpace(cs.Author))
        {
            var missing = string.IsNullOrWhiteSpace(cs.Id) ? "id" : "author";
            context.Report(LiquibaseDiagnostics.MissingIdentity, $"A change set has no {missing}.", pointer);
        }
        else
        {
            // Same identity is a duplicate only when both can run in one update (dbms, context and labels filters).
            var key = $"{cs.LogicalFilePath}::{cs.Id}::{cs.Author}";
            if (!seen.TryGetValue(key, out var earlier))
            {
                seen[key] = earlier = [];
            }

            var collision = earlier.Select(e => (e.Index, Kind: ChangeSetFilters.Collide(e.ChangeSet, cs))).Where(e => e.Kind != ChangeSetCollision.Never)
                .OrderBy(e => e.Kind == ChangeSetCollision.Always ? 0 : 1).FirstOrDefault();
            if (collision.Kind == ChangeSetCollision.Always)
            {
                context.Report(LiquibaseDiagnostics.DuplicateChangeSet, $"Change set '{cs.Id}' by '{cs.Author}' is already defined (item {collision.Index + 1}).", pointer + "/id");
            }
            else if (collision.Kind == ChangeSetCollision.Sometimes)
            {
                context.Report(LiquibaseDiagnostics.DuplicateChangeSet, DiagnosticSeverity.Warning,
                    $"Change set '{cs.Id}' by '{cs.Author}' is also defined at item {collision.Index + 1} with other dbms, context or labels; Liquibase fails with duplicate identifiers in any update that runs both (for contexts and labels: also when none are selected).",
                    pointer + "/id");
            }

            earlier.Add((index, cs));
        }

        var tags = 0;
        var needsRollback = new List<string>();
        for (var c = 0; c < cs.Changes.Count; c++)
        {
            var change = cs.Changes[c];
            var cp = $"{pointer}/changes/{c.ToString(CultureInfo.InvariantCulture)}/{change.Name}";
            if (change.Name == "tagDatabase" && ++tags > 1)
            {
                context.Report(LiquibaseDiagnostics.SeveralTags, $"Change set '{cs.Id}' tags the database more than once.", cp);
            }

            if (!LiquibaseChanges.AutoRollback.Contains(change.Name))
            {
                needsRollback.Add(change.Name);
            }

            CheckChange(change, cp, context);
        }

        if (needsRollback.Count > 0 && !cs.HasRollback)
        {
            context.Report(LiquibaseDiagnostics.NoRollback,
                $"Change set '{cs.Id}' has {string.Join(", ", needsRollback.Distinct(StringComparer.Ordinal))}, which Liquibase cannot undo on its own, and no rollback.", pointer + "/id");
        }

        foreach (var (item, i) in (cs.Rollback as JsonArray ?? []).Select((x, i) => (x, i)))
        {
            if (item is JsonObject { Count: 1 } o && item.Deserialize(ManifestJson.TypeInfo(typeof(LiquibaseChange))) is LiquibaseChange rc)
            {
                CheckChange(rc, $"{pointer}/rollback/{i.ToString(CultureInfo.InvariantCulture)}/{o.First().Key}", context);
            }
        }
    }

    /// <summary>Attributes Liquibase still reads under an older name (not in the XSD, not unknown).</summary>
    private static readonly Dictionary<string, string[]> DeprecatedAliases = new(StringComparer.Ordinal)
    {
        ["createProcedure"] = ["procedureBody"],
    };

    internal static void CheckChange(LiquibaseChange change, string pointer, RuleContext context)
    {
        if (!LiquibaseSchema.Elements.TryGetValue(change.Name, out var info) || !LiquibaseChanges.Names.Contains(change.Name))
        {
            var near = Spelling.Closest(LiquibaseChanges.Names, change.Name, 2, ignoreCase: true);
            context.Report(LiquibaseDiagnostics.UnknownChange, $"'{change.Name}' is not a core Liquibase change type{(near is not null ? $"; did you mean '{near}'?" : string.Empty)}.", pointer);
            return;
        }

        var body = change.ToBody();
        if (body["column"] is JsonArray && body["columns"] is null && info.Children.Contains("column"))
        {
            body = (JsonObject)body.DeepClone(); // Liquibase's YAML/JSON parser takes 'column:' for 'columns:'.
            body["columns"] = body["column"]!.DeepClone();
            body.Remove("column");
        }

        foreach (var required in info.Required)
        {
            if (body[required] is null || body[required] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0)
            {
                context.Report(LiquibaseDiagnostics.RequiredAttribute, $"{change.Name} needs '{required}'.", pointer);
            }
        }

        foreach (var required in RequiredChildren.GetValueOrDefault(change.Name, []))
        {
            if (body[required] is null or JsonArray { Count: 0 })
            {
                context.Report(LiquibaseDiagnostics.RequiredAttribute, $"{change.Name} needs '{required}'.", pointer);
            }
        }

        var allowed = info.Attributes.Concat(info.Children).Append("columns").Append("comment")
            .Append(LiquibaseSchema.TextProperties.GetValueOrDefault(change.Name, string.Empty))
            .Concat(DeprecatedAliases.GetValueOrDefault(change.Name, [])).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, _) in body)
        {
            if (!allowed.Contains(key))
            {
                var near = Spelling.Closest(info.Attributes, key, 2, ignoreCase: true);
                context.Report(LiquibaseDiagnostics.UnknownAttribute, $"{change.Name} has no attribute '{key}'{(near is not null ? $"; did you mean '{near}'?" : string.Empty)}.", pointer + "/" + YamlJson.EscapePointer(key));
            }
        }

        if (body["columns"] is JsonArray columns && LiquibaseSchema.Elements.TryGetValue("column", out var column))
        {
            var i = 0;
            foreach (var c in columns)
            {
                if (c?["column"] is JsonObject col)
                {
                    // loadData/loadUpdateData columns map a CSV column by name, header or index (the XSD makes name optional).
                    if (col["name"] is null && !(change.Name is "loadData" or "loadUpdateData" && (col["header"] is not null || col["index"] is not null)))
                    {
                        context.Report(LiquibaseDiagnostics.RequiredAttribute, $"A column of {change.Name} has no 'name'.", $"{pointer}/columns/{i}/column");
                    }

                    if (change.Name is "createTable" or "addColumn" && col["type"] is null)
                    {
                        context.Report(LiquibaseDiagnostics.RequiredAttribute, $"Column '{col["name"]}' of {change.Name} has no 'type'.", $"{pointer}/columns/{i}/column");
                    }

                    foreach (var (key, _) in col.Where(p => p.Key != "constraints" && !column.Attributes.Contains(p.Key)))
                    {
                        context.Report(LiquibaseDiagnostics.UnknownAttribute, $"A column has no attribute '{key}'.", $"{pointer}/columns/{i}/column/{YamlJson.EscapePointer(key)}");
                    }
                }

                i++;
            }
        }
    }
}
