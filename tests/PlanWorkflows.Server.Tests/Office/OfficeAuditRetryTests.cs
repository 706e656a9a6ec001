using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Server.Office;

namespace PlanWorkflows.Server.Tests.Office;

/// <summary>An audited change hit by a transient database fault is replayed whole, and lands once.</summary>
public sealed class OfficeAuditRetryTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    [Fact]
    public async Task A_fault_on_the_audit_row_replays_the_change_and_leaves_one_account_and_one_audit_row()
    {
        const string email = "retried.person@office.example";
        var fault = new BusyOnAuditInsert();
        await using (var probe = app.Db())
        {
            // The service's own configuration (its retrying strategy included), with the fault beside it.
            var options = PlanDatabase.Configure(new DbContextOptionsBuilder<PlanDbContext>(), new DatabaseOptions { ConnectionString = probe.Database.GetConnectionString()! })
                .AddInterceptors(fault).Options;
            await using var db = new PlanDbContext(options);
            await app.Services.GetRequiredService<OfficeUsers>().AddAsync(db, email, "Retried Person", OfficeRoles.Viewer, OfficeApp.Password, "test-setup");
        }

        Assert.Equal(1, fault.Refused);
        await using var check = app.Db();
        Assert.Equal(1, await check.Users.CountAsync(u => u.Email == email));
        Assert.Equal(1, await check.Audit.CountAsync(a => a.Entity == "User" && a.EntityId == email && a.Action == "user-added"));
        var user = await check.Users.SingleAsync(u => u.Email == email);
        Assert.Equal(("Retried Person", OfficeRoles.Viewer), (user.Name, user.Role));
    }

    [Fact]
    public async Task A_fault_on_the_lockouts_audit_row_locks_once_with_one_audit_row_that_shows_the_account_unlocked_before()
    {
        const string email = "guessed.person@office.example";
        var users = app.Services.GetRequiredService<OfficeUsers>();
        await using (var setup = app.Db())
        {
            await users.AddAsync(setup, email, "Guessed Person", OfficeRoles.Viewer, OfficeApp.Password, "test-setup");
        }

        var fault = new BusyOnAuditInsert();
        await using (var probe = app.Db())
        {
            var options = PlanDatabase.Configure(new DbContextOptionsBuilder<PlanDbContext>(), new DatabaseOptions { ConnectionString = probe.Database.GetConnectionString()! })
                .AddInterceptors(fault).Options;
            for (var guess = 1; guess <= OfficeApp.LockoutThreshold; guess++)
            {
                await using var db = new PlanDbContext(options);
                var result = await users.CheckAsync(db, email, $"wrong guess {guess}");
                Assert.Equal(guess < OfficeApp.LockoutThreshold ? SignInOutcome.Failed : SignInOutcome.LockedOut, result.Outcome);
            }
        }

        Assert.Equal(1, fault.Refused);
        await using var check = app.Db();
        var locked = Assert.Single(await check.Audit.Where(a => a.EntityId == email && a.Action == "user-locked").ToListAsync());
        var before = System.Text.Json.Nodes.JsonNode.Parse(locked.BeforeJson!)!.AsObject();
        Assert.True(before.ContainsKey("lockedUntil"));
        Assert.Null(before["lockedUntil"]);
        Assert.NotNull((await check.Users.SingleAsync(u => u.Email == email)).LockedUntil);
    }

    /// <summary>The first audit row's INSERT meets a database another writer kept past the busy timeout.</summary>
    private sealed class BusyOnAuditInsert : DbCommandInterceptor
    {
        public int Refused { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Refused == 0 && command.CommandText.Contains("INSERT INTO \"AuditLog\"", StringComparison.Ordinal))
            {
                Refused++;
                throw new SqliteException("SQLite Error 5: 'database is locked'.", 5);
            }

            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
