using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Core.Obligations;

/// <summary>One institution's duty to report on one activity for one period.</summary>
public sealed record PlannedObligation(
    string ActivityKey,
    string ActivityCode,
    string Area,
    string InstitutionId,
    string PeriodLabel,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    DateOnly NominalDue,
    DateOnly DueDate,
    ScheduleKind Kind);

/// <summary>
/// Expands a catalogue's schedules into reporting obligations, one per implementer and period. This is the one
/// place that decides which periods are owed: every caller (catalogue sync, simulation, <c>plan schedule</c>,
/// export, the catalogue's warnings) goes through it, so they all agree on the plan's adoption
/// (<see cref="PlanWindow"/>) and on when an after-activity obligation starts.
/// </summary>
public static class ObligationPlanner
{
    /// <summary>The warning code of an activity whose every reporting period ended before the plan was adopted.</summary>
    public const string BeforeAdoptionWarning = "before-adoption";

    /// <param name="completions">
    /// Activities already done: key → the day the Office accepted a report that it was implemented
    /// (<see cref="PrerequisiteCompletions"/>). An after-activity schedule follows its prerequisite's
    /// completion when it is here, and the prerequisite's planned due date while it is open.
    /// </param>
    public static IReadOnlyList<ReportingPeriod> DueDates(PlanCatalogue catalogue, CatalogueActivity activity, WorkingDayCalendar calendar,
        ScheduleOptions? options = null, IReadOnlyDictionary<string, DateOnly>? completions = null)
    {
        var window = PlanWindow.Of(catalogue);
        return [.. Expand(catalogue, activity, calendar, options, completions).Where(p => window.Owes(p.PeriodEnd))];
    }

    /// <param name="activities">Only these activities (by key); null for all of them.</param>
    public static IReadOnlyList<PlannedObligation> Plan(PlanCatalogue catalogue, WorkingDayCalendar calendar, DateOnly? from = null, DateOnly? to = null,
        ScheduleOptions? options = null, IReadOnlyDictionary<string, DateOnly>? completions = null, IReadOnlySet<string>? activities = null)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var window = PlanWindow.Of(catalogue);
        var result = new List<PlannedObligation>();
        foreach (var activity in catalogue.Activities.Where(a => activities is null || activities.Contains(a.Key)))
        {
            var labels = new HashSet<string>(StringComparer.Ordinal);
            foreach (var period in Expand(catalogue, activity, calendar, options, completions))
            {
                // An obligation is known by its period label; two rounds that a hand-made schedule
                // puts in one half-year still need two names. Named before the adoption filter, so a
                // period keeps its name whatever the adoption date.
                var label = period.Label;
                for (var n = 2; !labels.Add(label); n++)
                {
                    label = $"{period.Label}#{n}";
                }

                if (!window.Owes(period.PeriodEnd) || (from is { } f && period.DueDate < f) || (to is { } t && period.DueDate > t))
                {
                    continue;
                }

                foreach (var institution in activity.Implementers)
                {
                    result.Add(new PlannedObligation(activity.Key, activity.Code, activity.Area, institution, label,
                        period.PeriodStart, period.PeriodEnd, period.NominalDue, period.DueDate, activity.Timeframe.Kind));
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Activities the adoption leaves with nothing to report: each had reporting periods, and every one ended
    /// before the plan was adopted (a deadline of a quarter already over). They get no obligation and no mail;
    /// the Office decides what to do with them.
    /// </summary>
    public static IReadOnlyList<(CatalogueActivity Activity, ReportingPeriod Last)> EndedBeforeAdoption(PlanCatalogue catalogue, ScheduleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var window = PlanWindow.Of(catalogue);
        if (!window.AdoptedLate)
        {
            return [];
        }

        var result = new List<(CatalogueActivity, ReportingPeriod)>();
        foreach (var activity in catalogue.Activities)
        {
            // Only period ends matter here, and the calendar moves due dates, never period ends.
            var periods = Expand(catalogue, activity, WorkingDayCalendar.WeekendsOnly, options, null);
            if (periods.Count > 0 && periods.All(p => !window.Owes(p.PeriodEnd)))
            {
                result.Add((activity, periods[^1]));
            }
        }

        return result;
    }

    /// <summary>
    /// Puts a <see cref="BeforeAdoptionWarning"/> on every activity of <see cref="EndedBeforeAdoption"/> (and takes
    /// stale ones off the others), so the Office sees them among the catalogue's warnings instead of an overdue list.
    /// </summary>
    public static void FlagBeforeAdoption(PlanCatalogue catalogue, ScheduleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        foreach (var activity in catalogue.Activities)
        {
            activity.Warnings.RemoveAll(w => w.Code == BeforeAdoptionWarning);
        }

        var adopted = PlanWindow.Of(catalogue).Adopted;
        foreach (var (activity, last) in EndedBeforeAdoption(catalogue, options))
        {
            activity.Warnings.Add(new ImportWarning(BeforeAdoptionWarning, "timeframe",
                $"'{activity.Timeframe.Text}': reporting period ended {last.PeriodEnd:yyyy-MM-dd}, before the plan was adopted on {adopted:yyyy-MM-dd}",
                "no obligation and no mail; give the activity a new timeframe in the overrides if a report is still wanted", activity.Line));
        }
    }

    private static IReadOnlyList<ReportingPeriod> Expand(PlanCatalogue catalogue, CatalogueActivity activity, WorkingDayCalendar calendar,
        ScheduleOptions? options, IReadOnlyDictionary<string, DateOnly>? completions)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(activity);
        DateOnly? prerequisiteDue = null;
        if (activity.Timeframe is { Kind: ScheduleKind.AfterActivity, AfterActivityCode: { } after }
            && catalogue.FindActivity(after) is { } prerequisite && prerequisite != activity
            && prerequisite.Timeframe.Kind != ScheduleKind.AfterActivity)
        {
            if (completions is not null && completions.TryGetValue(prerequisite.Key, out var completed))
            {
                // Done: the dependent activity runs from the day its prerequisite was accepted as implemented.
                prerequisiteDue = completed;
            }
            else
            {
                // Still open: the dependent activity starts once its prerequisite is due to be done.
                var periods = ScheduleExpander.Expand(prerequisite.Timeframe, catalogue.Period, calendar, null, options);
                prerequisiteDue = periods.Count > 0 ? periods[^1].DueDate : null;
            }
        }

        return ScheduleExpander.Expand(activity.Timeframe, catalogue.Period, calendar, prerequisiteDue, options);
    }
}
