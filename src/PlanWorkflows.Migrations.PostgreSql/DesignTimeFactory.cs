using Microsoft.EntityFrameworkCore.Design;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Migrations.PostgreSql;

/// <summary>Lets 'dotnet ef migrations add' build the context for this provider without the service.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PlanDbContext>
{
    public PlanDbContext CreateDbContext(string[] args) => PlanDatabase.Create(new DatabaseOptions
    {
        Provider = DatabaseProvider.PostgreSql,
        ConnectionString = "Host=localhost;Database=planworkflows;Username=planworkflows",
    });
}
