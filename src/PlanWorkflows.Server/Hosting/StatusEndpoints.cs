using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Clock;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Status;
using PlanWorkflows.Server.Office;

namespace PlanWorkflows.Server.Hosting;

/// <summary>A plain summary (counts only, no institution), the plan as JSON, the clock, and the status JSON for signed-in staff.</summary>
internal static class StatusEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/", async (PlanCatalogue catalogue, Func<PlanDbContext> createContext, TimeProvider clock) =>
        {
            await using var db = createContext();
            // Meetings are kept as obligations of a pseudo-activity so the engine can run them; they are not reporting duties.
            var byStatus = await db.Obligations.Where(o => !o.Removed && o.Kind == ObligationKind.Report).GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
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
            lines.Add(string.Empty);
            lines.Add($"Office pages: {OfficePaths.Root} (sign in; the first account comes from the 'users add' command)");
            return Results.Text(string.Join('\n', lines) + "\n", "text/plain; charset=utf-8");
        });

        app.MapGet("/api/catalogue", (PlanCatalogue c, InstitutionDirectory i, WorkingDayCalendar cal) =>
            Results.Json(CatalogueExport.Build(c, i, cal), CatalogueExport.JsonOptions));

        // The same object as 'status --format json'. Without asOf: the service clock's UTC date, so a
        // demo clock shows the demo's today. It names the institutions that are overdue, and the web role
        // also faces the implementers on the internet: signed-in staff only, any role.
        app.MapGet(OfficePaths.Status, async (string? asOf, Func<PlanDbContext> createContext, WorkingDayCalendar calendar, TimeProvider clock) =>
        {
            DateOnly date;
            if (asOf is null)
            {
                date = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            }
            else if (!DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                return Results.BadRequest(new { error = $"asOf '{asOf}': expected a date as yyyy-MM-dd" });
            }

            await using var db = createContext();
            return Results.Json(PlanStatus.Build(db, calendar, date), PlanStatus.JsonOptions);
        }).RequireAuthorization(OfficePolicies.Viewer);

        app.MapGet("/api/clock", (TimeProvider clock) => Results.Json(new { now = clock.GetUtcNow(), demo = clock is DemoTimeProvider }));
    }
}
