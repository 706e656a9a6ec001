using Microsoft.EntityFrameworkCore.Design;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Migrations.Sqlite;

/// <summary>Lets 'dotnet ef migrations add' build the context for this provider without the service.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PlanDbContext>
{
    public PlanDbContext CreateDbContext(string[] args) => PlanDatabase.Create(new DatabaseOptions
    {
        Provider = DatabaseProvider.Sqlite,
        ConnectionString = "Data Source=design-time.db",
    });
}
