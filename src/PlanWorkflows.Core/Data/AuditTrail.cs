using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;

namespace PlanWorkflows.Core.Data;

/// <summary>
/// Every change a person makes (in the Office web app or with a verb) goes through here: the state before, the
/// change, the state after and the audit row commit in one transaction, so the log never shows a change that did
/// not happen or misses one that did. Core commands that people call (a report's review, a report entered on an
/// institution's behalf) write their audit row themselves, so both front-ends leave the same row.
/// </summary>
public static class AuditTrail
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// Runs <paramref name="change"/> between two snapshots; when it returns false (nothing to change) nothing is
    /// written and no audit row is added. An exception from <paramref name="change"/> leaves nothing written either.
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

    public static string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, Json);
}
