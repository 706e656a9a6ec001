using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;
using PlanWorkflows.Server.Office;
using PlanWorkflows.Server.Tests.Forms;

namespace PlanWorkflows.Server.Tests.Office;

/// <summary>
/// The reports inbox and a report's page in real Chromium: the Office returns a report with a comment and accepts the
/// corrected one, and the shipped workflow waiting at its review step resumes exactly as after <c>reports review</c>;
/// a viewer sees no decision and a decision posted by hand is refused.
/// </summary>
public sealed class ReportBrowserTests(OfficeApp app, ChromiumFixture chromium) : IClassFixture<OfficeApp>, IClassFixture<ChromiumFixture>
{
    private WorkflowEngine Engine => app.Services.GetRequiredService<WorkflowEngine>();

    private async Task RunDueAsync()
    {
        for (var i = 0; i < 20 && (await Engine.RunDueAsync()).TimersClaimed > 0; i++)
        {
        }
    }

    /// <summary>An obligation due 6 March 2013 under the shipped deadline-report workflow, reminded and waiting for its report.</summary>
    private async Task<long> WaitingObligationAsync(int n)
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await using (var db = app.Db())
        {
            if (!await db.Definitions.AnyAsync(d => d.Name == "deadline-report" && d.State == DefinitionState.Published))
            {
                await DefinitionStore.PublishShippedAsync(db, DefinitionCatalog.LoadFolder(CliRunner.Repo("workflows", "definitions")).ByName.Values, now);
            }
        }

        await using (var db = app.Db())
        {
            var version = await db.Definitions.Where(d => d.Name == "deadline-report" && d.State == DefinitionState.Published).MaxAsync(d => d.Version);
            var key = $"education/7.7.{n}";
            db.Activities.Add(new ActivityRecord
            {
                Key = key, AreaId = "education", AreaCode = "EDU", AreaTitle = "Education", Code = $"7.7.{n}", Title = $"Training of teachers {n}", TimeframeText = "I Quarter of 2013",
                IndicatorsJson = """[{"name":"Number of trainings","kind":"Count","target":5}]""",
            });
            var obligation = new Obligation
            {
                ActivityKey = key, InstitutionId = OfficeApp.Institution, PeriodLabel = "2013-Q1", PeriodStart = new DateOnly(2013, 1, 1), PeriodEnd = new DateOnly(2013, 3, 31),
                NominalDue = new DateOnly(2013, 3, 6), DueDate = new DateOnly(2013, 3, 6), Status = ObligationStatus.Pending, CreatedAt = now, UpdatedAt = now,
            };
            db.Obligations.Add(obligation);
            await db.SaveChangesAsync();
            var instance = new WorkflowInstance { DefinitionName = "deadline-report", DefinitionVersion = version, ObligationId = obligation.Id, Status = InstanceStatus.Running, CreatedAt = now, UpdatedAt = now };
            db.Instances.Add(instance);
            await db.SaveChangesAsync();
            db.Timers.Add(new WorkflowTimer { InstanceId = instance.Id, Kind = TimerKind.Start, DueAt = now });
            await db.SaveChangesAsync();
            await RunDueAsync();
            return obligation.Id;
        }
    }

    private async Task ReportAsync(long obligationId, string narrative, string trainings)
    {
        await using (var db = app.Db())
        {
            var report = await WorkflowEngine.SubmitReportAsync(db, obligationId, ImplementationStatus.Implemented, narrative, "form", "Focal Point", app.Clock.GetUtcNow().UtcDateTime);
            report.IndicatorsJson = $$"""{"Number of trainings":{{trainings}}}""";
            await db.SaveChangesAsync();
        }

        await RunDueAsync();
        await using var check = app.Db();
        Assert.Contains(await check.Bookmarks.Where(b => check.Instances.Any(i => i.Id == b.InstanceId && i.ObligationId == obligationId)).Select(b => b.Kind).ToListAsync(), k => k == ResumeEvent.Review);
    }

    private async Task<(IBrowserContext Context, IPage Page)> SignInAsync(string role, string path)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = "en-GB", BaseURL = app.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await OfficeSignIn.OpenSignedInAsync(page, app.BaseAddress, path, role);
        return (context, page);
    }

    [Fact]
    public async Task The_office_returns_a_report_with_a_comment_and_accepts_the_corrected_one_and_the_workflow_resumes()
    {
        var obligation = await WaitingObligationAsync(1);
        await ReportAsync(obligation, "Four trainings held.", "4");

        var (context, page) = await SignInAsync(OfficeRoles.Office, "/office/reports");
        await using var _ = context;
        Assert.Equal("Reports received", await page.Locator("main h1").TextContentAsync());
        var row = page.Locator("tr", new() { Has = page.Locator($"a[href='/office/reports/{obligation}']") });
        Assert.Contains("New", await row.TextContentAsync(), StringComparison.Ordinal);
        await row.GetByRole(AriaRole.Link, new() { Name = "EDU 7.7.1" }).ClickAsync();
        // Enhanced navigation changes the address before the page: wait for the page.
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("EDU 7.7.1 · Test Ministry");
        var trainings = page.Locator("tr", new() { Has = page.Locator("th", new() { HasText = "Number of trainings" }) });
        Assert.Equal(["Number of trainings", "5", "4", string.Empty], (await trainings.Locator("th, td").AllTextContentsAsync()).Select(t => t.Trim()));

        // A return without a comment is stopped by the browser; the comment goes with the return.
        await page.GetByLabel("What the institution should add").FillAsync("Please list the places and dates of the trainings.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Return to the institution" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync("The report was returned to the institution.");
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Accept" }).CountAsync());

        // The engine takes the decision as it takes the verb's: the obligation is Returned and the institution is told.
        await RunDueAsync();
        await using (var db = app.Db())
        {
            Assert.Equal(ObligationStatus.Returned, (await db.Obligations.SingleAsync(o => o.Id == obligation)).Status);
            var mail = await db.Outbox.SingleAsync(m => m.ObligationId == obligation && m.Template == "report-returned");
            Assert.Equal("focal@test-ministry.example", mail.To);
            Assert.Contains(await db.Audit.Where(a => a.EntityId == obligation.ToString()).Select(a => new { a.Action, a.User }).ToListAsync(), a => a.Action == "report-returned" && a.User == OfficeApp.OfficeEmail);
        }

        await ReportAsync(obligation, "Five trainings: Podgorica, Bar, Nikšić, Cetinje, Berane.", "5");
        await page.GotoAsync("/office/reports?state=Resubmitted");
        Assert.Equal(1, await page.Locator("main tbody tr").CountAsync());
        await page.Locator($"a[href='/office/reports/{obligation}']").ClickAsync();
        await Assertions.Expect(page.Locator("#report-state")).ToHaveTextAsync("Resubmitted");
        var changes = page.Locator("#v2 ~ .scroll table.changes");
        Assert.Contains("Indicator: Number of trainings", await changes.TextContentAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync("The report was accepted.");

        await RunDueAsync();
        await using var check = app.Db();
        Assert.Equal(ObligationStatus.Accepted, (await check.Obligations.SingleAsync(o => o.Id == obligation)).Status);
        Assert.Equal(InstanceStatus.Completed, (await check.Instances.SingleAsync(i => i.ObligationId == obligation)).Status);
        Assert.Equal([ReviewOutcome.Returned, ReviewOutcome.Accepted], await check.Reports.Where(r => r.ObligationId == obligation).OrderBy(r => r.Version).Select(r => r.Review).ToListAsync());
    }

    [Fact]
    public async Task A_viewer_reads_a_report_without_decision_controls_and_a_decision_posted_by_hand_is_refused()
    {
        var obligation = await WaitingObligationAsync(2);
        await ReportAsync(obligation, "Three trainings held.", "3");

        var (context, page) = await SignInAsync(OfficeRoles.Viewer, $"/office/reports/{obligation}");
        await using var _ = context;
        Assert.Equal("EDU 7.7.2 · Test Ministry", await page.Locator("main h1").TextContentAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Accept" }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Return to the institution" }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Save the report" }).CountAsync());
        Assert.Equal("Waits for the Office's decision.", await page.Locator("main p.muted", new() { HasText = "Waits" }).TextContentAsync());

        // The post the Office's button makes, with the viewer's own valid token.
        var status = await page.EvaluateAsync<int>(@"async id => {
            const token = document.querySelector('input[name=__RequestVerificationToken]').value;
            const body = new URLSearchParams({ __RequestVerificationToken: token, version: '1', comment: 'forged' });
            const response = await fetch('/office/reports/' + id + '/return', { method: 'POST', body });
            return response.status;
        }", obligation);
        Assert.Equal(403, status);
        await using var db = app.Db();
        Assert.Equal(ObligationStatus.Reported, (await db.Obligations.SingleAsync(o => o.Id == obligation)).Status);
        Assert.Null((await db.Reports.SingleAsync(r => r.ObligationId == obligation)).Review);
    }
}
