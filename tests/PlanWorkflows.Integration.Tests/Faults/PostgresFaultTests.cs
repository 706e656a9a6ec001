using Microsoft.EntityFrameworkCore;
using Npgsql;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Tests.Mail;
using Xunit.Abstractions;

namespace PlanWorkflows.Integration.Tests.Faults;

/// <summary>
/// What a database server does to a running service that SQLite never does: it restarts (every connection cut),
/// and it ends a transaction that lost a race with a serialization failure or a deadlock. The service waits,
/// reconnects and runs the unit again; nothing is lost and nothing is sent twice.
/// </summary>
public sealed class PostgresFaultTests(ITestOutputHelper output)
{
    private const double Speed = 86_400;
    private static readonly DateTimeOffset Start = new(2013, 3, 13, 7, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FirstReminders = new(2013, 3, 15, 8, 0, 0, TimeSpan.Zero);

    private static Func<PlanDbContext, Task<bool>> FirstRemindersSent =>
        async db => await db.Outbox.CountAsync(m => m.Template == "first-reminder") == 8
            && await db.Outbox.Where(m => m.Template == "first-reminder").AllAsync(m => m.Status == OutboxStatus.Sent);

    [Fact]
    public async Task Database_server_restarted_mid_run_the_service_reconnects_and_sends_every_reminder_once()
    {
        // A server of this test's own: restarting the one the other suites share would fail them.
        await using var server = await PostgresServer.StartOwnAsync("restart");
        await using var smtp = await Smtp4devServer.StartAsync();
        await using var database = await RunDatabases.CreateOnAsync(server.ConnectionString, "restart");
        await using var run = new ServiceRun(Start, Speed, smtp.SmtpPort, lead: TimeSpan.FromSeconds(8))
        {
            Catalogue = Path.Combine(AppContext.BaseDirectory, "Faults", "faults-plan.yaml"),
            Database = database.Options,
        };
        var app = await run.StartInProcessAsync(null);
        await run.WaitForAsync("the engine at work: the reminders' timers written", async db => await db.Timers.AnyAsync(), TimeSpan.FromSeconds(60));
        // Restarted twice as the first reminders fall due (15 March, 08:00 UTC): a restart takes about a plan day here.
        while (run.Now < FirstReminders - TimeSpan.FromHours(4))
        {
            await Task.Delay(20);
        }

        for (var restart = 0; restart < 2; restart++)
        {
            // The service holds sessions of its own on the server: the restart cuts them, not just idle air.
            // After the first restart the service has to come back to the server first, which is part of the proof.
            Assert.True(await ServiceConnectedAsync(server.ConnectionString, database.Options.ConnectionString, TimeSpan.FromSeconds(30)), $"the service holds no session to cut (before restart {restart + 1})");
            await server.RestartAsync();
            output.WriteLine($"server restarted at plan time {run.Now:yyyy-MM-dd HH:mm}");
        }

        await run.WaitForAsync("every first reminder sent after the restarts", FirstRemindersSent, TimeSpan.FromSeconds(90));
        Assert.False(app.Lifetime.ApplicationStopping.IsCancellationRequested, "the service gave up");
        await run.StopHostsAsync();

        await using var check = run.Db();
        var outbox = await check.Outbox.AsNoTracking().ToListAsync();
        Delivery.AssertNoReminderDecidedTwice(outbox);
        var delivered = await smtp.MessagesAsync(expected: outbox.Where(m => m.Status == OutboxStatus.Sent).Select(m => (m.Template, m.InstitutionId)).Distinct().Count());
        Delivery.AssertEachSentRowDeliveredOnce([.. outbox.Where(m => m.Status == OutboxStatus.Sent)], [.. delivered.Select(m => m.MessageId ?? "(none)")]);
        Assert.Empty(await check.Incidents.ToListAsync());
    }

    private static async Task<bool> ServiceConnectedAsync(string server, string database, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (await SessionsAsync(server, database) == 0)
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    private static async Task<long> SessionsAsync(string server, string database)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM pg_stat_activity WHERE datname = @name";
        count.Parameters.AddWithValue("name", new NpgsqlConnectionStringBuilder(database).Database!);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    [Theory]
    [InlineData("serialization_failure", "40001")]
    [InlineData("deadlock_detected", "40P01")]
    public async Task Transaction_that_loses_a_race_is_run_again_and_nothing_is_queued_twice(string condition, string state)
    {
        await using var smtp = await Smtp4devServer.StartAsync();
        await using var database = await RunDatabases.CreateAsync(RunDatabases.PostgreSql, "race");
        await using var run = new ServiceRun(Start, Speed, smtp.SmtpPort, lead: TimeSpan.FromSeconds(8))
        {
            Catalogue = Path.Combine(AppContext.BaseDirectory, "Faults", "faults-plan.yaml"),
            Database = database.Options,
        };
        var app = await run.StartInProcessAsync(null);

        // The server itself ends the first three transactions that queue a mail, as it ends the loser of a real race.
        // A sequence counts the tries: unlike a table, it is not rolled back with the transaction it was used in.
        await using (var connection = new NpgsqlConnection(database.Options.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                CREATE SEQUENCE lost_races;
                CREATE FUNCTION lose_race() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF nextval('lost_races') <= 3 THEN
                    RAISE EXCEPTION 'injected: this transaction lost a race' USING ERRCODE = '{condition}';
                  END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER lose_race BEFORE INSERT ON "Outbox" FOR EACH ROW EXECUTE FUNCTION lose_race();
                """;
            await command.ExecuteNonQueryAsync();
        }

        await run.WaitForAsync("every first reminder sent after the lost races", FirstRemindersSent, TimeSpan.FromSeconds(90));
        Assert.False(app.Lifetime.ApplicationStopping.IsCancellationRequested, "the service gave up");
        await run.StopHostsAsync();

        await using var check = run.Db();
        // The faults really happened: more tries than the three that were refused.
        await using (var connection = new NpgsqlConnection(database.Options.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tries = connection.CreateCommand();
            tries.CommandText = "SELECT last_value FROM lost_races";
            Assert.True((long)(await tries.ExecuteScalarAsync())! > 3, $"fewer than four tries to queue a mail: the {state} faults were never hit");
        }

        var outbox = await check.Outbox.AsNoTracking().ToListAsync();
        Delivery.AssertNoReminderDecidedTwice(outbox);
        Assert.Equal(8, outbox.Count(m => m.Template == "first-reminder"));
        var delivered = await smtp.MessagesAsync(expected: outbox.Where(m => m.Status == OutboxStatus.Sent).Select(m => (m.Template, m.InstitutionId)).Distinct().Count());
        Delivery.AssertEachSentRowDeliveredOnce([.. outbox.Where(m => m.Status == OutboxStatus.Sent)], [.. delivered.Select(m => m.MessageId ?? "(none)")]);
        Assert.Empty(await check.Incidents.ToListAsync());
    }
}
