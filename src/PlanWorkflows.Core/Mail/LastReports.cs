using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Core.Mail;

/// <summary>One digest item's question: the institution's last report on an activity for a round due before <see cref="Before"/>.</summary>
public readonly record struct LastReportKey(string ActivityKey, string InstitutionId, DateOnly Before);

/// <summary>What an institution last reported on an activity for an earlier round, for its next reminder.</summary>
public sealed class LastReports(Func<PlanDbContext> createContext)
{
    public (ImplementationStatus Status, DateOnly Date)? Find(string activityKey, string institutionId, DateOnly before) =>
        FindAll([new LastReportKey(activityKey, institutionId, before)]).TryGetValue(new LastReportKey(activityKey, institutionId, before), out var found) ? found : null;

    /// <summary>
    /// The last report for every key, read in one query: the report submitted latest (then the highest id)
    /// on any obligation of the activity and institution due before the key's date. Keys with none are absent.
    /// </summary>
    public IReadOnlyDictionary<LastReportKey, (ImplementationStatus Status, DateOnly Date)> FindAll(IReadOnlyCollection<LastReportKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var result = new Dictionary<LastReportKey, (ImplementationStatus Status, DateOnly Date)>();
        if (keys.Count == 0)
        {
            return result;
        }

        var activities = keys.Select(k => k.ActivityKey).Distinct().ToList();
        var institutions = keys.Select(k => k.InstitutionId).Distinct().ToList();
        var latestBefore = keys.Max(k => k.Before);
        using var db = createContext();
        // Reports are few per activity and institution; reading the pairs' reports whole and choosing per key in
        // memory keeps it to one query that every provider translates.
        var reports = db.Obligations.AsNoTracking()
            .Where(o => activities.Contains(o.ActivityKey) && institutions.Contains(o.InstitutionId) && o.DueDate < latestBefore)
            .Join(db.Reports.AsNoTracking(), o => o.Id, r => r.ObligationId, (o, r) => new { o.ActivityKey, o.InstitutionId, o.DueDate, r.Id, r.Status, r.SubmittedAt })
            .ToList()
            .ToLookup(r => (r.ActivityKey, r.InstitutionId));
        foreach (var key in keys)
        {
            var latest = reports[(key.ActivityKey, key.InstitutionId)]
                .Where(r => r.DueDate < key.Before)
                .OrderByDescending(r => r.SubmittedAt).ThenByDescending(r => r.Id)
                .FirstOrDefault();
            if (latest is not null)
            {
                result[key] = (latest.Status, DateOnly.FromDateTime(latest.SubmittedAt));
            }
        }

        return result;
    }
}
