using System.Text.Json;
using DataPlatform.Sdk.Manifests;

namespace DataPlatform.Sdk.Tests.Manifests;

/// <summary>
/// The fast path reads each document from a pooled parse that is returned at once: nothing an object keeps may point
/// into it, and the raw data is parsed again from the JSON text when asked for.
/// </summary>
public sealed class PooledParseTests
{
    [Fact]
    public void Objects_keep_their_free_form_content_after_later_files_reuse_the_pooled_parse()
    {
        var first = ManifestLoader.LoadString("apiVersion: example.com/v1\nkind: Thing\nmetadata:\n  name: first\nspec:\n  list: [1, two, {three: 3}]\n  nested:\n    deep: value\n", "a.yaml");
        var thing = first.Objects.Single().ShouldBeOfType<GenericManifest>();

        // Many more documents parsed after it, of every size, so that the pooled buffers are reused and overwritten.
        for (var i = 0; i < 200; i++)
        {
            var text = $"apiVersion: example.com/v1\nkind: Other\nmetadata:\n  name: o{i}\nspec:\n" + string.Concat(Enumerable.Range(0, i % 40).Select(j => $"  k{j}: \"{new string('x', j)}\"\n"));
            ManifestLoader.LoadString(text, $"o{i}.yaml").Objects.ShouldHaveSingleItem();
        }

        thing.Metadata.Name.ShouldBe("first");
        thing.Content!["spec"].GetRawText().ShouldBe("""{"list":[1,"two",{"three":3}],"nested":{"deep":"value"}}""");
        var data = first.Documents.Single().Source.Data!.Value;
        data.GetProperty("spec").GetProperty("nested").GetProperty("deep").GetString().ShouldBe("value");
        data.GetRawText().ShouldBe("""{"apiVersion":"example.com/v1","kind":"Thing","metadata":{"name":"first"},"spec":{"list":[1,"two",{"three":3}],"nested":{"deep":"value"}}}""");

        // Asked for twice (or from several threads), the data is one parse.
        var again = first.Documents.Single().Source.Data!.Value;
        again.GetRawText().ShouldBe(data.GetRawText());
        Parallel.For(0, 8, _ => first.Documents.Single().Source.Data!.Value.ValueKind.ShouldBe(JsonValueKind.Object));
    }
}
