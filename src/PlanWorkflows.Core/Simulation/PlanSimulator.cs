using System.Buffers.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Clock;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Simulation;

/// <summary>
/// Runs a whole plan through the real engine, database and outbox in virtual time: the clock
/// jumps from one event (an engine timer, a synthetic reply, an Office review) to the next, and
/// every mail that would go out is composed as the service composes it (templates, digests, .ics)
/// and written to a folder, dated at the virtual time it was queued.
/// </summary>
public sealed class PlanSimulator(TimeProvider? wallClock = null)
{
    public const string DatabaseFile = "planworkflows.db";
    public const string MailFolderName = "mail";
    public const string PacksFolderName = "packs";

    /// <summary>
    /// Working days simulated after the period end by default: the ladders of the last due dates
    /// (overdue after 1, escalations after 5 and 10, reviews within 10) finish well inside it.
    /// </summary>
    public const int TailWorkingDays = 30;

    /// <summary>The virtual day starts when the Office does; nothing the engine does depends on it.</summary>
    private static readonly TimeOnly StartOfDay = new(8, 0);

    private readonly TimeProvider _wallClock = wallClock ?? TimeProvider.System;

    /// <summary>The simulated window for a catalogue: explicit dates win, else adoption (or period start) to period end plus the tail.</summary>
    public static (DateOnly From, DateOnly To) Window(PlanCatalogue catalogue, WorkingDayCalendar calendar, DateOnly? from, DateOnly? to)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(calendar);
        var start = from ?? PlanWindow.Of(catalogue).Adopted;
        var end = to ?? calendar.AddWorkingDays(catalogue.Plan.PeriodEnd, TailWorkingDays);
        if (end < start)
        {
            throw new ArgumentException($"the simulation ends ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd})", nameof(to));
        }

        return (start, end);
    }

    public async Task<SimulationResult> RunAsync(SimulationOptions options, IProgress<SimulationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var started = _wallClock.GetTimestamp();
        var timings = options.Timings;
        var setup = timings.Time("setup: files");
        // The workspace the service loads (PlanWorkspace), from the same files, unless the caller loaded it already.
        var workspace = options.Workspace ?? PlanWorkspace.Load(new PlanWorkspaceSource(options.WorkflowsFolder, options.CataloguePath));
        if (options.Meetings is { } meetingPlan)
        {
            workspace = workspace with { Meetings = meetingPlan };
        }

        var (catalogue, calendar) = (workspace.Catalogue, workspace.Calendar);
        var (from, to) = Window(catalogue, calendar, options.From, options.To);
        var templates = MailTemplates.Load(options.TemplatesFolder ?? EmailTemplatesFolder.Locate());
        if (templates.Check() is { Count: > 0 } templateErrors)
        {
            // As the service refuses to start: better than failing at the first reminder, years into the run.
            throw new ImportException(templates.Folder, 0, $"mail templates have errors: {string.Join("; ", templateErrors)}");
        }

        var engineOptions = new EngineOptions { TimeZone = catalogue.Plan.TimeZone };
        var zone = TimeZoneInfo.FindSystemTimeZoneById(engineOptions.TimeZone);
        var start = TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(StartOfDay, DateTimeKind.Unspecified), zone);
        var end = TimeZoneInfo.ConvertTimeToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);
        var clock = new VirtualClock(new DateTimeOffset(start, TimeSpan.Zero));
        var mailOptions = new MailOptions { TimeZone = engineOptions.TimeZone };
        // One seeded sequence for digest and single-mail tokens: the composer calls it in a fixed order.
        var newToken = TokenFactory(options.Seed);
        var composer = new TemplatedOutboxComposer(templates, new MailComposer(mailOptions, clock),
            new DigestBuilder(mailOptions, DigestBuilder.IndicatorsOf(catalogue), newToken, calendar: calendar), mailOptions, newToken);

        Directory.CreateDirectory(options.OutputFolder);
        var mail = new MailFolder(Path.Combine(options.OutputFolder, MailFolderName), zone);
        // Files of an earlier run would make two runs' folders differ.
        foreach (var old in Directory.EnumerateFiles(mail.Path, "*.eml"))
        {
            File.Delete(old);
        }

        // Each meeting's pack (and each report to the Government) is archived as the service archives it.
        var packsFolder = Path.Combine(options.OutputFolder, PacksFolderName);
        if (Directory.Exists(packsFolder))
        {
            Directory.Delete(packsFolder, recursive: true);
        }

        var databasePath = Path.GetFullPath(Path.Combine(options.OutputFolder, DatabaseFile));
        foreach (var file in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
        {
            File.Delete(file);
        }

        setup.Dispose();
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath }.ToString();
        // A simulation's database is scratch until the run ends (a crash means running it again),
        // so it skips the flushes to disk that make a service's database survive power loss.
        var databaseOptions = new DatabaseOptions { ConnectionString = connectionString, Durable = false };
        // One connection, open for the whole run: the loop runs one context at a time, thousands of them, each
        // with a few queries, and opening and closing a connection around every query was a good part of the run.
        var connection = PlanDatabase.OpenSqlite(databaseOptions);
        // Pooled: each context reuses an initialised one (its services) instead of building one, and behaves as new.
        var contexts = new PooledDbContextFactory<PlanDbContext>(PlanDatabase.Options(databaseOptions, connection));
        PlanDbContext Create() => contexts.CreateDbContext();
        try
        {
            var sync = new ObligationSync(Create, calendar, workspace.Bindings.For);
            var syncOptions = new SyncOptions { CatchUp = true };
            var follower = new PrerequisiteFollower(Create, sync, catalogue, syncOptions);
            var archiver = new PackArchiver(Create, calendar, new PackOptions { ArchiveFolder = packsFolder }, zone, workspace.Meetings, mailOptions);
            var run = new Run(Create, clock, zone, mail, rows =>
            {
                using (timings.Time("packs"))
                {
                    archiver.Prepare(rows);
                }

                using (timings.Time("compose mails"))
                {
                    return composer.Compose(rows);
                }
            }, new SyntheticReplies(options.Replies, options.Seed, calendar, zone), progress, from, to, timings,
                // As the service's engine worker: an accepted report may be a prerequisite done, so what follows it is re-planned.
                async ct => (await follower.FollowAsync(clock.GetUtcNow().UtcDateTime, ct).ConfigureAwait(false)) is { } r
                    && r.Added + r.Moved + r.Removed > 0);
            setup = timings.Time("setup: database");
            // Meetings and reports after the last simulated day are left out, and those before the first: their packs would
            // describe a plan not yet run.
            await workspace.StartAsync(Create, engineOptions, start, new StartupOptions(Migrate: true, CatchUp: syncOptions.CatchUp, CatchUpMeetings: false, Until: to), cancellationToken)
                .ConfigureAwait(false);
            var engine = new WorkflowEngine(Create, clock, engineOptions, calendar, BuiltInSteps.All, "simulator");
            setup.Dispose();
            await run.LoopAsync(engine, end, cancellationToken).ConfigureAwait(false);
            using var result = timings.Time("result");
            return await run.ResultAsync(_wallClock.GetElapsedTime(started).TotalSeconds, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The database stays for `status --database`; only the handles on it go.
            await connection.DisposeAsync().ConfigureAwait(false);
            using var pooled = new SqliteConnection(connectionString);
            SqliteConnection.ClearPool(pooled);
        }
    }

    /// <summary>Reply tokens as the service makes them (16 bytes, URL-safe), but drawn from the seed so a run repeats.</summary>
    private static Func<string> TokenFactory(int seed)
    {
        var random = new Random(SyntheticReplies.StableSeed(seed, "reply-tokens"));
        return () =>
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            return Base64Url.EncodeToString(bytes);
        };
    }

    /// <summary>One simulation's moving parts and counters.</summary>
    private sealed class Run(
        Func<PlanDbContext> create, VirtualClock clock, TimeZoneInfo zone, MailFolder mail, Func<IReadOnlyList<OutboxMessage>, IReadOnlyList<ComposedMail>> compose,
        SyntheticReplies replies, IProgress<SimulationProgress>? progress, DateOnly from, DateOnly to, SimulationTimings? timings, Func<CancellationToken, Task<bool>> followPrerequisites)
    {
        // Ties break on obligation, then kind, so two events at one instant always run in one order.
        private readonly PriorityQueue<SyntheticEvent, (DateTime At, long ObligationId, SyntheticKind Kind)> _events = new();
        private readonly HashSet<long> _mailed = [];
        private readonly HashSet<long> _reviewPending = [];
        private readonly HashSet<long> _awaitingCorrection = [];
        private readonly Dictionary<long, Obligation> _obligations = [];
        private int _steps;
        private int _rows;
        private int _mailsSent;
        private bool _mailQueued;
        private int _replies;
        private DateOnly _reportedDay;

        private DateTime Now => clock.GetUtcNow().UtcDateTime;

        public async Task LoopAsync(WorkflowEngine engine, DateTime end, CancellationToken cancellationToken)
        {
            using (timings.Time("load obligations"))
            {
                await LoadObligationsAsync(cancellationToken).ConfigureAwait(false);
            }

            var idle = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (timings is not null)
                {
                    timings.Rounds++;
                }

                int delivered;
                using (timings.Time("replies and reviews in"))
                {
                    delivered = await DeliverAsync(cancellationToken).ConfigureAwait(false);
                }

                BatchResult batch;
                using (timings.Time("engine: run due"))
                {
                    batch = await engine.RunDueAsync(cancellationToken).ConfigureAwait(false);
                }

                if (batch.Accepted > 0)
                {
                    using var follow = timings.Time("follow prerequisites");
                    if (await followPrerequisites(cancellationToken).ConfigureAwait(false))
                    {
                        await LoadObligationsAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                _steps += batch.StepsExecuted;
                _mailQueued |= batch.Mails > 0;
                if (batch.Transitions > 0 || delivered > 0)
                {
                    using var reviews = timings.Time("schedule reviews");
                    await ScheduleReviewsAsync(cancellationToken).ConfigureAwait(false);
                }

                DateTime? nextTimer;
                using (timings.Time("engine: next due"))
                {
                    nextTimer = await engine.NextDueAsync(cancellationToken).ConfigureAwait(false);
                }

                // The outbox is drained once the engine has caught up with this instant, as the service's
                // sender would find it: a batch holds at most BatchSize timers, and draining after each
                // would split one institution's reminders of a round into several digests.
                if (_mailQueued && (nextTimer is null || nextTimer.Value > Now))
                {
                    using var drain = timings.Time("outbox drain (all)");
                    await DrainOutboxAsync(cancellationToken).ConfigureAwait(false);
                    _mailQueued = false;
                }

                Report();
                DateTime? nextEvent = _events.TryPeek(out var next, out _) ? next.At : null;
                var upcoming = Earliest(nextTimer, nextEvent);
                if (upcoming is null || upcoming.Value >= end)
                {
                    break;
                }

                if (upcoming.Value <= Now)
                {
                    // Something is due but nothing ran: a leased timer of a lost batch. Its lease
                    // expires in virtual time, so step past it rather than spin.
                    if (++idle > 3 && batch.TimersClaimed == 0 && delivered == 0)
                    {
                        clock.SetUtcNow(Now.AddMinutes(1));
                    }

                    continue;
                }

                idle = 0;
                clock.SetUtcNow(upcoming.Value);
            }

            Report(force: true);
        }

        public async Task<SimulationResult> ResultAsync(double wallSeconds, CancellationToken cancellationToken)
        {
            await using var db = create();
            var obligations = await db.Obligations.AsNoTracking().Where(o => !o.Removed).Select(o => new { o.Status, o.EscalationLevel }).ToListAsync(cancellationToken).ConfigureAwait(false);
            return new SimulationResult(
                Obligations: obligations.Count,
                Instances: await db.Instances.CountAsync(cancellationToken).ConfigureAwait(false),
                StepsExecuted: _steps,
                EmailsQueued: await db.Outbox.CountAsync(cancellationToken).ConfigureAwait(false),
                MailsSent: _mailsSent,
                RepliesReceived: _replies,
                // Obligations escalated at least once (level > 0 at the end, which a late report
                // does not undo), not escalation mails: one obligation may cause several of those.
                Escalations: obligations.Count(o => o.EscalationLevel > 0),
                OverdueAtEnd: obligations.Count(o => o.Status is ObligationStatus.Overdue or ObligationStatus.Escalated),
                Packs: await db.PackRequests.CountAsync(cancellationToken).ConfigureAwait(false),
                WallSeconds: Math.Round(wallSeconds, 3));
        }

        /// <summary>The obligations institutions reply to: not meetings, not those the catalogue no longer asks for.</summary>
        private async Task LoadObligationsAsync(CancellationToken cancellationToken)
        {
            await using var db = create();
            _obligations.Clear();
            foreach (var obligation in await db.Obligations.AsNoTracking().Where(o => !o.Removed).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                if (obligation.Kind != ObligationKind.Report)
                {
                    continue; // nobody replies to a meeting or a report period
                }

                _obligations[obligation.Id] = obligation;
            }
        }

        private static DateTime? Earliest(DateTime? a, DateTime? b) =>
            a is null ? b : b is null ? a : a.Value <= b.Value ? a : b;

        /// <summary>Hands every synthetic reply and review decision due now to the database.</summary>
        private async Task<int> DeliverAsync(CancellationToken cancellationToken)
        {
            var due = new List<SyntheticEvent>();
            while (_events.TryPeek(out var next, out _) && next.At <= Now)
            {
                due.Add(_events.Dequeue());
            }

            if (due.Count == 0)
            {
                return 0;
            }

            await using var db = create();
            // One transaction for everything due at this instant (the submissions join it, see Atomic): the same saves in
            // the same order as one transaction each, without a commit per reply.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var item in due)
            {
                if (!_obligations.TryGetValue(item.ObligationId, out var obligation))
                {
                    continue; // re-planned away since the reply was scheduled
                }

                if (item.Kind == SyntheticKind.Report)
                {
                    await WorkflowEngine.SubmitReportAsync(db, item.ObligationId, item.Status, Narrative(item.Status), item.Channel,
                        $"{obligation.InstitutionId} focal point", Now, cancellationToken).ConfigureAwait(false);
                    _awaitingCorrection.Remove(item.ObligationId);
                    _replies++;
                }
                else
                {
                    WorkflowEngine.Signal(db, item.InstanceId!.Value, ResumeEvent.Review, Now, new System.Text.Json.Nodes.JsonObject { ["decision"] = item.Decision });
                    _reviewPending.Remove(item.InstanceId.Value);
                    if (item.Decision == "returned")
                    {
                        // The Office waits for the corrected version before it reviews again.
                        _awaitingCorrection.Add(item.ObligationId);
                        if (replies.Returned(obligation, Now) is { } correction)
                        {
                            Enqueue(correction);
                        }
                    }
                }

                // Each submission is its own save: the report version is read from the database.
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return due.Count;
        }

        /// <summary>Composes the queued rows as the service would, writes each message as a file and marks its rows sent; a first mail sets the institution's reply in motion.</summary>
        private async Task DrainOutboxAsync(CancellationToken cancellationToken)
        {
            await using var db = create();
            var queued = await db.Outbox.AsNoTracking().Where(m => m.Status == OutboxStatus.Queued).OrderBy(m => m.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (queued.Count == 0)
            {
                return;
            }

            var byId = queued.ToDictionary(m => m.Id);
            var sent = new List<long>(queued.Count);
            var composedMails = compose(queued);
            using (timings.Time("write mail files"))
            {
                foreach (var composed in composedMails)
                {
                    mail.Write(composed, byId[composed.RowIds[0]].Template);
                    sent.AddRange(composed.RowIds);
                    _mailsSent++;
                }
            }

            foreach (var row in queued)
            {
                // Synthetic institutions answer the reminders, not the progress requests before them.
                if (row.ObligationId is { } id && row.Template != KnownTemplates.ProgressRequest && _mailed.Add(id) && _obligations.TryGetValue(id, out var obligation)
                    && replies.FirstMail(obligation, row.CreatedAt) is { } reply)
                {
                    Enqueue(reply);
                }
            }

            var now = Now;
            await db.Outbox.Where(m => sent.Contains(m.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Sent).SetProperty(m => m.SentAt, now), cancellationToken).ConfigureAwait(false);
            _rows += sent.Count;
        }

        /// <summary>Every report waiting for the Office gets a decision a few working days on.</summary>
        private async Task ScheduleReviewsAsync(CancellationToken cancellationToken)
        {
            if (replies.Mode == ReplyMode.None)
            {
                return; // no reports, so nothing to review
            }

            await using var db = create();
            var waiting = await (from b in db.Bookmarks
                                 where b.Kind == ResumeEvent.Review
                                 join i in db.Instances on b.InstanceId equals i.Id
                                 // A faulted instance keeps its bookmark, but no decision can move it.
                                 where i.ObligationId != null && i.Status == InstanceStatus.Waiting
                                 orderby b.InstanceId
                                 select new { b.InstanceId, ObligationId = i.ObligationId!.Value })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var w in waiting)
            {
                if (_awaitingCorrection.Contains(w.ObligationId) || !_obligations.TryGetValue(w.ObligationId, out var obligation) || !_reviewPending.Add(w.InstanceId))
                {
                    continue;
                }

                Enqueue(replies.Review(obligation, w.InstanceId, Now));
            }
        }

        private void Enqueue(SyntheticEvent item) => _events.Enqueue(item, (item.At, item.ObligationId, item.Kind));

        private void Report(bool force = false)
        {
            if (progress is null)
            {
                return;
            }

            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(Now, zone));
            if (!force && today == _reportedDay)
            {
                return;
            }

            _reportedDay = today;
            progress.Report(new SimulationProgress(from, to, force ? to : today, _steps, _rows, _replies));
        }

        private static string Narrative(ImplementationStatus status) => status switch
        {
            ImplementationStatus.Implemented => "The activity was carried out as planned.",
            ImplementationStatus.ContinuouslyImplemented => "The activity is carried out continuously.",
            ImplementationStatus.PartiallyImplemented => "The activity was partly carried out; the rest is planned for the next period.",
            ImplementationStatus.NotImplemented => "The activity was not carried out in this period.",
            _ => "Not applicable to this institution.",
        };
    }
}
