using System.Text.RegularExpressions;
using YamlDotNet.Core;
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

        char[]? blanked = null;
        try
        {
            var scanner = new Scanner(new StringReader(text), skipComments: true);
            var depth = 0;
            var budget = (2L * text.Length) + 64; // A scanner never yields more tokens than that on valid input.
            while (scanner.MoveNext())
            {
                if (--budget < 0 || scanner.Current is Error)
                {
                    comments = null;
                    return text; // Malformed (the scanner repeats Error tokens forever): the parser proper reports it.
                }

                switch (scanner.Current)
                {
                    case FlowSequenceStart or FlowMappingStart:
                        depth++;
                        break;
                    case FlowSequenceEnd or FlowMappingEnd when --depth == 0:
                        var end = (int)scanner.Current.Start.Index + 1; // The token's end mark equals its start.
                        var i = end;
                        while (i < text.Length && text[i] is ' ' or '\t')
                        {
                            i++;
                        }

                        if (i > end && i < text.Length && text[i] == '#')
                        {
                            var stop = text.IndexOf('\n', i);
                            stop = stop < 0 ? text.Length : stop;
                            stop = stop > i && text[stop - 1] == '\r' ? stop - 1 : stop;
                            (comments ??= [])[(int)scanner.Current.Start.Line] = text[(i + 1)..stop].TrimEnd();
                            blanked ??= text.ToCharArray();
                            Array.Fill(blanked, ' ', i, stop - i);
                        }

                        break;
                }
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
        {
            comments = null;
            return text; // The parser proper reports the syntax error (it fails the same way, and that is caught there).
        }

        return blanked is null ? text : new string(blanked);
    }

    [GeneratedRegex(@"[\]}][ \t]+#")]
    private static partial Regex CommentAfterBracket();
}
