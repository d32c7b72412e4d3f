using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace DataPlatform.Sdk.Yaml;

/// <summary>What the workarounds for YamlDotNet's comment defects (<see cref="FlowComments"/>, <see cref="CommentReplay"/>) share.</summary>
internal static class YamlTokens
{
    /// <summary>
    /// YamlDotNet's scanner tokens of <paramref name="text"/>, or <see langword="null"/> when the text is malformed (the
    /// parser proper reports it): an error token (the scanner repeats them forever), more tokens than valid input ever
    /// yields, or an exception.
    /// </summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="skipComments">Leave comment tokens out.</param>
    /// <returns>The tokens, in text order.</returns>
    public static List<Token>? Scan(string text, bool skipComments)
    {
        var tokens = new List<Token>();
        try
        {
            var scanner = new Scanner(new StringReader(text), skipComments);
            var budget = (2L * text.Length) + 64;
            while (scanner.MoveNext())
            {
                if (--budget < 0 || scanner.Current is Error)
                {
                    return null;
                }

                tokens.Add(scanner.Current!);
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
        {
            return null;
        }

        return tokens;
    }

    /// <summary>Where the comment starting at <paramref name="hash"/> ends: the end of its line, before any CR.</summary>
    /// <param name="text">The text.</param>
    /// <param name="hash">The index of the comment's '#'.</param>
    /// <returns>The index after the comment's last character.</returns>
    public static int CommentEnd(string text, int hash)
    {
        var stop = text.IndexOfAny(['\r', '\n'], hash);
        return stop < 0 ? text.Length : stop;
    }
}
