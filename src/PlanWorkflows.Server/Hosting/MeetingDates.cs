using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Packs;

namespace PlanWorkflows.Server.Hosting;

/// <summary>The Working Group meetings (configuration and meetings file) and the report periods, read once at start.</summary>
internal sealed record MeetingDates(MeetingPlan Plan, GovernmentReportOptions Reports)
{
    public IReadOnlyList<DateOnly> Dates => Plan.Dates;
}
