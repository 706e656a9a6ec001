using Microsoft.EntityFrameworkCore;

namespace PlanWorkflows.Core.Data;

internal static class Atomic
{
    /// <summary>
    /// Runs a command whole: its bulk updates and its tracked changes commit together, or not at all, under the
    /// provider's execution strategy. Inside a caller's transaction it joins it and leaves saving to the caller.
    /// </summary>
    public static async Task<T> RunAsync<T>(PlanDbContext db, Func<Task<T>> command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(command);
        if (db.Database.CurrentTransaction is not null)
        {
            return await command().ConfigureAwait(false);
        }

        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            try
            {
                var result = await command().ConfigureAwait(false);
                await db.SaveChangesAsync(ct).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
                return result;
            }
            catch
            {
                // A refused or failed command leaves nothing tracked behind, for a retry or the caller's next save.
                db.ChangeTracker.Clear();
                throw;
            }
        }, cancellationToken).ConfigureAwait(false);
    }
}
