using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Liquibase;

/// <summary>
/// Liquibase's XML changelog format, mapped onto the YAML/JSON shape the models read: attributes become keys (typed by
/// the XSD: booleans and integers as such), <c>&lt;column&gt;</c> children become <c>columns: [{column: …}]</c>, element
/// text becomes the change's text key (<c>sql</c>, <c>selectQuery</c>, …), a change set's changes become
/// <c>changes: […]</c>, and preconditions become the list form. Reading keeps each value's line for diagnostics.
/// </summary>
public static partial class ChangelogXml
{
    /// <summary>The changelog namespace.</summary>
    public static readonly XNamespace Ns = "http://www.liquibase.org/xml/ns/dbchangelog";

    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>Whether text is an XML changelog (a <c>databaseChangeLog</c> root element).</summary>
    /// <param name="text">The file content.</param>
    /// <returns><see langword="true"/> for XML changelogs.</returns>
    public static bool IsChangelog(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return start.StartsWith('<') && text.Contains("databaseChangeLog", StringComparison.Ordinal);
    }

    /// <summary>Reads an XML changelog into the YAML-shaped tree (with line numbers).</summary>
    /// <param name="text">The XML.</param>
    /// <returns>The tree: a mapping with the key <c>databaseChangeLog</c>.</returns>
    /// <exception cref="XmlException">Malformed XML (with line and position).</exception>
    public static YamlDocument Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // .NET reads XML 1.0 only. Liquibase's parser takes 1.1 (many of its own changelogs declare it), and nothing a
        // changelog holds differs between the two, so a 1.1 declaration is read as 1.0 (same length: positions stay).
        // A DOCTYPE is skipped, never processed: no entity is expanded and no external file is read.
        var declaration = Xml11Declaration().Match(text);
        if (declaration.Success)
        {
            text = string.Concat(text.AsSpan(0, declaration.Groups["v"].Index), "1.0", text.AsSpan(declaration.Groups["v"].Index + 3));
        }

        using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, MaxCharactersFromEntities = 0 });
        var doc = XDocument.Load(reader, LoadOptions.SetLineInfo | LoadOptions.PreserveWhitespace);
        var root = doc.Root ?? throw new XmlException("The document has no root element.");
        if (DeepestElement(root, MaxDepth) is { } deep)
        {
            // The conversion below recurses: input must not decide the depth of the stack.
            throw new XmlException($"Elements are nested deeper than {MaxDepth} levels; the changelog is not read.", null, Line(deep), 1);
        }
        if (root.Name.LocalName != "databaseChangeLog")
        {
            throw new XmlException($"The root element is <{root.Name.LocalName}>, not <databaseChangeLog>.", null, Line(root), 1);
        }

        var items = new YamlSequence { Start = Mark(root) };
        foreach (var child in Elements(root))
        {
            items.Items.Add(new YamlItem(OneKey(child.Name.LocalName, child.Name.LocalName switch
            {
                "changeSet" => ChangeSet(child),
                "preConditions" => Preconditions(child),
                _ => Body(child),
            }, child)));
        }

        var top = new YamlMapping { Start = Mark(root) };
        top.Entries.Add(new YamlEntry(new YamlScalar("databaseChangeLog") { Start = Mark(root) }, items));
        return new YamlDocument(top);
    }

    /// <summary>Writes a changelog as XML (namespace-correct, in the XSD's element order).</summary>
    /// <param name="changelog">The changelog.</param>
    /// <returns>The XML text (LF line ends, final newline).</returns>
    public static string Write(LiquibaseChangelog changelog)
    {
        ArgumentNullException.ThrowIfNull(changelog);
        var json = JsonSerializer.SerializeToNode(changelog with { Origin = default }, Json.ManifestJson.TypeInfo(typeof(LiquibaseChangelog)))!;
        var root = new XElement(Ns + "databaseChangeLog",
            new XAttribute(XNamespace.Xmlns + "xsi", Xsi),
            new XAttribute(Xsi + "schemaLocation", "http://www.liquibase.org/xml/ns/dbchangelog http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd"));
        foreach (var item in json["databaseChangeLog"]?.AsArray() ?? [])
        {
            if (item is JsonObject { Count: 1 } o)
            {
                var (name, value) = o.First();
                root.Add(name switch
                {
                    "changeSet" => WriteChangeSet(value!.AsObject()),
                    "preConditions" => WritePreconditions(value),
                    _ => WriteBody(name, value),
                });
            }
        }

        var sb = new StringBuilder();
        using (var writer = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, IndentChars = "    ", NewLineChars = "\n", OmitXmlDeclaration = false, Encoding = new UTF8Encoding(false) }))
        {
            new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Save(writer);
        }

        return sb.ToString().Replace("encoding=\"utf-16\"", "encoding=\"UTF-8\"", StringComparison.Ordinal) + "\n";
    }

    // ---- XML -> tree ----

    private static IEnumerable<XElement> Elements(XElement e) => e.Elements().Where(x => x.Name.Namespace == Ns || x.Name.Namespace == XNamespace.None);

    private static YamlMapping ChangeSet(XElement cs)
    {
        var map = Attributes(cs);
        var changes = new YamlSequence { Start = Mark(cs) };
        var checksums = new List<XElement>();
        foreach (var child in Elements(cs))
        {
            switch (child.Name.LocalName)
            {
                case "comment":
                    map.Entries.Add(Entry("comment", Text(child), child));
                    break;
                case "validCheckSum":
                    checksums.Add(child);
                    break;
                case "preConditions":
                    map.Entries.Add(Entry("preConditions", Preconditions(child), child));
                    break;
                case "rollback":
                    map.Entries.Add(Entry("rollback", Rollback(child), child));
                    break;
                case "modifySql":
                    map.Entries.Add(Entry("modifySql", Body(child), child));
                    break;
                default:
                    changes.Items.Add(new YamlItem(OneKey(child.Name.LocalName, Body(child), child)));
                    break;
            }
        }

        if (checksums.Count == 1)
        {
            map.Entries.Add(Entry("validCheckSum", Text(checksums[0]), checksums[0]));
        }
        else if (checksums.Count > 1)
        {
            var list = new YamlSequence { Start = Mark(checksums[0]) };
            list.Items.AddRange(checksums.Select(c => new YamlItem(Text(c))));
            map.Entries.Add(Entry("validCheckSum", list, checksums[0]));
        }

        if (changes.Items.Count > 0)
        {
            map.Entries.Add(Entry("changes", changes, cs));
        }

        return map;
    }

    private static YamlNode Rollback(XElement rollback)
    {
        var children = Elements(rollback).ToList();
        if (children.Count == 0 && !rollback.HasAttributes)
        {
            return Text(rollback);
        }

        if (children.Count == 0)
        {
            return Body(rollback);
        }

        var list = new YamlSequence { Start = Mark(rollback) };
        foreach (var child in children)
        {
            list.Items.Add(new YamlItem(OneKey(child.Name.LocalName, Body(child), child)));
        }

        return list;
    }

    private static YamlSequence Preconditions(XElement pc)
    {
        var list = new YamlSequence { Start = Mark(pc) };
        foreach (var a in pc.Attributes().Where(a => !a.IsNamespaceDeclaration))
        {
            var m = new YamlMapping { Start = Mark(a) };
            m.Entries.Add(new YamlEntry(new YamlScalar(a.Name.LocalName) { Start = Mark(a) }, Scalar(pc.Name.LocalName, a)));
            list.Items.Add(new YamlItem(m));
        }

        foreach (var child in Elements(pc))
        {
            var name = child.Name.LocalName;
            list.Items.Add(new YamlItem(OneKey(name, name is "and" or "or" or "not" ? Preconditions(child) : Body(child), child)));
        }

        return list;
    }

    /// <summary>A change, precondition or other element: attributes, text key, columns, nested elements.</summary>
    private static YamlNode Body(XElement e)
    {
        var name = e.Name.LocalName;
        var map = Attributes(e);
        var children = Elements(e).ToList();
        var text = string.Concat(e.Nodes().OfType<XText>().Select(t => t.Value));
        if (children.Count == 0 && map.Entries.Count == 0 && !LiquibaseSchema.TextProperties.ContainsKey(name))
        {
            return Text(e); // <validCheckSum>…</validCheckSum>, <param>…</param> without attributes.
        }

        if (text.Trim().Length > 0)
        {
            var key = LiquibaseSchema.TextProperties.GetValueOrDefault(name, "value");
            map.Entries.Add(Entry(key, Text(e), e));
        }

        var columns = new YamlSequence { Start = children.FirstOrDefault(c => c.Name.LocalName == "column") is { } fc ? Mark(fc) : Mark(e) };
        foreach (var child in children)
        {
            var childName = child.Name.LocalName;
            if (childName == "column")
            {
                columns.Items.Add(new YamlItem(OneKey("column", Body(child), child)));
            }
            else if (childName is "where" or "comment")
            {
                map.Entries.Add(Entry(childName, Text(child), child));
            }
            else if (childName == "whereParams")
            {
                var list = new YamlSequence { Start = Mark(child) };
                list.Items.AddRange(Elements(child).Select(p => new YamlItem(OneKey(p.Name.LocalName, Body(p), p))));
                map.Entries.Add(Entry(childName, list, child));
            }
            else if (map.Find(childName) is null)
            {
                map.Entries.Add(Entry(childName, Body(child), child));
            }
        }

        if (columns.Items.Count > 0)
        {
            map.Entries.Add(Entry("columns", columns, e));
        }

        return map;
    }

    private static YamlMapping Attributes(XElement e)
    {
        var map = new YamlMapping { Start = Mark(e) };
        foreach (var a in e.Attributes().Where(a => !a.IsNamespaceDeclaration && a.Name.Namespace == XNamespace.None))
        {
            map.Entries.Add(new YamlEntry(new YamlScalar(a.Name.LocalName) { Start = Mark(a) }, Scalar(e.Name.LocalName, a)));
        }

        return map;
    }

    /// <summary>An attribute value typed as the XSD types it: booleans and integers plain, everything else a string.</summary>
    private static YamlScalar Scalar(string element, XAttribute a)
    {
        var info = LiquibaseSchema.Elements.GetValueOrDefault(element);
        var name = a.Name.LocalName;
        var value = a.Value;
        var known = info?.Attributes.Contains(name) == true;
        var plain = ((info?.Booleans.Contains(name) == true || !known) && value is "true" or "false")
            || (info?.Numbers.Contains(name) == true && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));
        return new YamlScalar(value, plain ? YamlScalarStyle.Plain : YamlScalarStyle.DoubleQuoted) { Start = Mark(a) };
    }

    private static YamlScalar Text(XElement e)
    {
        var text = string.Concat(e.Nodes().OfType<XText>().Select(t => t.Value));
        var trimmed = text.Trim();
        return new YamlScalar(trimmed, trimmed.Contains('\n', StringComparison.Ordinal) ? YamlScalarStyle.Literal : YamlScalarStyle.DoubleQuoted) { Start = Mark(e) };
    }

    private static YamlMapping OneKey(string key, YamlNode value, XObject at)
    {
        var m = new YamlMapping { Start = Mark(at) };
        m.Entries.Add(new YamlEntry(new YamlScalar(key) { Start = Mark(at) }, value));
        return m;
    }

    private static YamlEntry Entry(string key, YamlNode value, XObject at) => new(new YamlScalar(key) { Start = Mark(at) }, value);

    private static YamlMark Mark(XObject o) => o is IXmlLineInfo li && li.HasLineInfo() ? new YamlMark(li.LineNumber, li.LinePosition) : YamlMark.None;

    private static int Line(XObject o) => o is IXmlLineInfo li && li.HasLineInfo() ? li.LineNumber : 0;

    // ---- tree -> XML ----

    private static XElement WriteChangeSet(JsonObject cs)
    {
        var e = new XElement(Ns + "changeSet");
        foreach (var (key, value) in cs)
        {
            if (key is not ("comment" or "validCheckSum" or "preConditions" or "changes" or "rollback" or "modifySql") && value is JsonValue v)
            {
                e.Add(new XAttribute(key, ScalarText(v)));
            }
        }

        foreach (var checksum in cs["validCheckSum"] switch { JsonArray a => a.ToList(), JsonNode n => [n], null => [] })
        {
            e.Add(new XElement(Ns + "validCheckSum", checksum is JsonValue v ? ScalarText(v) : checksum?.ToJsonString()));
        }

        if (cs["preConditions"] is { } pc)
        {
            e.Add(WritePreconditions(pc));
        }

        if (cs["comment"] is JsonValue comment)
        {
            e.Add(new XElement(Ns + "comment", ScalarText(comment)));
        }

        foreach (var change in cs["changes"]?.AsArray() ?? [])
        {
            if (change is JsonObject { Count: 1 } o)
            {
                var (name, body) = o.First();
                e.Add(WriteBody(name, body));
            }
        }

        if (cs["modifySql"] is { } modify)
        {
            e.Add(WriteBody("modifySql", modify));
        }

        if (cs["rollback"] is { } rollback)
        {
            var r = new XElement(Ns + "rollback");
            switch (rollback)
            {
                case JsonValue text:
                    r.Add(new XText(ScalarText(text)));
                    break;
                case JsonArray list:
                    foreach (var item in list.OfType<JsonObject>().Where(i => i.Count == 1))
                    {
                        var (name, body) = item.First();
                        r.Add(WriteBody(name, body));
                    }

                    break;
                case JsonObject one when one.Count == 1 && LiquibaseChanges.Names.Contains(one.First().Key):
                    r.Add(WriteBody(one.First().Key, one.First().Value));
                    break;
                case JsonObject attributes:
                    foreach (var (k, v) in attributes)
                    {
                        r.Add(new XAttribute(k, v is JsonValue jv ? ScalarText(jv) : v?.ToJsonString() ?? string.Empty));
                    }

                    break;
            }

            e.Add(r);
        }

        return e;
    }

    private static XElement WritePreconditions(JsonNode? pc, string name = "preConditions")
    {
        var e = new XElement(Ns + name);
        foreach (var item in pc as JsonArray ?? [])
        {
            if (item is not JsonObject { Count: 1 } o)
            {
                continue;
            }

            var (key, value) = o.First();
            if (value is JsonValue v && !LiquibaseSchema.PreconditionTypes.Contains(key))
            {
                e.Add(new XAttribute(key, ScalarText(v)));
            }
            else if (key is "and" or "or" or "not")
            {
                e.Add(WritePreconditions(value, key));
            }
            else
            {
                e.Add(WriteBody(key, value));
            }
        }

        return e;
    }

    private static XElement WriteBody(string name, JsonNode? body)
    {
        var e = new XElement(Ns + name);
        switch (body)
        {
            case JsonValue v:
                e.Add(new XText(ScalarText(v)));
                return e;
            case JsonArray list:
                foreach (var item in list.OfType<JsonObject>().Where(i => i.Count == 1))
                {
                    var (k, v) = item.First();
                    e.Add(WriteBody(k, v));
                }

                return e;
            case not JsonObject:
                return e;
        }

        var obj = (JsonObject)body;
        var textKey = LiquibaseSchema.TextProperties.GetValueOrDefault(name);
        foreach (var (key, value) in obj)
        {
            if (value is JsonValue v && key != textKey && key is not ("where" or "comment"))
            {
                e.Add(new XAttribute(key, ScalarText(v)));
            }
        }

        foreach (var (key, value) in obj)
        {
            switch (key)
            {
                case "comment" when value is JsonValue c:
                    e.Add(new XElement(Ns + "comment", ScalarText(c)));
                    break;
                case "columns" when value is JsonArray columns:
                    foreach (var col in columns.OfType<JsonObject>())
                    {
                        e.Add(WriteBody("column", col["column"]));
                    }

                    break;
                case "where" when value is JsonValue w:
                    e.Add(new XElement(Ns + "where", ScalarText(w)));
                    break;
                case "whereParams" when value is JsonArray ps:
                    var wp = new XElement(Ns + "whereParams");
                    foreach (var p in ps.OfType<JsonObject>().Where(i => i.Count == 1))
                    {
                        wp.Add(WriteBody(p.First().Key, p.First().Value));
                    }

                    e.Add(wp);
                    break;
                case var k when k == textKey && value is JsonValue t:
                    break;
                case "value" when name == "column" && value is JsonValue:
                    break; // written as an attribute above
                default:
                    if (value is JsonObject or JsonArray)
                    {
                        e.Add(WriteBody(key, value));
                    }

                    break;
            }
        }

        if (textKey is not null && obj[textKey] is JsonValue textValue)
        {
            e.Add(new XText(ScalarText(textValue)));
        }

        return e;
    }

    private static string ScalarText(JsonValue v) => v.GetValueKind() switch
    {
        JsonValueKind.String => v.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => v.ToJsonString(),
    };

    /// <summary>The deepest element nesting read (a changelog needs about ten).</summary>
    public const int MaxDepth = 200;

    /// <summary>The first element deeper than <paramref name="limit"/>, found without recursion, or <see langword="null"/>.</summary>
    private static XElement? DeepestElement(XElement root, int limit)
    {
        var stack = new Stack<(XElement Element, int Depth)>();
        stack.Push((root, 1));
        while (stack.Count > 0)
        {
            var (element, depth) = stack.Pop();
            if (depth > limit)
            {
                return element;
            }

            foreach (var child in element.Elements())
            {
                stack.Push((child, depth + 1));
            }
        }

        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\A\uFEFF?\s*<\?xml\s+version\s*=\s*[""'](?<v>1\.1)[""']")]
    private static partial System.Text.RegularExpressions.Regex Xml11Declaration();
}
