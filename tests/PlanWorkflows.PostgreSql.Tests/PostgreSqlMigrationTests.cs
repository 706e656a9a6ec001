using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Tests.Workflows.Runtime;

namespace PlanWorkflows.PostgreSql.Tests;

/// <summary>The PostgreSQL migrations and their script, applied to a real server.</summary>
public sealed class PostgreSqlMigrationTests
{
    [Fact]
    public async Task Migrations_create_the_schema_on_an_empty_database_and_a_second_run_changes_nothing()
    {
        var options = TestDatabase.Options(TestDatabase.NewName("migrations"));
        await using var db = PlanDatabase.Create(options);
        try
        {
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.False(db.Database.HasPendingModelChanges());
            await db.Database.MigrateAsync();
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            // The schema takes the model's rows, including the unique index the outbox relies on.
            var now = new DateTime(2013, 3, 1, 8, 0, 0, DateTimeKind.Utc);
            db.Outbox.Add(new OutboxMessage { MessageId = "pw.postgres.1@planworkflows.local", Template = "first-reminder", To = "a@example.org", CreatedAt = now, NotBefore = now });
            await db.SaveChangesAsync();
            db.Outbox.Add(new OutboxMessage { MessageId = "pw.postgres.1@planworkflows.local", Template = "first-reminder", To = "b@example.org", CreatedAt = now, NotBefore = now });
            var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(refused.InnerException).SqlState);
        }
        finally
        {
            await DropAsync(db);
        }
    }

    [Fact]
    public async Task Idempotent_script_runs_twice_on_an_empty_database_and_leaves_it_up_to_date()
    {
        var options = TestDatabase.Options(TestDatabase.NewName("script"));
        await using var db = PlanDatabase.Create(options);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        await using (var server = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(options.ConnectionString) { Database = "postgres" }.ConnectionString))
        {
            await server.OpenAsync();
            await using var create = server.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{new NpgsqlConnectionStringBuilder(options.ConnectionString).Database}\"";
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            for (var run = 0; run < 2; run++)
            {
                // What a DBA's psql does with the file: the whole script, as written, on one connection.
                await using var connection = new NpgsqlConnection(options.ConnectionString);
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = script;
                await command.ExecuteNonQueryAsync();
            }

            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.Equal(0, await db.Obligations.CountAsync());
        }
        finally
        {
            await DropAsync(db);
        }
    }

    private static async Task DropAsync(PlanDbContext db)
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(db.Database.GetConnectionString()));
        await db.Database.EnsureDeletedAsync();
    }
}
