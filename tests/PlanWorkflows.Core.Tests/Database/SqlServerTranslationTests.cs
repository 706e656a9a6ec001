using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Core.Tests.Database;

/// <summary>What the SQL Server provider would send, read without a server (the SQL is generated, not run).</summary>
public sealed class SqlServerTranslationTests
{
    private static PlanDbContext SqlServer() =>
        PlanDatabase.Create(new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = "Server=sql.invalid;Database=PlanWorkflows;Encrypt=True" });

    /// <remarks>
    /// EF Core 10 sends a short list as one parameter per element; SQL Server refuses more than 2,100 in a
    /// statement, and a pack reads 3,000 obligations by id. The provider must switch to one JSON parameter.
    /// </remarks>
    [Fact]
    public void A_list_of_thousands_of_ids_goes_as_one_json_parameter_not_past_sql_servers_2100_parameter_limit()
    {
        using var db = SqlServer();
        var ids = Enumerable.Range(1, 3_000).Select(i => (long)i).ToList();

        var sql = db.Obligations.Where(o => ids.Contains(o.Id)).ToQueryString();

        Assert.Contains("OPENJSON(@ids)", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("@ids1,", sql, StringComparison.Ordinal);
        Assert.Single(sql.Split('\n'), line => line.StartsWith("DECLARE @", StringComparison.Ordinal));
    }
}
