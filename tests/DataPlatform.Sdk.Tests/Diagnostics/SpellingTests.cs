using DataPlatform.Sdk.Diagnostics;

namespace DataPlatform.Sdk.Tests.Diagnostics;

public class SpellingTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("interval", "intreval", 2)]
    [InlineData("sourceRef", "sourceref", 1)]
    public void Distance_CountsSingleCharacterEdits(string a, string b, int expected)
    {
        Spelling.Distance(a, b).ShouldBe(expected);
        Spelling.Distance(b, a).ShouldBe(expected);
    }

    [Fact]
    public void Distance_CanIgnoreCase() =>
        Spelling.Distance("createTable", "CREATETABEL", ignoreCase: true).ShouldBe(2);

    [Fact]
    public void Closest_IsTheNearestWithinTheLimit_FirstOnTies()
    {
        string[] known = ["tableName", "schemaName", "columnName"];
        Spelling.Closest(known, "tabelName", 2).ShouldBe("tableName");
        Spelling.Closest(known, "somethingElse", 2).ShouldBeNull();
        Spelling.Closest(["abd", "abe"], "abc", 1).ShouldBe("abd");
        Spelling.Closest(known, "TABLENAME", 1).ShouldBeNull();
        Spelling.Closest(known, "TABLENAME", 1, ignoreCase: true).ShouldBe("tableName");
    }
}
