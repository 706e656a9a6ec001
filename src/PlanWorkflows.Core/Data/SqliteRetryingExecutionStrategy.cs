using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;

namespace PlanWorkflows.Core.Data;

/// <summary>
/// SQLite's counterpart of SQL Server's retrying strategy: a database still busy or locked after the
/// busy timeout is tried again, whole. It also holds SQLite to SQL Server's rule that a transaction
/// of our own must run inside <c>CreateExecutionStrategy().ExecuteAsync</c>, so code that would fail
/// on SQL Server fails on SQLite too, where every test runs.
/// </summary>
internal sealed class SqliteRetryingExecutionStrategy(ExecutionStrategyDependencies dependencies)
    : ExecutionStrategy(dependencies, maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(5))
{
    private const int Busy = 5;
    private const int Locked = 6;

    protected override bool ShouldRetryOn(Exception exception) => exception is SqliteException { SqliteErrorCode: Busy or Locked };
}
