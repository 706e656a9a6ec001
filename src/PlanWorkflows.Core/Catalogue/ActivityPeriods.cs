using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Core.Catalogue;

/// <summary>
/// The reporting periods an activity of a catalogue has: its schedule expanded over the plan's period, an
/// after-activity schedule started from its prerequisite, and the plan's adoption (<see cref="PlanWindow"/>) deciding
/// which of them are owed. The catalogue's own warnings, its export and the obligations planned from it
/// (<c>ObligationPlanner</c>) all read periods here, so they agree.
/// </summary>
public static class ActivityPeriods
{
    /// <summary>The warning code of an activity whose every reporting period ended before the plan was adopted.</summary>
    public const string BeforeAdoptionWarning = "before-adoption";

    /// <summary>The periods the plan owes: those that had not ended when it was adopted.</summary>
    /// <param name="completions">
    /// Activities already done: key → the day the Office accepted a report that it was implemented. An after-activity
    /// schedule follows its prerequisite's completion when it is here, and the prerequisite's planned due date while it is open.
    /// </param>
    public static IReadOnlyList<ReportingPeriod> Owed(PlanCatalogue catalogue, CatalogueActivity activity, WorkingDayCalendar calendar,
        ScheduleOptions? options = null, IReadOnlyDictionary<string, DateOnly>? completions = null)
    {
        var window = PlanWindow.Of(catalogue);
        return [.. All(catalogue, activity, calendar, options, completions).Where(p => window.Owes(p.PeriodEnd))];
    }

    /// <summary>Every period of the activity's schedule over the plan's period, owed or not (see <see cref="Owed"/>).</summary>
    public static IReadOnlyList<ReportingPeriod> All(PlanCatalogue catalogue, CatalogueActivity activity, WorkingDayCalendar calendar,
        ScheduleOptions? options = null, IReadOnlyDictionary<string, DateOnly>? completions = null)
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
            var periods = All(catalogue, activity, WorkingDayCalendar.WeekendsOnly, options);
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
}
