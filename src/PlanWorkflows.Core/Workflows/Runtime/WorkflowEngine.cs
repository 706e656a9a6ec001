using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Diagnostics;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Workflows.Runtime;

/// <param name="Accepted">Obligations the batch moved to Accepted: a prerequisite may be done, and activities that follow it re-planned (<see cref="ObligationSync.FollowPrerequisitesAsync"/>).</param>
public sealed record BatchResult(int TimersClaimed, int Transitions, int StepsExecuted, int Mails, int Faults, bool Conflict, int Accepted = 0);

/// <summary>
/// The durable engine. Hosts claim due timer rows with an atomic lease and run each claimed
/// transition; a batch of transitions, their outbox rows, journal entries and new timers commit
/// in one transaction, and the claimed timers are deleted in it only if this host still holds
/// their lease. A host that dies mid-batch commits nothing; its leases expire and another host
/// runs the same transitions.
/// </summary>
public sealed class WorkflowEngine
{
    private readonly Func<PlanDbContext> _createContext;
    private readonly TimeProvider _time;
    private readonly EngineOptions _options;
    private readonly WorkingDayCalendar _calendar;
    private readonly TimeZoneInfo _zone;
    private readonly Dictionary<string, StepType> _steps;
    private readonly Dictionary<string, StepTypeInfo> _stepInfos;
    private readonly ExpressionEvaluator _expressions = new();
    private readonly ConcurrentDictionary<(string, int), LoadedDefinition> _definitions = new();

    public WorkflowEngine(Func<PlanDbContext> createContext, TimeProvider time, EngineOptions options, WorkingDayCalendar calendar, IEnumerable<StepType>? steps = null, string? hostId = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _createContext = createContext;
        _time = time;
        _options = options;
        _calendar = calendar;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        _steps = (steps ?? BuiltInSteps.All).ToDictionary(s => s.Name, StringComparer.Ordinal);
        _stepInfos = _steps.ToDictionary(s => s.Key, s => s.Value.Info, StringComparer.Ordinal);
        HostId = hostId ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    }

    public string HostId { get; }

    public IReadOnlyDictionary<string, StepType> Steps => _steps;

    private DateTime UtcNow => _time.GetUtcNow().UtcDateTime;

    /// <summary>Runs batches until nothing is due now. Returns what was done in total.</summary>
    public async Task<BatchResult> RunDueAsync(CancellationToken cancellationToken = default)
    {
        var total = new BatchResult(0, 0, 0, 0, 0, false);
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await RunBatchAsync(cancellationToken).ConfigureAwait(false);
            total = new BatchResult(total.TimersClaimed + batch.TimersClaimed, total.Transitions + batch.Transitions, total.StepsExecuted + batch.StepsExecuted,
                total.Mails + batch.Mails, total.Faults + batch.Faults, total.Conflict || batch.Conflict, total.Accepted + batch.Accepted);
            if (batch.TimersClaimed == 0)
            {
                break;
            }
        }

        return total;
    }

    /// <summary>When the next timer is due (UTC), so a host can sleep until then; null when none.</summary>
    public async Task<DateTime?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        await using var db = _createContext();
        return await db.Timers.OrderBy(t => t.DueAt).Select(t => (DateTime?)t.DueAt).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<BatchResult> RunBatchAsync(CancellationToken cancellationToken = default)
    {
        using var activity = PlanMetrics.Source.StartActivity("engine.batch");
        var result = await RunBatchCoreAsync(cancellationToken).ConfigureAwait(false);
        activity?.SetTag("planworkflows.timers", result.TimersClaimed).SetTag("planworkflows.transitions", result.Transitions)
            .SetTag("planworkflows.mails", result.Mails).SetTag("planworkflows.faults", result.Faults).SetTag("planworkflows.conflict", result.Conflict);
        return result;
    }

    private async Task<BatchResult> RunBatchCoreAsync(CancellationToken cancellationToken)
    {
        await using var db = _createContext();
        var now = UtcNow;
        var claimed = await ClaimAsync(db, now, cancellationToken).ConfigureAwait(false);
        if (claimed.Count == 0)
        {
            return new BatchResult(0, 0, 0, 0, 0, false);
        }

        var token = claimed[0].LeaseToken!;
        try
        {
            // SQL Server's retrying strategy replays the whole batch on a transient fault; each
            // attempt starts from what the database holds, never from a half-applied attempt.
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                return await ProcessAsync(db, claimed, token, now, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbUpdateConcurrencyException or LeaseLostException)
        {
            // Another host got there first (or our lease ran out): nothing of this batch was
            // committed; hand the timers back at once rather than waiting for the lease to expire.
            db.ChangeTracker.Clear();
            await db.Timers.Where(t => t.LeaseToken == token)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LeaseToken, (string?)null).SetProperty(t => t.LeaseUntil, (DateTime?)null), cancellationToken)
                .ConfigureAwait(false);
            return new BatchResult(claimed.Count, 0, 0, 0, 0, true);
        }
    }

    /// <summary>Claims due timers and does nothing with them: what a host that dies right after claiming leaves behind.</summary>
    internal async Task<List<WorkflowTimer>> ClaimForTestAsync()
    {
        await using var db = _createContext();
        return await ClaimAsync(db, UtcNow, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<List<WorkflowTimer>> ClaimAsync(PlanDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var candidates = await db.Timers
            .Where(t => t.DueAt <= now && (t.LeaseUntil == null || t.LeaseUntil < now))
            .OrderBy(t => t.DueAt).ThenBy(t => t.Id)
            .Select(t => t.Id)
            .Take(_options.BatchSize)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (candidates.Count == 0)
        {
            return [];
        }

        // The condition is checked again inside the UPDATE: of two hosts racing for a row, one wins.
        var token = Guid.NewGuid().ToString("N");
        var until = now + _options.LeaseDuration;
        await db.Timers
            .Where(t => candidates.Contains(t.Id) && (t.LeaseUntil == null || t.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LeaseToken, token).SetProperty(t => t.LeaseUntil, until), cancellationToken)
            .ConfigureAwait(false);
        return await db.Timers.AsNoTracking().Where(t => t.LeaseToken == token)
            .OrderBy(t => t.DueAt).ThenBy(t => t.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<BatchResult> ProcessAsync(PlanDbContext db, List<WorkflowTimer> claimed, string token, DateTime now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var instanceIds = claimed.Select(t => t.InstanceId).Distinct().ToList();
        // Not tracked: the batch writes the instances it moves itself (UntrackedRows.Changed).
        var instances = await db.Instances.AsNoTracking().Where(i => instanceIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken).ConfigureAwait(false);
        var obligationIds = instances.Values.Where(i => i.ObligationId != null).Select(i => i.ObligationId!.Value).Distinct().ToList();
        if (obligationIds.Count > 0)
        {
            // On a server database other writers run beside this batch: a report received while it runs would otherwise
            // be overwritten by the status the batch computed from the obligation as it read it. Its obligations are
            // locked before they are read, so a report waits for the batch or the batch for the report.
            await RowLocks.LockAsync(db, db.Obligations.Where(o => obligationIds.Contains(o.Id)), o => o.UpdatedAt, cancellationToken).ConfigureAwait(false);
        }

        var obligations = await db.Obligations.Where(o => obligationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken).ConfigureAwait(false);
        var reports = await LatestReportsAsync(db, obligationIds, cancellationToken).ConfigureAwait(false);
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, version) in instances.Values.Where(i => i.Status is not (InstanceStatus.Completed or InstanceStatus.Cancelled or InstanceStatus.Faulted))
            .Select(i => (i.DefinitionName, i.DefinitionVersion)).Distinct())
        {
            // Cached after the first batch; a missing definition faults its instance below, as before.
            if (await FindDefinitionAsync(db, name, version, cancellationToken).ConfigureAwait(false) is { } definition)
            {
                named.UnionWith(definition.NamedInstitutions);
            }
        }

        var recipients = await RecipientBook.LoadAsync(db, _options, obligations.Values, named, cancellationToken).ConfigureAwait(false);

        int transitions = 0, steps = 0, mails = 0, faults = 0, escalations = 0, accepted = 0;
        var latencies = new List<(TimerKind Kind, TimeSpan Latency)>();
        var touched = new HashSet<long>();
        var rows = new UntrackedRows { Direct = _options.DirectWrites };
        foreach (var timer in claimed)
        {
            // A faulted instance waits for the Office ('instances retry'); signals meanwhile are
            // not lost for it: the report is on the obligation, which the resumed step reads.
            if (!instances.TryGetValue(timer.InstanceId, out var instance) || instance.Status is InstanceStatus.Completed or InstanceStatus.Cancelled or InstanceStatus.Faulted)
            {
                continue;
            }

            var obligation = instance.ObligationId is { } oid && obligations.TryGetValue(oid, out var o) ? o : null;
            reports.TryGetValue(instance.ObligationId ?? 0, out var report);
            var levelBefore = obligation?.EscalationLevel ?? 0;
            var statusBefore = obligation?.Status;
            var outcome = await TransitionAsync(db, rows, instance, obligation, report, timer, recipients, now, cancellationToken).ConfigureAwait(false);
            if (outcome is null)
            {
                continue;
            }

            rows.Changed(instance);
            escalations += (obligation?.EscalationLevel ?? 0) > levelBefore ? 1 : 0;
            accepted += obligation is { Status: ObligationStatus.Accepted } && statusBefore != ObligationStatus.Accepted ? 1 : 0;
            latencies.Add((timer.Kind, now - timer.DueAt));

            if (!outcome.Value.Faulted)
            {
                touched.Add(instance.Id);
            }

            transitions++;
            steps += outcome.Value.Steps;
            mails += outcome.Value.Mails;
            faults += outcome.Value.Faulted ? 1 : 0;
        }

        // Timers of an earlier wait are stale once an instance moved on; unclaimed ones go now.
        if (touched.Count > 0)
        {
            var touchedIds = touched.ToList();
            await db.Timers.Where(t => touchedIds.Contains(t.InstanceId) && t.Kind == TimerKind.Wake && t.LeaseToken == null)
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            await db.Bookmarks.Where(b => touchedIds.Contains(b.InstanceId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }

        var deleted = await db.Timers.Where(t => t.LeaseToken == token).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        if (deleted != claimed.Count)
        {
            throw new LeaseLostException();
        }

        foreach (var id in touched)
        {
            AddWaitRows(rows, instances[id], now);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        // After the deletes above, which must not see this batch's new wake timers.
        await rows.WriteAsync(db, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        PlanMetrics.Escalated(escalations);
        foreach (var (kind, latency) in latencies)
        {
            PlanMetrics.StepRan(kind.ToString(), latency);
        }

        return new BatchResult(claimed.Count, transitions, steps, mails, faults, false, accepted);
    }

    private async Task<(int Steps, int Mails, bool Faulted)?> TransitionAsync(
        PlanDbContext db, UntrackedRows rows, WorkflowInstance instance, Obligation? obligation, Report? report, WorkflowTimer timer, RecipientBook recipients, DateTime now, CancellationToken cancellationToken)
    {
        var state = InstanceState.FromJson(instance.StateJson);
        var payload = timer.Payload is { } text ? JsonNode.Parse(text) : null;
        var original = payload?["retryOf"]?.GetValue<string>() is { } kind ? Enum.Parse<TimerKind>(kind) : timer.Kind;
        var eventPayload = timer.Kind == TimerKind.Retry ? payload?["event"] : payload;

        if (original == TimerKind.Wake && payload?["wait"]?.GetValue<int>() is { } waitSequence && waitSequence != state.WaitSequence)
        {
            return null; // set for a wait the instance has already left
        }

        var definition = await DefinitionAsync(db, instance.DefinitionName, instance.DefinitionVersion, cancellationToken).ConfigureAwait(false);
        var context = new StepContext(instance.Id, now, _zone, _calendar, obligation, report, state.Vars, _expressions.Evaluate);
        var runner = new WorkflowRunner(_steps, _options.MaxStepsPerTransition);
        RunOutcome outcome;
        try
        {
            outcome = original switch
            {
                TimerKind.Start => runner.Start(definition, state, context),
                TimerKind.Wake => runner.Resume(definition, state, context, new ResumeEvent(ResumeEvent.Timer)),
                TimerKind.Signal => runner.Resume(definition, state, context, new ResumeEvent(eventPayload?["kind"]?.GetValue<string>() ?? ResumeEvent.Timer, eventPayload)),
                _ => throw new InvalidOperationException($"timer kind {original} cannot be run"),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Fault(db, rows, instance, timer, original, eventPayload, context, ex, now);
            return (runner.StepsExecuted, 0, true);
        }

        instance.StateJson = state.ToJson();
        instance.UpdatedAt = now;
        instance.Revision++;
        instance.Status = outcome == RunOutcome.Completed ? InstanceStatus.Completed : InstanceStatus.Waiting;
        if (outcome == RunOutcome.Completed)
        {
            instance.CompletedAt = now;
        }

        if (obligation is not null && (obligation.Status != context.Status || obligation.EscalationLevel != context.EscalationLevel))
        {
            obligation.Status = context.Status;
            obligation.EscalationLevel = context.EscalationLevel;
            obligation.UpdatedAt = now;
        }

        if (_options.JournalSteps)
        {
            foreach (var step in context.Executed)
            {
                rows.Journal.Add(new JournalEntry { InstanceId = instance.Id, ObligationId = obligation?.Id, At = now, StepId = step.StepId, StepType = step.StepType, Event = "step", Message = step.Outcome });
            }
        }

        foreach (var entry in context.JournalEntries)
        {
            rows.Journal.Add(new JournalEntry { InstanceId = instance.Id, ObligationId = obligation?.Id, At = now, StepId = entry.StepId, StepType = entry.StepType, Event = entry.Event, Message = entry.Message });
        }

        var mailIndex = 0;
        foreach (var mail in context.Mails)
        {
            if (recipients.Compose(mail, instance, obligation, now, ++mailIndex) is { } message)
            {
                rows.Outbox.Add(message);
            }
            else
            {
                rows.Journal.Add(new JournalEntry { InstanceId = instance.Id, ObligationId = obligation?.Id, At = now, StepId = mail.StepId, Event = "no-recipient", Message = $"no contact for {string.Join(", ", mail.Recipients)}; {mail.Template} not sent" });
            }
        }

        foreach (var pack in context.Packs)
        {
            db.PackRequests.Add(new PackRequest { InstanceId = instance.Id, MeetingDate = pack.MeetingDate, Language = pack.Language, RequestedAt = now });
        }

        if (outcome == RunOutcome.Completed)
        {
            rows.Journal.Add(new JournalEntry { InstanceId = instance.Id, ObligationId = obligation?.Id, At = now, Event = "completed", Message = "workflow completed" });
        }

        return (runner.StepsExecuted, context.Mails.Count, false);
    }

    private static void AddWaitRows(UntrackedRows rows, WorkflowInstance instance, DateTime now)
    {
        if (instance.Status != InstanceStatus.Waiting || InstanceState.FromJson(instance.StateJson) is not { Waiting: { } waiting } state)
        {
            return;
        }

        rows.Bookmarks.Add(new Bookmark { InstanceId = instance.Id, StepId = waiting.StepId, Kind = waiting.For, WakeAt = waiting.WakeAt, CreatedAt = now });
        if (waiting.WakeAt is { } wakeAt)
        {
            rows.Timers.Add(new WorkflowTimer
            {
                InstanceId = instance.Id,
                Kind = TimerKind.Wake,
                DueAt = wakeAt,
                Payload = new JsonObject { ["wait"] = state.WaitSequence }.ToJsonString(),
            });
        }
    }

    private void Fault(PlanDbContext db, UntrackedRows rows, WorkflowInstance instance, WorkflowTimer timer, TimerKind original, JsonNode? eventPayload, StepContext context, Exception ex, DateTime now)
    {
        var attempt = timer.Kind == TimerKind.Retry ? timer.Attempt + 1 : 1;
        db.Incidents.Add(new Incident { InstanceId = instance.Id, StepId = context.Step.Id, At = now, Attempt = attempt, Message = ex.Message, Details = ex.GetType().FullName });
        rows.Journal.Add(new JournalEntry { InstanceId = instance.Id, ObligationId = instance.ObligationId, At = now, StepId = context.Step.Id, StepType = context.Step.Type, Event = "fault", Message = $"attempt {attempt}: {ex.Message}" });
        instance.UpdatedAt = now;
        instance.Revision++;
        if (attempt >= _options.MaxAttempts)
        {
            instance.Status = InstanceStatus.Faulted;
            return;
        }

        // Retry the same transition later; the instance's state was not changed by the failed one.
        var delay = TimeSpan.FromTicks(_options.RetryDelay.Ticks * (1L << Math.Min(attempt - 1, 16)));
        rows.Timers.Add(new WorkflowTimer
        {
            InstanceId = instance.Id,
            Kind = TimerKind.Retry,
            Attempt = attempt,
            DueAt = now + delay,
            Payload = new JsonObject { ["retryOf"] = original.ToString(), ["event"] = eventPayload?.DeepClone() }.ToJsonString(),
        });
    }

    private async Task<LoadedDefinition> DefinitionAsync(PlanDbContext db, string name, int version, CancellationToken cancellationToken) =>
        await FindDefinitionAsync(db, name, version, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException($"workflow definition {name} v{version} is not in the database");

    private async Task<LoadedDefinition?> FindDefinitionAsync(PlanDbContext db, string name, int version, CancellationToken cancellationToken)
    {
        if (_definitions.TryGetValue((name, version), out var loaded))
        {
            return loaded;
        }

        var record = await db.Definitions.AsNoTracking().FirstOrDefaultAsync(d => d.Name == name && d.Version == version, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        var document = DefinitionJson.Parse(record.Json, $"{name} v{version}");
        loaded = new LoadedDefinition(name, version, document) { NamedInstitutions = Recipients.NamedIn(document, _stepInfos) };
        _definitions[(name, version)] = loaded;
        return loaded;
    }

    private static async Task<Dictionary<long, Report>> LatestReportsAsync(PlanDbContext db, List<long> obligationIds, CancellationToken cancellationToken)
    {
        if (obligationIds.Count == 0)
        {
            return [];
        }

        var reports = await db.Reports.AsNoTracking().Where(r => obligationIds.Contains(r.ObligationId)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return reports.GroupBy(r => r.ObligationId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Version)!);
    }

    // --- commands from outside the engine: replies, reviews, retries, cancellation ---

    /// <summary>Wakes an instance with an event (a reply, a review decision, a moved due date) in its own transaction.</summary>
    public static void Signal(PlanDbContext db, long instanceId, string kind, DateTime now, JsonObject? data = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var payload = data?.DeepClone().AsObject() ?? [];
        payload["kind"] = kind;
        db.Timers.Add(new WorkflowTimer { InstanceId = instanceId, Kind = TimerKind.Signal, DueAt = now, Payload = payload.ToJsonString() });
    }

    /// <summary>Records a report for an obligation and resumes its workflow (WaitForReply → replied).</summary>
    public static async Task<Report> SubmitReportAsync(PlanDbContext db, long obligationId, ImplementationStatus status, string narrative, string channel, string submittedBy, DateTime now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var joined = db.Database.CurrentTransaction is not null;
        var report = await Atomic.RunAsync(db, () => SubmitReportCoreAsync(db, obligationId, status, narrative, channel, submittedBy, now, cancellationToken), cancellationToken).ConfigureAwait(false);
        // Inside a caller's transaction nothing is committed yet: the caller counts after its commit.
        if (!joined)
        {
            PlanMetrics.Received(channel);
        }

        return report;
    }

    private static async Task<Report> SubmitReportCoreAsync(PlanDbContext db, long obligationId, ImplementationStatus status, string narrative, string channel, string submittedBy, DateTime now, CancellationToken cancellationToken)
    {
        // The obligation's row is locked before anything is read: two reports for one obligation at once (the form
        // and a mail reply) take turns, and the second numbers its version after the first's.
        await RowLocks.LockAsync(db, db.Obligations.Where(o => o.Id == obligationId), o => o.UpdatedAt, cancellationToken).ConfigureAwait(false);
        var obligation = await db.Obligations.FirstOrDefaultAsync(o => o.Id == obligationId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"no obligation {obligationId}");
        var version = 1 + (await db.Reports.Where(r => r.ObligationId == obligationId).MaxAsync(r => (int?)r.Version, cancellationToken).ConfigureAwait(false) ?? 0);
        var report = new Report { ObligationId = obligationId, Version = version, Status = status, Narrative = narrative, Channel = channel, SubmittedBy = submittedBy, SubmittedAt = now };
        db.Reports.Add(report);
        obligation.Status = status == ImplementationStatus.NotApplicable ? ObligationStatus.NotApplicable : ObligationStatus.Reported;
        // The ladder stops at once: reminders and escalations still queued for it are withdrawn.
        var chasing = await db.Outbox.Where(m => m.ObligationId == obligationId && m.Status == OutboxStatus.Queued).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var queued in chasing.Where(m => KnownTemplates.IsChasing(m.Template)))
        {
            queued.Status = OutboxStatus.Cancelled;
            queued.LastError = $"withdrawn: report v{version} received";
        }

        obligation.UpdatedAt = now;
        db.Journal.Add(new JournalEntry { ObligationId = obligationId, At = now, Event = "report", Message = $"report v{version} ({status}) by {submittedBy} via {channel}" });
        var instanceIds = await db.Instances.Where(i => i.ObligationId == obligationId && (i.Status == InstanceStatus.Waiting || i.Status == InstanceStatus.Running))
            .Select(i => i.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var id in instanceIds)
        {
            Signal(db, id, ResumeEvent.Reply, now, new JsonObject { ["version"] = version });
        }

        return report;
    }

    public static Task<bool> RetryAsync(PlanDbContext db, long instanceId, DateTime now, CancellationToken cancellationToken = default) =>
        Atomic.RunAsync(db, () => RetryCoreAsync(db, instanceId, now, cancellationToken), cancellationToken);

    private static async Task<bool> RetryCoreAsync(PlanDbContext db, long instanceId, DateTime now, CancellationToken cancellationToken)
    {
        var instance = await db.Instances.FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken).ConfigureAwait(false);
        if (instance is null || instance.Status != InstanceStatus.Faulted)
        {
            return false;
        }

        var lastIncident = await db.Incidents.Where(i => i.InstanceId == instanceId && i.ResolvedAt == null).OrderByDescending(i => i.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var state = InstanceState.FromJson(instance.StateJson);
        instance.Status = state.Stack.Count == 0 ? InstanceStatus.Running : InstanceStatus.Waiting;
        instance.Revision++;
        instance.UpdatedAt = now;
        await db.Incidents.Where(i => i.InstanceId == instanceId && i.ResolvedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ResolvedAt, now), cancellationToken).ConfigureAwait(false);
        // A fresh start when it faulted before its first wait; otherwise wake the waiting step.
        db.Timers.Add(new WorkflowTimer
        {
            InstanceId = instanceId,
            Kind = state.Stack.Count == 0 ? TimerKind.Start : TimerKind.Signal,
            DueAt = now,
            Payload = state.Stack.Count == 0 ? null : new JsonObject { ["kind"] = ResumeEvent.Timer }.ToJsonString(),
        });
        db.Journal.Add(new JournalEntry { InstanceId = instanceId, ObligationId = instance.ObligationId, At = now, Event = "retry", Message = $"retried by the Office{(lastIncident is null ? string.Empty : $" after: {lastIncident.Message}")}" });
        return true;
    }

    public static Task<bool> CancelAsync(PlanDbContext db, long instanceId, string reason, DateTime now, CancellationToken cancellationToken = default) =>
        Atomic.RunAsync(db, () => CancelCoreAsync(db, instanceId, reason, now, cancellationToken), cancellationToken);

    private static async Task<bool> CancelCoreAsync(PlanDbContext db, long instanceId, string reason, DateTime now, CancellationToken cancellationToken)
    {
        var instance = await db.Instances.FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken).ConfigureAwait(false);
        if (instance is null || instance.Status is InstanceStatus.Completed or InstanceStatus.Cancelled)
        {
            return false;
        }

        instance.Status = InstanceStatus.Cancelled;
        instance.CompletedAt = now;
        instance.Revision++;
        instance.UpdatedAt = now;
        await db.Timers.Where(t => t.InstanceId == instanceId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Bookmarks.Where(b => b.InstanceId == instanceId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        // Nothing the cancelled workflow queued may still go out.
        await db.Outbox.Where(m => m.InstanceId == instanceId && m.Status == OutboxStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Cancelled), cancellationToken).ConfigureAwait(false);
        db.Journal.Add(new JournalEntry { InstanceId = instanceId, ObligationId = instance.ObligationId, At = now, Event = "cancelled", Message = reason });
        return true;
    }


    internal static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A claimed timer was taken over by another host before this one committed.</summary>
public sealed class LeaseLostException : Exception
{
    public LeaseLostException()
        : base("the lease on a claimed timer was lost")
    {
    }

    public LeaseLostException(string message)
        : base(message)
    {
    }

    public LeaseLostException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// What a batch writes past the change tracker, in its transaction: rows it only appends (journal,
/// outbox, bookmarks, timers) and the instances it moved. Tracking ~1,000 entities per batch made
/// SaveChanges most of the engine's time and most of its memory. Column names, converters and
/// parameters come from the EF model, so SQLite and SQL Server get the rows EF would have written,
/// and an instance update keeps EF's optimistic check on <see cref="WorkflowInstance.Revision"/>.
/// </summary>
internal sealed class UntrackedRows
{
    /// <summary>Hand-written statements on SQLite; false takes EF Core's change tracker (always on other providers).</summary>
    public bool Direct { get; init; } = true;

    // SQL Server allows 2,100 parameters per command; SQLite at least 32,766.
    private static readonly ConcurrentDictionary<(IModel, Type), Statement> Shapes = new();

    public List<JournalEntry> Journal { get; } = [];
    public List<OutboxMessage> Outbox { get; } = [];
    public List<Bookmark> Bookmarks { get; } = [];
    public List<WorkflowTimer> Timers { get; } = [];

    private readonly List<(WorkflowInstance Instance, int ReadRevision)> _changed = [];
    private readonly HashSet<long> _changedIds = [];

    /// <summary>
    /// Call after each transition of an instance (its revision just went up by one). An instance
    /// moved twice in one batch is written once, guarded by the revision it was read with.
    /// </summary>
    public void Changed(WorkflowInstance instance)
    {
        if (_changedIds.Add(instance.Id))
        {
            _changed.Add((instance, instance.Revision - 1));
        }
    }

    public async Task WriteAsync(PlanDbContext db, CancellationToken cancellationToken)
    {
        if (!Direct || !db.Database.IsSqlite())
        {
            // Other providers take EF Core's own, proven path: the same rows and the same revision
            // guard, through the change tracker (the hand-written statements are measured on SQLite only).
            foreach (var (instance, readRevision) in _changed)
            {
                var entry = db.Instances.Attach(instance);
                entry.State = EntityState.Modified;
                entry.Property(i => i.Revision).OriginalValue = readRevision;
            }

            await InsertAsync(db, cancellationToken).ConfigureAwait(false);
            return;
        }

        await UpdateInstancesAsync(db, _changed, cancellationToken).ConfigureAwait(false);
        await InsertAsync(db, cancellationToken).ConfigureAwait(false);
    }

    public async Task InsertAsync(PlanDbContext db, CancellationToken cancellationToken)
    {
        if (!Direct || !db.Database.IsSqlite())
        {
            db.Journal.AddRange(Journal);
            db.Outbox.AddRange(Outbox);
            db.Bookmarks.AddRange(Bookmarks);
            db.Timers.AddRange(Timers);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await InsertAsync(db, Journal, cancellationToken).ConfigureAwait(false);
        await InsertAsync(db, Outbox, cancellationToken).ConfigureAwait(false);
        await InsertAsync(db, Bookmarks, cancellationToken).ConfigureAwait(false);
        await InsertAsync(db, Timers, cancellationToken).ConfigureAwait(false);
    }

    private static Task InsertAsync<T>(PlanDbContext db, List<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        var shape = Shapes.GetOrAdd((db.Model, typeof(T)), key => Statement.Insert(db, key.Item2));
        return ExecuteEachAsync(db, shape, rows, (row, column) => shape.Columns[column].Getter.GetClrValueUsingContainingEntity(row), affected: null, cancellationToken);
    }

    private static readonly ConcurrentDictionary<IModel, Statement> InstanceUpdates = new();

    private static Task UpdateInstancesAsync(PlanDbContext db, List<(WorkflowInstance Instance, int ReadRevision)> instances, CancellationToken cancellationToken)
    {
        var shape = InstanceUpdates.GetOrAdd(db.Model, _ => Statement.InstanceUpdate(db));
        var set = shape.Columns.Count - 2;
        return ExecuteEachAsync(db, shape, instances,
            (row, column) => column < set ? shape.Columns[column].Getter.GetClrValueUsingContainingEntity(row.Instance) : column == set ? row.Instance.Id : row.ReadRevision,
            affected: (row, count) =>
            {
                if (count != 1)
                {
                    throw new DbUpdateConcurrencyException($"workflow instance {row.Instance.Id} was changed by another host since it was read");
                }
            },
            cancellationToken);
    }

    /// <summary>
    /// Runs one statement per row inside the batch's transaction. Only SQLite takes this path: it runs in process and
    /// re-uses a prepared statement whose text is unchanged, so one command is prepared and its parameters rebound.
    /// </summary>
    private static async Task ExecuteEachAsync<T>(PlanDbContext db, Statement statement, IReadOnlyList<T> rows, Func<T, int, object?> valueOf,
        Action<T, int>? affected, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("the engine's own statements run only inside the batch's transaction");
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        command.CommandText = statement.Text;
        foreach (var row in rows)
        {
            command.Parameters.Clear();
            for (var c = 0; c < statement.Columns.Count; c++)
            {
                // The mapping applies the model's converters (UTC instants, enums as text) as EF would.
                var column = statement.Columns[c];
                command.Parameters.Add(column.Mapping.CreateParameter(command, statement.Parameters[c], valueOf(row, c), column.Nullable));
            }

            var count = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            affected?.Invoke(row, count);
        }
    }

    private sealed record Column(IClrPropertyGetter Getter, RelationalTypeMapping Mapping, bool Nullable);

    /// <summary>A single-row statement with one parameter per column, in column order.</summary>
    private sealed record Statement(string Text, List<Column> Columns, List<string> Parameters)
    {
        /// <summary>INSERT of every column the store does not generate (the key is generated, exactly as for an EF insert).</summary>
        public static Statement Insert(PlanDbContext db, Type type)
        {
            var entity = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model");
            var (table, sql) = TableOf(db, entity);
            var properties = entity.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never).ToList();
            var (names, placeholders) = ParametersFor(sql, properties.Count);
            var text = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) VALUES ({string.Join(", ", placeholders)})";
            return new Statement(text, [.. properties.Select(ColumnOf)], names);
        }

        /// <summary>UPDATE of what a transition changes, guarded by the revision read with the instance; the key and that revision come last.</summary>
        public static Statement InstanceUpdate(PlanDbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(WorkflowInstance))!;
            var (table, sql) = TableOf(db, entity);
            var set = new[] { nameof(WorkflowInstance.Status), nameof(WorkflowInstance.StateJson), nameof(WorkflowInstance.UpdatedAt), nameof(WorkflowInstance.CompletedAt), nameof(WorkflowInstance.Revision) }
                .Select(name => entity.FindProperty(name)!).ToList();
            var id = entity.FindProperty(nameof(WorkflowInstance.Id))!;
            var revision = entity.FindProperty(nameof(WorkflowInstance.Revision))!;
            var (names, placeholders) = ParametersFor(sql, set.Count + 2);
            string Name(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(table)!);
            var text = $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET {string.Join(", ", set.Select((p, i) => $"{Name(p)} = {placeholders[i]}"))} WHERE {Name(id)} = {placeholders[set.Count]} AND {Name(revision)} = {placeholders[set.Count + 1]}";
            return new Statement(text, [.. set.Append(id).Append(revision).Select(ColumnOf)], names);
        }

        private static Column ColumnOf(IProperty p) => new(p.GetGetter(), p.GetRelationalTypeMapping(), p.IsNullable);

        private static (StoreObjectIdentifier Table, ISqlGenerationHelper Sql) TableOf(PlanDbContext db, IEntityType entity) =>
            (StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema()), db.GetService<ISqlGenerationHelper>());

        private static (List<string> Names, List<string> Placeholders) ParametersFor(ISqlGenerationHelper sql, int count)
        {
            var names = Enumerable.Range(0, count).Select(i => "p" + i.ToString(CultureInfo.InvariantCulture)).ToList();
            return ([.. names.Select(sql.GenerateParameterName)], [.. names.Select(sql.GenerateParameterNamePlaceholder)]);
        }
    }
}
