using Microsoft.Data.Sqlite;
using Npgsql;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Integration.Tests;

/// <summary>A database for one service run, on each provider the runs are proven on; dropped afterwards.</summary>
internal sealed class RunDatabase(DatabaseOptions options, Func<Task> drop) : IAsyncDisposable
{
    public DatabaseOptions Options { get; } = options;

    public async ValueTask DisposeAsync() => await drop();
}

internal static class RunDatabases
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSql";

    /// <summary>Both, in every run: SQLite (the embedded default) and PostgreSQL (the server path, writers really concurrent).</summary>
    public static TheoryData<string> Providers => [Sqlite, PostgreSql];

    public static Task<RunDatabase> CreateAsync(string provider, string name)
    {
        switch (provider)
        {
            case Sqlite:
                var folder = Directory.CreateTempSubdirectory($"planworkflows-{name}-db-").FullName;
                var options = new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(folder, "plan.db")};Pooling=False" };
                return Task.FromResult(new RunDatabase(options, () =>
                {
                    SqliteConnection.ClearAllPools();
                    Directory.Delete(folder, recursive: true);
                    return Task.CompletedTask;
                }));
            case PostgreSql:
                return CreateOnAsync(PostgresServer.Shared, name);
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "no such provider for a service run");
        }
    }

    /// <summary>A fresh, empty database on a PostgreSQL server; the service's own migrations make its schema.</summary>
    public static async Task<RunDatabase> CreateOnAsync(string serverConnectionString, string name)
    {
        var database = $"planworkflows_{name}_{Guid.NewGuid():N}"[..48];
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = admin.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{database}\"";
            await create.ExecuteNonQueryAsync();
        }

        var options = new DatabaseOptions
        {
            Provider = DatabaseProvider.PostgreSql,
            ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString,
        };
        return new RunDatabase(options, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
            await admin.OpenAsync();
            await using var drop = admin.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        });
    }
}
