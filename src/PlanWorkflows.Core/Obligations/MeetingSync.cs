using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Core.Obligations;

/// <summary>
/// Makes every configured Working Group meeting an obligation of a pseudo-activity with a workflow of the
/// definition bound to meetings, so the engine, its timers and the journal handle meetings like any other
/// deadline. Running it again adds nothing; a date removed from the configuration is left alone, since
/// its pack may already have been sent.
/// </summary>
/// <remarks>The report to the Government is synced the same way, with <see cref="GovernmentReport.ActivityKey"/> and one obligation per period.</remarks>
public sealed class MeetingSync(Func<PlanDbContext> createContext, string definitionName, string institutionId = MeetingSync.DefaultInstitutionId, string activityKey = MeetingSync.ActivityKey)
{
    public const string ActivityKey = "meetings/working-group";
    public const string KeyPrefix = "meetings/";
    public const string DefaultInstitutionId = "working-group";

    /// <summary>Whether an obligation is a meeting rather than something an institution reports on.</summary>
    public static bool IsMeeting(Obligation obligation) => IsMeeting(obligation?.ActivityKey);

    public static bool IsMeeting(string? activityKey) => activityKey is not null && activityKey.StartsWith(KeyPrefix, StringComparison.Ordinal);

    public static string PeriodLabel(DateOnly meeting) => $"meeting {PackBuilder.Date(meeting)}";

    /// <param name="catchUp">Also start meetings already past: their packs would go out at once, long after the meeting.</param>
    public Task<int> SyncAsync(IEnumerable<DateOnly> meetings, DateTime now, bool catchUp = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(meetings);
        return SyncAsync(meetings.Distinct().Order().Select(m => (m, m, PeriodLabel(m))), now, catchUp, cancellationToken);
    }

    /// <summary>The report periods to the Government, one obligation each, due on the period's last day.</summary>
    public Task<int> SyncAsync(IEnumerable<ReportPeriod> periods, DateTime now, bool catchUp = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(periods);
        return SyncAsync(periods.OrderBy(p => p.End).Select(p => (p.Start, p.End, GovernmentReport.PeriodLabel(p))), now, catchUp, cancellationToken);
    }

    private async Task<int> SyncAsync(IEnumerable<(DateOnly Start, DateOnly Due, string Label)> dues, DateTime now, bool catchUp, CancellationToken cancellationToken)
    {
        var list = dues.ToList();
        await using var probe = createContext();
        // A transient fault replays the whole sync on a fresh context, in one transaction (as ObligationSync does).
        return await probe.Database.CreateExecutionStrategy().ExecuteAsync(
            async ct =>
            {
                await using var db = createContext();
                return await SyncCoreAsync(db, list, now, catchUp, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> SyncCoreAsync(PlanDbContext db, List<(DateOnly Start, DateOnly Due, string Label)> dues, DateTime now, bool catchUp, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var existing = (await db.Obligations.AsNoTracking().Where(o => o.ActivityKey == activityKey && o.InstitutionId == institutionId)
            .Select(o => o.PeriodLabel).ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var added = new List<(Obligation Obligation, WorkflowInstance Instance)>();
        int? version = null;
        foreach (var (start, meeting, label) in dues)
        {
            if (existing.Contains(label) || (!catchUp && meeting < DateOnly.FromDateTime(now)))
            {
                continue;
            }

            version ??= (await DefinitionStore.LatestPublishedAsync(db, definitionName, cancellationToken).ConfigureAwait(false))?.Version
                ?? throw new InvalidOperationException($"definition '{definitionName}' (for meetings) is not published");
            var obligation = new Obligation
            {
                ActivityKey = activityKey,
                InstitutionId = institutionId,
                PeriodLabel = label,
                PeriodStart = start,
                PeriodEnd = meeting,
                NominalDue = meeting,
                DueDate = meeting,
                Status = ObligationStatus.Pending,
                CreatedAt = now,
                UpdatedAt = now,
            };
            var instance = new WorkflowInstance { DefinitionName = definitionName, DefinitionVersion = version.Value, Status = InstanceStatus.Running, CreatedAt = now, UpdatedAt = now };
            db.Obligations.Add(obligation);
            db.Instances.Add(instance);
            added.Add((obligation, instance));
        }

        if (added.Count == 0)
        {
            return 0;
        }

        // Ids first, then the links and start timers that need them (as ObligationSync does).
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (obligation, instance) in added)
        {
            instance.ObligationId = obligation.Id;
            db.Timers.Add(new WorkflowTimer { InstanceId = instance.Id, Kind = TimerKind.Start, DueAt = now });
            db.Journal.Add(new JournalEntry
            {
                At = now, Event = "created", InstanceId = instance.Id, ObligationId = obligation.Id,
                Message = $"{obligation.PeriodLabel}; workflow {instance.DefinitionName} v{instance.DefinitionVersion}",
            });
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return added.Count;
    }
}
