using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Integration.Tests.Database;

/// <summary>
/// What a database administrator runs by hand: the script from <c>db script</c> of the real
/// executable. A SQL Server or PostgreSQL script must be safe to run again after a partial or complete run.
/// </summary>
public sealed partial class MigrationScriptTests
{
    [GeneratedRegex(@"IF NOT EXISTS\s*\(\s*SELECT \* FROM \[__EFMigrationsHistory\]\s*WHERE \[MigrationId\] = N'(?<id>[^']+)'\s*\)\s*BEGIN(?<body>.*?)^END;", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex GuardedBlocks();

    [Fact]
    public async Task Sql_server_script_guards_every_statement_of_every_migration_by_its_history_row()
    {
        var (exit, script) = await ServerProcess.RunAsync("db", "script", "--provider", "SqlServer");
        Assert.True(exit == 0, script);

        await using var db = PlanDatabase.Create(new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = ModelDriftTests.SqlServerWithoutServer });
        var migrations = db.Database.GetMigrations().ToList();
        var blocks = GuardedBlocks().Matches(script).Select(m => (Id: m.Groups["id"].Value, Body: m.Groups["body"].Value)).ToList();

        // Each migration's statements sit in blocks guarded by its own id, and its history row is one of them.
        Assert.Equal(migrations, blocks.Select(b => b.Id).Distinct());
        foreach (var id in migrations)
        {
            Assert.Contains(blocks, b => b.Id == id && b.Body.Contains($"INSERT INTO [__EFMigrationsHistory]", StringComparison.Ordinal) && b.Body.Contains($"N'{id}'", StringComparison.Ordinal));
        }

        // Outside the guards there is only the history table's own guarded creation and transaction control.
        var unguarded = GuardedBlocks().Replace(script, string.Empty);
        var history = Regex.Match(unguarded, @"IF OBJECT_ID\(N'\[__EFMigrationsHistory\]'\) IS NULL\s*BEGIN.*?^END;", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(history.Success, "the script does not create the history table only when it is missing");
        var rest = unguarded.Replace(history.Value, string.Empty, StringComparison.Ordinal)
            .Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l is not "GO" and not "BEGIN TRANSACTION;" and not "COMMIT;").ToList();
        Assert.Empty(rest);

        // Every table and index of the model is created by the script.
        foreach (var entity in db.Model.GetEntityTypes())
        {
            Assert.Contains($"CREATE TABLE [{entity.GetTableName()}]", script, StringComparison.Ordinal);
            foreach (var index in entity.GetIndexes())
            {
                Assert.Contains($"INDEX [{index.GetDatabaseName()}] ON [{entity.GetTableName()}]", script, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Sqlite_script_builds_the_same_schema_as_applying_the_migrations()
    {
        var folder = Directory.CreateTempSubdirectory("planworkflows-script-").FullName;
        try
        {
            var scriptPath = Path.Combine(folder, "schema.sql");
            var (exit, output) = await ServerProcess.RunAsync("db", "script", "--provider", "Sqlite", "--output", scriptPath);
            Assert.True(exit == 0, output);

            var scripted = Path.Combine(folder, "scripted.db");
            await using (var connection = new SqliteConnection($"Data Source={scripted};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = await File.ReadAllTextAsync(scriptPath);
                await command.ExecuteNonQueryAsync();
            }

            var migrated = Path.Combine(folder, "migrated.db");
            var (migrateExit, migrateOutput) = await ServerProcess.RunAsync("db", "migrate", "--provider", "Sqlite", "--connection", $"Data Source={migrated};Pooling=False");
            Assert.True(migrateExit == 0, migrateOutput);

            var expected = await SchemaAsync(migrated);
            Assert.Contains(expected, s => s.StartsWith("table|WorkflowTimers|", StringComparison.Ordinal));
            Assert.Equal(expected, await SchemaAsync(scripted));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task PostgreSql_script_runs_twice_with_psql_on_an_empty_database_and_db_migrate_then_finds_it_up_to_date()
    {
        // test.sh starts a throwaway server for every run (tests/postgres.sh): this test never skips.
        var server = Environment.GetEnvironmentVariable("PLANWORKFLOWS_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("PLANWORKFLOWS_POSTGRES is not set: test.sh starts a throwaway PostgreSQL (tests/postgres.sh) and names it there");
        var folder = Directory.CreateTempSubdirectory("planworkflows-pgscript-").FullName;
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = $"pw_test_script_{Guid.NewGuid():N}" };
        try
        {
            var scriptPath = Path.Combine(folder, "schema.sql");
            var (exit, output) = await ServerProcess.RunAsync("db", "script", "--provider", "PostgreSQL", "--output", scriptPath);
            Assert.True(exit == 0, output);
            var script = await File.ReadAllTextAsync(scriptPath);

            // Each migration's statements are guarded by its history row.
            await using (var db = PlanDatabase.Create(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = ModelDriftTests.PostgreSqlWithoutServer }))
            {
                foreach (var id in db.Database.GetMigrations())
                {
                    Assert.Contains($"IF NOT EXISTS(SELECT 1 FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{id}')", script, StringComparison.Ordinal);
                }

                foreach (var entity in db.Model.GetEntityTypes())
                {
                    Assert.Contains($"CREATE TABLE \"{entity.GetTableName()}\"", script, StringComparison.Ordinal);
                }
            }

            await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString))
            {
                await admin.OpenAsync();
                await using var create = admin.CreateCommand();
                create.CommandText = $"CREATE DATABASE \"{connection.Database}\"";
                await create.ExecuteNonQueryAsync();
            }

            // The second run finds every migration applied and changes nothing; psql stops at the first error.
            for (var run = 1; run <= 2; run++)
            {
                var (psqlExit, psqlOutput) = await PsqlAsync(connection, scriptPath);
                Assert.True(psqlExit == 0, $"run {run} of the script: {psqlOutput}");
            }

            var (migrateExit, migrateOutput) = await ServerProcess.RunAsync("db", "migrate", "--provider", "PostgreSQL", "--connection", connection.ConnectionString);
            Assert.True(migrateExit == 0, migrateOutput);
            Assert.Contains("PostgreSql: up to date", migrateOutput, StringComparison.Ordinal);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString))
            {
                await admin.OpenAsync();
                await using var drop = admin.CreateCommand();
                drop.CommandText = $"DROP DATABASE IF EXISTS \"{connection.Database}\" WITH (FORCE)";
                await drop.ExecuteNonQueryAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs a script file with psql, as a DBA would: every statement as written, stopping at the first error.</summary>
    private static async Task<(int ExitCode, string Output)> PsqlAsync(NpgsqlConnectionStringBuilder connection, string scriptPath)
    {
        var info = new ProcessStartInfo("psql") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", scriptPath })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["PGHOST"] = connection.Host;
        info.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["PGUSER"] = connection.Username;
        info.Environment["PGPASSWORD"] = connection.Password;
        info.Environment["PGDATABASE"] = connection.Database;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("psql did not start (it comes with Debian's postgresql package, which tests/postgres.sh installs)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<List<string>> SchemaAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // The migrations lock table is the migrator's own bookkeeping, absent from a script by design.
        command.CommandText = "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name <> '__EFMigrationsLock' ORDER BY type, name";
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetString(0)}|{reader.GetString(1)}|{(reader.IsDBNull(2) ? string.Empty : Regex.Replace(reader.GetString(2), @"\s+", " "))}");
        }

        return rows;
    }
}
