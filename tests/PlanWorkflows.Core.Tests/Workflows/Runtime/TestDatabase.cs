using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Core.Tests.Workflows.Runtime;

/// <summary>Where <see cref="EngineFixture"/> keeps its data: a SQLite file in the fixture's scratch folder.</summary>
internal static class TestDatabase
{
    public static DbContextOptions<PlanDbContext> Create(string folder) =>
        PlanDatabase.Options(new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(folder, "plan.db")};Pooling=False" });

    public static void Drop(DbContextOptions<PlanDbContext> options) => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
}
