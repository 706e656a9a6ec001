using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Obligations;

namespace PlanWorkflows.Core.Tests.Database;

/// <summary>A database made before obligations had a kind, upgraded: its meetings and reports to the Government keep counting as such.</summary>
public sealed class ObligationKindMigrationTests
{
    [Fact]
    public async Task Upgrade_gives_existing_meetings_and_reports_to_the_Government_their_kind_from_the_old_key_convention()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pw-kind-{Guid.NewGuid():N}.db");
        var options = new DatabaseOptions { ConnectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString() };
        try
        {
            await using (var db = PlanDatabase.Create(options))
            {
                var migrations = db.Database.GetMigrations().ToList();
                var kind = migrations.FindIndex(m => m.EndsWith("_ObligationKind", StringComparison.Ordinal));
                Assert.True(kind > 0, "the ObligationKind migration follows earlier ones");
                await db.GetService<IMigrator>().MigrateAsync(migrations[kind - 1]);
                foreach (var key in new[] { "education/1.1.2", MeetingSync.ActivityKey, GovernmentReport.ActivityKey })
                {
                    await db.Database.ExecuteSqlAsync($"""
                        INSERT INTO "Obligations" ("ActivityKey", "InstitutionId", "PeriodLabel", "PeriodStart", "PeriodEnd", "NominalDue", "DueDate", "Status", "EscalationLevel", "Removed", "CreatedAt", "UpdatedAt")
                        VALUES ({key}, 'moi-office', '2012-H2', '2012-07-01', '2012-12-31', '2012-12-31', '2012-12-31', 'Pending', 0, 0, '2012-09-13 06:00:00', '2012-09-13 06:00:00')
                        """);
                }

                await db.Database.MigrateAsync();
            }

            await using (var db = PlanDatabase.Create(options))
            {
                var kinds = await db.Obligations.AsNoTracking().ToDictionaryAsync(o => o.ActivityKey, o => o.Kind);
                Assert.Equal(ObligationKind.Report, kinds["education/1.1.2"]);
                Assert.Equal(ObligationKind.Meeting, kinds[MeetingSync.ActivityKey]);
                Assert.Equal(ObligationKind.GovernmentReport, kinds[GovernmentReport.ActivityKey]);
                Assert.Equal(1, await db.Obligations.CountAsync(o => o.Kind == ObligationKind.Report));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }
}
