using Microsoft.EntityFrameworkCore;
using Npgsql;
using PlanWorkflows.Core.Data;

// The linked tests and fixture live in the SQLite suite's namespaces; this is their database here.
namespace PlanWorkflows.Core.Tests.Workflows.Runtime;

/// <summary>
/// Where <see cref="EngineFixture"/> keeps its data in this suite: a fresh database on the PostgreSQL server
/// named by PLANWORKFLOWS_POSTGRES, one per fixture, dropped afterwards.
/// </summary>
internal static class TestDatabase
{
    public const string Variable = "PLANWORKFLOWS_POSTGRES";

    /// <summary>This suite runs in every test run: a missing server is a failure that names the variable, never a skip.</summary>
    public static string ServerConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException(
            $"{Variable} is not set: the PostgreSQL suite needs a server. test.sh starts one (tests/postgres.sh); by hand: eval \"$(tests/postgres.sh start)\", then run the tests, then tests/postgres.sh stop");

    public static DatabaseOptions Options(string name) => new()
    {
        Provider = DatabaseProvider.PostgreSql,
        ConnectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString,
    };

    /// <summary>PostgreSQL folds unquoted names to lower case and cuts them at 63 bytes: the name is both, and unique in its first 63.</summary>
    public static string NewName(string purpose)
    {
        var prefix = $"pw_test_{purpose.ToLowerInvariant().Replace('-', '_')}";
        return $"{prefix[..Math.Min(prefix.Length, 30)]}_{Guid.NewGuid():N}";
    }

    public static DbContextOptions<PlanDbContext> Create(string folder) => PlanDatabase.Options(Options(NewName(Path.GetFileName(folder))));

    public static void Drop(DbContextOptions<PlanDbContext> options)
    {
        using var db = new PlanDbContext(options);
        // Idle pooled connections to the database would keep it from being dropped.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(db.Database.GetConnectionString()));
        db.Database.EnsureDeleted();
    }
}
