using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DataPlatform.Sdk.Yaml;

/// <summary>
/// Works around a YamlDotNet defect: with comments enabled, its parser rejects valid YAML where a comment line follows
/// an anchored or tagged value at the end of a block (<c>l:\n  c: &amp;a 1\n# x\nt: 2\n</c> fails with "did not find
/// expected key"; without comments, and in every other YAML parser, it reads). Its scanner finds the comments
/// correctly, so when the comment-keeping parse fails, the file is parsed again with every comment blanked out (spaces,
/// so every position stays the same) and the comments are handed back in their place in the event stream — before the
/// first event that starts after them, where the parser puts them when it does not fail.
/// </summary>
internal static class CommentReplay
{
    /// <summary>The text with its comments blanked, and the comments as parser events, or <see langword="null"/> when it has none or cannot be scanned.</summary>
    /// <param name="text">The YAML text.</param>
    /// <returns>The blanked text and the comments in text order.</returns>
    public static (string Text, List<Comment> Comments)? Blank(string text)
    {
        if (YamlTokens.Scan(text, skipComments: false) is not { } tokens)
        {
            return null; // Malformed: the original error stands.
        }

        var comments = new List<Comment>();
        char[]? blanked = null;
        foreach (var token in tokens)
        {
            if (token is YamlDotNet.Core.Tokens.Comment c && c.Start.Index is >= 0 and var start && start < text.Length && text[(int)start] == '#')
            {
                var stop = YamlTokens.CommentEnd(text, (int)start);
                blanked ??= text.ToCharArray();
                Array.Fill(blanked, ' ', (int)start, stop - (int)start);
                comments.Add(new Comment(c.Value, c.IsInline, c.Start, c.End));
            }
        }

        return blanked is null ? null : (new string(blanked), comments);
    }

    /// <summary>The parser's events with the comments put back: each before the first event that starts after it (none: the events as they are).</summary>
    /// <param name="parser">A parser over the blanked text.</param>
    /// <param name="comments">The comments, in text order.</param>
    /// <returns>The events.</returns>
    public static IEnumerable<ParsingEvent> Events(IParser parser, IReadOnlyList<Comment> comments)
    {
        var next = 0;
        while (parser.MoveNext())
        {
            var ev = parser.Current!;
            while (next < comments.Count && (comments[next].Start.Index < ev.Start.Index || ev is StreamEnd))
            {
                yield return comments[next++];
            }

            yield return ev;
        }
    }
}
