using System.Net;
using System.Text.RegularExpressions;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Transliteration;

namespace PlanWorkflows.Core.Tests.Leaks;

/// <summary>
/// Finds what a Montenegrin reader should never see: the English text of the shipped catalogue (plan title, area titles,
/// activity titles, indicators, institutions' English names) and, in Cyrillic output, any Latin-script word that is not
/// a link, an address, a code, a number or a token. Each leak is named with where it was found.
/// </summary>
internal sealed partial class EnglishLeaks
{
    private readonly List<(string English, string What)> _english;

    private EnglishLeaks(List<(string, string)> english) => _english = english;

    public int Count => _english.Count;

    public static EnglishLeaks Of(PlanCatalogue catalogue, InstitutionDirectory institutions, PlanText text)
    {
        var english = new List<(string, string)>();
        void Add(string? value, string translated, string what)
        {
            var normal = Normal(value ?? string.Empty);
            // A name the same in both languages (an acronym, "UNICEF") is no leak; one or two short words may be ordinary text.
            if (normal.Length >= 12 && normal != Normal(translated))
            {
                english.Add((normal, what));
                // English that fell back into a Cyrillic text comes out transliterated ("Импровемент оф…"): a leak all the same.
                english.Add((MontenegrinScript.ToCyrillic(normal), what + " (transliterated)"));
            }
        }

        Add(catalogue.Plan.Title, text.PlanTitle("cnr").Text, "plan title");
        foreach (var area in catalogue.Areas)
        {
            Add(area.Title, text.AreaTitle(area.Id, "cnr").Text, $"area {area.Id}");
        }

        foreach (var activity in catalogue.Activities)
        {
            Add(activity.Title, text.Activity(activity.Key, "title", "cnr").Text, $"{activity.Key} title");
            var labels = text.IndicatorLabels(activity.Key, activity.IndicatorList, "cnr");
            for (var i = 0; i < activity.IndicatorList.Count; i++)
            {
                Add(activity.IndicatorList[i].Name, labels[i], $"{activity.Key} indicator {i + 1}");
            }
        }

        foreach (var institution in institutions.All)
        {
            Add(institution.NameEn, institution.NameCnr, $"institution {institution.Id}");
        }

        return new EnglishLeaks(english);
    }

    /// <summary>Every English catalogue text found in <paramref name="output"/>, named with <paramref name="where"/>.</summary>
    public IEnumerable<string> English(string output, string where)
    {
        var normal = Normal(WebUtility.HtmlDecode(output));
        return _english.Where(e => normal.Contains(e.English, StringComparison.Ordinal))
            .Select(e => $"{where}: English {e.What} \"{e.English}\"");
    }

    /// <summary>
    /// Latin-script words in Cyrillic output, outside what stays as written: links, addresses, words with digits (codes,
    /// dates, tokens), code prefixes (<c>EDU 1.1.2</c>), mixed-case tokens and the reply form the reader's parser reads.
    /// </summary>
    public static IEnumerable<string> Latin(string output, string where, params string[] kept)
    {
        var text = WithoutKeptElements(output);
        text = Command().Replace(text, " ");
        text = ReplyFormBlock().Replace(text, " ");
        text = Tag().Replace(text, " ");
        text = Normal(WebUtility.HtmlDecode(text));
        foreach (var k in kept.Select(Normal).Where(k => k.Length > 0).OrderByDescending(k => k.Length))
        {
            text = text.Replace(k, " ", StringComparison.Ordinal);
        }

        text = Protected().Replace(text, " ");
        return LatinWord().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal).Select(w => $"{where}: Latin word \"{w}\"");
    }

    /// <summary>HTML elements marked <c>translate="no"</c> (the reply form), which keep the Latin labels the reply reader looks for.</summary>
    private static string WithoutKeptElements(string html)
    {
        while (KeptStart().Match(html) is { Success: true } start)
        {
            var name = start.Groups["name"].Value;
            var depth = 0;
            var end = html.Length;
            foreach (Match tag in Regex.Matches(html[start.Index..], $@"<(/?){name}\b[^>]*>", RegexOptions.IgnoreCase))
            {
                depth += tag.Groups[1].Value.Length == 0 ? 1 : -1;
                if (depth == 0)
                {
                    end = start.Index + tag.Index + tag.Length;
                    break;
                }
            }

            html = html[..start.Index] + " " + html[end..];
        }

        return html;
    }

    /// <summary>Commands for the Office quoted in a mail (<c>"extensions approve &lt;id&gt; --comment …"</c>) or set as code: typed as written.</summary>
    [GeneratedRegex(@"<(code|kbd|samp)\b[^>]*>.*?</\1>|""[^""\n]*(?:<|&lt;|--)[^""\n]*""|&quot;[^\n]*?(?:&lt;|--)[^\n]*?&quot;|""[a-z]*[qwxy][a-z\-]*(?:\ [^""\n]*)?""|&quot;[a-z]*[qwxy][a-z\-]*(?:\ .*?)?&quot;", RegexOptions.Singleline)]
    private static partial Regex Command();

    private static string Normal(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex("""<(?<name>[a-zA-Z][a-zA-Z0-9]*)\b[^>]*\btranslate\s*=\s*["']?no\b[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex KeptStart();

    [GeneratedRegex(@"^-{2,}[ \t]*OBRAZAC ZA ODGOVOR\b.*?^-{2,}[ \t]*KRAJ OBRASCA ZA ODGOVOR[^\r\n]*", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ReplyFormBlock();

    [GeneratedRegex(@"<!--.*?-->|<style\b.*?</style>|<[^>]+>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Tag();

    [GeneratedRegex("""
        \b(?:https?|ftp)://\S+ | \bwww\.\S+ | \bmailto:\S+ | [\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)+
        | [\p{L}\p{N}_]*\p{N}[\p{L}\p{N}_]*(?:[.\-/:][\p{L}\p{N}_]+)*
        | \b[A-Z]{2,5}(?=[ \-]\d)
        | \b[\p{L}_\-]*\p{Ll}\p{Lu}[\p{L}_\-]*
        | \b[A-Za-z_\-]{22,}\b
        | \b(?:XC|XL|X{0,3})(?:IX|IV|V?I{0,3})\b
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Protected();

    [GeneratedRegex(@"[\p{L}]*[A-Za-zČĆŠŽĐčćšžđ][\p{L}]*")]
    private static partial Regex LatinWord();
}
