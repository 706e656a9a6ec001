using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Tests.Workflows.Runtime;

namespace PlanWorkflows.SqlServer.Tests;

/// <summary>The SQL Server migrations and their script, applied to a real server.</summary>
public sealed partial class SqlServerMigrationTests
{
    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline)]
    private static partial Regex BatchSeparator();

    private static string NewDatabaseName() => $"PlanWorkflowsTest_Migrations_{Guid.NewGuid():N}";

    [Fact]
    public async Task Migrations_create_the_schema_on_an_empty_database_and_a_second_run_changes_nothing()
    {
        var options = TestDatabase.Options(NewDatabaseName());
        await using var db = PlanDatabase.Create(options);
        try
        {
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.False(db.Database.HasPendingModelChanges());
            await db.Database.MigrateAsync();
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            // The schema takes the model's rows, including the unique index the outbox relies on.
            db.Outbox.Add(new OutboxMessage { MessageId = "pw.sqlserver.1@planworkflows.local", Template = "first-reminder", To = "a@example.org", CreatedAt = DateTime.UtcNow, NotBefore = DateTime.UtcNow });
            await db.SaveChangesAsync();
            db.Outbox.Add(new OutboxMessage { MessageId = "pw.sqlserver.1@planworkflows.local", Template = "first-reminder", To = "b@example.org", CreatedAt = DateTime.UtcNow, NotBefore = DateTime.UtcNow });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
        finally
        {
            await db.Database.EnsureDeletedAsync();
        }
    }

    [Fact]
    public async Task Idempotent_script_runs_twice_on_an_empty_database_and_leaves_it_up_to_date()
    {
        var options = TestDatabase.Options(NewDatabaseName());
        await using var db = PlanDatabase.Create(options);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        await using (var master = new SqlConnection(new SqlConnectionStringBuilder(options.ConnectionString) { InitialCatalog = "master" }.ConnectionString))
        {
            await master.OpenAsync();
            await using var create = master.CreateCommand();
            create.CommandText = $"CREATE DATABASE [{new SqlConnectionStringBuilder(options.ConnectionString).InitialCatalog}]";
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            for (var run = 0; run < 2; run++)
            {
                await using var connection = new SqlConnection(options.ConnectionString);
                await connection.OpenAsync();
                foreach (var batch in BatchSeparator().Split(script).Where(b => !string.IsNullOrWhiteSpace(b)))
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = batch;
                    await command.ExecuteNonQueryAsync();
                }
            }

            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(0, await db.Obligations.CountAsync());
        }
        finally
        {
            SqlConnection.ClearAllPools();
            await db.Database.EnsureDeletedAsync();
        }
    }
}
