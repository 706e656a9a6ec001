using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Core.Mail;

/// <summary>What an institution last reported on an activity for an earlier round, for its next reminder.</summary>
public sealed class LastReports(Func<PlanDbContext> createContext)
{
    public (ImplementationStatus Status, DateOnly Date)? Find(string activityKey, string institutionId, DateOnly before)
    {
        using var db = createContext();
        var latest = db.Obligations.AsNoTracking()
            .Where(o => o.ActivityKey == activityKey && o.InstitutionId == institutionId && o.DueDate < before)
            .Join(db.Reports.AsNoTracking(), o => o.Id, r => r.ObligationId, (o, r) => r)
            .OrderByDescending(r => r.SubmittedAt).ThenByDescending(r => r.Id)
            .Select(r => new { r.Status, r.SubmittedAt })
            .FirstOrDefault();
        return latest is null ? null : (latest.Status, DateOnly.FromDateTime(latest.SubmittedAt));
    }
}
