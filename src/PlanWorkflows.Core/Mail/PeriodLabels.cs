using System.Globalization;
using System.Text.RegularExpressions;

namespace PlanWorkflows.Core.Mail;

/// <summary>
/// Reporting periods as people read them. Obligations keep a short key for their period (<c>2012-Q3</c>,
/// <c>2013-H1</c>, <c>2012</c>, <c>by 2012-Q4</c> for a single deadline, <c>season 2013</c>, <c>report 2012-H2</c>,
/// <c>meeting 2013-03-14</c>); this is the one place that turns a key into words, for mails, forms, pages and
/// packs alike: "the third quarter of 2012" / "treći kvartal 2012. godine".
/// </summary>
public static partial class PeriodLabels
{
    private static readonly string[] EnglishOrdinals = ["first", "second", "third", "fourth"];

    // Montenegrin ordinals agree with the noun: kvartal (masculine), polugodište (neuter); nominative and genitive.
    private static readonly string[] QuarterNominative = ["prvi", "drugi", "treći", "četvrti"];
    private static readonly string[] HalfNominative = ["prvo", "drugo"];
    private static readonly string[] Genitive = ["prvog", "drugog", "trećeg", "četvrtog"];

    private static readonly string[] EnglishMonths =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static readonly string[] MontenegrinMonths =
        ["januar", "februar", "mart", "april", "maj", "jun", "jul", "avgust", "septembar", "oktobar", "novembar", "decembar"];

    private static readonly string[] MontenegrinMonthsGenitive =
        ["januara", "februara", "marta", "aprila", "maja", "juna", "jula", "avgusta", "septembra", "oktobra", "novembra", "decembra"];

    /// <summary>
    /// The period as it follows "for" / "za": en "the third quarter of 2012", "the first half of 2013", "2012",
    /// "the activity due by the end of 2013"; cnr "treći kvartal 2012. godine", "prvo polugodište 2013. godine",
    /// "2012. godinu", "aktivnost s rokom do kraja 2013. godine". A key it does not know is returned as it is.
    /// </summary>
    public static string Name(string? label, string language)
    {
        var cnr = IsMontenegrin(language);
        var key = (label ?? string.Empty).Trim();
        if (key.StartsWith("by ", StringComparison.Ordinal) && Span(key[3..], cnr, genitive: true) is { } until)
        {
            return cnr ? $"aktivnost s rokom do {until}" : $"the activity due by {until}";
        }

        if (key.StartsWith("season ", StringComparison.Ordinal) && Year(key[7..]) is { } season)
        {
            return cnr ? $"turističku sezonu {season}. godine" : $"the {season} tourist season";
        }

        if (key.StartsWith("report ", StringComparison.Ordinal) && Name(key[7..], language) is var reported && reported != key[7..])
        {
            return cnr ? $"izvještaj Vladi za {reported}" : $"the report to the Government for {reported}";
        }

        if (key.StartsWith("meeting ", StringComparison.Ordinal) && Date(key[8..]) is { } meeting)
        {
            return cnr ? $"sjednicu Radne grupe {MailFormat.Date(meeting, language)}" : $"the Working Group meeting of {MailFormat.Date(meeting, language)}";
        }

        if (Year(key) is { } year)
        {
            return cnr ? $"{year}. godinu" : year.ToString(CultureInfo.InvariantCulture);
        }

        return Span(key, cnr, genitive: false) ?? key;
    }

    /// <summary>The period as a heading or a table cell: "Third quarter of 2012" / "Treći kvartal 2012. godine", "2012" / "2012. godina".</summary>
    public static string Title(string? label, string language)
    {
        var cnr = IsMontenegrin(language);
        var key = (label ?? string.Empty).Trim();
        if (Year(key) is { } year)
        {
            return cnr ? $"{year}. godina" : year.ToString(CultureInfo.InvariantCulture);
        }

        var name = Name(key, language);
        if (cnr)
        {
            name = name.Replace("turističku sezonu", "turistička sezona", StringComparison.Ordinal)
                .Replace("sjednicu", "sjednica", StringComparison.Ordinal);
        }
        else if (name.StartsWith("the ", StringComparison.Ordinal))
        {
            name = name[4..];
        }

        return name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
    }

    /// <summary>
    /// "report for the third quarter of 2012, due 1 October 2012" / "izvještaj za treći kvartal 2012. godine, rok 1. oktobar 2012.";
    /// without a due date the part after the comma is left out.
    /// </summary>
    public static string Report(string? label, DateOnly? due, string language)
    {
        var cnr = IsMontenegrin(language);
        var text = cnr ? $"izvještaj za {Name(label, language)}" : $"report for {Name(label, language)}";
        return due is { } d ? $"{text}, {(cnr ? "rok" : "due")} {MailFormat.Date(d, language)}" : text;
    }

    /// <summary>Quarters, half-years, months and days; the genitive form follows "by the end of" / "do kraja".</summary>
    private static string? Span(string key, bool cnr, bool genitive)
    {
        if (Year(key) is { } year)
        {
            return genitive ? (cnr ? $"kraja {year}. godine" : $"the end of {year}") : null;
        }

        var match = Part().Match(key);
        if (match.Success)
        {
            var y = match.Groups["year"].Value;
            var n = int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            var quarter = match.Groups["unit"].Value == "Q";
            if (n < 1 || n > (quarter ? 4 : 2))
            {
                return null;
            }

            if (cnr)
            {
                var noun = quarter ? (genitive ? "kvartala" : "kvartal") : (genitive ? "polugodišta" : "polugodište");
                var ordinal = genitive ? Genitive[n - 1] : quarter ? QuarterNominative[n - 1] : HalfNominative[n - 1];
                return $"{(genitive ? "kraja " : string.Empty)}{ordinal} {noun} {y}. godine";
            }

            return $"{(genitive ? "the end of " : string.Empty)}the {EnglishOrdinals[n - 1]} {(quarter ? "quarter" : "half")} of {y}";
        }

        var month = Month().Match(key);
        if (month.Success)
        {
            var m = int.Parse(month.Groups["month"].Value, CultureInfo.InvariantCulture);
            if (m is < 1 or > 12)
            {
                return null;
            }

            var y = month.Groups["year"].Value;
            return cnr
                ? (genitive ? $"kraja {MontenegrinMonthsGenitive[m - 1]} {y}. godine" : $"{MontenegrinMonths[m - 1]} {y}. godine")
                : (genitive ? $"the end of {EnglishMonths[m - 1]} {y}" : $"{EnglishMonths[m - 1]} {y}");
        }

        if (Date(key) is { } day)
        {
            if (cnr)
            {
                var text = $"{day.Day}. {MontenegrinMonthsGenitive[day.Month - 1]} {day.Year}.";
                return genitive ? text : $"stanje na dan {text}";
            }

            var date = MailFormat.Date(day, "en");
            return genitive ? date : $"the position on {date}";
        }

        return null;
    }

    private static int? Year(string text) =>
        text.Length == 4 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? year : null;

    private static DateOnly? Date(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static bool IsMontenegrin(string language) => MailLanguages.IsMontenegrin(language);

    [GeneratedRegex(@"^(?<year>\d{4})-(?<unit>[QH])(?<n>\d)$")]
    private static partial Regex Part();

    [GeneratedRegex(@"^(?<year>\d{4})-(?<month>\d{2})$")]
    private static partial Regex Month();
}
