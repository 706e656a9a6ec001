using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Core.Obligations;

/// <summary>
/// Makes every configured Working Group meeting (<see cref="ObligationKind.Meeting"/>) or report period to the
/// Government (<see cref="ObligationKind.GovernmentReport"/>) an obligation with a workflow of the definition bound to
/// it, so the engine, its timers and the journal handle them like any other deadline. Running it again adds nothing;
/// a date removed from the configuration is left alone, since its pack may already have been sent.
/// </summary>
public sealed class MeetingSync(Func<PlanDbContext> createContext, string definitionName, string institutionId = MeetingSync.DefaultInstitutionId, ObligationKind kind = ObligationKind.Meeting)
{
    /// <summary>The pseudo-activity the meetings' obligations are filed under (the kind, not the key, tells them apart).</summary>
    public const string ActivityKey = "meetings/working-group";
    public const string DefaultInstitutionId = "working-group";

    private readonly string _activityKey = kind switch
    {
        ObligationKind.Meeting => ActivityKey,
        ObligationKind.GovernmentReport => GovernmentReport.ActivityKey,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "meetings and reports to the Government only; reports come from the catalogue"),
    };

    public static string PeriodLabel(DateOnly meeting) => "meeting " + meeting.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

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
        var existing = (await db.Obligations.AsNoTracking().Where(o => o.Kind == kind && o.ActivityKey == _activityKey && o.InstitutionId == institutionId)
            .Select(o => o.PeriodLabel).ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var starter = new InstanceStarter(db, now);
        foreach (var (start, meeting, label) in dues)
        {
            if (existing.Contains(label) || (!catchUp && meeting < DateOnly.FromDateTime(now)))
            {
                continue;
            }

            var obligation = new Obligation
            {
                Kind = kind,
                ActivityKey = _activityKey,
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
            db.Obligations.Add(obligation);
            await starter.AddAsync(obligation, definitionName, kind == ObligationKind.Meeting ? "for meetings" : "for reports to the Government", now, cancellationToken).ConfigureAwait(false);
        }

        var added = starter.Count;
        if (added == 0)
        {
            return 0;
        }

        // Ids first, then the links and start timers that need them (as ObligationSync does).
        await starter.SaveAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }
}
