using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PlanWorkflows.Core.Schedules;

/// <summary>
/// Reads the free-text timeframe column of an action plan (English or Montenegrin) into a
/// <see cref="Schedule"/>. Vocabulary, not the plan's own years: the same phrases recur in every
/// plan the Government adopts. Anything not understood becomes <see cref="ScheduleKind.Unparsed"/>
/// with a note, because one odd cell must never stop a catalogue import.
/// </summary>
public static partial class TimeframeParser
{
    // Plan cells use a trailing "." after years and phrases ("2013.", "I Quarter of 2013."),
    // and Montenegrin writes ordinal years with a dot ("Do kraja 2013. godine").
    private const string Year = @"(?<year>\d{4})\.?";
    private const string YearWord = @"(?:\s+(?:year|godine|god))?";

    private const string OccasionalSuffix =
        @"(?:\s*[,;]?\s*(?<occ>(?:and\s+|or\s+)?(?:even\s+)?more\s+(?:often\s+|frequently\s+)?(?:if|when|as|where)\s+(?:needed|necessary|required)"
        + @"|i\s+(?:[cč]e[sš][cć]e|vi[sš]e)(?:\s+(?:po|ako\s+je|prema)\s+potreb\w*)?))?";

    private const string YearlyWords =
        @"(?:once|one\s+time|1\s*x|1\s+time)\s+(?:a|per|each|every|in\s+a)\s+year|annual(?:ly)?|yearly|every\s+year|each\s+year"
        + @"|(?:jednom\s+)?godi[sš]nje|jednom\s+u\s+godini";

    private const string SemiannualWords =
        @"(?:twice|two\s+times|2\s*x|2\s+times)\s+(?:a|per|each|every|in\s+a)\s+year|twice\s+yearly|semi-?\s?annual(?:ly)?|bi-?annual(?:ly)?"
        + @"|half-?\s?yearly|every\s+six\s+months|every\s+6\s+months"
        + @"|(?:dva\s+puta|dvaput|2\s+puta)\s+(?:godi[sš]nje|u\s+godini)|polugodi[sš]nje";

    private const string QuarterlyWords =
        @"quarterly|(?:every|each|once\s+a|once\s+per)\s+quarter|every\s+(?:three|3)\s+months|(?:four|4)\s+times\s+(?:a|per)\s+year|kvartalno|tromjese[cč]no";

    private const string MonthlyWords = @"monthly|(?:every|each|once\s+a|once\s+per)\s+month|mjese[cč]no";

    private const string ContinuousWords =
        @"continuously|continuous|continual(?:ly)?|ongoing|permanently|constantly|in\s+continuity|kontinuirano|u\s+kontinuitetu|stalno|trajno";

    // Leading "by the end of" etc. before a quarter or year; the Montenegrin ones are captured to note the language.
    private const string DeadlinePrefix =
        @"(?:(?:by\s+(?:the\s+)?end\s+of|by|until|till|not\s+later\s+than|end\s+of|during|in|within|do\s+kraja|krajem|tokom|u\s+toku|najkasnije\s+do|do|u)\s+)?(?:the\s+)?";

    private const string QuarterOrdinal =
        @"(?<q>IV|III|II|I|[1-4](?:st|nd|rd|th)?|first|second|third|fourth|prv\w*|drug\w*|tre[cć]\w*|[cč]etvrt\w*)";

    private const string HalfOrdinal = @"(?<h>II|I|[12](?:st|nd)?|first|second|prv\w*|drug\w*)";

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("^(?:(?<y>" + YearlyWords + ")|(?<h>" + SemiannualWords + ")|(?<q>" + QuarterlyWords + ")|(?<m>" + MonthlyWords + "))" + OccasionalSuffix + "$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Recurring();

    [GeneratedRegex("^(?:" + ContinuousWords + ")$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContinuousPlain();

    [GeneratedRegex("^(?:" + ContinuousWords + @")\s*,?\s+(?<note>(?:in\s+accordance\s+with|according\s+to|as\s+per|pursuant\s+to|u\s+skladu\s+sa?|prema)\s+.+)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContinuousQualified();

    [GeneratedRegex(@"^(?:(?:from|since|starting(?:\s+from|\s+in)?|od)\s+)?" + Year + YearWord + @"\s*(?:-|,|onwards?|and|i)?\s*(?:onwards?\s+|-\s*)?(?:" + ContinuousWords + ")$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContinuousFromYearFirst();

    [GeneratedRegex("^(?:" + ContinuousWords + @")\s*,?\s+(?:from|since|starting(?:\s+from|\s+in)?|od)\s+" + Year + YearWord + @"(?:\s+onwards?)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContinuousFromYearLast();

    [GeneratedRegex("^" + DeadlinePrefix + QuarterOrdinal + @"\s*\.?\s*(?:quarter|qtr|kvartal\w*|tromjese[cč]\w*)\s*(?:of\s+(?:the\s+)?(?:year\s+)?|,\s*)?" + Year + YearWord + "$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuarterWords();

    [GeneratedRegex("^" + DeadlinePrefix + @"(?:Q(?<q>[1-4])\s*[/-]?\s*" + Year + "|" + Year + @"\s*[/-]?\s*Q(?<q>[1-4]))$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuarterCode();

    [GeneratedRegex("^" + DeadlinePrefix + HalfOrdinal + @"\s*\.?\s*(?:half(?:\s+|-)?(?:of\s+the\s+)?(?:year)?|polugodi[sš]t\w*|polovin\w*)\s*(?:of\s+(?:the\s+)?(?:year\s+)?|,\s*)?" + Year + YearWord + "$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HalfWords();

    [GeneratedRegex("^" + DeadlinePrefix + @"(?:H(?<h>[12])\s*[/-]?\s*" + Year + "|" + Year + @"\s*[/-]?\s*H(?<h>[12]))$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HalfCode();

    [GeneratedRegex("^" + DeadlinePrefix + @"(?:year\s+)?" + Year + YearWord + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex YearDeadline();

    [GeneratedRegex(@"^(?:(?:as|when|if|where)\s+(?:needed|necessary|required|appropriate)|on\s+(?:demand|request)|upon\s+request|ad[\s-]+hoc"
        + @"|po\s+potrebi|prema\s+potrebi|(?:ako|kada|kad)\s+je\s+potrebno)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AsNeeded();

    [GeneratedRegex(@"(?:tourist|touristic|summer|turisti[cč]k\w*|ljetn\w*)\s+(?:season|sezon\w*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Season();

    // The trailing "in continuity" says reporting goes on after the prerequisite; it is not part of its name.
    [GeneratedRegex(@"^(?:after|following|upon|nakon|poslije|po)\s+(?:the\s+)?(?<ref>.+?)(?:\s*,?\s*(?:and\s+)?(?:in\s+continuity|continuously|onwards?|thereafter|u\s+kontinuitetu|kontinuirano))?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AfterPhrase();

    [GeneratedRegex(@"^(?:from|since|starting\s+(?:from|with|at)|od)\s+(?:the\s+)?(?:beginning|start|moment|day|time|po[cč]etka|trenutka|dana)\s+(?:of\s+)?(?:the\s+)?(?<ref>.+?)(?:\s*,?\s*(?:and\s+)?(?:in\s+continuity|continuously|onwards?|thereafter|u\s+kontinuitetu|kontinuirano))?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FromBeginningOf();

    [GeneratedRegex(@"^\d{4}\.?$")]
    private static partial Regex BareYear();

    [GeneratedRegex(@"\b(?:do\s+kraja|krajem|godine|godi[sš]nj\w*|kvartal\w*|tromjese[cč]\w*|kontinuirano|kontinuitet\w*|potreb\w*|puta|dvaput|polugodi[sš]\w*|mjese[cč]no|tokom|u\s+toku|nakon|poslije|sezon\w*|stalno|trajno|najkasnije)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MontenegrinMarker();

    /// <summary>Parses with the default season window (<see cref="ScheduleOptions.Default"/>).</summary>
    public static Schedule Parse(string? text, PlanPeriod period) => Parse(text, period, null);

    /// <summary>
    /// Reads one timeframe cell. Never throws: what is not understood, and deadlines outside
    /// <paramref name="period"/>, come back as <see cref="ScheduleKind.Unparsed"/> with a note.
    /// </summary>
    public static Schedule Parse(string? text, PlanPeriod period, ScheduleOptions? options)
    {
        ArgumentNullException.ThrowIfNull(period);
        options ??= ScheduleOptions.Default;
        var original = text ?? string.Empty;
        var s = Clean(original);
        if (s.Length == 0)
        {
            return new Schedule(ScheduleKind.Unparsed, original) { Note = "no timeframe given" };
        }

        var schedule = Interpret(s, original, period, options);
        if (schedule.Kind != ScheduleKind.Unparsed && MontenegrinMarker().IsMatch(s))
        {
            var reading = $"Montenegrin phrase, read as \"{Describe(schedule)}\"";
            schedule = schedule with { Note = schedule.Note is null ? reading : $"{reading}; {schedule.Note}" };
        }

        return schedule;
    }

    /// <summary>
    /// Normalises what word processors and HTML exports leave in cells: tags, entities,
    /// non-breaking spaces, typographic dashes, runs of spaces and trailing punctuation.
    /// </summary>
    internal static string Clean(string text)
    {
        var s = HtmlTag().Replace(text, " ");
        s = s.Replace("&nbsp;", " ", StringComparison.OrdinalIgnoreCase)
            .Replace("&#160;", " ", StringComparison.Ordinal)
            .Replace("&amp;", "&", StringComparison.OrdinalIgnoreCase);
        var sb = new StringBuilder(s.Length);
        foreach (var c in s.Normalize(NormalizationForm.FormC))
        {
            sb.Append(c switch
            {
                '\u00A0' or '\u2007' or '\u202F' or '\u2009' or '\u200A' or '\t' => ' ',
                '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212' => '-',
                '\u2018' or '\u2019' => '\'',
                '\u201C' or '\u201D' => '"',
                '\u200B' or '\uFEFF' => '\0',
                _ => c,
            });
        }

        s = sb.Replace("\0", string.Empty).ToString();
        s = Whitespace().Replace(s, " ").Trim();
        s = s.TrimEnd('.', ',', ';', ':', ' ').Trim();
        // Separator rows ("--", "-----------") carry no timeframe.
        return s.Trim('-', ' ');
    }

    private static Schedule Interpret(string s, string original, PlanPeriod period, ScheduleOptions options)
    {
        var m = Recurring().Match(s);
        if (m.Success)
        {
            var cron = m.Groups["y"].Success ? "0 9 L 12 *"
                : m.Groups["h"].Success ? "0 9 L 6,12 *"
                : m.Groups["q"].Success ? "0 9 L 3,6,9,12 *"
                : "0 9 L * *";
            return new Schedule(ScheduleKind.Recurring, original) { Cron = cron, Occasional = m.Groups["occ"].Success };
        }

        if (ContinuousPlain().IsMatch(s))
        {
            return new Schedule(ScheduleKind.Continuous, original);
        }

        m = ContinuousQualified().Match(s);
        if (m.Success)
        {
            return new Schedule(ScheduleKind.Continuous, original) { Note = m.Groups["note"].Value };
        }

        m = ContinuousFromYearFirst().Match(s);
        if (!m.Success)
        {
            m = ContinuousFromYearLast().Match(s);
        }

        if (m.Success)
        {
            var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
            if (year < period.Start.Year || year > period.End.Year)
            {
                return Unparsed(original, $"continuous from {year}, which is outside the plan period {period.Start:yyyy-MM-dd}..{period.End:yyyy-MM-dd}");
            }

            return new Schedule(ScheduleKind.Continuous, original) { Start = new DateOnly(year, 1, 1) };
        }

        m = QuarterWords().Match(s);
        if (!m.Success)
        {
            m = QuarterCode().Match(s);
        }

        if (m.Success)
        {
            var quarter = Ordinal(m.Groups["q"].Value);
            var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
            return quarter is >= 1 and <= 4
                ? DeadlineIn(original, period, year, quarter * 3, DeadlineUnit.Quarter)
                : Unparsed(original, $"quarter \"{m.Groups["q"].Value}\" not understood");
        }

        m = HalfWords().Match(s);
        if (!m.Success)
        {
            m = HalfCode().Match(s);
        }

        if (m.Success)
        {
            var half = Ordinal(m.Groups["h"].Value);
            var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
            return half is 1 or 2
                ? DeadlineIn(original, period, year, half * 6, DeadlineUnit.HalfYear)
                : Unparsed(original, $"half-year \"{m.Groups["h"].Value}\" not understood");
        }

        m = YearDeadline().Match(s);
        if (m.Success)
        {
            var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
            return DeadlineIn(original, period, year, 12, DeadlineUnit.Year);
        }

        if (AsNeeded().IsMatch(s))
        {
            return new Schedule(ScheduleKind.AsNeeded, original);
        }

        if (Season().IsMatch(s))
        {
            return new Schedule(ScheduleKind.Seasonal, original)
            {
                SeasonStartMonth = options.DefaultSeasonStartMonth,
                SeasonEndMonth = options.DefaultSeasonEndMonth,
            };
        }

        m = FromBeginningOf().Match(s);
        if (!m.Success)
        {
            m = AfterPhrase().Match(s);
        }

        if (m.Success)
        {
            var reference = m.Groups["ref"].Value.Trim();
            if (BareYear().IsMatch(reference) || !reference.Any(char.IsLetter))
            {
                return Unparsed(original, $"\"{s}\" names a date, not a prerequisite activity");
            }

            return new Schedule(ScheduleKind.AfterActivity, original) { AfterReference = reference };
        }

        return Unparsed(original, $"timeframe not understood: \"{s}\"");
    }

    private static Schedule DeadlineIn(string original, PlanPeriod period, int year, int endMonth, DeadlineUnit unit)
    {
        // Checked before building the date so that a mistyped year such as "0213" cannot throw.
        if (year < period.Start.Year || year > period.End.Year)
        {
            return Unparsed(original, $"deadline year {year} is outside the plan period {period.Start:yyyy-MM-dd}..{period.End:yyyy-MM-dd}");
        }

        var deadline = EndOfMonth(year, endMonth);
        if (!period.Contains(deadline))
        {
            return Unparsed(original, $"deadline {deadline:yyyy-MM-dd} is outside the plan period {period.Start:yyyy-MM-dd}..{period.End:yyyy-MM-dd}");
        }

        return new Schedule(ScheduleKind.Deadline, original) { Deadline = deadline, DeadlineUnit = unit };
    }

    private static Schedule Unparsed(string original, string note) => new(ScheduleKind.Unparsed, original) { Note = note };

    internal static DateOnly EndOfMonth(int year, int month) => new(year, month, DateTime.DaysInMonth(year, month));

    private static int Ordinal(string token)
    {
        var t = token.Trim().TrimEnd('.').ToLowerInvariant();
        return t switch
        {
            "i" or "1" or "1st" or "first" => 1,
            "ii" or "2" or "2nd" or "second" => 2,
            "iii" or "3" or "3rd" or "third" => 3,
            "iv" or "4" or "4th" or "fourth" => 4,
            _ when t.StartsWith("prv", StringComparison.Ordinal) => 1,
            _ when t.StartsWith("drug", StringComparison.Ordinal) => 2,
            _ when t.StartsWith("tre", StringComparison.Ordinal) => 3,
            _ when t.StartsWith("četvrt", StringComparison.Ordinal) || t.StartsWith("cetvrt", StringComparison.Ordinal) => 4,
            _ => 0,
        };
    }

    /// <summary>An English reading of a schedule, for notes on phrases written in Montenegrin.</summary>
    internal static string Describe(Schedule schedule) => schedule.Kind switch
    {
        ScheduleKind.Deadline when schedule.Deadline is { } d => schedule.DeadlineUnit switch
        {
            DeadlineUnit.Quarter => $"by the end of quarter {(d.Month + 2) / 3} of {d.Year}",
            DeadlineUnit.HalfYear => $"by the end of half-year {(d.Month + 5) / 6} of {d.Year}",
            DeadlineUnit.Year => $"by the end of {d.Year}",
            _ => $"by {d:yyyy-MM-dd}",
        },
        ScheduleKind.Recurring => schedule.Cron switch
        {
            "0 9 L 12 *" => "once a year",
            "0 9 L 6,12 *" => "twice a year",
            "0 9 L 3,6,9,12 *" => "quarterly",
            "0 9 L * *" => "monthly",
            _ => $"recurring ({schedule.Cron})",
        } + (schedule.Occasional ? ", more often if needed" : string.Empty),
        ScheduleKind.Continuous => schedule.Start is { } start ? $"continuously from {start.Year}" : "continuously",
        ScheduleKind.AsNeeded => "as needed",
        ScheduleKind.Seasonal => "tourist season",
        ScheduleKind.AfterActivity => $"after {schedule.AfterReference}",
        _ => "not understood",
    };
}
