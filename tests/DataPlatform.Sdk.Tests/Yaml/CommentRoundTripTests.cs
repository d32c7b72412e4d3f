using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Tests.Yaml;

public class CommentRoundTripTests
{
    private static string RoundTrip(string text)
    {
        var read = YamlReader.ReadString(text);
        read.Diagnostics.Where(d => d.Severity == Sdk.Diagnostics.DiagnosticSeverity.Error).ShouldBeEmpty();
        return YamlEmitter.Emit(read.Documents);
    }

    [Fact]
    public void Emit_CanonicalDocumentWithComments_IsByteIdentical()
    {
        var text = """
            # yaml-language-server: $schema=https://example.com/schema.json
            # Header comment
            apiVersion: v1 # the core group
            kind: ConfigMap

            # About the metadata
            metadata:
              name: settings # the name
              labels: # labels follow
                app: demo
                tier: 'backend'
            data:
              # first key
              key: "value"
              script: |
                #!/bin/sh
                echo "hello"
              list:
                # leading item comment
                - a # beside a
                - name: b # beside b
                  value: c
                - - nested
                  - more
              empty: []
              none: {}
            # trailing comment

            """;
        RoundTrip(text).ShouldBe(text);
    }

    [Fact]
    public void Emit_CommentWithoutSpaceOrWithHashes_KeepsExactText()
    {
        var text = "a: 1 #no space\n##double\nb: 2 #   wide\n";
        RoundTrip(text).ShouldBe(text);
    }

    [Fact]
    public void Emit_FlowCollections_AreWrittenAsBlocks()
    {
        RoundTrip("a: {b: 1, c: [x, y]}\n").ShouldBe("a:\n  b: 1\n  c:\n    - x\n    - y\n");
    }

    [Fact]
    public void Emit_SequenceIndentStyle_IsKeptPerSequence()
    {
        RoundTrip("a:\n- x\n- y\n").ShouldBe("a:\n- x\n- y\n");
        RoundTrip("a:\n- x\nb:\n  - y\n").ShouldBe("a:\n- x\nb:\n  - y\n");
    }

    [Fact]
    public void Emit_MultipleDocuments_SeparatedByDashes()
    {
        RoundTrip("---\na: 1\n---\n# second\nb: 2\n").ShouldBe("---\na: 1\n---\n# second\nb: 2\n");
        RoundTrip("# before\n---\n# after\na: 1\n").ShouldBe("# before\n---\n# after\na: 1\n");
    }

    [Fact]
    public void Emit_AnchorsAndAliases_AreKept()
    {
        var text = "base: &base\n  a: 1\nother: *base\n";
        RoundTrip(text).ShouldBe(text);
    }

    [Fact]
    public void Emit_CrLfInput_WritesLf()
    {
        RoundTrip("a: 1\r\nb: |\r\n  x\r\n  y\r\n").ShouldBe("a: 1\nb: |\n  x\n  y\n");
    }

    [Fact]
    public void Emit_QuotedStylesAndTags_AreKept()
    {
        var text = "a: 'single'\nb: \"double\"\nc: !!str 123\nd: plain\n";
        RoundTrip(text).ShouldBe(text);
    }

    [Fact]
    public void Emit_LiteralBlockWithComment_KeepsCommentOnHeader()
    {
        var text = "script: | # the script\n  echo a\n  echo b\n";
        RoundTrip(text).ShouldBe(text);
    }

    [Theory]
    [InlineData("l:\n  c: &a 1\n# x\nt:\n  y: *a\n")]
    [InlineData("l:\n  c: &a 1\n  # x\nt: 2\n")]
    [InlineData("l:\n  c: !!str 1\n# x\nt: 2 # after\n")]
    [InlineData("a:\n  b:\n    c: &x v\n  # one\n# two\nd: *x\n")]
    public void A_comment_after_an_anchored_or_tagged_value_that_ends_a_block_is_read_and_kept(string text)
    {
        // YamlDotNet's parser fails on these with comments on ("did not find expected key"); the file is valid YAML.
        var read = YamlReader.ReadString(text);
        read.Diagnostics.ShouldBeEmpty();
        var root = read.Documents.Single().Root.ShouldBeOfType<YamlMapping>();
        root.Entries.Count.ShouldBe(2);
        var emitted = YamlEmitter.Emit(read.Documents);
        foreach (var comment in text.Split('\n').Where(l => l.Contains('#', StringComparison.Ordinal)).Select(l => l[l.IndexOf('#', StringComparison.Ordinal)..]))
        {
            emitted.ShouldContain(comment, customMessage: "every comment is written back");
        }

        // Written again, the text is stable and reads the same data.
        var again = YamlReader.ReadString(emitted);
        again.Diagnostics.ShouldBeEmpty();
        YamlEmitter.Emit(again.Documents).ShouldBe(emitted);
    }

    [Fact]
    public void A_file_that_is_invalid_without_its_comments_too_keeps_its_syntax_error()
    {
        var read = YamlReader.ReadString("a:\n  b: &x 1\n# c\n c: [\n");
        read.Diagnostics.ShouldContain(d => d.Code == "DPS001");
    }
}
