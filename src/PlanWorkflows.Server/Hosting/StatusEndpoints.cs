using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Clock;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Server.Hosting;

/// <summary>The first pages: a plain summary and the JSON the web app will build on.</summary>
internal static class StatusEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/", async (PlanCatalogue catalogue, Func<PlanDbContext> createContext, TimeProvider clock) =>
        {
            await using var db = createContext();
            var byStatus = await db.Obligations.Where(o => !o.Removed).GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
            var mails = await db.Outbox.CountAsync();
            var label = clock is DemoTimeProvider ? "demo time" : "time";
            var lines = new List<string>
            {
                "PlanWorkflows",
                catalogue.Plan.Title,
                $"{label}: {clock.GetUtcNow():yyyy-MM-dd HH:mm} UTC",
                string.Empty,
            };
            lines.AddRange(catalogue.Areas.Select(a => $"  {a.Title}: {a.Activities.Count} activities"));
            lines.Add(string.Empty);
            lines.Add("obligations: " + string.Join(", ", byStatus.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Count}")));
            lines.Add($"mails queued or sent: {mails}");
            return Results.Text(string.Join('\n', lines) + "\n", "text/plain; charset=utf-8");
        });

        app.MapGet("/api/catalogue", (PlanCatalogue c, InstitutionDirectory i, WorkingDayCalendar cal) =>
            Results.Json(CatalogueExport.Build(c, i, cal), CatalogueExport.JsonOptions));

        app.MapGet("/api/clock", (TimeProvider clock) => Results.Json(new { now = clock.GetUtcNow(), demo = clock is DemoTimeProvider }));
    }
}
