using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Server.Office;
using PlanWorkflows.Server.Tests.Hosting;

namespace PlanWorkflows.Server.Tests.Office;

/// <summary>Issue 14: the service on its defaults, its demo clock 16 days after the plan's adoption on 13 September 2012.</summary>
public sealed class AdoptionDashboardTests
{
    [Fact]
    public async Task Started_on_its_defaults_the_dashboard_on_29_September_2012_lists_nothing_overdue()
    {
        // The shipped catalogue, calendar and workflows; the demo clock slowed down so that it stays on that day.
        await using var service = await RunningService.StartAsync(["--Clock:DemoStart=2012-09-29T07:00:00Z"]);
        await using (var db = service.App.Services.GetRequiredService<Func<PlanDbContext>>()())
        {
            await OfficeSignIn.AddAccountsAsync(service.App.Services, db);
            var obligations = (await db.Obligations.AsNoTracking().ToListAsync()).Where(o => o.Kind == ObligationKind.Report).ToList();
            Assert.NotEmpty(obligations);
            Assert.All(obligations, o => Assert.True(o.PeriodEnd >= new DateOnly(2012, 9, 13), $"{o.ActivityKey} {o.PeriodLabel}"));
        }

        using var client = await OfficeSignIn.SignedInAsync(service.BaseAddress, OfficeRoles.Viewer);
        var html = await client.GetStringAsync(new Uri("/office", UriKind.Relative));
        Assert.Contains("<div class=\"card\"><strong>0</strong>Overdue</div>", html, StringComparison.Ordinal);
        Assert.Contains("Nothing is overdue.", html, StringComparison.Ordinal);

        var status = JsonDocument.Parse(await client.GetStringAsync(new Uri("/office/api/status", UriKind.Relative))).RootElement;
        Assert.Equal("2012-09-29", status.GetProperty("asOf").GetString());
        Assert.True(status.GetProperty("totals").GetProperty("obligations").GetInt32() > 0);
        Assert.Equal(0, status.GetProperty("totals").GetProperty("overdue").GetInt32() + status.GetProperty("totals").GetProperty("escalated").GetInt32());
        Assert.Equal(0, status.GetProperty("overdue").GetArrayLength());
    }
}
