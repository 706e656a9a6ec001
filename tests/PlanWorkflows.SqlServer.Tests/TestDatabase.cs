using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;

// The linked tests and fixture live in the SQLite suite's namespaces; this is their database here.
namespace PlanWorkflows.Core.Tests.Workflows.Runtime;

/// <summary>
/// Where <see cref="EngineFixture"/> keeps its data in this suite: a fresh database on the SQL Server
/// named by PLANWORKFLOWS_SQLSERVER, one per fixture, dropped afterwards.
/// </summary>
internal static class TestDatabase
{
    public const string Variable = "PLANWORKFLOWS_SQLSERVER";

    public static string ServerConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"set {Variable} to a SQL Server connection string (a login that may create databases) to run this suite");

    public static DatabaseOptions Options(string name) => new()
    {
        Provider = DatabaseProvider.SqlServer,
        ConnectionString = new SqlConnectionStringBuilder(ServerConnectionString) { InitialCatalog = name }.ConnectionString,
    };

    public static DbContextOptions<PlanDbContext> Create(string folder) =>
        PlanDatabase.Options(Options($"PlanWorkflowsTest_{Path.GetFileName(folder).Replace('-', '_')}_{Guid.NewGuid():N}"[..60]));

    public static void Drop(DbContextOptions<PlanDbContext> options)
    {
        using var db = new PlanDbContext(options);
        db.Database.EnsureDeleted();
    }
}
