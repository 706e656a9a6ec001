using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Obligations;

public sealed record SyncOptions
{
    /// <summary>Start workflows even for obligations long overdue at first start (they would mail old notices).</summary>
    public bool CatchUp { get; init; }

    /// <summary>How overdue an obligation may be at first start and still get its workflow.</summary>
    public int CatchUpMarginDays { get; init; } = 30;

    /// <summary>Work out every change in the transaction, then roll it back: what applying would do, by the same code.</summary>
    public bool DryRun { get; init; }

    /// <summary>Runs last in the sync's own transaction when it is applied (an audit row for the change), never in a dry run.</summary>
    public Func<Data.PlanDbContext, SyncResult, CancellationToken, Task>? BeforeCommit { get; init; }
}

public sealed record SyncResult(int Added, int Moved, int Removed, int NotStarted, int Unchanged)
{
    /// <summary>Each obligation added, moved, restored or cancelled, in the order decided.</summary>
    public IReadOnlyList<ObligationChange> Changes { get; init; } = [];

    /// <summary>Results compare by their counts; <see cref="Changes"/> is the detail behind them.</summary>
    public bool Equals(SyncResult? other) =>
        other is not null && (Added, Moved, Removed, NotStarted, Unchanged) == (other.Added, other.Moved, other.Removed, other.NotStarted, other.Unchanged);

    public override int GetHashCode() => HashCode.Combine(Added, Moved, Removed, NotStarted, Unchanged);
}

public enum ObligationChangeKind
{
    Added,
    AddedNotStarted,
    Moved,
    Restored,
    Cancelled,
    KeptReported,
}

/// <summary>
/// One obligation a sync adds, moves, restores or cancels: due dates before and after, the running workflow
/// instances it touches (a moved obligation's instances keep their definition version and are told the new
/// date; a cancelled one's are cancelled), and whether reports were already received for it (they are kept).
/// </summary>
public sealed record ObligationChange(ObligationChangeKind Kind, string ActivityKey, string InstitutionId, string PeriodLabel,
    DateOnly? DueBefore, DateOnly? DueAfter, IReadOnlyList<long> Instances, bool Reported);

/// <summary>
/// Reconciles the database with the catalogue: activities, institutions and contacts, and one
/// obligation with one workflow instance per implementer and reporting period. Running it again
/// changes nothing; a changed catalogue moves due dates, adds and cancels obligations, and the
/// journal says what changed.
/// </summary>
public sealed class ObligationSync(Func<Data.PlanDbContext> createContext, WorkingDayCalendar calendar, Func<ScheduleKind, string?, string> definitionFor)
{
    public async Task<SyncResult> SyncAsync(PlanCatalogue catalogue, InstitutionDirectory institutions, DateTime now, SyncOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(institutions);
        return await RunAsync(catalogue, institutions, now, options ?? new SyncOptions(), only: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Re-plans only the activities that follow another (after-activity schedules), as <see cref="SyncAsync"/> would:
    /// run after a prerequisite was accepted as implemented, so the dependent rounds start from that day rather than
    /// from the prerequisite's planned due date. Changes nothing when nothing changed.
    /// </summary>
    public async Task<SyncResult> FollowPrerequisitesAsync(PlanCatalogue catalogue, DateTime now, SyncOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var dependents = catalogue.Activities.Where(a => a.Timeframe.Kind == ScheduleKind.AfterActivity).Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        if (dependents.Count == 0)
        {
            return new SyncResult(0, 0, 0, 0, 0);
        }

        return await RunAsync(catalogue, null, now, options ?? new SyncOptions(), dependents, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SyncResult> RunAsync(PlanCatalogue catalogue, InstitutionDirectory? institutions, DateTime now, SyncOptions options, IReadOnlySet<string>? only, CancellationToken cancellationToken)
    {
        await using var probe = createContext();
        // On SQL Server the retrying strategy replays the whole reconciliation on a transient
        // fault, each attempt on a fresh context and in one transaction.
        return await probe.Database.CreateExecutionStrategy().ExecuteAsync(
            async ct =>
            {
                await using var db = createContext();
                return await SyncCoreAsync(db, catalogue, institutions, now, options, only, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <param name="institutions">Null when only obligations are re-planned (<paramref name="only"/> set).</param>
    /// <param name="only">The activities whose obligations are reconciled; null for all of them, with institutions and activities.</param>
    private async Task<SyncResult> SyncCoreAsync(Data.PlanDbContext db, PlanCatalogue catalogue, InstitutionDirectory? institutions, DateTime now, SyncOptions options,
        IReadOnlySet<string>? only, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (institutions is not null)
        {
            await SyncInstitutionsAsync(db, institutions, cancellationToken).ConfigureAwait(false);
        }

        if (only is null)
        {
            await SyncActivitiesAsync(db, catalogue, now, cancellationToken).ConfigureAwait(false);
        }

        var starter = new InstanceStarter(db, now);

        var activities = catalogue.Activities.ToDictionary(a => a.Key, StringComparer.Ordinal);
        var zone = PlanWindow.ZoneOf(catalogue.Plan);
        var window = PlanWindow.Of(catalogue);
        // Nobody is reminded before the plan is in force: a workflow synced earlier starts on the adoption day.
        var startAt = now > window.RemindFrom(zone) ? now : window.RemindFrom(zone);
        var completions = await PrerequisiteCompletions.ReadAsync(db, catalogue, cancellationToken).ConfigureAwait(false);
        var planned = ObligationPlanner.Plan(catalogue, calendar, completions: completions, activities: only);
        var onlyKeys = only?.ToList();
        // Meetings and reports to the Government (MeetingSync) are not the catalogue's, so they are never "gone".
        var reports = db.Obligations.Where(o => o.Kind == ObligationKind.Report);
        var stored = onlyKeys is null ? reports : reports.Where(o => onlyKeys.Contains(o.ActivityKey));
        var existing = (await stored.ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(o => (o.ActivityKey, o.InstitutionId, o.PeriodLabel));
        var today = DateOnly.FromDateTime(now);
        int added = 0, moved = 0, removed = 0, notStarted = 0, unchanged = 0;
        var notStartedNotes = new List<(Obligation Obligation, string Message)>();
        var changes = new List<ObligationChange>();

        foreach (var plan in planned)
        {
            if (existing.Remove((plan.ActivityKey, plan.InstitutionId, plan.PeriodLabel), out var obligation))
            {
                if (obligation.Removed)
                {
                    changes.Add(new ObligationChange(ObligationChangeKind.Restored, obligation.ActivityKey, obligation.InstitutionId, obligation.PeriodLabel,
                        null, plan.DueDate, [], false));
                    obligation.Removed = false;
                    obligation.Status = ObligationStatus.Pending;
                    Journal(db, obligation, now, "restored", "back in the catalogue");
                }

                // An after-activity round starts the day after its prerequisite was done, once that is known.
                obligation.PeriodStart = plan.PeriodStart;
                obligation.PeriodEnd = plan.PeriodEnd;
                if (obligation.DueDate != plan.DueDate)
                {
                    var before = obligation.DueDate;
                    Journal(db, obligation, now, "due-moved", $"due date moved from {obligation.DueDate:yyyy-MM-dd} to {plan.DueDate:yyyy-MM-dd}");
                    obligation.DueDate = plan.DueDate;
                    obligation.NominalDue = plan.NominalDue;
                    obligation.UpdatedAt = now;
                    var running = await RunningInstancesAsync(db, obligation.Id, cancellationToken).ConfigureAwait(false);
                    foreach (var instanceId in running)
                    {
                        WorkflowEngine.Signal(db, instanceId, ResumeEvent.DueDateChanged, now);
                    }

                    changes.Add(new ObligationChange(ObligationChangeKind.Moved, obligation.ActivityKey, obligation.InstitutionId, obligation.PeriodLabel,
                        before, plan.DueDate, running, false));

                    moved++;
                }
                else
                {
                    unchanged++;
                }

                continue;
            }

            obligation = new Obligation
            {
                ActivityKey = plan.ActivityKey,
                InstitutionId = plan.InstitutionId,
                PeriodLabel = plan.PeriodLabel,
                PeriodStart = plan.PeriodStart,
                PeriodEnd = plan.PeriodEnd,
                NominalDue = plan.NominalDue,
                DueDate = plan.DueDate,
                Status = ObligationStatus.Pending,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Obligations.Add(obligation);
            added++;

            if (!options.CatchUp && plan.DueDate.AddDays(options.CatchUpMarginDays) < today)
            {
                // Importing an old plan must never flood institutions with stale overdue notices.
                notStartedNotes.Add((obligation, $"due {plan.DueDate:yyyy-MM-dd}, more than {options.CatchUpMarginDays} days before the first start; no mail (run with catch-up to start it)"));
                notStarted++;
                changes.Add(new ObligationChange(ObligationChangeKind.AddedNotStarted, plan.ActivityKey, plan.InstitutionId, plan.PeriodLabel, null, plan.DueDate, [], false));
                continue;
            }

            changes.Add(new ObligationChange(ObligationChangeKind.Added, plan.ActivityKey, plan.InstitutionId, plan.PeriodLabel, null, plan.DueDate, [], false));

            var activity = activities[plan.ActivityKey];
            await starter.AddAsync(obligation, definitionFor(activity.Timeframe.Kind, activity.Definition), $"for {activity.Timeframe.Kind} timeframes", startAt, cancellationToken).ConfigureAwait(false);
        }

        var goneIds = existing.Values.Where(o => !o.Removed).Select(o => o.Id).ToList();
        var reported = (await db.Reports.Where(r => goneIds.Contains(r.ObligationId)).Select(r => r.ObligationId).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
        foreach (var gone in existing.Values.Where(o => !o.Removed))
        {
            if (reported.Contains(gone.Id) && gone.PeriodEnd >= window.Adopted && activities.TryGetValue(gone.ActivityKey, out var follows)
                && follows.Timeframe.Kind == ScheduleKind.AfterActivity && follows.Implementers.Contains(gone.InstitutionId))
            {
                // A round that a prerequisite done later than planned no longer asks for: what was already reported for it stays.
                changes.Add(new ObligationChange(ObligationChangeKind.KeptReported, gone.ActivityKey, gone.InstitutionId, gone.PeriodLabel, gone.DueDate, gone.DueDate, [], true));
                unchanged++;
                continue;
            }

            gone.Removed = true;
            gone.Status = ObligationStatus.Cancelled;
            gone.UpdatedAt = now;
            Journal(db, gone, now, "removed", gone.PeriodEnd < window.Adopted
                ? $"its period ended ({gone.PeriodEnd:yyyy-MM-dd}) before the plan was adopted on {window.Adopted:yyyy-MM-dd}; nothing is owed for it"
                : activities.TryGetValue(gone.ActivityKey, out var after) && after.Timeframe.Kind == ScheduleKind.AfterActivity && after.Implementers.Contains(gone.InstitutionId)
                    ? "the activity it follows was done later than planned; this round no longer applies"
                    : "no longer in the catalogue (activity, implementer or period removed)");
            var cancelled = await RunningInstancesAsync(db, gone.Id, cancellationToken).ConfigureAwait(false);
            foreach (var instanceId in cancelled)
            {
                await WorkflowEngine.CancelAsync(db, instanceId, "obligation removed from the catalogue", now, cancellationToken).ConfigureAwait(false);
            }

            // The obligation stays, marked cancelled, with its journal and whatever was reported for it.
            changes.Add(new ObligationChange(ObligationChangeKind.Cancelled, gone.ActivityKey, gone.InstitutionId, gone.PeriodLabel, gone.DueDate, null, cancelled, reported.Contains(gone.Id)));

            removed++;
        }

        // Ids first, then the links and the start timers that need them.
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        // Journal rows and start timers are only appended: written past the change tracker, in this transaction.
        var appended = new UntrackedRows();
        foreach (var (obligation, message) in notStartedNotes)
        {
            appended.Journal.Add(JournalRow(obligation, now, "not-started", message));
        }

        starter.Link(appended);

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await appended.InsertAsync(db, cancellationToken).ConfigureAwait(false);
        var result = new SyncResult(added, moved, removed, notStarted, unchanged) { Changes = changes };
        if (options.DryRun)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }

        if (options.BeforeCommit is { } beforeCommit)
        {
            await beforeCommit(db, result, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static Task<List<long>> RunningInstancesAsync(Data.PlanDbContext db, long obligationId, CancellationToken cancellationToken) =>
        db.Instances.Where(i => i.ObligationId == obligationId && i.Status != InstanceStatus.Completed && i.Status != InstanceStatus.Cancelled)
            .Select(i => i.Id).ToListAsync(cancellationToken);

    private static void Journal(Data.PlanDbContext db, Obligation obligation, DateTime now, string eventName, string message, long? instanceId = null) =>
        db.Journal.Add(JournalRow(obligation, now, eventName, message, instanceId));

    private static JournalEntry JournalRow(Obligation obligation, DateTime now, string eventName, string message, long? instanceId = null) =>
        new() { At = now, Event = eventName, Message = message, InstanceId = instanceId, ObligationId = obligation.Id };

    /// <summary>
    /// Applies institutions.yaml without undoing the Office's work in the web app: names and contacts the Office
    /// edited stay as edited, contacts it removed stay removed, and what is new in the file still arrives.
    /// </summary>
    private static async Task SyncInstitutionsAsync(Data.PlanDbContext db, InstitutionDirectory directory, CancellationToken cancellationToken)
    {
        var stored = await db.Institutions.Include(i => i.Contacts).ToDictionaryAsync(i => i.Id, cancellationToken).ConfigureAwait(false);
        foreach (var institution in directory.All)
        {
            if (!stored.TryGetValue(institution.Id, out var record))
            {
                record = new InstitutionRecord { Id = institution.Id };
                db.Institutions.Add(record);
            }

            // The web app cannot change the kind, so the file keeps it.
            record.Kind = institution.Kind;
            if (record.EditedAt is null)
            {
                record.NameEn = institution.NameEn;
                record.NameCnr = institution.NameCnr;
            }

            // Null before the file was first applied with this rule: then every address in the file is new to it.
            var listedBefore = record.FileContacts is { } listed
                ? new HashSet<string>(listed.Split('\n', StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase)
                : null;
            var contacts = record.Contacts.ToDictionary(c => c.Email, StringComparer.OrdinalIgnoreCase);
            foreach (var contact in institution.Contacts)
            {
                if (contacts.Remove(contact.Email, out var existing))
                {
                    if (existing.EditedAt is null)
                    {
                        existing.Role = ContactRoleName(contact.Role);
                        existing.Name = contact.Name;
                        existing.Language = contact.Language;
                    }
                }
                else if (listedBefore is null || !listedBefore.Contains(contact.Email))
                {
                    record.Contacts.Add(new ContactRecord
                    {
                        InstitutionId = institution.Id,
                        Email = contact.Email,
                        Role = ContactRoleName(contact.Role),
                        Name = contact.Name,
                        Language = contact.Language,
                    });
                }
            }

            // Left over and never touched in the web app: the file used to list it and no longer does.
            foreach (var gone in contacts.Values.Where(c => c.EditedAt is null))
            {
                record.Contacts.Remove(gone);
                db.Contacts.Remove(gone);
            }

            record.FileContacts = string.Join('\n', institution.Contacts.Select(c => c.Email).Order(StringComparer.OrdinalIgnoreCase));
        }
    }

    internal static string ContactRoleName(ContactRole role) => role switch
    {
        ContactRole.FocalPoint => "focalPoint",
        ContactRole.Deputy => "deputy",
        ContactRole.Head => "head",
        _ => role.ToString(),
    };

    private static async Task SyncActivitiesAsync(Data.PlanDbContext db, PlanCatalogue catalogue, DateTime now, CancellationToken cancellationToken)
    {
        var stored = await db.Activities.ToDictionaryAsync(a => a.Key, cancellationToken).ConfigureAwait(false);
        foreach (var area in catalogue.Areas)
        {
            foreach (var activity in area.Activities)
            {
                if (!stored.Remove(activity.Key, out var record))
                {
                    record = new ActivityRecord { Key = activity.Key };
                    db.Activities.Add(record);
                }

                record.AreaId = area.Id;
                record.AreaTitle = area.Title;
                record.AreaCode = area.Code;
                record.Code = activity.Code;
                record.Title = activity.Title;
                record.ScheduleKind = activity.Timeframe.Kind;
                record.TimeframeText = activity.Timeframe.Text;
                record.Indicators = activity.Indicators;
                record.IndicatorsJson = IndicatorRule.ToJson(activity.IndicatorList);
                record.DefinitionName = activity.Definition;
                record.Removed = false;
                record.UpdatedAt = now;
            }
        }

        foreach (var gone in stored.Values)
        {
            gone.Removed = true;
            gone.UpdatedAt = now;
        }
    }
}

/// <summary>
/// Keeps the after-activity obligations in step with their prerequisites: call it after the engine ran (it reads
/// which prerequisites are done, a query or two) and it re-plans (<see cref="ObligationSync.FollowPrerequisitesAsync"/>)
/// only when that changed since the last time, or on its first call. The service's engine worker and the simulator use it.
/// </summary>
public sealed class PrerequisiteFollower(Func<Data.PlanDbContext> createContext, ObligationSync sync, PlanCatalogue catalogue, SyncOptions? options = null)
{
    private readonly bool _anyFollow = PrerequisiteCompletions.Prerequisites(catalogue).Count > 0;
    private IReadOnlyDictionary<string, DateOnly>? _followed;

    /// <summary>What the re-plan changed, or null when nothing had to be re-planned. A failed re-plan is tried again on the next call.</summary>
    public async Task<SyncResult?> FollowAsync(DateTime now, CancellationToken cancellationToken = default)
    {
        if (!_anyFollow)
        {
            return null;
        }

        IReadOnlyDictionary<string, DateOnly> done;
        await using (var db = createContext())
        {
            done = await PrerequisiteCompletions.ReadAsync(db, catalogue, cancellationToken).ConfigureAwait(false);
        }

        if (_followed is not null && PrerequisiteCompletions.Same(_followed, done))
        {
            return null;
        }

        var result = await sync.FollowPrerequisitesAsync(catalogue, now, options, cancellationToken).ConfigureAwait(false);
        _followed = done;
        return result;
    }
}
