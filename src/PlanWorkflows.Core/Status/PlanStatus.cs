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
/// One activity in the Government's vocabulary: <see cref="Status"/> is its implementers' reports combined by
/// <see cref="ActivityImplementation"/> (null: <see cref="PlanStatus.NoReportReceived"/>), <see cref="Institutions"/>
/// where each implementer stands. <see cref="LatestReportAt"/> and <see cref="LatestReportBy"/> name the latest report of any.
/// </summary>
public sealed record ActivityStatus(
    string Key,
    string AreaId,
    string Code,
    string Title,
    string Implementation,
    ImplementationStatus? Status,
    DateTime? LatestReportAt,
    string? LatestReportBy,
    int Obligations,
    int Reported,
    IReadOnlyList<InstitutionImplementation> Institutions);

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
/// What the status and a pack read from the database as of a day, each obligation seen up to its own cutoff:
/// the end of the as-of day, or for the report to the Government, the moment the report was assembled when the
/// obligation's period ended by the as-of day. Reports and journal rows after an obligation's cutoff are not in it.
/// </summary>
public sealed class PlanSnapshot
{
    internal PlanSnapshot(DateOnly asOf, DateTime cutoff, TimeZoneInfo zone, DateTime? lateReportsUntil)
    {
        AsOf = asOf;
        Cutoff = cutoff;
        Zone = zone;
        LateReportsUntil = lateReportsUntil is { } until && until > cutoff ? until : null;
        AssemblyDay = LateReportsUntil is { } u ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(u, zone)) : asOf;
    }

    public DateOnly AsOf { get; }

    /// <summary>The end of <see cref="AsOf"/> in the plan's zone, as UTC.</summary>
    public DateTime Cutoff { get; }

    public TimeZoneInfo Zone { get; }

    /// <summary>Set for the report to the Government: reports on the period's obligations count until this moment (UTC).</summary>
    public DateTime? LateReportsUntil { get; }

    /// <summary>The local day of <see cref="LateReportsUntil"/>, else <see cref="AsOf"/>.</summary>
    public DateOnly AssemblyDay { get; }

    public IReadOnlyList<Obligation> Obligations { get; internal set; } = [];

    public IReadOnlyDictionary<string, ActivityRecord> Activities { get; internal set; } = new Dictionary<string, ActivityRecord>();

    public IReadOnlyDictionary<string, InstitutionRecord> Institutions { get; internal set; } = new Dictionary<string, InstitutionRecord>();

    /// <summary>Each obligation's reports up to its cutoff.</summary>
    public ILookup<long, Report> Reports { get; internal set; } = PlanStatus.Empty<Report>();

    /// <summary>Each obligation's journal rows up to its cutoff that say something about it (status, mails, reports, reviews, extensions).</summary>
    public ILookup<long, JournalEntry> Journal { get; internal set; } = PlanStatus.Empty<JournalEntry>();

    /// <summary>Each obligation's status and escalation level at its cutoff.</summary>
    public IReadOnlyDictionary<long, (ObligationStatus Status, int Level)> States { get; internal set; } = new Dictionary<long, (ObligationStatus, int)>();

    /// <summary>Whether the obligation's reports count until the report was assembled (its period ended by the as-of day).</summary>
    public bool ReadsLate(Obligation o) => LateReportsUntil is not null && o.PeriodEnd <= AsOf;

    public DateTime CutoffOf(Obligation o) => ReadsLate(o) ? LateReportsUntil!.Value : Cutoff;

    /// <summary>The day an obligation is judged on (overdue or not, working days late).</summary>
    public DateOnly DayOf(Obligation o) => ReadsLate(o) ? AssemblyDay : AsOf;

    /// <summary>The local day a moment falls on in the plan's zone.</summary>
    public DateOnly LocalDay(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone));

    /// <summary>A report is late when it arrived (local day) after its obligation's due date, an approved extension's included.</summary>
    public bool IsLate(Obligation o, Report r) => LocalDay(r.SubmittedAt) > o.DueDate;

    /// <summary>The institution's name in a language (Montenegrin when the institution has one), else its name in English, else its id.</summary>
    public string InstitutionName(string id, string language)
    {
        if (!Institutions.TryGetValue(id, out var i))
        {
            return id;
        }

        return language == MailLanguages.Montenegrin && !string.IsNullOrWhiteSpace(i.NameCnr) ? i.NameCnr : string.IsNullOrWhiteSpace(i.NameEn) ? id : i.NameEn;
    }

    /// <summary>The obligation's history in plain language (<see cref="ObligationHistory"/>), up to its cutoff.</summary>
    public IReadOnlyList<HistoryEvent> History(Obligation o) => ObligationHistory.From(o, Journal[o.Id], Zone);
}

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

    // Events an obligation's history tells (ObligationHistory); the engine's step bookkeeping is not among them.
    private static readonly string[] HistoryEvents = ["status", "accepted", "returned", "mail", "report", "extension-requested", "extended", "extension-declined"];

    public static string ToJson(StatusReport report) => JsonSerializer.Serialize(report, JsonOptions);

    /// <param name="timeZone">The plan's zone: "submitted on the as-of date" means before its midnight there (default Europe/Podgorica).</param>
    /// <param name="lateReportsUntil">
    /// For the report to the Government: reports (and reviews, escalations) on obligations whose period ended by
    /// <paramref name="asOf"/> count until this moment (UTC), when the report was assembled, and such an obligation not
    /// reported by then is judged overdue on that day. Null: everything as of the end of <paramref name="asOf"/>.
    /// </param>
    public static StatusReport Build(PlanDbContext db, WorkingDayCalendar calendar, DateOnly asOf, TimeZoneInfo? timeZone = null, DateTime? lateReportsUntil = null) =>
        Build(Snapshot(db, asOf, timeZone, lateReportsUntil), calendar, db);

    /// <summary>Reads what <see cref="Build(PlanSnapshot, WorkingDayCalendar, PlanDbContext)"/> and the packs show, each obligation up to its cutoff.</summary>
    public static PlanSnapshot Snapshot(PlanDbContext db, DateOnly asOf, TimeZoneInfo? timeZone = null, DateTime? lateReportsUntil = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var zone = timeZone ?? TimeZoneInfo.FindSystemTimeZoneById(DefaultTimeZone);
        var cutoff = TimeZoneInfo.ConvertTimeToUtc(asOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);
        var snapshot = new PlanSnapshot(asOf, cutoff, zone, lateReportsUntil);
        var latest = snapshot.LateReportsUntil ?? cutoff;

        // Removed obligations (Cancelled) are no longer part of the plan, whatever date is asked for.
        // Meetings are pseudo-obligations that drive the pack workflow; nobody reports on them.
        var obligations = db.Obligations.AsNoTracking().Where(o => !o.Removed && o.Kind == ObligationKind.Report).OrderBy(o => o.Id).ToList();
        var byId = obligations.ToDictionary(o => o.Id);
        bool Visible(long obligationId, DateTime at) => byId.TryGetValue(obligationId, out var o) && at < snapshot.CutoffOf(o);
        var reports = db.Reports.AsNoTracking().Where(r => r.SubmittedAt < latest).ToList()
            .Where(r => Visible(r.ObligationId, r.SubmittedAt))
            .ToLookup(r => r.ObligationId);
        var journal = db.Journal.AsNoTracking()
            .Where(j => j.ObligationId != null && j.At < latest && HistoryEvents.Contains(j.Event))
            .OrderBy(j => j.At).ThenBy(j => j.Id).ToList()
            .Where(j => Visible(j.ObligationId!.Value, j.At))
            .ToLookup(j => j.ObligationId!.Value);
        snapshot.Obligations = obligations;
        snapshot.Activities = db.Activities.AsNoTracking().ToList().ToDictionary(a => a.Key, StringComparer.Ordinal);
        snapshot.Institutions = db.Institutions.AsNoTracking().ToList().ToDictionary(i => i.Id, StringComparer.Ordinal);
        snapshot.Reports = reports;
        snapshot.Journal = journal;
        snapshot.States = obligations.ToDictionary(o => o.Id, o => StatusAsOf(o, reports[o.Id], journal[o.Id], snapshot.DayOf(o), snapshot.CutoffOf(o)));
        return snapshot;
    }

    /// <summary>The status report from a snapshot; <paramref name="db"/> is read for the last mail of each overdue obligation.</summary>
    public static StatusReport Build(PlanSnapshot snapshot, WorkingDayCalendar calendar, PlanDbContext db)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(db);
        var asOf = snapshot.AsOf;
        var activities = snapshot.Activities;
        var obligations = snapshot.Obligations;
        var byId = obligations.ToDictionary(o => o.Id);
        var latest = snapshot.LateReportsUntil ?? snapshot.Cutoff;
        var mails = db.Outbox.AsNoTracking()
            .Where(m => m.ObligationId != null && m.Status == OutboxStatus.Sent && m.SentAt != null && m.SentAt < latest)
            .Select(m => new { ObligationId = m.ObligationId!.Value, m.Template, SentAt = m.SentAt!.Value, m.Id })
            .ToList()
            .Where(m => byId.TryGetValue(m.ObligationId, out var o) && m.SentAt < snapshot.CutoffOf(o))
            .GroupBy(m => m.ObligationId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(m => m.SentAt).ThenByDescending(m => m.Id).First());

        var states = obligations.Select(o => new ObligationState(o, snapshot.States[o.Id].Status, snapshot.States[o.Id].Level)).ToList();

        var areaOf = (ObligationState s) => activities.TryGetValue(s.Obligation.ActivityKey, out var a) ? a.AreaId : AreaOfKey(s.Obligation.ActivityKey);
        var areas = states.GroupBy(areaOf, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new AreaStatus(g.Key, AreaTitle(activities.Values, g.Key), Count(g, asOf)))
            .ToList();
        var byInstitution = states.GroupBy(s => s.Obligation.InstitutionId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new InstitutionStatus(g.Key, snapshot.InstitutionName(g.Key, MailLanguages.English), Count(g, asOf)))
            .ToList();

        var obligationsByActivity = states.ToLookup(s => s.Obligation.ActivityKey, StringComparer.Ordinal);
        var activityKeys = activities.Values.Where(a => !a.Removed).Select(a => a.Key)
            .Union(obligationsByActivity.Select(g => g.Key), StringComparer.Ordinal);
        var activityRows = activityKeys
            .Select(key => ActivityRow(key, activities.GetValueOrDefault(key), obligationsByActivity[key], snapshot))
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
                    new InstitutionRef(o.InstitutionId, snapshot.InstitutionName(o.InstitutionId, MailLanguages.English)),
                    o.PeriodLabel,
                    o.DueDate,
                    Math.Max(0, calendar.WorkingDaysBetween(o.DueDate, snapshot.DayOf(o))),
                    s.Status,
                    s.Level,
                    mail is null ? null : new LastMail(mail.Template, DateTime.SpecifyKind(mail.SentAt, DateTimeKind.Utc)));
            })
            .OrderByDescending(i => i.WorkingDaysOverdue).ThenBy(i => i.Activity.Key, StringComparer.Ordinal).ThenBy(i => i.Institution.Id, StringComparer.Ordinal)
            .ToList();

        return new StatusReport(asOf, Path.GetFileName(calendar.Source), Count(states, asOf), areas, byInstitution, activityRows, overdue);
    }

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
            var rows = journal.ToList();
            var events = rows.Where(j => StatusEvents.Contains(j.Event)).Select(j => (j.At, Order: 1, Status: StatusOf(j)))
                .Concat(reports.Select(r => (At: r.SubmittedAt, Order: 0, Status: (ObligationStatus?)(r.Status == ImplementationStatus.NotApplicable ? ObligationStatus.NotApplicable : ObligationStatus.Reported))))
                .Where(e => e.Status is not null)
                .OrderBy(e => e.At).ThenBy(e => e.Order)
                .ToList();
            status = events.Count == 0 ? ObligationStatus.Pending : events[^1].Status!.Value;
            // The journal does not say which level an escalation reached, only that one happened; each
            // rung of the ladder is one Escalate step, so the count is the level (never above today's).
            level = Math.Min(o.EscalationLevel, rows.Count(j => j.Event == "mail" && j.StepType == "Escalate"));
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

    /// <summary>Where each implementer of an activity stands (latest report, late or not, a report due or not), ordered by name.</summary>
    public static IReadOnlyList<InstitutionImplementation> Implementers(IEnumerable<Obligation> obligations, PlanSnapshot snapshot, string language)
    {
        ArgumentNullException.ThrowIfNull(obligations);
        ArgumentNullException.ThrowIfNull(snapshot);
        return [.. obligations.GroupBy(o => o.InstitutionId, StringComparer.Ordinal)
            .Select(g =>
            {
                var latest = g.SelectMany(o => snapshot.Reports[o.Id].Select(r => (Report: r, Obligation: o)))
                    .OrderByDescending(x => x.Report.SubmittedAt).ThenByDescending(x => x.Report.Id)
                    .Select(x => ((Report Report, Obligation Obligation)?)x)
                    .FirstOrDefault();
                var owes = latest is not null || g.Any(o => o.DueDate <= snapshot.DayOf(o));
                return new InstitutionImplementation(
                    g.Key, snapshot.InstitutionName(g.Key, language), latest?.Report.Status,
                    latest is { } l ? DateTime.SpecifyKind(l.Report.SubmittedAt, DateTimeKind.Utc) : null,
                    latest is { } x && snapshot.IsLate(x.Obligation, x.Report), owes);
            })
            .OrderBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.InstitutionId, StringComparer.Ordinal)];
    }

    private static ActivityStatus ActivityRow(string key, ActivityRecord? record, IEnumerable<ObligationState> states, PlanSnapshot snapshot)
    {
        var list = states.ToList();
        var institutions = Implementers(list.Select(s => s.Obligation), snapshot, MailLanguages.English);
        var latest = institutions.Where(i => i.ReportedAt is not null).OrderByDescending(i => i.ReportedAt).FirstOrDefault();
        var status = ActivityImplementation.Combine(institutions);
        var reported = list.Count(s => s.Status is ObligationStatus.Reported or ObligationStatus.Accepted or ObligationStatus.Returned or ObligationStatus.NotApplicable);
        return new ActivityStatus(
            key,
            record?.AreaId ?? AreaOfKey(key),
            record?.Reference ?? ActivityCodes.Short(key),
            record?.Title ?? string.Empty,
            status is { } s ? StatusNames.For(s, MailLanguages.English) : NoReportReceived,
            status,
            latest?.ReportedAt,
            latest?.InstitutionId,
            list.Count,
            reported,
            institutions);
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

    internal static ILookup<long, T> Empty<T>() => Array.Empty<T>().ToLookup(_ => 0L);

    private sealed record ObligationState(Obligation Obligation, ObligationStatus Status, int Level);
}
