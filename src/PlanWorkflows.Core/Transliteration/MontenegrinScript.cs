using System.Text;
using System.Text.RegularExpressions;

namespace PlanWorkflows.Core.Transliteration;

/// <summary>
/// Montenegrin written in Latin script, transliterated into Cyrillic (the constitution makes both scripts equal). Letter
/// for letter by the Montenegrin alphabet — including Ś/ś → С́/с́ and Ź/ź → З́/з́ — with <c>dž</c>, <c>lj</c> and
/// <c>nj</c> read as the single letters џ, љ, њ except in the known words where they are two letters (<c>podžupan</c>,
/// <c>nadživjeti</c>, <c>injekcija</c>, <c>konjunktura</c>…). What is not Montenegrin text is left as it is: URLs,
/// e-mail addresses, anything with a digit in it (numbers, dates, codes such as <c>2013-H1</c> or <c>1.1.2</c>),
/// reply tokens and other mixed-case strings, code prefixes (<c>EDU 1.1.2</c>), Roman numerals,
/// template markers (<c>{{ … }}</c>, <c>{name}</c>, <c>[STATUS]</c>), commands quoted in plain text (<c>"extensions list"</c>)
/// and foreign words (with q, w, x, y or letters the
/// alphabet does not have).
/// </summary>
public static partial class MontenegrinScript
{
    private const char Acute = '\u0301';

    /// <summary>
    /// Word stems in which a digraph is two letters, lower case, with the position of its first letter. Prefix
    /// <c>nad-</c>, <c>pod-</c>, <c>od-</c>, <c>pred-</c> before a word starting with <c>ž</c>; <c>in-</c>, <c>kon-</c>,
    /// <c>van-</c>, <c>pan-</c> before one starting with <c>j</c> (mostly Latin loanwords).
    /// </summary>
    private static readonly string[] TwoLetterStems =
    [
        // d + ž
        "nad|živ", "nad|žnj", "nad|žanj", "nad|žel", "nad|žet", "nad|žup", "nad|ždrij", "nad|ždrel", "nad|žrec", "nad|žinj",
        "pod|žanr", "pod|žup", "pod|žig", "pod|žeć", "pod|žel", "pod|žnje", "pod|žil", "pod|živ",
        "od|žali", "od|žalj", "od|žari", "od|živ", "od|žubor", "od|žvak", "od|žval", "od|žvać",
        "pred|život", "pred|želu", "feld|žandarm",
        // n + j
        "in|jekc", "in|jekt", "in|jicir", "in|junkc", "in|jurij", "in|jaric",
        "kon|jug", "kon|junk", "kon|jekt", "ne|kon|jug",
        "van|jezi", "van|jugoslov", "pan|jugoslov", "pan|jevrop", "an|jon", "ken|jon", "tan|jug",
    ];

    private static readonly (string Stem, int[] Splits)[] Stems = [.. TwoLetterStems.Select(Stem)];

    private static (string, int[]) Stem(string marked)
    {
        var parts = marked.Split('|');
        var splits = new List<int>();
        var position = 0;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            position += parts[i].Length;
            splits.Add(position - 1);
        }

        return (string.Concat(parts), [.. splits]);
    }

    /// <summary>Transliterates Latin-script Montenegrin text into Cyrillic, leaving what is not text (see the class) alone.</summary>
    public static string ToCyrillic(string? latin)
    {
        if (string.IsNullOrEmpty(latin))
        {
            return latin ?? string.Empty;
        }

        var result = new StringBuilder(latin.Length);
        var last = 0;
        foreach (Match kept in Protected().Matches(latin))
        {
            if (kept.Length == 0)
            {
                continue;
            }

            Text(latin.AsSpan(last, kept.Index - last), result);
            result.Append(kept.Value);
            last = kept.Index + kept.Length;
        }

        Text(latin.AsSpan(last), result);
        return result.ToString();
    }

    /// <summary>
    /// Transliterates the text of an HTML document or fragment: text between tags only. Tags and their attributes
    /// (links, styles, <c>lang</c>), comments, character references such as <c>&amp;nbsp;</c>, the contents of
    /// <c>script</c>, <c>style</c>, <c>code</c> and of any element marked <c>translate="no"</c> stay as written.
    /// </summary>
    public static string HtmlToCyrillic(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return html ?? string.Empty;
        }

        var result = new StringBuilder(html.Length);
        string? skipping = null; // the element whose contents are kept, and how deep inside it we are
        var depth = 0;
        var position = 0;
        while (position < html.Length)
        {
            var open = html.IndexOf('<', position);
            var textEnd = open < 0 ? html.Length : open;
            if (textEnd > position)
            {
                var text = html[position..textEnd];
                result.Append(skipping is null ? TextNode(text) : text);
            }

            if (open < 0)
            {
                break;
            }

            var close = open + 4 <= html.Length && string.CompareOrdinal(html, open, "<!--", 0, 4) == 0
                ? IndexAfter(html, "-->", open + 4)
                : TagEnd(html, open);
            var tag = html[open..close];
            result.Append(tag);
            position = close;

            if (TagName().Match(tag) is { Success: true } name)
            {
                var element = name.Groups["name"].Value.ToLowerInvariant();
                var closing = name.Groups["slash"].Success;
                var selfClosing = tag.EndsWith("/>", StringComparison.Ordinal) || VoidElements.Contains(element);
                if (skipping is null)
                {
                    if (!closing && !selfClosing && (RawElements.Contains(element) || NoTranslate().IsMatch(tag)))
                    {
                        skipping = element;
                        depth = 1;
                    }
                }
                else if (element == skipping && !selfClosing)
                {
                    depth += closing ? -1 : 1;
                    if (depth == 0)
                    {
                        skipping = null;
                    }
                }
            }
        }

        return result.ToString();
    }

    private static readonly HashSet<string> RawElements = ["script", "style", "code", "kbd", "samp", "textarea"];

    private static readonly HashSet<string> VoidElements =
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

    private static int IndexAfter(string html, string end, int from)
    {
        var at = html.IndexOf(end, from, StringComparison.Ordinal);
        return at < 0 ? html.Length : at + end.Length;
    }

    /// <summary>The end of the tag starting at <paramref name="open"/>, past quoted attribute values that may hold '&gt;'.</summary>
    private static int TagEnd(string html, int open)
    {
        char? quote = null;
        for (var i = open + 1; i < html.Length; i++)
        {
            var c = html[i];
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return i + 1;
            }
        }

        return html.Length;
    }

    private static string TextNode(string text)
    {
        // Character references (&amp; &nbsp; &#8211;) are markup, not letters.
        var result = new StringBuilder(text.Length);
        var last = 0;
        foreach (Match entity in Entity().Matches(text))
        {
            result.Append(ToCyrillic(text[last..entity.Index])).Append(entity.Value);
            last = entity.Index + entity.Length;
        }

        return result.Append(ToCyrillic(text[last..])).ToString();
    }

    private static void Text(ReadOnlySpan<char> span, StringBuilder result)
    {
        if (span.IsEmpty)
        {
            return;
        }

        var text = span.ToString().Normalize(NormalizationForm.FormC);
        var start = 0;
        while (start < text.Length)
        {
            if (!char.IsLetter(text[start]))
            {
                var end = start;
                while (end < text.Length && !char.IsLetter(text[end]))
                {
                    end++;
                }

                result.Append(text, start, end - start);
                start = end;
                continue;
            }

            var wordEnd = start;
            while (wordEnd < text.Length && (char.IsLetter(text[wordEnd]) || text[wordEnd] == Acute))
            {
                wordEnd++;
            }

            Word(text[start..wordEnd], result);
            start = wordEnd;
        }
    }

    private static void Word(string word, StringBuilder result)
    {
        if (!IsMontenegrinWord(word))
        {
            result.Append(word);
            return;
        }

        var lower = word.ToLowerInvariant();
        var apart = new HashSet<int>();
        foreach (var (stem, splits) in Stems)
        {
            for (var at = lower.IndexOf(stem, StringComparison.Ordinal); at >= 0; at = lower.IndexOf(stem, at + 1, StringComparison.Ordinal))
            {
                foreach (var split in splits)
                {
                    apart.Add(at + split);
                }
            }
        }

        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            var upper = char.IsUpper(c);
            var next = i + 1 < word.Length ? char.ToLowerInvariant(word[i + 1]) : '\0';
            var digraph = (char.ToLowerInvariant(c), next) switch
            {
                ('d', 'ž') => 'џ',
                ('l', 'j') => 'љ',
                ('n', 'j') => 'њ',
                _ => '\0',
            };
            if (digraph != '\0' && !apart.Contains(i))
            {
                result.Append(upper ? char.ToUpperInvariant(digraph) : digraph);
                i++;
                continue;
            }

            result.Append(Letter(c));
        }
    }

    private static string Letter(char c) => c switch
    {
        'a' => "а", 'b' => "б", 'v' => "в", 'g' => "г", 'd' => "д", 'đ' => "ђ", 'e' => "е", 'ž' => "ж", 'z' => "з",
        'i' => "и", 'j' => "ј", 'k' => "к", 'l' => "л", 'm' => "м", 'n' => "н", 'o' => "о", 'p' => "п", 'r' => "р",
        's' => "с", 't' => "т", 'ć' => "ћ", 'u' => "у", 'f' => "ф", 'h' => "х", 'c' => "ц", 'č' => "ч", 'š' => "ш",
        'ś' => "с\u0301", 'ź' => "з\u0301",
        'A' => "А", 'B' => "Б", 'V' => "В", 'G' => "Г", 'D' => "Д", 'Đ' => "Ђ", 'E' => "Е", 'Ž' => "Ж", 'Z' => "З",
        'I' => "И", 'J' => "Ј", 'K' => "К", 'L' => "Л", 'M' => "М", 'N' => "Н", 'O' => "О", 'P' => "П", 'R' => "Р",
        'S' => "С", 'T' => "Т", 'Ć' => "Ћ", 'U' => "У", 'F' => "Ф", 'H' => "Х", 'C' => "Ц", 'Č' => "Ч", 'Š' => "Ш",
        'Ś' => "С\u0301", 'Ź' => "З\u0301",
        _ => c.ToString(),
    };

    /// <summary>
    /// Only letters of the Montenegrin Latin alphabet (a word already in Cyrillic passes through unchanged either way);
    /// with q, w, x, y, ä, é… it is a foreign name or word and stays as written.
    /// </summary>
    private static bool IsMontenegrinWord(string word)
    {
        foreach (var c in word)
        {
            if (c == Acute || Letter(c).Length > 1 || Letter(c)[0] != c)
            {
                continue;
            }

            return false;
        }

        return true;
    }

    /// <summary>What is never transliterated, in the order tried at each position.</summary>
    [GeneratedRegex("""
        \{\{.*?\}\}                                         # Scriban
        | \{[A-Za-z_][\w.]*\}                               # {placeholder}
        | "[a-z]*[qwxy][a-z\-]*(?:\ [^"\n]*)?"               # "extensions list": a command quoted in text
        | "[^"\n]*(?:<|--)[^"\n]*"                          # "… <id> --comment": likewise
        | \[/?[A-Z][A-Z0-9_]*(?:[ :.\-][A-Z0-9_]+)*\]       # [STATUS] markers
        | \b(?:https?|ftp)://[^\s<>"']*[^\s<>"'.,;:!?)\]]   # URLs
        | \bwww\.[^\s<>"']*[^\s<>"'.,;:!?)\]]
        | \bmailto:[^\s<>"']+
        | [\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)+                  # e-mail addresses
        | \b[A-Z]{2,5}(?=[ \-]\d+\.\d)                      # code prefixes: EDU 1.1.2
        | [\p{L}\p{N}_]*\p{N}[\p{L}\p{N}_]*(?:[.\-/:][\p{L}\p{N}_]+)*  # numbers, dates, codes, tokens with digits
        | \b[\p{L}_\-]*\p{Ll}\p{Lu}[\p{L}_\-]*              # mixed case: reply tokens, brand names
        | \b[A-Za-z_]{22,}\b                                # long unbroken strings: tokens
        | \b(?:XC|XL|X{0,3})(?:IX|IV|V?I{0,3})\b(?<=\b\p{Lu}{2,})     # Roman numerals of two letters or more
        | \b[IVX]\b(?=\s+(?:kvartal|polugodi|faz|dio|dijel|poglavlj|stub|nivo|razred|stepen))  # I kvartal
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.Singleline)]
    private static partial Regex Protected();

    [GeneratedRegex(@"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")]
    private static partial Regex Entity();

    [GeneratedRegex(@"^<(?<slash>/)?(?<name>[A-Za-z][A-Za-z0-9\-]*)")]
    private static partial Regex TagName();

    [GeneratedRegex("""\btranslate\s*=\s*["']?no\b""", RegexOptions.IgnoreCase)]
    private static partial Regex NoTranslate();
}
