using System.Text;

namespace DataPlatform.Sdk.Kestra;

/// <summary>What a Pebble template refers to.</summary>
public enum PebbleReferenceKind
{
    /// <summary><c>outputs.&lt;taskId&gt;</c>.</summary>
    Output,

    /// <summary><c>inputs.&lt;id&gt;</c> (the dotted path after <c>inputs.</c>).</summary>
    Input,

    /// <summary><c>secret('NAME')</c>.</summary>
    Secret,
}

/// <summary>A reference found in a template.</summary>
/// <param name="Kind">What it refers to.</param>
/// <param name="Name">The task id, input path or secret name.</param>
/// <param name="Guarded">The expression tests it (<c>is defined</c>, <c>??</c>, <c>default(…)</c>), so a missing one is expected.</param>
public readonly record struct PebbleReference(PebbleReferenceKind Kind, string Name, bool Guarded);

/// <summary>The result of scanning a template.</summary>
/// <param name="References">The references, in order.</param>
/// <param name="Problems">Syntax problems (unclosed delimiters, unbalanced brackets or block tags).</param>
public sealed record PebbleScan(IReadOnlyList<PebbleReference> References, IReadOnlyList<string> Problems);

/// <summary>
/// A scanner of Kestra's Pebble templates: finds <c>{{ … }}</c> expressions and <c>{% … %}</c> tags, checks that
/// delimiters, brackets, quotes and block tags balance, and extracts the references to task outputs, inputs and
/// secrets. It does not evaluate anything.
/// </summary>
public static class Pebble
{
    private static readonly Dictionary<string, string> BlockTags = new(StringComparer.Ordinal)
    {
        ["if"] = "endif", ["for"] = "endfor", ["macro"] = "endmacro", ["block"] = "endblock", ["filter"] = "endfilter",
        ["autoescape"] = "endautoescape", ["cache"] = "endcache", ["parallel"] = "endparallel", ["embed"] = "endembed",
        ["verbatim"] = "endverbatim",
    };

    /// <summary>Whether text holds any Pebble syntax.</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> when it contains an opening delimiter.</returns>
    public static bool IsTemplate(string text) =>
        text is not null && (text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal) || text.Contains("{#", StringComparison.Ordinal));

    /// <summary>Scans a template.</summary>
    /// <param name="text">The text.</param>
    /// <returns>References and problems.</returns>
    public static PebbleScan Scan(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var references = new List<PebbleReference>();
        var problems = new List<string>();
        var blocks = new Stack<string>();
        var i = 0;
        while (i < text.Length - 1)
        {
            if (text[i] != '{' || text[i + 1] is not ('{' or '%' or '#'))
            {
                i++;
                continue;
            }

            var open = text[i + 1];
            var close = open switch { '{' => "}}", '%' => "%}", _ => "#}" };
            var start = i + 2;
            if (open == '#')
            {
                var end = text.IndexOf("#}", start, StringComparison.Ordinal);
                if (end < 0)
                {
                    problems.Add("A comment '{#' is never closed with '#}'.");
                    break;
                }

                i = end + 2;
                continue;
            }

            var (bodyEnd, problem) = FindClose(text, start, close);
            if (problem is not null)
            {
                problems.Add(problem);
                break;
            }

            var body = text[start..bodyEnd].Trim('-', '~').Trim();
            i = bodyEnd + 2;
            if (open == '%')
            {
                var tag = body.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
                if (tag is "raw" or "verbatim")
                {
                    var endTag = FindEndTag(text, i, "end" + tag);
                    if (endTag < 0)
                    {
                        problems.Add($"'{{% {tag} %}}' is never closed with '{{% end{tag} %}}'.");
                        break;
                    }

                    i = endTag;
                    continue;
                }

                if (BlockTags.ContainsKey(tag))
                {
                    blocks.Push(tag);
                }
                else if (tag.StartsWith("end", StringComparison.Ordinal) && BlockTags.ContainsValue(tag))
                {
                    if (blocks.Count == 0)
                    {
                        problems.Add($"'{{% {tag} %}}' closes a block that was never opened.");
                    }
                    else
                    {
                        var opened = blocks.Pop(); // Reported once: a wrong end tag still ends the innermost block.
                        if (BlockTags[opened] != tag)
                        {
                            problems.Add($"'{{% {tag} %}}' closes '{{% {opened} %}}'; expected '{{% {BlockTags[opened]} %}}'.");
                        }
                    }
                }
            }

            Expression(body, references, problems);
        }

        foreach (var b in blocks)
        {
            problems.Add($"'{{% {b} %}}' is never closed with '{{% {BlockTags[b]} %}}'.");
        }

        return new PebbleScan(references, problems);
    }

    private static int FindEndTag(string text, int from, string endTag)
    {
        var i = from;
        while ((i = text.IndexOf("{%", i, StringComparison.Ordinal)) >= 0)
        {
            var close = text.IndexOf("%}", i + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                return -1;
            }

            if (text[(i + 2)..close].Trim('-', '~').Trim() == endTag)
            {
                return close + 2;
            }

            i = close + 2;
        }

        return -1;
    }

    /// <summary>Finds the closing delimiter, skipping string literals; checks brackets inside.</summary>
    private static (int End, string? Problem) FindClose(string text, int start, string close)
    {
        var brackets = new Stack<char>();
        var i = start;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '\'' or '"')
            {
                var end = SkipString(text, i);
                if (end < 0)
                {
                    return (-1, $"A string literal opened at offset {i} in '{Snippet(text, start)}' is never closed.");
                }

                i = end;
                continue;
            }

            if (brackets.Count == 0 && c == close[0] && i + 1 < text.Length && text[i + 1] == close[1])
            {
                return (i, null);
            }

            if (c is '{' && i + 1 < text.Length && text[i + 1] is '{' or '%' && brackets.Count == 0)
            {
                return (-1, $"'{Snippet(text, start)}' opens a new expression before closing with '{close}'.");
            }

            switch (c)
            {
                case '(' or '[' or '{':
                    brackets.Push(c);
                    break;
                case ')' or ']' or '}':
                    var expected = c switch { ')' => '(', ']' => '[', _ => '{' };
                    if (brackets.Count == 0 || brackets.Peek() != expected)
                    {
                        return (-1, $"Unbalanced '{c}' in '{Snippet(text, start)}'.");
                    }

                    brackets.Pop();
                    break;
            }

            i++;
        }

        return (-1, brackets.Count > 0
            ? $"Unclosed '{brackets.Peek()}' in '{Snippet(text, start)}'."
            : $"'{Snippet(text, start)}' is never closed with '{close}'.");
    }

    private static int SkipString(string text, int i)
    {
        var quote = text[i];
        for (var j = i + 1; j < text.Length; j++)
        {
            if (text[j] == '\\')
            {
                j++;
            }
            else if (text[j] == quote)
            {
                return j + 1;
            }
        }

        return -1;
    }

    private static string Snippet(string text, int start)
    {
        var from = Math.Max(0, start - 2);
        var s = text[from..Math.Min(text.Length, from + 40)].Replace('\n', ' ');
        return from + 40 < text.Length ? s + "…" : s;
    }

    /// <summary>Extracts references from one expression body.</summary>
    private static void Expression(string body, List<PebbleReference> references, List<string> problems)
    {
        var guarded = body.Contains("??", StringComparison.Ordinal) || body.Contains(" is defined", StringComparison.Ordinal)
            || body.Contains("default(", StringComparison.Ordinal) || body.Contains(" is null", StringComparison.Ordinal)
            || body.Contains(" is not null", StringComparison.Ordinal);
        var code = MaskStrings(body, out var literals);
        var i = 0;
        while (i < code.Length)
        {
            if (!IsIdentStart(code[i]) || (i > 0 && (IsIdentPart(code[i - 1]) || code[i - 1] == '.')))
            {
                i++;
                continue;
            }

            var end = i;
            while (end < code.Length && IsIdentPart(code[end]))
            {
                end++;
            }

            var word = code[i..end];
            switch (word)
            {
                case "outputs":
                    if (Segment(code, literals, end, out var task, out _) is { } _)
                    {
                        references.Add(new(PebbleReferenceKind.Output, task, guarded));
                    }

                    break;
                case "inputs":
                    var path = new List<string>();
                    var at = end;
                    while (Segment(code, literals, at, out var part, out var next) is { } _)
                    {
                        path.Add(part);
                        at = next;
                    }

                    if (path.Count > 0)
                    {
                        references.Add(new(PebbleReferenceKind.Input, string.Join('.', path), guarded));
                    }

                    break;
                case "secret":
                    var k = SkipSpace(code, end);
                    if (k < code.Length && code[k] == '(')
                    {
                        k = SkipSpace(code, k + 1);
                        if (k < code.Length && code[k] == '\u0001' && LiteralAt(literals, k) is { } name)
                        {
                            references.Add(new(PebbleReferenceKind.Secret, name, guarded));
                        }
                    }

                    break;
            }

            i = end;
        }

        _ = problems;
    }

    /// <summary>Reads <c>.name</c> or <c>['name']</c> after a position; null when the next access is dynamic or absent.</summary>
    private static string? Segment(string code, List<(int Offset, string Value)> literals, int at, out string name, out int next)
    {
        name = string.Empty;
        next = at;
        if (at < code.Length && code[at] == '.' && at + 1 < code.Length && IsIdentStart(code[at + 1]) is var ok && (ok || char.IsDigit(code[at + 1])))
        {
            var end = at + 1;
            while (end < code.Length && (IsIdentPart(code[end]) || code[end] == '-'))
            {
                end++;
            }

            // '-' continues an id only when followed by an identifier character directly (inputs.from-parent is a subtraction in Pebble).
            name = code[(at + 1)..end];
            if (name.Contains('-', StringComparison.Ordinal))
            {
                name = name[..name.IndexOf('-', StringComparison.Ordinal)];
                end = at + 1 + name.Length;
            }

            next = end;
            return name;
        }

        if (at < code.Length && code[at] == '[')
        {
            var k = SkipSpace(code, at + 1);
            if (k < code.Length && code[k] == '\u0001' && LiteralAt(literals, k) is { } lit)
            {
                var close = SkipSpace(code, k + 1);
                if (close < code.Length && code[close] == ']')
                {
                    name = lit;
                    next = close + 1;
                    return name;
                }
            }
        }

        return null;
    }

    private static string? LiteralAt(List<(int Offset, string Value)> literals, int offset) =>
        literals.Where(l => l.Offset == offset).Select(l => l.Value).FirstOrDefault();

    /// <summary>Replaces each string literal by one marker character, remembering its value.</summary>
    private static string MaskStrings(string body, out List<(int Offset, string Value)> literals)
    {
        literals = [];
        var sb = new StringBuilder(body.Length);
        var i = 0;
        while (i < body.Length)
        {
            var c = body[i];
            if (c is '\'' or '"')
            {
                var end = SkipString(body, i);
                end = end < 0 ? body.Length : end;
                var value = body[(i + 1)..Math.Max(i + 1, end - 1)].Replace("\\" + c, c.ToString(), StringComparison.Ordinal);
                literals.Add((sb.Length, value));
                sb.Append('\u0001');
                i = end;
                continue;
            }

            sb.Append(c);
            i++;
        }

        return sb.ToString();
    }

    private static int SkipSpace(string s, int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsIdentStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
