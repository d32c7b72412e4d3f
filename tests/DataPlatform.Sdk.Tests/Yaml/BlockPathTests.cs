using System.Text;
using DataPlatform.Sdk.Tests.Shared;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Tests.Yaml;

/// <summary>
/// The line scanner (<see cref="BlockYamlJson"/>) answers only where it gives exactly what the event-based fast path
/// (<see cref="FastYamlJson"/>) gives — the same documents and the same JSON bytes — and the full reader finds no error;
/// everywhere else it gives up. Checked on every vendored real file and on many thousands of mutations of them.
/// </summary>
public class BlockPathTests
{
    private static readonly string[] RealFiles = [.. new[] { TestPaths.Corpus, TestPaths.Reference }
        .SelectMany(d => Directory.GetFiles(d, "*.*", SearchOption.AllDirectories))
        .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)];

    /// <summary>Fails when the scanner answers differently from the event path or accepts what the full reader rejects; true when it answered.</summary>
    private static bool AssertAgrees(string text)
    {
        var block = BlockYamlJson.TryConvert(text, YamlReaderOptions.Default);
        if (block is null)
        {
            return false;
        }

        var events = FastYamlJson.TryConvert(text, YamlReaderOptions.Default);
        events.ShouldNotBeNull("the scanner accepted what the event path gives up on:\n" + text);
        block.Count.ShouldBe(events.Count, "documents of:\n" + text);
        for (var i = 0; i < block.Count; i++)
        {
            block[i].StreamIndex.ShouldBe(events[i].StreamIndex);
            Encoding.UTF8.GetString(block[i].Json).ShouldBe(Encoding.UTF8.GetString(events[i].Json), "document " + i + " of:\n" + text);
        }

        // A second parser must find it valid YAML too: the full, comment-keeping reader (edits and fmt go through it).
        ParseError(text).ShouldBeNull($"the scanner accepted a file YamlDotNet rejects:\n{text}\n(ends with {System.Text.Json.JsonSerializer.Serialize(text[Math.Max(0, text.Length - 20)..])})");
        return true;
    }

    private static string? ParseError(string text)
    {
        return YamlReader.ReadString(text).Diagnostics.FirstOrDefault(d => d.Code == "DPS001")?.Message;
    }

    [Fact]
    public void Every_vendored_real_file_gives_the_same_json_or_is_left_to_the_event_path()
    {
        RealFiles.Length.ShouldBeGreaterThan(300);
        var accepted = RealFiles.Count(f => AssertAgrees(YamlReader.Decode(File.ReadAllBytes(f), f, YamlReaderOptions.Default).Text ?? string.Empty));

        // Most real manifests are in the subset; the rest (folded scalars, anchors, CRLF...) take the event path.
        accepted.ShouldBeGreaterThan(RealFiles.Length * 3 / 4, $"{accepted} of {RealFiles.Length} accepted");
    }

    [Fact]
    public void Mutations_of_real_files_never_make_the_scanner_disagree()
    {
        // Single-character edits with YAML's significant characters, and line-level edits (indent, duplicate, drop),
        // on every real file: 40,000 variants, each with its own seed so that a failure names a reproducible case.
        const string alphabet = " :-#'\"|>[]{},&*!?%@`\n\\x0.~";
        var tried = 0;
        var accepted = 0;
        foreach (var (file, index) in RealFiles.Select((f, i) => (f, i)))
        {
            var text = YamlReader.Decode(File.ReadAllBytes(file), file, YamlReaderOptions.Default).Text;
            if (text is null || text.Length == 0)
            {
                continue;
            }

            for (var seed = 0; seed < 40_000 / RealFiles.Length; seed++)
            {
                var random = new Random(index * 1000 + seed);
                var mutated = Mutate(text, random, alphabet);
                tried++;
                accepted += AssertAgrees(mutated) ? 1 : 0;
            }
        }

        tried.ShouldBeGreaterThan(30_000);
        accepted.ShouldBeGreaterThan(tried / 10, "the mutations must leave many files in the subset, or this test checks little");
    }

    private static string Mutate(string text, Random random, string alphabet)
    {
        var lines = text.Split('\n').ToList();
        for (var edits = 1 + random.Next(3); edits > 0; edits--)
        {
            var l = random.Next(lines.Count);
            var line = lines[l];
            switch (random.Next(7))
            {
                case 0 or 1 or 2:
                    var at = random.Next(line.Length + 1);
                    var c = alphabet[random.Next(alphabet.Length)];
                    lines[l] = random.Next(2) == 0 || line.Length == 0
                        ? line.Insert(at, c.ToString())
                        : line.Remove(Math.Min(at, line.Length - 1), 1).Insert(Math.Min(at, line.Length - 1), c.ToString());
                    break;
                case 3:
                    lines[l] = random.Next(2) == 0 ? " " + line : line.StartsWith(' ') ? line[1..] : line;
                    break;
                case 4:
                    lines.Insert(l, line);
                    break;
                case 5 when lines.Count > 1:
                    lines.RemoveAt(l);
                    break;
                default:
                    lines[l] = line.Length > 0 ? line[..random.Next(line.Length)] : "---";
                    break;
            }
        }

        return string.Join('\n', lines);
    }

    [Theory]
    [InlineData("a: 1\na: 2\n")]
    [InlineData("a: 1\n'a': 2\n")]
    [InlineData("a: &x 1\nb: *x\n")]
    [InlineData("a: !!str 1\n")]
    [InlineData("<<: {b: 2}\n")]
    [InlineData("? a\n: 1\n")]
    [InlineData("a: .inf\n")]
    [InlineData("a: [1, 2\n")]
    [InlineData("a: [1, 2,]\n")]
    [InlineData("a:\n\tb: 1\n")]
    [InlineData("a: 1\r\nb: 2\r\n")]
    [InlineData("a: >\n  folded\n")]
    [InlineData("a: |+\n  kept\n\n")]
    [InlineData("a: |2\n   x\n")]
    [InlineData("a: plain\n  continued\n")]
    [InlineData("a: 'quoted\n  continued'\n")]
    [InlineData("a: b: c\n")]
    [InlineData("a: - b\n")]
    [InlineData("- - a\n")]
    [InlineData("%YAML 1.2\n---\na: 1\n")]
    [InlineData("a: 1\n...\n")]
    [InlineData("--- |\n  text\n")]
    [InlineData("just a scalar\n")]
    [InlineData("a:\n  - x\n  b: 1\n")]
    [InlineData("a: \"\\x41\"\n")]
    [InlineData("a: |\n    x\n  y\n")]
    [InlineData("  indented: top\n")]
    [InlineData("a: |\n  \n  x\n")]
    public void Unusual_or_malformed_input_is_left_to_the_other_readers(string text)
    {
        BlockYamlJson.TryConvert(text, YamlReaderOptions.Default).ShouldBeNull();
    }

    [Theory]
    [InlineData("a: 1\n---\n")]
    [InlineData("---\n---\na: 1\n")]
    [InlineData("# only a comment\n")]
    [InlineData("")]
    [InlineData("a: yes\nb: 0x10\nc: '0x10'\nd: ~\ne: 1.10\nf: |\n  x\n\n    y\n  z\n\ng: |-\n  stripped\nh: \"esc\\n\\\"aped\\u00e9\"\ni: 'it''s'\n")]
    [InlineData("list:\n- a\n- b: [1, {c: d, 'e': \"f\"}]\n  g: h # comment\n-\n  nested: true\n- []\n- {}\nnext: null\n")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations:\n    \"a.b/c\": 'd'\ndata:\n  script: |\n    #!/bin/sh\n    echo \"hi\" # not a comment\n\n  empty:\n  other: -1\n")]
    [InlineData("a: |\n\n  leading blank\n")]
    [InlineData("a: |\n  x\n     \n  y\n")]
    [InlineData("a: |\nb: 1\n")]
    [InlineData("key with spaces : value with spaces   \nurl: http://x:80/y?z=1#frag\n")]
    public void Common_input_is_scanned_and_agrees(string text)
    {
        AssertAgrees(text).ShouldBeTrue("the scanner gave up on:\n" + text);
    }

    [Fact]
    public void A_large_file_is_scanned_and_the_next_small_one_still_is()
    {
        var big = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  script: |\n"
            + string.Concat(Enumerable.Range(0, 40_000).Select(i => $"    echo line {i} with some text to make it long\n"));
        big.Length.ShouldBeGreaterThan(1 << 20);
        AssertAgrees(big).ShouldBeTrue();
        AssertAgrees("a: 1\nb: [x, y]\n").ShouldBeTrue();
    }
}
