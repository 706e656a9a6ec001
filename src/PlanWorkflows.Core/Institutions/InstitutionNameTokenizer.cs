using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PlanWorkflows.Core.Institutions;

/// <summary>A normalised word or punctuation mark; <see cref="Start"/>/<see cref="End"/> point into the original text.</summary>
internal readonly record struct NameToken(string Value, int Start, int End)
{
    public bool IsSeparator => Value is "," or ";" or "." or ":";
}

/// <summary>
/// Folds the ways the same name is typed in the plans (case, en/em dashes with or without spaces,
/// typographic apostrophes and quotes, stray HTML paragraph tags from the Word export) into one token
/// sequence, so aliases and cell text compare equal without a variant per spelling.
/// </summary>
internal static partial class InstitutionNameTokenizer
{
    private const string Dashes = "-‐‑‒–—―−";
    private const string Apostrophes = "'’‘ʼ`´";
    private const string Quotes = "\"“”„«»";
    private const string TrailingPunctuation = ",;.:!?-";

    [GeneratedRegex("</?[A-Za-z][^<>]*>")]
    private static partial Regex HtmlTag();

    public static List<NameToken> Tokenize(string text)
    {
        var tokens = new List<NameToken>();
        var masked = MaskTags(text);
        var i = 0;
        while (i < masked.Length)
        {
            var c = masked[i];
            if (char.IsWhiteSpace(c) || Quotes.Contains(c))
            {
                i++;
            }
            else if (char.IsLetterOrDigit(c))
            {
                var start = i;
                var word = new StringBuilder();
                while (i < masked.Length && IsWordChar(masked, i))
                {
                    var ch = masked[i];
                    word.Append(Apostrophes.Contains(ch) ? '\'' : char.ToLower(ch, CultureInfo.InvariantCulture));
                    i++;
                }

                tokens.Add(new NameToken(word.ToString(), start, i));
            }
            else if (Dashes.Contains(c))
            {
                tokens.Add(new NameToken("-", i, i + 1));
                i++;
            }
            else if (c == '&')
            {
                tokens.Add(new NameToken("and", i, i + 1));
                i++;
            }
            else if (Apostrophes.Contains(c))
            {
                // Outside a word an apostrophe is an opening or closing single quote, not part of a name.
                i++;
            }
            else
            {
                tokens.Add(new NameToken(c.ToString(), i, i + 1));
                i++;
            }
        }

        return tokens;
    }

    /// <summary>The lookup key of a whole name: its tokens without leading/trailing punctuation.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var tokens = Tokenize(text);
        var from = 0;
        var to = tokens.Count;
        while (from < to && IsTrimmable(tokens[from]))
        {
            from++;
        }

        while (to > from && IsTrimmable(tokens[to - 1]))
        {
            to--;
        }

        return Join(tokens, from, to - from);
    }

    public static string Join(IReadOnlyList<NameToken> tokens, int start, int count)
    {
        var sb = new StringBuilder();
        for (var k = start; k < start + count; k++)
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(tokens[k].Value);
        }

        return sb.ToString();
    }

    private static bool IsTrimmable(NameToken token) =>
        token.Value.Length == 1 && TrailingPunctuation.Contains(token.Value[0]);

    private static bool IsWordChar(string s, int i)
    {
        var c = s[i];
        if (char.IsLetterOrDigit(c))
        {
            return true;
        }

        // Apostrophes stay inside words ("Prosecutor's", "Employers'"); dots only between letters ("U.S.").
        if (Apostrophes.Contains(c))
        {
            return true;
        }

        return c == '.' && i + 1 < s.Length && char.IsLetter(s[i + 1]) && i > 0 && char.IsLetter(s[i - 1]);
    }

    /// <summary>Blanks HTML tags with spaces so token offsets still point into the original text.</summary>
    private static string MaskTags(string text)
    {
        if (!text.Contains('<'))
        {
            return text;
        }

        return HtmlTag().Replace(text, m => new string(' ', m.Length));
    }
}
