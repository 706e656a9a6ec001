using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Simulation;
using PlanWorkflows.Core.Status;
using PlanWorkflows.Core.Tests;
using PlanWorkflows.Core.Tests.Packs;
using PlanWorkflows.Server.Office;
using PlanWorkflows.Server.Office.Pages;

namespace PlanWorkflows.Server.Tests.Office;

/// <summary>
/// The shipped plan simulated from its adoption to 4 March 2013 (realistic replies), then the Office's pages served
/// over that database on that day: what they show is named, dated and in the Government's vocabulary.
/// </summary>
public sealed class DashboardStatusTests : IAsyncLifetime
{
    private static readonly string Catalogue = RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.yaml");
    private readonly string _folder = Directory.CreateTempSubdirectory("dashboard-status-").FullName;
    private OfficeApp _app = null!;

    private string Database => Path.Combine(_folder, "sim", PlanSimulator.DatabaseFile);

    public async Task InitializeAsync()
    {
        await Task.Run(() => new PlanSimulator().RunAsync(new SimulationOptions
        {
            CataloguePath = Catalogue, OutputFolder = Path.Combine(_folder, "sim"), Replies = ReplyMode.Realistic, Seed = 1,
            To = new DateOnly(2013, 3, 3), TemplatesFolder = RepoPaths.Combine("email-templates"),
            Meetings = MeetingPlan.Empty,
        }));
        SqliteConnection.ClearAllPools();
        // The Office app's clock stands on 4 March 2013.
        _app = new OfficeApp($"--Database:ConnectionString=Data Source={Database};Pooling=False");
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static List<string> Keys()
    {
        var catalogue = CatalogueYaml.Load(Catalogue);
        return [.. catalogue.Areas.Select(a => a.Id).Concat(InstitutionDirectory.Load(RepoPaths.Combine("workflows", "institutions.yaml")).Ids)];
    }

    [Theory]
    [InlineData("en", "escalated to the head of the institution ", "Activities by implementation status", "No report received")]
    [InlineData("cnr", "eskalirano: rukovodiocu institucije ", "Aktivnosti prema statusu realizacije", "Nije dostavljen izvještaj")]
    public async Task The_dashboard_names_areas_and_institutions_and_tells_overdue_history_as_dated_events(string language, string escalated, string byStatus, string noReport)
    {
        using var client = await _app.SignedInAsync(OfficeRoles.Viewer);
        var html = await client.GetStringAsync(new Uri($"/office?lang={language}", UriKind.Relative));

        var pieces = VisibleKeys.OfHtml(html);
        Assert.Empty(VisibleKeys.Find(pieces, Keys()));
        Assert.Contains("Prevention and Education", pieces);
        // The overdue list's history: events with their dates, no journal lines.
        Assert.Contains(pieces, p => p.StartsWith(escalated, StringComparison.Ordinal) && char.IsAsciiDigit(p[escalated.Length]));
        Assert.DoesNotContain("→", html, StringComparison.Ordinal);
        Assert.DoesNotContain(pieces, p => p.StartsWith("escalation-", StringComparison.Ordinal));
        // Activities counted in the Government's vocabulary, by the one rule.
        Assert.Contains(byStatus, pieces);
        Assert.Contains(noReport, pieces);
    }

    [Fact]
    public async Task The_chart_by_area_is_labelled_with_the_areas_names_and_the_activities_counted_by_the_rule()
    {
        await using var db = _app.Db();
        var calendar = _app.Services.GetRequiredService<WorkingDayCalendar>();
        var status = PlanStatus.Build(db, calendar, new DateOnly(2013, 3, 4));

        var labels = StatusChart.AxisLabels(status);
        Assert.Equal(status.Areas.Count, labels.Count);
        Assert.Contains("Prevention and Education", labels);
        Assert.Empty(VisibleKeys.Find(labels, Keys()));
        Assert.All(labels, l => Assert.True(l.Length <= 30, l));

        // An activity is Implemented only when every implementer that owed a report said so.
        Assert.All(status.Activities.Where(a => a.Status == ImplementationStatus.Implemented),
            a => Assert.All(a.Institutions.Where(i => i.Owes), i => Assert.Equal(ImplementationStatus.Implemented, i.Status)));
        Assert.Contains(status.Activities, a => a.Institutions.Count > 1 && a.Institutions.Any(i => i.Status == ImplementationStatus.Implemented) && a.Status != ImplementationStatus.Implemented);
    }

    [Fact]
    public async Task An_escalated_obligations_instance_page_tells_its_history_above_the_journal()
    {
        long instance;
        await using (var db = _app.Db())
        {
            var escalated = await db.Obligations.AsNoTracking().Where(o => o.Status == ObligationStatus.Escalated).Select(o => o.Id).FirstAsync();
            instance = await db.Instances.AsNoTracking().Where(i => i.ObligationId == escalated).Select(i => i.Id).FirstAsync();
        }

        using var client = await _app.SignedInAsync(OfficeRoles.Viewer);
        var html = await client.GetStringAsync(new Uri($"/office/instances/{instance}?lang=en", UriKind.Relative));

        var history = html.IndexOf("<h2>History</h2>", StringComparison.Ordinal);
        var journal = html.IndexOf("<h2>Journal</h2>", StringComparison.Ordinal);
        Assert.InRange(history, 0, journal);
        var items = VisibleKeys.OfHtml(html[history..journal]).Skip(1).ToList();
        Assert.StartsWith("reminded ", items[0], StringComparison.Ordinal);
        Assert.Contains(items, i => i.StartsWith("overdue ", StringComparison.Ordinal));
        Assert.Contains(items, i => i.StartsWith("escalated to the head of the institution ", StringComparison.Ordinal));
        Assert.All(items, i => Assert.Matches(@" \d{1,2} [A-Z][a-z]+ 201[23]$", i));
    }
}
