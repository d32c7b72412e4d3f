using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Tests.Shared;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Tests.Yaml;

/// <summary>The read-only fast path gives exactly the JSON of the full reader, or gives up.</summary>
public class FastPathTests
{
    private static void AssertSameAsFullReader(string text)
    {
        var fast = FastYamlJson.TryConvert(text, YamlReaderOptions.Default);
        if (fast is null)
        {
            return;
        }

        var full = YamlReader.ReadString(text);
        full.HasErrors.ShouldBeFalse("the fast path accepted a file the full reader rejects:\n" + text);
        fast.Count.ShouldBe(full.Documents.Count);
        for (var i = 0; i < fast.Count; i++)
        {
            var root = full.Documents[i].Root;
            if (fast[i].IsEmpty)
            {
                (root is null or YamlScalar { Value: "" }).ShouldBeTrue();
                continue;
            }

            using var doc = JsonDocument.Parse(fast[i].Json);
            JsonElement.DeepEquals(doc.RootElement, YamlJson.ToJson(root)!.Value).ShouldBeTrue(text);
        }
    }

    [Fact]
    public void FastPath_EveryCorpusFile_MatchesTheFullReader()
    {
        var files = Directory.GetFiles(TestPaths.Corpus, "*.yaml", SearchOption.AllDirectories);
        files.Length.ShouldBeGreaterThan(30);
        var accepted = 0;
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            AssertSameAsFullReader(text);
            accepted += FastYamlJson.TryConvert(text, YamlReaderOptions.Default) is null ? 0 : 1;
        }

        accepted.ShouldBe(files.Length, "every corpus file is in the fast path's subset");
    }

    [Theory]
    [InlineData("a: 1\na: 2\n")]
    [InlineData("a: &x 1\nb: *x\n")]
    [InlineData("a: !!str 1\n")]
    [InlineData("base: {a: 1}\nother:\n  <<: {b: 2}\n")]
    [InlineData("? [a]\n: 1\n")]
    [InlineData("a: .inf\n")]
    [InlineData("a: [1, 2\n")]
    [InlineData("a:\n\tb: 1\n")]
    public void FastPath_UnusualInput_GivesUp(string text)
    {
        FastYamlJson.TryConvert(text, YamlReaderOptions.Default).ShouldBeNull();
    }

    [Theory]
    [InlineData("a: 1\n---\n")]
    [InlineData("---\n---\na: 1\n")]
    [InlineData("a: yes\nb: 0x10\nc: '0x10'\nd: ~\ne: 1.10\nf: |\n  x\n  y\ng: >\n  folded\n  text\n")]
    [InlineData("list:\n- a\n- b: [1, {c: d}]\n")]
    public void FastPath_CommonInput_MatchesTheFullReader(string text)
    {
        FastYamlJson.TryConvert(text, YamlReaderOptions.Default).ShouldNotBeNull();
        AssertSameAsFullReader(text);
    }

    [Fact]
    public void FastPath_RandomData_MatchesTheFullReader()
    {
        var text = Gen.String[Gen.Char["abcxyz019 :#-'\"{}[],&*!|>%@`?\té✓~."], 0, 16];
        var leaf = Gen.OneOf(text.Select(s => (JsonNode?)JsonValue.Create(s)), Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)), Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)));
        Gen.Select(text, leaf, (k, v) => (k, v)).List[0, 6].Select(pairs =>
        {
            var o = new JsonObject();
            foreach (var (k, v) in pairs)
            {
                o[k] = new JsonObject { ["x"] = v?.DeepClone(), ["list"] = new JsonArray(v?.DeepClone(), "y") };
            }

            return o;
        }).Sample(o =>
        {
            var yaml = YamlEmitter.Emit(YamlJson.FromJson(JsonSerializer.SerializeToElement(o)));
            AssertSameAsFullReader(yaml);
        }, iter: 300);
    }
}
