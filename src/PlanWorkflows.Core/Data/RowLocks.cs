using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace PlanWorkflows.Core.Data;

internal static class RowLocks
{
    /// <summary>
    /// Inside a transaction on a server database (SQL Server, PostgreSQL), takes the write locks of <paramref name="rows"/>
    /// now, with an update that sets <paramref name="column"/> to itself: a writer already holding one of them is waited
    /// for, what the transaction reads of them next is what was committed, and a writer coming later waits for this one.
    /// On SQLite it does nothing: a transaction there holds the database's write lock from its start, so no other
    /// writer runs beside it anyway.
    /// </summary>
    public static Task LockAsync<T, TColumn>(PlanDbContext db, IQueryable<T> rows, Expression<Func<T, TColumn>> column, CancellationToken cancellationToken)
        where T : class =>
        db.Database.IsSqlite() ? Task.CompletedTask : rows.ExecuteUpdateAsync(s => s.SetProperty(column, column), cancellationToken);
}
