using System.Text.Json;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Server.Office;

/// <summary>
/// Every change made from the Office web app goes through here: the state before, the change, the state after
/// and the audit row commit in one transaction, so the log never shows a change that did not happen or misses one that did.
/// </summary>
public static class OfficeAudit
{
    public static JsonSerializerOptions Json => AuditTrail.Json;

    public static Task ChangeAsync(PlanDbContext db, string user, string action, string entity, string entityId, DateTime now,
        Func<Task<object?>> before, Func<Task> change, Func<Task<object?>> after, CancellationToken cancellationToken = default) =>
        ChangeAsync(db, user, action, entity, entityId, now, before, async () =>
        {
            await change().ConfigureAwait(false);
            return true;
        }, after, cancellationToken);

    /// <summary>
    /// Runs <paramref name="change"/> between two snapshots; when it returns false (nothing to change) nothing is
    /// written and no audit row is added. The one writer is Core's <see cref="AuditTrail"/>.
    /// </summary>
    public static Task<bool> ChangeAsync(PlanDbContext db, string user, string action, string entity, string entityId, DateTime now,
        Func<Task<object?>> before, Func<Task<bool>> change, Func<Task<object?>> after, CancellationToken cancellationToken = default) =>
        AuditTrail.ChangeAsync(db, user, action, entity, entityId, now, before, change, after, cancellationToken);
}
