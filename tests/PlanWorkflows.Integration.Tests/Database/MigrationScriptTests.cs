using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Integration.Tests.Database;

/// <summary>
/// What a database administrator runs by hand: the script from <c>db script</c> of the real
/// executable. A SQL Server script must be safe to run again after a partial or complete run.
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
