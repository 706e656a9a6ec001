using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Core.Obligations;

/// <summary>
/// When the activities that others follow ("after development of the Rules …") were actually done: the day the
/// Office accepted a report of one of their institutions saying <see cref="ImplementationStatus.Implemented"/>.
/// Read from reports and the journal, so it needs no column of its own.
/// </summary>
public static class PrerequisiteCompletions
{
    /// <summary>The prerequisite activities of the catalogue's after-activity schedules, by key.</summary>
    public static IReadOnlySet<string> Prerequisites(PlanCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var activity in catalogue.Activities)
        {
            if (activity.Timeframe is { Kind: ScheduleKind.AfterActivity, AfterActivityCode: { } after } && catalogue.FindActivity(after) is { } prerequisite)
            {
                keys.Add(prerequisite.Key);
            }
        }

        return keys;
    }

    /// <summary>Prerequisite key → the first day (in the plan's zone) one of its obligations was accepted with an Implemented report.</summary>
    public static async Task<IReadOnlyDictionary<string, DateOnly>> ReadAsync(PlanDbContext db, PlanCatalogue catalogue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var keys = Prerequisites(catalogue).ToList();
        var result = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return result;
        }

        var accepted = await db.Obligations.AsNoTracking()
            .Where(o => keys.Contains(o.ActivityKey) && !o.Removed && o.Status == ObligationStatus.Accepted)
            .Select(o => new { o.Id, o.ActivityKey, o.UpdatedAt })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (accepted.Count == 0)
        {
            return result;
        }

        var ids = accepted.Select(o => o.Id).ToList();
        var latest = (await db.Reports.AsNoTracking().Where(r => ids.Contains(r.ObligationId))
                .Select(r => new { r.ObligationId, r.Version, r.Status }).ToListAsync(cancellationToken).ConfigureAwait(false))
            .GroupBy(r => r.ObligationId)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.Version)!.Status);
        var acceptedAt = (await db.Journal.AsNoTracking()
                .Where(j => j.ObligationId != null && ids.Contains(j.ObligationId.Value) && (j.Event == "accepted" || j.Event == "status"))
                .Select(j => new { ObligationId = j.ObligationId!.Value, j.At, j.Event, j.Message })
                .ToListAsync(cancellationToken).ConfigureAwait(false))
            // The Office's decision ("accepted") or the workflow taking it ("Reported → Accepted"), whichever came first.
            .Where(j => j.Event == "accepted" || j.Message.EndsWith("→ Accepted", StringComparison.Ordinal))
            .GroupBy(j => j.ObligationId)
            .ToDictionary(g => g.Key, g => g.Min(j => j.At));

        var zone = PlanWindow.ZoneOf(catalogue.Plan);
        foreach (var obligation in accepted)
        {
            if (latest.GetValueOrDefault(obligation.Id, ImplementationStatus.NotApplicable) != ImplementationStatus.Implemented)
            {
                continue;
            }

            var at = DateTime.SpecifyKind(acceptedAt.TryGetValue(obligation.Id, out var when) ? when : obligation.UpdatedAt, DateTimeKind.Utc);
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(at, zone));
            if (!result.TryGetValue(obligation.ActivityKey, out var known) || day < known)
            {
                result[obligation.ActivityKey] = day;
            }
        }

        return result;
    }

    /// <summary>Whether two readings say the same: the same prerequisites done on the same days.</summary>
    public static bool Same(IReadOnlyDictionary<string, DateOnly> a, IReadOnlyDictionary<string, DateOnly> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var day) && day == p.Value);
    }
}
