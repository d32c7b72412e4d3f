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
}
