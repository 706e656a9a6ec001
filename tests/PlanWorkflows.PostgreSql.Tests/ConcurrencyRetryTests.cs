using System.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Tests.Workflows.Runtime;

namespace PlanWorkflows.PostgreSql.Tests;

/// <summary>
/// Two writers on one row: PostgreSQL ends the loser's transaction with a serialization failure (40001) or a
/// deadlock (40P01). The provider's execution strategy must count both as transient and run the unit again whole,
/// as the engine, the outbox and every command (Atomic) rely on.
/// </summary>
public sealed class ConcurrencyRetryTests : IAsyncLifetime
{
    private readonly DatabaseOptions _options = TestDatabase.Options(TestDatabase.NewName("retry"));
    private static readonly DateTime Now = new(2013, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    public async Task InitializeAsync()
    {
        await using var db = PlanDatabase.Create(_options);
        await db.Database.MigrateAsync();
        db.Obligations.AddRange(
            new Obligation { ActivityKey = "a/1.1.1", InstitutionId = "ministry-health", PeriodLabel = "2013-H1", DueDate = new DateOnly(2013, 7, 1), CreatedAt = Now, UpdatedAt = Now },
            new Obligation { ActivityKey = "a/1.1.2", InstitutionId = "ministry-health", PeriodLabel = "2013-H1", DueDate = new DateOnly(2013, 7, 1), CreatedAt = Now, UpdatedAt = Now });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await using var db = PlanDatabase.Create(_options);
        NpgsqlConnection.ClearPool(new NpgsqlConnection(_options.ConnectionString));
        await db.Database.EnsureDeletedAsync();
    }

    [Fact]
    public async Task A_transaction_that_loses_a_serialization_race_runs_again_from_the_start()
    {
        await using var db = PlanDatabase.Create(_options);
        var failures = new List<string>();
        var attempts = 0;
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            attempts++;
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead);
            var obligation = await db.Obligations.OrderBy(o => o.Id).FirstAsync();
            if (attempts == 1)
            {
                // Another writer changes the row after this transaction's snapshot was taken, and commits.
                await using var other = PlanDatabase.Create(_options);
                await other.Obligations.Where(o => o.Id == obligation.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.EscalationLevel, 5));
            }

            obligation.EscalationLevel++;
            try
            {
                await db.SaveChangesAsync();
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException postgres)
            {
                failures.Add(postgres.SqlState);
                throw;
            }

            await transaction.CommitAsync();
        });

        Assert.Equal([PostgresErrorCodes.SerializationFailure], failures);
        Assert.Equal(2, attempts);
        await using var check = PlanDatabase.Create(_options);
        Assert.Equal(6, (await check.Obligations.OrderBy(o => o.Id).FirstAsync()).EscalationLevel);
    }

    [Fact]
    public async Task A_transaction_chosen_as_a_deadlock_victim_runs_again_from_the_start()
    {
        await using var db = PlanDatabase.Create(_options);
        await using var setup = PlanDatabase.Create(_options);
        var ids = await setup.Obligations.OrderBy(o => o.Id).Select(o => o.Id).ToListAsync();
        var failures = new List<string>();
        var attempts = 0;
        Task? otherWriter = null;
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            attempts++;
            await using var transaction = await db.Database.BeginTransactionAsync();
            // This side finds the deadlock first and is the victim; the other side waits longer before it looks.
            await db.Database.ExecuteSqlRawAsync("SET LOCAL deadlock_timeout = '200ms'");
            await db.Obligations.Where(o => o.Id == ids[0]).ExecuteUpdateAsync(s => s.SetProperty(o => o.EscalationLevel, o => o.EscalationLevel + 1));
            if (attempts == 1)
            {
                otherWriter = Task.Run(async () =>
                {
                    await using var other = PlanDatabase.Create(_options);
                    await using var otherTransaction = await other.Database.BeginTransactionAsync();
                    await other.Database.ExecuteSqlRawAsync("SET LOCAL deadlock_timeout = '30s'");
                    await other.Obligations.Where(o => o.Id == ids[1]).ExecuteUpdateAsync(s => s.SetProperty(o => o.EscalationLevel, o => o.EscalationLevel + 10));
                    // Blocks on the row this side holds, until this side is rolled back.
                    await other.Obligations.Where(o => o.Id == ids[0]).ExecuteUpdateAsync(s => s.SetProperty(o => o.EscalationLevel, o => o.EscalationLevel + 10));
                    await otherTransaction.CommitAsync();
                });
                await WaitUntilBlockedAsync();
            }

            try
            {
                await db.Obligations.Where(o => o.Id == ids[1]).ExecuteUpdateAsync(s => s.SetProperty(o => o.EscalationLevel, o => o.EscalationLevel + 1));
            }
            catch (PostgresException postgres)
            {
                failures.Add(postgres.SqlState);
                throw;
            }

            await transaction.CommitAsync();
        });

        await otherWriter!;
        Assert.Equal([PostgresErrorCodes.DeadlockDetected], failures);
        Assert.Equal(2, attempts);
        await using var check = PlanDatabase.Create(_options);
        // Both writers' changes, each once: the other side's +10 on both rows, this side's +1 on both, after its retry.
        Assert.Equal([11, 11], await check.Obligations.OrderBy(o => o.Id).Select(o => o.EscalationLevel).ToListAsync());
    }

    /// <summary>Until a session of this database waits for a row lock.</summary>
    private async Task WaitUntilBlockedAsync()
    {
        await using var connection = new NpgsqlConnection(_options.ConnectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'";
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the other writer never waited for the row lock");
    }
}
