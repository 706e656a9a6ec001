using Microsoft.EntityFrameworkCore.Design;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Migrations.SqlServer;

/// <summary>Lets 'dotnet ef migrations add' build the context for this provider without the service.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PlanDbContext>
{
    public PlanDbContext CreateDbContext(string[] args) => PlanDatabase.Create(new DatabaseOptions
    {
        Provider = DatabaseProvider.SqlServer,
        ConnectionString = "Server=localhost;Database=PlanWorkflows;Trusted_Connection=True;TrustServerCertificate=True",
    });
}
