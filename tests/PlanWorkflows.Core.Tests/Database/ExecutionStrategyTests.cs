using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Tests.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Database;

/// <summary>SQLite runs under a retrying execution strategy, as SQL Server does, so both hold code to the same rules.</summary>
public sealed class ExecutionStrategyTests
{
    private static readonly DateTimeOffset Monday = new(2013, 3, 18, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_transaction_of_our_own_outside_the_execution_strategy_is_refused_as_sql_server_refuses_it()
    {
        using var fixture = new EngineFixture(Monday);
        await using var db = fixture.Create();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Institutions.CountAsync());
            Assert.Contains("does not support user-initiated transactions", refused.Message, StringComparison.Ordinal);
        }

        // The same work inside the strategy is what every command of the service does.
        var count = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var n = await db.Institutions.CountAsync();
            await transaction.CommitAsync();
            return n;
        });
        await using var plain = fixture.Create();
        Assert.Equal(await plain.Institutions.CountAsync(), count);
    }

    [Fact]
    public async Task A_database_still_busy_after_the_busy_timeout_is_tried_again_instead_of_failing_the_command()
    {
        using var fixture = new EngineFixture(Monday);
        await fixture.SyncAsync(new PlanWorkflows.Core.Catalogue.PlanCatalogue());
        var busy = new BusyOnce();
        var options = new DbContextOptionsBuilder<PlanDbContext>(fixture.Options).AddInterceptors(busy).Options;
        await using var db = new PlanDbContext(options);

        var count = await db.Institutions.CountAsync();

        Assert.Equal(1, busy.Refused);
        await using var plain = fixture.Create();
        Assert.Equal(await plain.Institutions.CountAsync(), count);
        Assert.True(count > 0);
    }

    /// <summary>Answers the first query as SQLite does when another writer kept the database past the busy timeout.</summary>
    private sealed class BusyOnce : DbCommandInterceptor
    {
        public int Refused { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Refused == 0)
            {
                Refused++;
                throw new SqliteException("SQLite Error 5: 'database is locked'.", 5);
            }

            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
