namespace PlanWorkflows.Core.Schedules;

public enum ScheduleKind
{
    Deadline,
    Recurring,
    Continuous,
    Seasonal,
    AsNeeded,
    AfterActivity,
    Unparsed,
}

/// <summary>
/// What a <see cref="Schedule.Deadline"/> stood for in the source text. The date alone cannot tell
/// "IV Quarter of 2012" from "2012" (both end on 31 December), and reports label them differently.
/// </summary>
public enum DeadlineUnit
{
    Date,
    Quarter,
    HalfYear,
    Year,
}

/// <summary>The plan's period, both ends inclusive.</summary>
public sealed record PlanPeriod(DateOnly Start, DateOnly End)
{
    public bool Contains(DateOnly date) => date >= Start && date <= End;
}

/// <summary>
/// An activity's timeframe as the plan states it (<see cref="Text"/>) and what it means for reporting.
/// </summary>
public sealed record Schedule(ScheduleKind Kind, string Text)
{
    /// <summary>Recurring: a 5-field Cronos expression, e.g. <c>0 9 L 6,12 *</c>.</summary>
    public string? Cron { get; init; }

    /// <summary>Deadline: the nominal date (end of quarter/year), before working-day adjustment.</summary>
    public DateOnly? Deadline { get; init; }

    /// <summary>Deadline: what the date stood for; null means infer it from the date.</summary>
    public DeadlineUnit? DeadlineUnit { get; init; }

    /// <summary>Continuous: first day reporting applies; null means from plan start.</summary>
    public DateOnly? Start { get; init; }

    /// <summary>Seasonal: first month of the window (1–12); null means the configured default.</summary>
    public int? SeasonStartMonth { get; init; }

    /// <summary>Seasonal: last month of the window (1–12); null means the configured default.</summary>
    public int? SeasonEndMonth { get; init; }

    /// <summary>AfterActivity: the phrase naming the prerequisite, as written in the plan.</summary>
    public string? AfterReference { get; init; }

    /// <summary>AfterActivity: set by the importer once it resolves <see cref="AfterReference"/>.</summary>
    public string? AfterActivityCode { get; init; }

    /// <summary>Reporting may be asked for more often than the regular rhythm ("even more if needed").</summary>
    public bool Occasional { get; init; }

    /// <summary>Explanation for the Office: source language, qualifications, or what was not understood.</summary>
    public string? Note { get; init; }
}

/// <summary>One reporting duty produced by a schedule: the period reported on and when the report is due.</summary>
/// <param name="NominalDue">The date the schedule names, before working-day adjustment.</param>
/// <param name="DueDate">The nominal date moved to the next working day where needed.</param>
public sealed record ReportingPeriod(string Label, DateOnly PeriodStart, DateOnly PeriodEnd, DateOnly NominalDue, DateOnly DueDate);
