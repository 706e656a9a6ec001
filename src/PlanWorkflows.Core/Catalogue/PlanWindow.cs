using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Core.Catalogue;

/// <summary>
/// When a plan asks for reports: its nominal period and the day it took effect. A plan is often adopted
/// months into its period (the 2012–2013 Action Plan on 13 September 2012); nothing is owed for a period
/// that was over before then, and nobody is reminded before it. Every part of the service that plans
/// obligations, meetings, reports to the Government or the start of a run asks this, not the plan's dates.
/// </summary>
/// <param name="Adopted">The day the plan took effect: its adoption, or its period's start when it names none or an earlier day.</param>
public sealed record PlanWindow(PlanPeriod Period, DateOnly Adopted)
{
    public static PlanWindow Of(PlanInfo plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var adopted = plan.Adopted is { } day && day > plan.PeriodStart ? day : plan.PeriodStart;
        return new PlanWindow(new PlanPeriod(plan.PeriodStart, plan.PeriodEnd), adopted);
    }

    public static PlanWindow Of(PlanCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        return Of(catalogue.Plan);
    }

    /// <summary>The plan's time zone (<see cref="PlanInfo.TimeZone"/>, Europe/Podgorica when it names none): days begin and end there.</summary>
    public static TimeZoneInfo ZoneOf(PlanInfo plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(plan.TimeZone) ? new PlanInfo().TimeZone : plan.TimeZone);
    }

    /// <summary>Whether the plan took effect after its period began, so that some of it is left out.</summary>
    public bool AdoptedLate => Adopted > Period.Start;

    /// <summary>
    /// Whether a reporting period (or meeting, or report to the Government) ending on <paramref name="periodEnd"/> is
    /// owed: it had not ended when the plan was adopted. A period that straddles the adoption is owed as planned.
    /// </summary>
    public bool Owes(DateOnly periodEnd) => periodEnd >= Adopted;

    /// <summary>The first moment anyone may be reminded of anything: the start of the adoption day in the plan's zone, as UTC.</summary>
    public DateTime RemindFrom(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return TimeZoneInfo.ConvertTimeToUtc(Adopted.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);
    }
}
