namespace DataPlatform.Sdk.Yaml;

/// <summary>
/// A linear pass over YAML text before any parser sees it. Parsers spend time per token in proportion to the depth of
/// flow collections (<c>[[[…]]]</c>, <c>{a:{a:…}}</c>), so a deep one makes them quadratic: the depth limit has to
/// stop the work, not only the result. Quotes and comments are skipped; brackets count only where a flow collection
/// can start (after <c>:</c>, <c>-</c>, <c>,</c>, <c>[</c>, <c>{</c>, <c>?</c> or at the start of a line).
/// </summary>
internal static class YamlPrescan
{
    /// <summary>The line of the first flow collection nested deeper than <paramref name="maxDepth"/>, or 0.</summary>
    public static int FlowTooDeep(string text, int maxDepth)
    {
        if (text.AsSpan().IndexOfAny('[', '{') < 0)
        {
            return 0; // No flow collection at all (most files): nothing to count.
        }

        var depth = 0;
        var line = 1;
        var previous = '\n'; // The last character that is not a space or tab.
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
            }

            if (quote != '\0')
            {
                if (c == quote)
                {
                    if (quote == '\'' && i + 1 < text.Length && text[i + 1] == '\'')
                    {
                        i++; // '' inside single quotes
                        continue;
                    }

                    quote = '\0';
                    previous = c;
                }
                else if (c == '\\' && quote == '"')
                {
                    i++;
                }

                continue;
            }

            switch (c)
            {
                case ' ' or '\t' or '\r':
                    continue;
                case '#' when i == 0 || text[i - 1] is ' ' or '\t' or '\n':
                    while (i + 1 < text.Length && text[i + 1] != '\n')
                    {
                        i++;
                    }

                    continue;
                case '"' or '\'' when previous is '\n' or ':' or '-' or ',' or '[' or '{' or '?':
                    quote = c;
                    break;
                case '[' or '{' when previous is '\n' or ':' or '-' or ',' or '[' or '{' or '?':
                    if (++depth > maxDepth)
                    {
                        return line;
                    }

                    break;
                case ']' or '}' when depth > 0:
                    depth--;
                    break;
            }

            previous = c;
        }

        return 0;
    }
}
