using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Tests.Yaml;

/// <summary>Property tests: for random JSON data, emit → read gives the data back, and emitting is stable.</summary>
public class RoundTripProperties
{
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.Char["abcxyz019 :#-'\"{}[],&*!|>%@`?\t\né✓~."], 0, 24],
        Gen.OneOf<string>("on", "yes", "No", "0x10", "1.10", "0755", "", " a", "a ", "a: b", "#x", "line1\nline2\n", "null", "~", "-", "- x", "1e3", ".inf", "2001-12-14", "<<", "=", "true", "12:30", "---", "..."));

    private static readonly Gen<JsonNode?> Leaf = Gen.OneOf(
        Text.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
        Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Const((JsonNode?)null));

    private static Gen<JsonNode?> Node(int depth) => depth == 0
        ? Leaf
        : Gen.Frequency((3, Leaf), (1, Object(depth - 1).Select(o => (JsonNode?)o)), (1, Array(depth - 1).Select(a => (JsonNode?)a)));

    private static Gen<JsonObject> Object(int depth) =>
        Gen.Select(Text, Node(depth), (k, v) => (k, v)).List[0, 5].Select(pairs =>
        {
            var o = new JsonObject();
            foreach (var (k, v) in pairs)
            {
                o[k] = v?.DeepClone();
            }

            return o;
        });

    private static Gen<JsonArray> Array(int depth) =>
        Node(depth).List[0, 4].Select(items => new JsonArray([.. items.Select(i => i?.DeepClone())]));

    [Fact]
    public void EmitThenRead_RandomData_GivesTheSameData()
    {
        Object(3).Sample(o =>
        {
            var element = JsonSerializer.SerializeToElement(o);
            var yaml = YamlEmitter.Emit(YamlJson.FromJson(element));
            var read = YamlReader.ReadString(yaml);
            if (read.HasErrors)
            {
                return false;
            }

            var back = YamlJson.ToJson(read.Documents[0].Root)!.Value;
            return JsonElement.DeepEquals(element, back);
        }, iter: 400, print: o => o.ToJsonString() + "\n" + YamlEmitter.Emit(YamlJson.FromJson(JsonSerializer.SerializeToElement(o))));
    }

    [Fact]
    public void Emit_RandomData_IsStable()
    {
        Object(3).Sample(o =>
        {
            var yaml = YamlEmitter.Emit(YamlJson.FromJson(JsonSerializer.SerializeToElement(o)));
            var again = YamlEmitter.Emit(YamlReader.ReadString(yaml).Documents);
            return yaml == again;
        }, iter: 400);
    }

    [Fact]
    public void Merge_RandomEdit_KeepsUntouchedBranchesByReference()
    {
        Gen.Select(Object(2), Object(2), (a, b) => (a, b)).Sample((a, b) =>
        {
            var original = new JsonObject { ["keep"] = a.DeepClone(), ["edit"] = b.DeepClone() };
            var tree = YamlJson.FromJson(JsonSerializer.SerializeToElement(original));
            var edited = original.DeepClone().AsObject();
            edited["edit"] = "changed";
            var merged = (YamlMapping)YamlJson.FromJson(JsonSerializer.SerializeToElement(edited), tree);
            return ReferenceEquals(merged.Find("keep")!.Value, ((YamlMapping)tree).Find("keep")!.Value);
        }, iter: 200);
    }
}
