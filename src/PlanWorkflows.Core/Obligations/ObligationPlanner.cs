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

/// <summary>Expands a catalogue's schedules into reporting obligations, one per implementer and period.</summary>
public static class ObligationPlanner
{
    public static IReadOnlyList<ReportingPeriod> DueDates(PlanCatalogue catalogue, CatalogueActivity activity, WorkingDayCalendar calendar, ScheduleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(activity);
        DateOnly? prerequisiteDue = null;
        if (activity.Timeframe is { Kind: ScheduleKind.AfterActivity, AfterActivityCode: { } after }
            && catalogue.FindActivity(after) is { } prerequisite && prerequisite != activity
            && prerequisite.Timeframe.Kind != ScheduleKind.AfterActivity)
        {
            // The dependent activity starts once its prerequisite is due to be done.
            var periods = ScheduleExpander.Expand(prerequisite.Timeframe, catalogue.Period, calendar, null, options);
            prerequisiteDue = periods.Count > 0 ? periods[^1].DueDate : null;
        }

        return ScheduleExpander.Expand(activity.Timeframe, catalogue.Period, calendar, prerequisiteDue, options);
    }

    public static IReadOnlyList<PlannedObligation> Plan(PlanCatalogue catalogue, WorkingDayCalendar calendar, DateOnly? from = null, DateOnly? to = null, ScheduleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var result = new List<PlannedObligation>();
        foreach (var activity in catalogue.Activities)
        {
            var labels = new HashSet<string>(StringComparer.Ordinal);
            foreach (var period in DueDates(catalogue, activity, calendar, options))
            {
                // An obligation is known by its period label; two rounds that a hand-made schedule
                // puts in one half-year still need two names.
                var label = period.Label;
                for (var n = 2; !labels.Add(label); n++)
                {
                    label = $"{period.Label}#{n}";
                }

                if ((from is { } f && period.DueDate < f) || (to is { } t && period.DueDate > t))
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
