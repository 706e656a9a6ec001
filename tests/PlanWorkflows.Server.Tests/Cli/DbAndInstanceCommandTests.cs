using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Server.Tests.Cli;

public sealed class DbAndInstanceCommandTests
{
    [Fact]
    public void Db_script_for_sql_server_generates_the_whole_schema_without_a_server()
    {
        var result = CliRunner.Run("db", "script", "--provider", "SqlServer");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("CREATE TABLE [WorkflowTimers]", result.Output, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX [IX_WorkflowTimers_DueAt]", result.Output, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Outbox_MessageId]", result.Output, StringComparison.Ordinal);
        Assert.Contains("[Revision] int NOT NULL", result.Output, StringComparison.Ordinal);
        Assert.Contains("IF NOT EXISTS", result.Output, StringComparison.Ordinal); // idempotent: safe to run twice
    }

    [Theory]
    [InlineData("PostgreSQL")]
    [InlineData("postgresql")] // provider names are read in any case, as in the configuration
    public void Db_script_for_postgresql_generates_the_whole_schema_idempotent_without_a_server(string provider)
    {
        var result = CliRunner.Run("db", "script", "--provider", provider);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("CREATE TABLE \"WorkflowTimers\"", result.Output, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX \"IX_WorkflowTimers_DueAt\"", result.Output, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX \"IX_Outbox_MessageId\"", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"Revision\" integer NOT NULL", result.Output, StringComparison.Ordinal);
        // Instants are timestamptz: the context writes every DateTime as UTC, which is what Npgsql requires for it.
        Assert.Contains("\"DueAt\" timestamp with time zone NOT NULL", result.Output, StringComparison.Ordinal);
        Assert.Contains("IF NOT EXISTS(SELECT 1 FROM \"__EFMigrationsHistory\"", result.Output, StringComparison.Ordinal); // idempotent: safe to run twice
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Data Source=:memory:", "_Extensions")]
    [InlineData(DatabaseProvider.SqlServer, "Server=localhost;Database=PlanWorkflows;Integrated Security=True;TrustServerCertificate=True", "_Extensions")]
    // A provider added later starts from one migration of the model as it was then.
    [InlineData(DatabaseProvider.PostgreSql, "Host=localhost;Database=planworkflows", "_Initial")]
    public void Migrations_of_each_provider_match_the_model(DatabaseProvider provider, string connection, string oneOfThem)
    {
        using var db = PlanDatabase.Create(new DatabaseOptions { Provider = provider, ConnectionString = connection });
        Assert.False(db.Database.HasPendingModelChanges(), $"the {provider} migrations are behind the model: add a migration");
        Assert.Contains(db.Database.GetMigrations(), m => m.EndsWith(oneOfThem, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Db_migrate_creates_a_postgresql_database_and_is_then_up_to_date()
    {
        // test.sh starts a throwaway server for every run (tests/postgres.sh): this test never skips.
        var server = Environment.GetEnvironmentVariable("PLANWORKFLOWS_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("PLANWORKFLOWS_POSTGRES is not set: test.sh starts a throwaway PostgreSQL (tests/postgres.sh) and names it there");
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = $"pw_test_cli_{Guid.NewGuid():N}" }.ConnectionString;
        var options = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connection };
        try
        {
            var first = CliRunner.Run("db", "migrate", "--provider", "PostgreSQL", "--connection", connection);
            Assert.True(first.ExitCode == 0, first.Error);
            Assert.StartsWith("PostgreSql: applied ", first.Output.Trim(), StringComparison.Ordinal);
            var second = CliRunner.Run("db", "migrate", "--provider", "PostgreSQL", "--connection", connection);
            Assert.Equal("PostgreSql: up to date", second.Output.Trim());
            await using var db = PlanDatabase.Create(options);
            Assert.Equal(0, await db.Obligations.CountAsync());
        }
        finally
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(connection));
            await using var db = PlanDatabase.Create(options);
            await db.Database.EnsureDeletedAsync();
        }
    }

    [Fact]
    public void Db_script_for_sqlite_writes_to_a_file()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("db", "script", "--provider", "Sqlite", "--output", temp.File("schema.sql"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("CREATE TABLE \"Obligations\"", File.ReadAllText(temp.File("schema.sql")), StringComparison.Ordinal);
    }

    [Fact]
    public void Db_migrate_creates_a_sqlite_database_and_is_then_up_to_date()
    {
        using var temp = new TempFolder();
        var connection = $"Data Source={temp.File("plan.db")};Pooling=False";
        var first = CliRunner.Run("db", "migrate", "--provider", "Sqlite", "--connection", connection);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("applied", first.Output, StringComparison.Ordinal);
        var second = CliRunner.Run("db", "migrate", "--provider", "Sqlite", "--connection", connection);
        Assert.Equal("Sqlite: up to date", second.Output.Trim());
        using var db = PlanDatabase.Create(new DatabaseOptions { ConnectionString = connection });
        Assert.Equal(0, db.Obligations.Count());
    }

    [Fact]
    public async Task Instances_verbs_show_retry_and_cancel_what_is_in_the_database()
    {
        using var temp = new TempFolder();
        var path = temp.File("plan.db");
        var options = new DatabaseOptions { ConnectionString = $"Data Source={path};Pooling=False" };
        long faulted, waiting;
        await using (var db = PlanDatabase.Create(options))
        {
            await db.Database.MigrateAsync();
            var now = new DateTime(2013, 3, 1, 8, 0, 0, DateTimeKind.Utc);
            var obligation = new Obligation { ActivityKey = "education/1.1.1", InstitutionId = "judicial-training-centre", PeriodLabel = "2013-H1", DueDate = new DateOnly(2013, 7, 1), CreatedAt = now, UpdatedAt = now };
            db.Obligations.Add(obligation);
            await db.SaveChangesAsync();
            var a = new WorkflowInstance { DefinitionName = "deadline-report", DefinitionVersion = 1, ObligationId = obligation.Id, Status = InstanceStatus.Faulted, StateJson = "{\"stack\":[{\"index\":1}],\"waitSequence\":1}", CreatedAt = now, UpdatedAt = now };
            var b = new WorkflowInstance { DefinitionName = "deadline-report", DefinitionVersion = 1, ObligationId = obligation.Id, Status = InstanceStatus.Waiting, CreatedAt = now, UpdatedAt = now };
            db.Instances.AddRange(a, b);
            await db.SaveChangesAsync();
            db.Incidents.Add(new Incident { InstanceId = a.Id, StepId = "first-reminder", At = now, Attempt = 5, Message = "mail relay unreachable" });
            db.Outbox.Add(new OutboxMessage { MessageId = "m1@test", InstanceId = b.Id, Template = "first-reminder", To = "x@example.org", CreatedAt = now, NotBefore = now });
            await db.SaveChangesAsync();
            (faulted, waiting) = (a.Id, b.Id);
        }

        var list = CliRunner.Run("instances", "list", "--database", path, "--status", "Faulted");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains($"{faulted}\tFaulted\tdeadline-report v1\teducation/1.1.1\tjudicial-training-centre\t2013-H1\t2013-07-01", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain($"\n{waiting}\t", list.Output, StringComparison.Ordinal);

        var show = CliRunner.Run("instances", "show", faulted.ToString(System.Globalization.CultureInfo.InvariantCulture), "--database", path);
        Assert.Contains("step first-reminder, attempt 5: mail relay unreachable", show.Output, StringComparison.Ordinal);

        Assert.Equal(0, CliRunner.Run("instances", "retry", faulted.ToString(System.Globalization.CultureInfo.InvariantCulture), "--database", path).ExitCode);
        var again = CliRunner.Run("instances", "retry", faulted.ToString(System.Globalization.CultureInfo.InvariantCulture), "--database", path);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("is not faulted", again.Error, StringComparison.Ordinal);

        Assert.Equal(0, CliRunner.Run("instances", "cancel", waiting.ToString(System.Globalization.CultureInfo.InvariantCulture), "--database", path, "--reason", "activity dropped").ExitCode);
        await using (var db = PlanDatabase.Create(options))
        {
            Assert.Equal(InstanceStatus.Waiting, (await db.Instances.SingleAsync(i => i.Id == faulted)).Status);
            Assert.Single(db.Timers.Where(t => t.InstanceId == faulted));
            Assert.Equal(InstanceStatus.Cancelled, (await db.Instances.SingleAsync(i => i.Id == waiting)).Status);
            Assert.Equal(OutboxStatus.Cancelled, (await db.Outbox.SingleAsync()).Status);
            Assert.Contains(db.Journal, j => j.InstanceId == waiting && j.Message == "activity dropped");
        }

        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public void Instances_on_a_missing_database_file_is_a_one_line_error()
    {
        var result = CliRunner.Run("instances", "list", "--database", "/nonexistent/plan.db");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: --database '/nonexistent/plan.db': no such file", result.Error.Trim());
    }
}
