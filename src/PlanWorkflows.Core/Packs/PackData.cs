using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Obligations;

namespace PlanWorkflows.Core.Packs;

/// <summary>Everything a meeting pack shows, already in the pack's language, so every writer prints the same facts.</summary>
public sealed record PackData(
    DateOnly Meeting,
    DateOnly? PreviousMeeting,
    string Language,
    PackLabels Labels,
    IReadOnlyList<string> Agenda,
    IReadOnlyList<SummaryCount> Summary,
    IReadOnlyList<AreaSummary> Areas,
    IReadOnlyList<PackOverdue> Overdue,
    IReadOnlyList<PackActivity> Activities,
    IReadOnlyList<IndicatorTotal> Indicators,
    IReadOnlyList<DecisionItem> Decisions,
    IReadOnlyList<AnnexRow> Obligations)
{
    /// <summary>Set for the report to the Government: the pack then covers this period rather than a meeting.</summary>
    public ReportPeriod? Report { get; init; }

    /// <summary>An opening paragraph under the heading (the report's); null for a meeting pack.</summary>
    public string? Introduction { get; init; }

    /// <summary>The line under the title: the meeting's date, or the report's period.</summary>
    public string Heading => Report is { } r
        ? $"{Labels.MeetingOn}: {PackBuilder.Date(r.Start)} – {PackBuilder.Date(r.End)} ({r.Label})"
        : $"{Labels.MeetingOn} {PackBuilder.Date(Meeting)}";

    public string DocumentTitle => Report is { } r ? $"{Labels.Title} {r.Label}" : $"{Labels.Title} {PackBuilder.Date(Meeting)}";

    /// <summary>The files' name without extension: <c>pack-2013-03-14-en</c>, <c>government-report-2012-H2-cnr</c>.</summary>
    public string FileStem => Report is { } r ? $"{r.Name}-{Language}" : $"pack-{PackBuilder.Date(Meeting)}-{Language}";

    /// <summary>The archive folder: the meeting's date, or the report's name.</summary>
    public string FolderName => Report?.Name ?? PackBuilder.Date(Meeting);
}

/// <summary>One word of the Government's vocabulary (or "no report received", <see cref="Status"/> null) and how many activities it describes.</summary>
public sealed record SummaryCount(ImplementationStatus? Status, string Label, int Activities);

public sealed record AreaSummary(string AreaId, string Title, IReadOnlyList<int> Counts, int Total);

/// <summary>One event of an overdue obligation's history, in plain language with its date (<see cref="Status.ObligationHistory"/>).</summary>
public sealed record EscalationEvent(DateOnly On, string Text);

public sealed record PackOverdue(
    string ActivityCode,
    string ActivityTitle,
    string Institution,
    string Period,
    DateOnly DueDate,
    int WorkingDaysOverdue,
    int EscalationLevel,
    string? LastMail,
    IReadOnlyList<EscalationEvent> History);

public sealed record IndicatorValue(string Name, string Value);

/// <summary>
/// Where one implementer stands on an activity: its latest report (status, when, late or not: after its due date), or
/// with <see cref="SubmittedOn"/> null, "No report received" when a report was due, "Report not yet due" before that.
/// </summary>
public sealed record InstitutionReport(
    string Institution,
    string StatusLabel,
    DateOnly? SubmittedOn,
    bool Late,
    IReadOnlyList<IndicatorValue> Indicators,
    string Narrative,
    IReadOnlyList<string> EvidenceLinks);

public sealed record PackActivity(
    string Key,
    string AreaTitle,
    string Code,
    string Title,
    string Timeframe,
    string Implementation,
    IReadOnlyList<string> Implementers,
    IReadOnlyList<InstitutionReport> Reports,
    IReadOnlyList<string> Changes);

/// <summary>
/// A count of one activity with the numbers reported for it added up over every period and implementer,
/// <see cref="Institutions"/> the institutions that gave a number and <see cref="Reports"/> the reports it adds.
/// </summary>
public sealed record IndicatorTotal(string ActivityCode, string Indicator, decimal Total, int Institutions)
{
    /// <summary>The number the plan sets for the count, if it sets one.</summary>
    public decimal? Target { get; init; }

    public int Reports { get; init; }
}

public sealed record DecisionItem(string Kind, string ActivityCode, string Institution, string Text);

/// <summary>One obligation as a row of the spreadsheet annex.</summary>
public sealed record AnnexRow(
    string AreaTitle,
    string ActivityCode,
    string ActivityTitle,
    string Institution,
    string Period,
    DateOnly DueDate,
    string Status,
    int EscalationLevel,
    int? WorkingDaysOverdue,
    string? LatestReport,
    DateOnly? LatestReportOn)
{
    /// <summary>The latest report came after the obligation's due date.</summary>
    public bool LatestReportLate { get; init; }

    /// <summary>The obligation's history in plain language, one line.</summary>
    public string History { get; init; } = string.Empty;
}
