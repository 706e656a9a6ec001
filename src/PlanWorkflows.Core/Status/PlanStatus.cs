using PlanWorkflows.Core.Catalogue;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Core.Status;

/// <summary>The plan as it stood at the end of one day: what the Office sees at any moment, and what a past date looked like.</summary>
public sealed record StatusReport(
    DateOnly AsOf,
    string Calendar,
    StatusCounts Totals,
    IReadOnlyList<AreaStatus> Areas,
    IReadOnlyList<InstitutionStatus> Institutions,
    IReadOnlyList<ActivityStatus> Activities,
    IReadOnlyList<OverdueItem> Overdue);

/// <summary>
/// Obligations by status. <see cref="Due"/> counts those due on or before the as-of date;
/// the status counts cover every obligation of the plan, so they add up to <see cref="Obligations"/>.
/// </summary>
public sealed record StatusCounts(
    int Obligations,
    int Due,
    int Pending,
    int Reminded,
    int Reported,
    int Accepted,
    int Returned,
    int Overdue,
    int Escalated,
    int Extended,
    int NotApplicable,
    IReadOnlyList<EscalationCount> EscalatedByLevel);

public sealed record EscalationCount(int Level, int Count);

public sealed record AreaStatus(string AreaId, string Title, StatusCounts Counts);

public sealed record InstitutionStatus(string InstitutionId, string Name, StatusCounts Counts);

/// <summary>
/// One activity in the Government's vocabulary: the latest report across its institutions, or
/// <see cref="PlanStatus.NoReportReceived"/> (with <see cref="LatestStatus"/> null).
/// </summary>
public sealed record ActivityStatus(
    string Key,
    string AreaId,
    string Code,
    string Title,
    string Implementation,
    ImplementationStatus? LatestStatus,
    DateTime? LatestReportAt,
    string? LatestReportBy,
    int Obligations,
    int Reported);

public sealed record ActivityRef(string Key, string Code, string Title);

public sealed record InstitutionRef(string Id, string Name);

public sealed record LastMail(string Template, DateTime SentAt);

public sealed record OverdueItem(
    ActivityRef Activity,
    InstitutionRef Institution,
    string Period,
    DateOnly DueDate,
    int WorkingDaysOverdue,
    ObligationStatus Status,
    int EscalationLevel,
    LastMail? LastMail);

/// <summary>
/// Builds the status of the plan as of a date, read-only. Everything is derived from timestamps
/// (reports, journal, outbox) rather than only from the obligations' current columns, so a date
/// in the past shows that day's picture and not today's.
/// </summary>
public static class PlanStatus
{
    public const string NoReportReceived = "No report received";

    public const string DefaultTimeZone = "Europe/Podgorica";

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    // Events that move an obligation's status; everything else in the journal is narrative.
    private static readonly string[] StatusEvents = ["status", "accepted", "returned"];

    public static string ToJson(StatusReport report) => JsonSerializer.Serialize(report, JsonOptions);

    /// <param name="timeZone">The plan's zone: "submitted on the as-of date" means before its midnight there (default Europe/Podgorica).</param>
    public static StatusReport Build(PlanDbContext db, WorkingDayCalendar calendar, DateOnly asOf, TimeZoneInfo? timeZone = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(calendar);
        var zone = timeZone ?? TimeZoneInfo.FindSystemTimeZoneById(DefaultTimeZone);
        var cutoff = TimeZoneInfo.ConvertTimeToUtc(asOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);

        // Removed obligations (Cancelled) are no longer part of the plan, whatever date is asked for.
        // Meetings are pseudo-obligations that drive the pack workflow; nobody reports on them.
        var obligations = db.Obligations.AsNoTracking().Where(o => !o.Removed).OrderBy(o => o.Id).ToList().Where(o => !Packs.MeetingSync.IsMeeting(o)).ToList();
        var activities = db.Activities.AsNoTracking().ToList().ToDictionary(a => a.Key, StringComparer.Ordinal);
        var institutions = db.Institutions.AsNoTracking().ToList().ToDictionary(i => i.Id, i => string.IsNullOrWhiteSpace(i.NameEn) ? i.Id : i.NameEn, StringComparer.Ordinal);
        var reports = db.Reports.AsNoTracking().Where(r => r.SubmittedAt < cutoff).ToList()
            .ToLookup(r => r.ObligationId);
        var journal = StatusJournal(db, cutoff);
        var mails = db.Outbox.AsNoTracking()
            .Where(m => m.ObligationId != null && m.Status == OutboxStatus.Sent && m.SentAt != null && m.SentAt < cutoff)
            .Select(m => new { ObligationId = m.ObligationId!.Value, m.Template, SentAt = m.SentAt!.Value, m.Id })
            .ToList()
            .GroupBy(m => m.ObligationId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(m => m.SentAt).ThenByDescending(m => m.Id).First());

        var states = obligations.Select(o =>
        {
            var (status, level) = StatusAsOf(o, reports[o.Id], journal[o.Id], asOf, cutoff);
            return new ObligationState(o, status, level);
        }).ToList();

        var areaOf = (ObligationState s) => activities.TryGetValue(s.Obligation.ActivityKey, out var a) ? a.AreaId : AreaOfKey(s.Obligation.ActivityKey);
        var areas = states.GroupBy(areaOf, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new AreaStatus(g.Key, AreaTitle(activities.Values, g.Key), Count(g, asOf)))
            .ToList();
        var byInstitution = states.GroupBy(s => s.Obligation.InstitutionId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new InstitutionStatus(g.Key, institutions.GetValueOrDefault(g.Key, g.Key), Count(g, asOf)))
            .ToList();

        var obligationsByActivity = states.ToLookup(s => s.Obligation.ActivityKey, StringComparer.Ordinal);
        var activityKeys = activities.Values.Where(a => !a.Removed).Select(a => a.Key)
            .Union(obligationsByActivity.Select(g => g.Key), StringComparer.Ordinal);
        var activityRows = activityKeys
            .Select(key => ActivityRow(key, activities.GetValueOrDefault(key), obligationsByActivity[key], reports))
            .OrderBy(a => a.AreaId, StringComparer.Ordinal).ThenBy(a => ActivityCodes.Short(a.Key), ActivityCodes.Order).ThenBy(a => a.Key, StringComparer.Ordinal)
            .ToList();

        var overdue = states.Where(s => s.Status is ObligationStatus.Overdue or ObligationStatus.Escalated)
            .Select(s =>
            {
                var o = s.Obligation;
                var activity = activities.GetValueOrDefault(o.ActivityKey);
                var mail = mails.GetValueOrDefault(o.Id);
                return new OverdueItem(
                    new ActivityRef(o.ActivityKey, activity?.Reference ?? ActivityCodes.Short(o.ActivityKey), activity?.Title ?? string.Empty),
                    new InstitutionRef(o.InstitutionId, institutions.GetValueOrDefault(o.InstitutionId, o.InstitutionId)),
                    o.PeriodLabel,
                    o.DueDate,
                    Math.Max(0, calendar.WorkingDaysBetween(o.DueDate, asOf)),
                    s.Status,
                    s.Level,
                    mail is null ? null : new LastMail(mail.Template, DateTime.SpecifyKind(mail.SentAt, DateTimeKind.Utc)));
            })
            .OrderByDescending(i => i.WorkingDaysOverdue).ThenBy(i => i.Activity.Key, StringComparer.Ordinal).ThenBy(i => i.Institution.Id, StringComparer.Ordinal)
            .ToList();

        return new StatusReport(asOf, Path.GetFileName(calendar.Source), Count(states, asOf), areas, byInstitution, activityRows, overdue);
    }

    /// <summary>The journal rows before the cutoff that move an obligation's status or escalation level, by obligation.</summary>
    internal static ILookup<long, JournalEntry> StatusJournal(PlanDbContext db, DateTime cutoff) => db.Journal.AsNoTracking()
        .Where(j => j.ObligationId != null && j.At < cutoff && (StatusEvents.Contains(j.Event) || (j.StepType == "Escalate" && j.Event == "mail")))
        .OrderBy(j => j.At).ThenBy(j => j.Id).ToList()
        .ToLookup(j => j.ObligationId!.Value);

    /// <summary>
    /// The obligation's status and escalation level at the cutoff. When nothing has touched it since,
    /// its own columns are the answer; otherwise the journal and the reports are replayed up to the cutoff.
    /// Either way, not reported by a due date before <paramref name="asOf"/> means overdue, whether or not
    /// the engine had got round to saying so by then.
    /// </summary>
    internal static (ObligationStatus Status, int Level) StatusAsOf(Obligation o, IEnumerable<Report> reports, IEnumerable<JournalEntry> journal, DateOnly asOf, DateTime cutoff)
    {
        ObligationStatus status;
        int level;
        if (o.UpdatedAt < cutoff)
        {
            (status, level) = (o.Status, o.EscalationLevel);
        }
        else
        {
            var events = journal.Where(j => j.Event != "mail").Select(j => (j.At, Order: 1, Status: StatusOf(j)))
                .Concat(reports.Select(r => (At: r.SubmittedAt, Order: 0, Status: (ObligationStatus?)(r.Status == ImplementationStatus.NotApplicable ? ObligationStatus.NotApplicable : ObligationStatus.Reported))))
                .Where(e => e.Status is not null)
                .OrderBy(e => e.At).ThenBy(e => e.Order)
                .ToList();
            status = events.Count == 0 ? ObligationStatus.Pending : events[^1].Status!.Value;
            // The journal does not say which level an escalation reached, only that one happened; each
            // rung of the ladder is one Escalate step, so the count is the level (never above today's).
            level = Math.Min(o.EscalationLevel, journal.Count(j => j.Event == "mail"));
        }

        if (status is ObligationStatus.Reported or ObligationStatus.Accepted or ObligationStatus.Returned or ObligationStatus.NotApplicable)
        {
            return (status, level);
        }

        if (o.DueDate < asOf)
        {
            return level > 0 ? (ObligationStatus.Escalated, level) : (ObligationStatus.Overdue, 0);
        }

        return (status, level);
    }

    private static ObligationStatus? StatusOf(JournalEntry entry) => entry.Event switch
    {
        "accepted" => ObligationStatus.Accepted,
        "returned" => ObligationStatus.Returned,
        // "Reminded → Overdue": the engine's wording for a status change.
        "status" when entry.Message.LastIndexOf('→') is var arrow and >= 0
            && Enum.TryParse<ObligationStatus>(entry.Message[(arrow + 1)..].Trim(), ignoreCase: false, out var to) => to,
        _ => null,
    };

    private static ActivityStatus ActivityRow(string key, ActivityRecord? record, IEnumerable<ObligationState> states, ILookup<long, Report> reports)
    {
        var list = states.ToList();
        var latest = list
            .SelectMany(s => reports[s.Obligation.Id].Select(r => (Report: r, s.Obligation.InstitutionId)))
            .OrderByDescending(x => x.Report.SubmittedAt).ThenByDescending(x => x.Report.Id)
            .Select(x => ((Report Report, string InstitutionId)?)x)
            .FirstOrDefault();
        var reported = list.Count(s => s.Status is ObligationStatus.Reported or ObligationStatus.Accepted or ObligationStatus.Returned or ObligationStatus.NotApplicable);
        return new ActivityStatus(
            key,
            record?.AreaId ?? AreaOfKey(key),
            record?.Reference ?? ActivityCodes.Short(key),
            record?.Title ?? string.Empty,
            latest is { } l ? StatusNames.For(l.Report.Status, MailLanguages.English) : NoReportReceived,
            latest?.Report.Status,
            latest is { } at ? DateTime.SpecifyKind(at.Report.SubmittedAt, DateTimeKind.Utc) : null,
            latest?.InstitutionId,
            list.Count,
            reported);
    }

    private static StatusCounts Count(IEnumerable<ObligationState> states, DateOnly asOf)
    {
        var list = states.ToList();
        int Of(ObligationStatus status) => list.Count(s => s.Status == status);
        return new StatusCounts(
            list.Count,
            list.Count(s => s.Obligation.DueDate <= asOf),
            Of(ObligationStatus.Pending),
            Of(ObligationStatus.Reminded),
            Of(ObligationStatus.Reported),
            Of(ObligationStatus.Accepted),
            Of(ObligationStatus.Returned),
            Of(ObligationStatus.Overdue),
            Of(ObligationStatus.Escalated),
            Of(ObligationStatus.Extended),
            Of(ObligationStatus.NotApplicable),
            [.. list.Where(s => s.Status == ObligationStatus.Escalated).GroupBy(s => s.Level).OrderBy(g => g.Key).Select(g => new EscalationCount(g.Key, g.Count()))]);
    }

    private static string AreaTitle(IEnumerable<ActivityRecord> activities, string areaId) =>
        activities.FirstOrDefault(a => a.AreaId == areaId)?.AreaTitle ?? areaId;

    // Keys are "area/code"; used only when the activity row is missing from the database.
    private static string AreaOfKey(string key) => key.Split('/', 2)[0];

    private sealed record ObligationState(Obligation Obligation, ObligationStatus Status, int Level);
}
