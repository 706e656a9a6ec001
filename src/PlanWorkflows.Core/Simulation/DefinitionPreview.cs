using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Clock;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Simulation;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Simulation;

/// <summary>How the implementer behaves in a preview.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<PreviewReplier>))]
public enum PreviewReplier
{
    /// <summary>Reports the working day after the first mail about the obligation, and never after the due date.</summary>
    OnTime,

    /// <summary>Never reports.</summary>
    Never,
}

/// <summary>The obligation a preview runs for: copied from the live database, never written back to it.</summary>
public sealed record PreviewObligation(
    string ActivityKey,
    string ActivityCode,
    string ActivityTitle,
    string InstitutionId,
    string PeriodLabel,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    DateOnly DueDate);

/// <summary>
/// One mail the draft would queue. <see cref="WorkingDaysFromDue"/> is negative before the due date;
/// <see cref="Withdrawn"/> mails were queued but withdrawn again (a report arrived before they left).
/// </summary>
public sealed record PreviewMail(DateTime At, string Local, int WorkingDaysFromDue, string Kind, string Template, string To, string? Cc, bool Withdrawn);

/// <summary>Something else on the timeline: a step run, a reply, a review decision.</summary>
public sealed record PreviewEvent(DateTime At, string Local, string Kind, string? StepId, string Message);

public sealed record PreviewRun(
    PreviewReplier Replier,
    IReadOnlyList<PreviewMail> Mails,
    IReadOnlyList<PreviewEvent> Events,
    string FinalStatus,
    int EscalationLevel,
    string InstanceStatus,
    IReadOnlyList<string> Incidents);

/// <summary>
/// Runs a definition (typically an unpublished draft) for one obligation through the real engine, on a
/// scratch in-memory SQLite database and a virtual clock, and reports which mails it would queue and when.
/// Nothing touches the service's database: the Office sees the consequences of a change before publishing it.
/// </summary>
/// <param name="steps">The step types of the engine the service runs; the built-in ones when null.</param>
public sealed class DefinitionPreview(WorkingDayCalendar calendar, EngineOptions engineOptions, IEnumerable<StepType>? steps = null)
{
    /// <summary>The preview follows the obligation this many working days past its due date: longer than every shipped ladder.</summary>
    public const int TailWorkingDays = 40;

    private static readonly TimeOnly StartOfDay = new(8, 0);
    private static readonly TimeOnly ReplyTime = new(10, 0);

    public async Task<PreviewRun> RunAsync(
        WorkflowDefinitionDocument definition,
        PreviewObligation obligation,
        IReadOnlyList<InstitutionRecord> institutions,
        PreviewReplier replier,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(obligation);
        ArgumentNullException.ThrowIfNull(institutions);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(engineOptions.TimeZone);
        DateTime Utc(DateOnly day, TimeOnly time) => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(time, DateTimeKind.Unspecified), zone);

        var start = Utc(obligation.PeriodStart <= obligation.DueDate ? obligation.PeriodStart : obligation.DueDate, StartOfDay);
        var end = Utc(calendar.AddWorkingDays(obligation.DueDate, TailWorkingDays), StartOfDay);
        var clock = new VirtualClock(new DateTimeOffset(start, TimeSpan.Zero));

        // A named in-memory database lives as long as one connection to it is open; every context of the engine shares it.
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = $"file:preview-{Guid.NewGuid():N}?mode=memory&cache=shared",
        }.ToString();
        await using var keepAlive = new SqliteConnection(connectionString);
        await keepAlive.OpenAsync(cancellationToken).ConfigureAwait(false);
        var options = PlanDatabase.Options(new DatabaseOptions { ConnectionString = connectionString, Durable = false });
        PlanDbContext Create() => new(options);

        long obligationId;
        await using (var db = Create())
        {
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            obligationId = await SeedAsync(db, definition, obligation, institutions, start, cancellationToken).ConfigureAwait(false);
        }

        var engine = new WorkflowEngine(Create, clock, new EngineOptions
        {
            TimeZone = engineOptions.TimeZone,
            OfficeInstitutionId = engineOptions.OfficeInstitutionId,
            WorkingGroupInstitutionId = engineOptions.WorkingGroupInstitutionId,
            MembersInstitutionId = engineOptions.MembersInstitutionId,
            MessageIdDomain = engineOptions.MessageIdDomain,
            MaxAttempts = 1,
        }, calendar, steps ?? BuiltInSteps.All, "preview");

        var run = new Run(Create, clock, obligationId, replier, obligation.DueDate, d => Utc(d, ReplyTime), calendar);
        await run.LoopAsync(engine, end, cancellationToken).ConfigureAwait(false);
        return await ResultAsync(Create, obligationId, replier, obligation.DueDate, zone, run.Events, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> SeedAsync(PlanDbContext db, WorkflowDefinitionDocument definition, PreviewObligation obligation, IReadOnlyList<InstitutionRecord> institutions, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var institution in institutions)
        {
            db.Institutions.Add(new InstitutionRecord
            {
                Id = institution.Id,
                Kind = institution.Kind,
                NameEn = institution.NameEn,
                NameCnr = institution.NameCnr,
                Contacts = [.. institution.Contacts.Select(c => new ContactRecord
                {
                    InstitutionId = institution.Id, Role = c.Role, Name = c.Name, Email = c.Email, Language = c.Language, Undeliverable = c.Undeliverable,
                })],
            });
        }

        db.Activities.Add(new ActivityRecord { Key = obligation.ActivityKey, Code = obligation.ActivityCode, Title = obligation.ActivityTitle, AreaId = "preview", AreaTitle = "Preview", UpdatedAt = now });
        db.Definitions.Add(new WorkflowDefinitionRecord { Name = definition.Name, Version = 1, State = DefinitionState.Published, Json = DefinitionJson.Serialize(definition), CreatedAt = now, PublishedAt = now });
        var row = new Obligation
        {
            ActivityKey = obligation.ActivityKey,
            InstitutionId = obligation.InstitutionId,
            PeriodLabel = obligation.PeriodLabel,
            PeriodStart = obligation.PeriodStart,
            PeriodEnd = obligation.PeriodEnd,
            NominalDue = obligation.DueDate,
            DueDate = obligation.DueDate,
            Status = ObligationStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Obligations.Add(row);
        // The draft was published above as version 1 of this scratch database (saved first, so the starter finds it);
        // it starts as the service would start it, in one transaction as there.
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await Atomic.RunAsync(db, async () =>
        {
            var starter = new InstanceStarter(db, now);
            await starter.AddAsync(row, definition.Name, "the draft previewed", now, cancellationToken).ConfigureAwait(false);
            await starter.SaveAsync(cancellationToken).ConfigureAwait(false);
            return row.Id;
        }, cancellationToken).ConfigureAwait(false);
        return row.Id;
    }

    private async Task<PreviewRun> ResultAsync(Func<PlanDbContext> create, long obligationId, PreviewReplier replier, DateOnly due, TimeZoneInfo zone, List<(DateTime At, string Kind, string? StepId, string Message)> synthetic, CancellationToken cancellationToken)
    {
        await using var db = create();
        string Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var outbox = await db.Outbox.AsNoTracking().OrderBy(m => m.NotBefore).ThenBy(m => m.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var mails = outbox.Select(m => new PreviewMail(
            m.NotBefore, Local(m.NotBefore), WorkingDaysBetween(due, DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(m.NotBefore, zone))),
            KindOf(m.Template), m.Template, m.To, m.Cc, m.Status == OutboxStatus.Cancelled)).ToList();

        var journal = await db.Journal.AsNoTracking().Where(j => j.StepId != null).OrderBy(j => j.At).ThenBy(j => j.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var events = journal.Select(j => new PreviewEvent(j.At, Local(j.At), "step", j.StepId, $"{j.StepType} {j.Event}: {j.Message}".Trim()))
            .Concat(synthetic.Select(s => new PreviewEvent(s.At, Local(s.At), s.Kind, s.StepId, s.Message)))
            .OrderBy(e => e.At).ToList();
        var obligation = await db.Obligations.AsNoTracking().FirstAsync(o => o.Id == obligationId, cancellationToken).ConfigureAwait(false);
        var instance = await db.Instances.AsNoTracking().FirstAsync(i => i.ObligationId == obligationId, cancellationToken).ConfigureAwait(false);
        var incidents = await db.Incidents.AsNoTracking().OrderBy(i => i.Id).Select(i => (i.StepId ?? "-") + ": " + i.Message).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new PreviewRun(replier, mails, events, obligation.Status.ToString(), obligation.EscalationLevel, instance.Status.ToString(), incidents);
    }

    /// <summary>Signed count of working days from the due date to <paramref name="day"/>.</summary>
    private int WorkingDaysBetween(DateOnly due, DateOnly day)
    {
        if (day == due)
        {
            return 0;
        }

        var step = day > due ? 1 : -1;
        var count = 0;
        for (var d = due; d != day; d = d.AddDays(step))
        {
            if (calendar.IsWorkingDay(d.AddDays(step)))
            {
                count += step;
            }
        }

        return count;
    }

    /// <summary>What a mail is, for the timeline's colours: read from the template's name, as the Office names them.</summary>
    public static string KindOf(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return template.Contains("escalation", StringComparison.OrdinalIgnoreCase) ? "escalation"
            : template.Contains("overdue", StringComparison.OrdinalIgnoreCase) ? "overdue"
            : template.Contains("reminder", StringComparison.OrdinalIgnoreCase) ? "reminder"
            : template.Contains("progress", StringComparison.OrdinalIgnoreCase) ? "progress"
            : "notice";
    }

    /// <summary>One preview's clock, synthetic implementer and Office.</summary>
    private sealed class Run(Func<PlanDbContext> create, VirtualClock clock, long obligationId, PreviewReplier replier, DateOnly due, Func<DateOnly, DateTime> replyTime, WorkingDayCalendar calendar)
    {
        private readonly HashSet<long> _reviewsScheduled = [];
        private readonly List<(DateTime At, long InstanceId)> _reviews = [];
        private DateTime? _replyAt;
        private bool _replied;
        private bool _mailSeen;

        public List<(DateTime At, string Kind, string? StepId, string Message)> Events { get; } = [];

        private DateTime Now => clock.GetUtcNow().UtcDateTime;

        public async Task LoopAsync(WorkflowEngine engine, DateTime end, CancellationToken cancellationToken)
        {
            // A bound on iterations as well as on time: a draft may loop without waiting, which the engine faults, but never forever here.
            for (var iteration = 0; iteration < 10_000; iteration++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await DeliverAsync(cancellationToken).ConfigureAwait(false);
                await engine.RunDueAsync(cancellationToken).ConfigureAwait(false);
                await SendDueMailAsync(cancellationToken).ConfigureAwait(false);
                await ScheduleAsync(cancellationToken).ConfigureAwait(false);

                var nextTimer = await engine.NextDueAsync(cancellationToken).ConfigureAwait(false);
                var nextEvent = Earliest(_replied ? null : _replyAt, _reviews.Count > 0 ? _reviews.Min(r => r.At) : null);
                var upcoming = Earliest(nextTimer, nextEvent);
                if (upcoming is null || upcoming.Value >= end)
                {
                    return;
                }

                clock.SetUtcNow(upcoming.Value > Now ? upcoming.Value : Now.AddMinutes(1));
            }
        }

        private static DateTime? Earliest(DateTime? a, DateTime? b) =>
            a is null ? b : b is null ? a : a.Value <= b.Value ? a : b;

        /// <summary>As the outbox sender would: a mail due now leaves now, so a later report withdraws only what had not gone yet.</summary>
        private async Task SendDueMailAsync(CancellationToken cancellationToken)
        {
            await using var db = create();
            var now = Now;
            await db.Outbox.Where(m => m.Status == OutboxStatus.Queued && m.NotBefore <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Sent).SetProperty(m => m.SentAt, now), cancellationToken).ConfigureAwait(false);
        }

        private async Task DeliverAsync(CancellationToken cancellationToken)
        {
            var replyNow = !_replied && _replyAt <= Now;
            var reviews = _reviews.Where(r => r.At <= Now).ToList();
            if (!replyNow && reviews.Count == 0)
            {
                return;
            }

            await using var db = create();
            if (replyNow)
            {
                _replied = true;
                await WorkflowEngine.SubmitReportAsync(db, obligationId, ImplementationStatus.Implemented, "Preview: the activity was carried out.", "preview", "implementer", Now, cancellationToken).ConfigureAwait(false);
                Events.Add((Now, "reply", null, "the implementer reports"));
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (var review in reviews)
            {
                _reviews.Remove(review);
                WorkflowEngine.Signal(db, review.InstanceId, ResumeEvent.Review, Now, new JsonObject { ["decision"] = "accepted" });
                Events.Add((Now, "review", null, "the Office accepts the report"));
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task ScheduleAsync(CancellationToken cancellationToken)
        {
            if (replier == PreviewReplier.Never)
            {
                return;
            }

            // On the due date at the latest; the working day after the first mail when that comes sooner. The
            // implementer answers the reminders, not the progress requests months before (as in the simulation).
            _replyAt ??= replyTime(due);
            await using var db = create();
            if (!_replied && !_mailSeen)
            {
                var firstMail = await db.Outbox.AsNoTracking().Where(m => m.ObligationId == obligationId && m.Template != KnownTemplates.ProgressRequest).OrderBy(m => m.NotBefore)
                    .Select(m => (DateTime?)m.NotBefore).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                if (firstMail is { } mailed)
                {
                    _mailSeen = true;
                    var day = calendar.AddWorkingDays(DateOnly.FromDateTime(mailed), 1);
                    var at = replyTime(day < due ? day : due);
                    _replyAt = at > Now ? at : Now;
                }
            }

            var waiting = await (from b in db.Bookmarks
                                 where b.Kind == ResumeEvent.Review
                                 join i in db.Instances on b.InstanceId equals i.Id
                                 where i.ObligationId == obligationId && i.Status == Data.InstanceStatus.Waiting
                                 select b.InstanceId).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var instanceId in waiting.Where(_reviewsScheduled.Add))
            {
                _reviews.Add((replyTime(calendar.AddWorkingDays(DateOnly.FromDateTime(Now), 1)), instanceId));
            }
        }
    }
}
