using System.Globalization;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Obligations;

namespace PlanWorkflows.Core.Obligations;

/// <summary>The semiannual report to the Government (<c>GovernmentReport</c> section).</summary>
public sealed class GovernmentReportOptions
{
    public const string SectionName = "GovernmentReport";

    public bool Enabled { get; set; } = true;

    /// <summary>The last day of each half-year period as MM-dd, one in each half of the year; empty: 06-30 and 12-31.</summary>
    public IList<string> PeriodEnds { get; } = [];

    /// <summary>The report's language; empty: what the report workflow asks for.</summary>
    public string? Language { get; set; }

    /// <summary>The workflow definition that runs for each report period.</summary>
    public string Definition { get; set; } = GovernmentReport.DefinitionName;
}

/// <summary>
/// The report to the Government is made by the meetings' machinery: each period is an obligation of kind
/// <see cref="ObligationKind.GovernmentReport"/> (so the plan's status never counts it) whose workflow requests a pack
/// as of the period's last day; the archiver sees the kind and builds a report instead of a meeting pack.
/// </summary>
public static class GovernmentReport
{
    public const string ActivityKey = "meetings/government-report";
    public const string DefinitionName = "government-report";
    public const string FolderPrefix = "government-report-";
    public const string ReadyTemplate = "report-ready";

    public static string PeriodLabel(ReportPeriod period) => $"report {period.Label}";

    /// <summary>The period ends (month, day) in year order, checked: one in each half of the year.</summary>
    public static IReadOnlyList<(int Month, int Day)> Ends(GovernmentReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var texts = options.PeriodEnds.Count == 0 ? ["06-30", "12-31"] : options.PeriodEnds;
        var ends = new List<(int Month, int Day)>();
        foreach (var text in texts)
        {
            if (!DateOnly.TryParseExact($"2000-{text.Trim()}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                throw new FormatException($"{GovernmentReportOptions.SectionName}:{nameof(options.PeriodEnds)}: '{text}' is not a day as MM-dd");
            }

            ends.Add((d.Month, d.Day));
        }

        ends.Sort();
        if (ends.Count != 2 || ends[0].Month > 6 || ends[1].Month <= 6)
        {
            throw new FormatException($"{GovernmentReportOptions.SectionName}:{nameof(options.PeriodEnds)}: expected two days, one in each half of the year (H1, H2)");
        }

        if (!string.IsNullOrEmpty(options.Language) && MailLanguages.Canonical(options.Language) != options.Language)
        {
            throw new FormatException($"{GovernmentReportOptions.SectionName}:{nameof(options.Language)}: '{options.Language}' must be one of {MailLanguages.Choices}");
        }

        return ends;
    }

    /// <summary>
    /// Every period ending within the plan's period and not before its adoption (a half-year already over when the
    /// plan was adopted has no implementation to report on); the first starts no earlier than the plan.
    /// </summary>
    public static IReadOnlyList<ReportPeriod> Periods(PlanWindow window, GovernmentReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(window);
        var ends = Ends(options);
        var (planStart, planEnd) = (window.Period.Start, window.Period.End);
        var result = new List<ReportPeriod>();
        for (var year = planStart.Year; year <= planEnd.Year; year++)
        {
            for (var half = 1; half <= 2; half++)
            {
                var period = Period(year, half, ends, options.Language);
                if (period.End >= planStart && period.End <= planEnd && window.Owes(period.End))
                {
                    result.Add(period.Start < planStart ? period with { Start = planStart } : period);
                }
            }
        }

        return result;
    }

    /// <summary>A period from its label (<c>2012-H2</c>).</summary>
    public static ReportPeriod Parse(string label, GovernmentReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        var text = label.Trim().ToUpperInvariant();
        if (text.Length != 7 || text[4] != '-' || text[5] != 'H' || text[6] is not ('1' or '2')
            || !int.TryParse(text[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 2000)
        {
            throw new FormatException($"'{label}' is not a half-year as yyyy-H1 or yyyy-H2");
        }

        var o = options ?? new GovernmentReportOptions();
        return Period(year, text[6] - '0', Ends(o), o.Language);
    }

    private static ReportPeriod Period(int year, int half, IReadOnlyList<(int Month, int Day)> ends, string? language)
    {
        DateOnly End(int y, int h) => new(y, ends[h - 1].Month, Math.Min(ends[h - 1].Day, DateTime.DaysInMonth(y, ends[h - 1].Month)));
        var end = End(year, half);
        var previousEnd = half == 1 ? End(year - 1, 2) : End(year, 1);
        return new ReportPeriod(string.Create(CultureInfo.InvariantCulture, $"{year}-H{half}"), previousEnd.AddDays(1), end, string.IsNullOrEmpty(language) ? null : language);
    }
}
