using System.Diagnostics;
using Npgsql;
using PlanWorkflows.Core.Tests;

namespace PlanWorkflows.Integration.Tests;

/// <summary>
/// The throwaway PostgreSQL of the test run (tests/postgres.sh, started by test.sh and named in PLANWORKFLOWS_POSTGRES),
/// or one of a test's own, for what would disturb every other suite on the shared one: a restart.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    public const string Variable = "PLANWORKFLOWS_POSTGRES";

    private readonly string? _name;

    private PostgresServer(string connectionString, string? name)
    {
        ConnectionString = connectionString;
        _name = name;
    }

    public string ConnectionString { get; }

    /// <summary>The run's shared server; missing, the test fails and says how to start one.</summary>
    public static string Shared => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{Variable} is not set: the PostgreSQL tests need a server. Run ./test.sh, or: eval \"$(tests/postgres.sh start)\"");

    /// <summary>A cluster of this test's own (its own folder and port), made and started by tests/postgres.sh.</summary>
    public static async Task<PostgresServer> StartOwnAsync(string name)
    {
        var export = await ScriptAsync(name, "start");
        const string prefix = $"export {Variable}='";
        var line = export.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return new PostgresServer(line[prefix.Length..].TrimEnd('\''), name);
    }

    /// <summary>Stops the server (fast: sessions are cut) and starts it again on the same port and data.</summary>
    public Task RestartAsync() => _name is null
        ? throw new InvalidOperationException("the shared server is never restarted by a test")
        : ScriptAsync(_name, "restart");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_name is not null)
        {
            await ScriptAsync(_name, "stop");
        }
    }

    private static async Task<string> ScriptAsync(string name, string verb)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(RepoPaths.Combine("tests", "postgres.sh"));
        info.ArgumentList.Add(verb);
        info.Environment["PLANWORKFLOWS_POSTGRES_NAME"] = name;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not run tests/postgres.sh");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"tests/postgres.sh {verb} ({name}) failed ({process.ExitCode}):\n{await error}");
    }
}
