using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Tests.Yaml;

public class ScalarTests
{
    [Theory]
    [InlineData("true", ScalarKind.Boolean)]
    [InlineData("yes", ScalarKind.Boolean)]
    [InlineData("on", ScalarKind.Boolean)]
    [InlineData("Off", ScalarKind.Boolean)]
    [InlineData("y", ScalarKind.Boolean)]
    [InlineData("~", ScalarKind.Null)]
    [InlineData("null", ScalarKind.Null)]
    [InlineData("", ScalarKind.Null)]
    [InlineData("0x10", ScalarKind.Integer)]
    [InlineData("0755", ScalarKind.Integer)]
    [InlineData("1_000", ScalarKind.Integer)]
    [InlineData("-12", ScalarKind.Integer)]
    [InlineData("1.5", ScalarKind.Float)]
    [InlineData("1e3", ScalarKind.Float)]
    [InlineData(".5", ScalarKind.Float)]
    [InlineData(".inf", ScalarKind.SpecialFloat)]
    [InlineData(".nan", ScalarKind.SpecialFloat)]
    [InlineData("1.10.3", ScalarKind.String)]
    [InlineData("v1", ScalarKind.String)]
    [InlineData("0x", ScalarKind.String)]
    [InlineData("09", ScalarKind.Float)]
    [InlineData("0x1G", ScalarKind.String)]
    public void Resolve_PlainScalar_MatchesKubernetesYaml11Rules(string text, ScalarKind expected)
    {
        YamlScalars.Resolve(text, out _, out _).ShouldBe(expected);
    }

    [Theory]
    [InlineData("0x10", "16")]
    [InlineData("0755", "493")]
    [InlineData("0o17", "15")]
    [InlineData("0b101", "5")]
    [InlineData("1_000", "1000")]
    [InlineData("+5", "5")]
    [InlineData("1.50", "1.50")]
    [InlineData(".5", "0.5")]
    [InlineData("99999999999999999999999", "99999999999999999999999")]
    public void Resolve_Number_GivesJsonNumberText(string text, string json)
    {
        YamlScalars.Resolve(text, out var number, out _);
        number.ShouldBe(json);
    }

    [Theory]
    [InlineData("on")]
    [InlineData("yes")]
    [InlineData("No")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("1.10")]
    [InlineData("0755")]
    [InlineData("0o17")]
    [InlineData(".inf")]
    [InlineData("1e3")]
    [InlineData("12:30")]
    [InlineData("2001-12-14")]
    [InlineData("")]
    [InlineData(" leading")]
    [InlineData("trailing ")]
    [InlineData("a: b")]
    [InlineData("a #b")]
    [InlineData("*alias")]
    [InlineData("&anchor")]
    [InlineData("!tag")]
    [InlineData("{x}")]
    [InlineData("[x]")]
    [InlineData("- item")]
    [InlineData("key:")]
    [InlineData("%x")]
    [InlineData("@x")]
    [InlineData("`x")]
    [InlineData("'q")]
    [InlineData("\"q")]
    [InlineData("tab\there")]
    [InlineData("<<")]
    public void NeedsQuotes_AmbiguousString_IsQuoted(string value)
    {
        YamlScalars.NeedsQuotes(value).ShouldBeTrue();
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("v1.2.3")]
    [InlineData("./clusters/production")]
    [InlineData("https://github.com/acme/repo")]
    [InlineData("--flag")]
    [InlineData("-x")]
    [InlineData("a#b")]
    [InlineData("ghcr.io/acme/app:1.0")]
    [InlineData("10m")]
    public void NeedsQuotes_OrdinaryString_StaysPlain(string value)
    {
        YamlScalars.NeedsQuotes(value).ShouldBeFalse();
    }

    [Theory]
    [InlineData("on")]
    [InlineData("0x10")]
    [InlineData("1.10")]
    [InlineData("a: b # c")]
    [InlineData("line1\nline2\n")]
    [InlineData("line1\nline2")]
    [InlineData("  indented\nnext\n")]
    [InlineData("trailing blank lines\n\n\n")]
    [InlineData("spaces only line\n   \nend")]
    [InlineData("control \u0001 char")]
    [InlineData("tab\tinside")]
    [InlineData("\ttab first\nline")]
    [InlineData("quote \" and \\ backslash")]
    [InlineData("unicode é ✓")]
    [InlineData("\n")]
    [InlineData("")]
    public void FromJson_ThenEmitThenRead_GivesBackTheSameString(string value)
    {
        var json = System.Text.Json.JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["k"] = value });
        var text = YamlEmitter.Emit(YamlJson.FromJson(json));
        var back = YamlReader.ReadString(text);
        back.HasErrors.ShouldBeFalse(text);
        var element = YamlJson.ToJson(back.Documents[0].Root)!.Value;
        element.GetProperty("k").GetString().ShouldBe(value, text);
    }
}
