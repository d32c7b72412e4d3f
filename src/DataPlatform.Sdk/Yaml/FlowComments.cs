using System.Text.RegularExpressions;
using YamlDotNet.Core.Tokens;

namespace DataPlatform.Sdk.Yaml;

/// <summary>
/// Works around a YamlDotNet defect: with comments enabled, its parser drops the entry or fails ("did not find expected
/// key") when a comment follows a flow collection that closes in block context (<c>resources: [a.yaml, b.yaml] # apps</c>).
/// Such comments are taken out of the text (replaced by spaces, so every position stays the same) and given back by
/// line, for the tree builder to attach to the entry or item that holds the collection.
/// </summary>
internal static partial class FlowComments
{
    /// <summary>Removes the comments that follow an outermost closing bracket on its line.</summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="comments">The removed comments (text after '#') by 1-based line, or <see langword="null"/> when there were none.</param>
    /// <returns>The text to parse (the input itself when nothing was removed).</returns>
    public static string Extract(string text, out Dictionary<int, string>? comments)
    {
        comments = null;
        if (!CommentAfterBracket().IsMatch(text))
        {
            return text; // The common case: no scan at all.
        }

        if (YamlTokens.Scan(text, skipComments: true) is not { } tokens)
        {
            return text; // Malformed: the parser proper reports it (it fails the same way, and that is caught there).
        }

        char[]? blanked = null;
        var depth = 0;
        foreach (var token in tokens)
        {
            switch (token)
            {
                case FlowSequenceStart or FlowMappingStart:
                    depth++;
                    break;
                case FlowSequenceEnd or FlowMappingEnd when --depth == 0:
                    var end = (int)token.Start.Index + 1; // The token's end mark equals its start.
                    var i = end;
                    while (i < text.Length && text[i] is ' ' or '\t')
                    {
                        i++;
                    }

                    if (i > end && i < text.Length && text[i] == '#')
                    {
                        var stop = YamlTokens.CommentEnd(text, i);
                        (comments ??= [])[(int)token.Start.Line] = text[(i + 1)..stop].TrimEnd();
                        blanked ??= text.ToCharArray();
                        Array.Fill(blanked, ' ', i, stop - i);
                    }

                    break;
            }
        }

        return blanked is null ? text : new string(blanked);
    }

    [GeneratedRegex(@"[\]}][ \t]+#")]
    private static partial Regex CommentAfterBracket();
}
