using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Server.Office;

/// <summary>
/// Every change made from the Office web app goes through here: the state before, the change, the state after
/// and the audit row commit in one transaction, so the log never shows a change that did not happen or misses one that did.
/// </summary>
public static class OfficeAudit
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter() },
    };

    public static Task ChangeAsync(PlanDbContext db, string user, string action, string entity, string entityId, DateTime now,
        Func<Task<object?>> before, Func<Task> change, Func<Task<object?>> after, CancellationToken cancellationToken = default) =>
        ChangeAsync(db, user, action, entity, entityId, now, before, async () =>
        {
            await change().ConfigureAwait(false);
            return true;
        }, after, cancellationToken);

    /// <summary>
    /// Runs <paramref name="change"/> between two snapshots; when it returns false (nothing to change) nothing is
    /// written and no audit row is added.
    /// </summary>
    public static async Task<bool> ChangeAsync(PlanDbContext db, string user, string action, string entity, string entityId, DateTime now,
        Func<Task<object?>> before, Func<Task<bool>> change, Func<Task<object?>> after, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(after);
        // A transient fault replays the whole change: a failed attempt leaves the change tracker empty, so the
        // retry neither writes a second audit row nor re-adds what the failed attempt added. The closures
        // must therefore load (or create) what they change themselves.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            try
            {
                var beforeJson = Serialize(await before().ConfigureAwait(false));
                if (!await change().ConfigureAwait(false))
                {
                    await transaction.RollbackAsync(ct).ConfigureAwait(false);
                    db.ChangeTracker.Clear();
                    return false;
                }

                await db.SaveChangesAsync(ct).ConfigureAwait(false);
                db.Audit.Add(new AuditEntry
                {
                    At = now,
                    User = user,
                    Action = action,
                    Entity = entity,
                    EntityId = entityId,
                    BeforeJson = beforeJson,
                    AfterJson = Serialize(await after().ConfigureAwait(false)),
                });
                await db.SaveChangesAsync(ct).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
                return true;
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private static string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, Json);
}
