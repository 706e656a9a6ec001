using Microsoft.Data.Sqlite;
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

    public static TheoryData<string> Providers => [Sqlite];

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
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "no such provider for a service run");
        }
    }
}
