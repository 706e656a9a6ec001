using Cronos;

namespace PlanWorkflows.Core.Schedules;

/// <summary>
/// Turns a schedule into the concrete reporting periods of one plan: what is reported on, the date
/// the plan names (<see cref="ReportingPeriod.NominalDue"/>) and the working day it is really due.
/// </summary>
public static class ScheduleExpander
{
    // Cron expressions are data the Office can edit; one that fires every minute must not make
    // expansion enumerate millions of occurrences.
    private const int MaxPeriods = 5000;

    /// <param name="prerequisiteDue">
    /// AfterActivity: when the prerequisite activity is due (or was reported implemented); only rounds
    /// strictly after it apply. Null means the prerequisite's date is unknown: every round applies.
    /// </param>
    public static IReadOnlyList<ReportingPeriod> Expand(
        Schedule schedule,
        PlanPeriod period,
        WorkingDayCalendar calendar,
        DateOnly? prerequisiteDue = null,
        ScheduleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(calendar);
        options = Sanitize(options ?? ScheduleOptions.Default);
        if (period.End < period.Start)
        {
            return [];
        }

        return schedule.Kind switch
        {
            ScheduleKind.Deadline when schedule.Deadline is { } deadline => ExpandDeadline(deadline, schedule.DeadlineUnit, period, calendar),
            ScheduleKind.Recurring when TryParseCron(schedule.Cron) is { } cron => ExpandCron(cron, period, calendar),
            ScheduleKind.Continuous => Rounds(Later(period.Start, schedule.Start), period, calendar, options),
            ScheduleKind.Seasonal => ExpandSeasons(schedule, period, calendar, options),
            ScheduleKind.AfterActivity when prerequisiteDue >= period.End => [],
            ScheduleKind.AfterActivity => Rounds(Later(period.Start, prerequisiteDue?.AddDays(1)), period, calendar, options),
            // AsNeeded is asked in every round as "occurred or not"; Unparsed, and a Deadline or Recurring
            // schedule missing its date or with a broken cron, fall back to the rounds so nothing goes unreported.
            _ => Rounds(period.Start, period, calendar, options),
        };
    }

    private static List<ReportingPeriod> ExpandDeadline(DateOnly deadline, DeadlineUnit? unit, PlanPeriod period, WorkingDayCalendar calendar)
    {
        // A hand-edited deadline outside the plan is pulled to its nearer end: the plan cannot ask for
        // reports before it starts, and its final report closes everything still open.
        var nominal = deadline < period.Start ? period.Start : deadline > period.End ? period.End : deadline;
        var label = "by " + (unit ?? InferUnit(nominal)) switch
        {
            DeadlineUnit.Year => $"{nominal.Year}",
            DeadlineUnit.HalfYear => $"{nominal.Year}-H{(nominal.Month + 5) / 6}",
            DeadlineUnit.Quarter => $"{nominal.Year}-Q{(nominal.Month + 2) / 3}",
            _ => $"{nominal:yyyy-MM-dd}",
        };
        return [new ReportingPeriod(label, period.Start, nominal, nominal, calendar.OnOrAfter(nominal))];
    }

    private static DeadlineUnit InferUnit(DateOnly d)
    {
        if (d.Day != DateTime.DaysInMonth(d.Year, d.Month))
        {
            return DeadlineUnit.Date;
        }

        return d.Month == 12 ? DeadlineUnit.Year : d.Month % 3 == 0 ? DeadlineUnit.Quarter : DeadlineUnit.Date;
    }

    private static CronExpression? TryParseCron(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            return null;
        }

        try
        {
            return CronExpression.Parse(cron.Trim(), CronFormat.Standard);
        }
        catch (CronFormatException)
        {
            return null;
        }
    }

    private static List<ReportingPeriod> ExpandCron(CronExpression cron, PlanPeriod period, WorkingDayCalendar calendar)
    {
        var dates = OccurrenceDates(cron, period.Start, period.End);
        var perYear = new Dictionary<int, int>();
        var result = new List<ReportingPeriod>(dates.Count);
        var periodStart = period.Start;
        foreach (var date in dates)
        {
            if (!perYear.TryGetValue(date.Year, out var count))
            {
                // Frequency is judged over the whole calendar year, so a plan adopted in September
                // still labels its one 2012 semiannual occurrence "2012-H2", not "2012".
                count = OccurrenceDates(cron, new DateOnly(date.Year, 1, 1), new DateOnly(date.Year, 12, 31)).Count;
                perYear[date.Year] = count;
            }

            result.Add(new ReportingPeriod(Label(date, count), periodStart, date, date, calendar.OnOrAfter(date)));
            periodStart = date.AddDays(1);
        }

        return result;
    }

    private static List<DateOnly> OccurrenceDates(CronExpression cron, DateOnly from, DateOnly to)
    {
        var fromUtc = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var toUtc = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var dates = new List<DateOnly>();
        foreach (var occurrence in cron.GetOccurrences(fromUtc, toUtc, fromInclusive: true, toInclusive: false))
        {
            var date = DateOnly.FromDateTime(occurrence);
            if (dates.Count > 0 && dates[^1] == date)
            {
                continue;
            }

            dates.Add(date);
            if (dates.Count >= MaxPeriods)
            {
                break;
            }
        }

        return dates;
    }

    /// <summary>The semiannual (or configured) rounds on or after <paramref name="from"/>.</summary>
    private static List<ReportingPeriod> Rounds(DateOnly from, PlanPeriod period, WorkingDayCalendar calendar, ScheduleOptions options)
    {
        var months = options.SemiannualRoundMonths;
        var result = new List<ReportingPeriod>();
        var periodStart = from;
        for (var year = from.Year; year <= period.End.Year; year++)
        {
            foreach (var month in months)
            {
                var round = TimeframeParser.EndOfMonth(year, month);
                if (round < from || round > period.End)
                {
                    continue;
                }

                result.Add(new ReportingPeriod(Label(round, months.Count), periodStart, round, round, calendar.OnOrAfter(round)));
                periodStart = round.AddDays(1);
            }
        }

        return result;
    }

    private static List<ReportingPeriod> ExpandSeasons(Schedule schedule, PlanPeriod period, WorkingDayCalendar calendar, ScheduleOptions options)
    {
        var startMonth = schedule.SeasonStartMonth is >= 1 and <= 12 ? schedule.SeasonStartMonth.Value : options.DefaultSeasonStartMonth;
        var endMonth = schedule.SeasonEndMonth is >= 1 and <= 12 ? schedule.SeasonEndMonth.Value : options.DefaultSeasonEndMonth;
        var result = new List<ReportingPeriod>();
        for (var year = period.Start.Year; year <= period.End.Year; year++)
        {
            var windowStart = new DateOnly(year, startMonth, 1);
            // A window such as November–February runs into the next year.
            var endYear = endMonth >= startMonth ? year : year + 1;
            if (endYear > 9998)
            {
                break;
            }

            var windowEnd = TimeframeParser.EndOfMonth(endYear, endMonth);
            if (windowStart < period.Start || windowEnd > period.End)
            {
                continue;
            }

            var lagged = new DateOnly(endYear, endMonth, 1).AddMonths(options.SeasonReportLagMonths);
            var nominal = TimeframeParser.EndOfMonth(lagged.Year, lagged.Month);
            // The season is inside the plan but its report may not be: the plan's end is the last chance to ask.
            if (nominal > period.End)
            {
                nominal = period.End;
            }

            result.Add(new ReportingPeriod($"season {year}", windowStart, windowEnd, nominal, calendar.OnOrAfter(nominal)));
        }

        return result;
    }

    private static string Label(DateOnly date, int perYear) => perYear switch
    {
        1 => $"{date.Year}",
        2 => $"{date.Year}-H{(date.Month <= 6 ? 1 : 2)}",
        4 => $"{date.Year}-Q{(date.Month + 2) / 3}",
        <= 12 => $"{date:yyyy-MM}",
        _ => $"{date:yyyy-MM-dd}",
    };

    private static DateOnly Later(DateOnly a, DateOnly? b) => b is { } v && v > a ? v : a;

    private static ScheduleOptions Sanitize(ScheduleOptions options)
    {
        // Expansion never throws for bad options; configuration is validated on start instead.
        var months = (options.SemiannualRoundMonths ?? []).Where(m => m is >= 1 and <= 12).Distinct().Order().ToArray();
        return options with
        {
            SemiannualRoundMonths = months.Length > 0 ? months : [6, 12],
            DefaultSeasonStartMonth = options.DefaultSeasonStartMonth is >= 1 and <= 12 ? options.DefaultSeasonStartMonth : 6,
            DefaultSeasonEndMonth = options.DefaultSeasonEndMonth is >= 1 and <= 12 ? options.DefaultSeasonEndMonth : 9,
            SeasonReportLagMonths = Math.Clamp(options.SeasonReportLagMonths, 0, 12),
        };
    }
}
