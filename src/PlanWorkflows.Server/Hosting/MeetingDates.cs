namespace PlanWorkflows.Server.Hosting;

/// <summary>The configured Working Group meetings, parsed once at start.</summary>
internal sealed record MeetingDates(IReadOnlyList<DateOnly> Dates);
