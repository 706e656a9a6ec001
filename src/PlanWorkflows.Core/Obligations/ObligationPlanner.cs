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
/// place that names and lists the obligations owed: every caller (catalogue sync, simulation, <c>plan schedule</c>)
/// goes through it, and it reads each activity's periods from <see cref="ActivityPeriods"/>, as the catalogue's
/// warnings and export do, so they all agree on the plan's adoption (<see cref="PlanWindow"/>) and on when an
/// after-activity obligation starts.
/// </summary>
public static class ObligationPlanner
{
    /// <param name="completions">
    /// Activities already done: key → the day the Office accepted a report that it was implemented
    /// (<see cref="PrerequisiteCompletions"/>); see <see cref="ActivityPeriods.Owed"/>.
    /// </param>
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
            foreach (var period in ActivityPeriods.All(catalogue, activity, calendar, options, completions))
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
}
