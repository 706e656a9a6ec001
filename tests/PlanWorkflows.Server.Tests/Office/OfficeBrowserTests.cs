using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Server.Office;
using PlanWorkflows.Server.Tests.Forms;

namespace PlanWorkflows.Server.Tests.Office;

/// <summary>The Office app in real Chromium: sign in, every page per role, what a viewer can't do, what the Office does.</summary>
public sealed class OfficeBrowserTests(OfficeApp app, ChromiumFixture chromium) : IClassFixture<OfficeApp>, IClassFixture<ChromiumFixture>
{
    private static readonly string[] Everyone = ["/office", "/office/catalogue", "/office/institutions", "/office/instances", "/office/review", "/office/extensions", "/office/outbox"];

    private async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> SignInAsync(string role)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-GB",
            BaseURL = app.BaseAddress.ToString(),
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            // A refused page is a 403 the browser reports on the console; anything else is a fault.
            if (message.Type == "error" && !message.Text.Contains("403", StringComparison.Ordinal))
            {
                errors.Add($"{message.Text} {message.Location}");
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        await OfficeSignIn.OpenSignedInAsync(page, app.BaseAddress, "/office", role);
        Assert.Equal("Dashboard", await page.Locator("h1").TextContentAsync());
        return (context, page, errors);
    }

    [Theory]
    [InlineData(OfficeRoles.Office)]
    [InlineData(OfficeRoles.Secretary)]
    [InlineData(OfficeRoles.Viewer)]
    public async Task Every_page_loads_for_each_role_and_the_pages_it_may_not_open_are_refused(string role)
    {
        var seeded = await app.SeedAsync();
        var (context, page, errors) = await SignInAsync(role);
        await using var _ = context;
        var allowed = Everyone.Append($"/office/instances/{seeded.FaultedId}").Append($"/office/institutions/{OfficeApp.Institution}").ToList();
        var refused = new List<string>();
        (role == OfficeRoles.Viewer ? refused : allowed).Add("/office/packs");
        (role == OfficeRoles.Office ? allowed : refused).Add("/office/audit");
        foreach (var path in allowed)
        {
            var response = await page.GotoAsync(path);
            Assert.True(response!.Status == 200, $"{role} {path}: {response.Status}");
            Assert.False(string.IsNullOrWhiteSpace(await page.Locator("main h1").TextContentAsync()));
            Assert.Equal("rgb(11, 61, 102)", await page.Locator("header.top").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        }

        foreach (var path in refused)
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(403, response!.Status);
            Assert.Equal("Not allowed", await page.Locator("main h1").TextContentAsync());
        }

        // The navigation offers only what the role may open.
        await page.GotoAsync("/office");
        Assert.Equal(role != OfficeRoles.Viewer, await page.Locator("nav a[href='/office/packs']").CountAsync() == 1);
        Assert.Equal(role == OfficeRoles.Office, await page.Locator("nav a[href='/office/designer']").CountAsync() == 1);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_viewer_sees_no_change_buttons_and_a_change_submitted_by_hand_is_refused()
    {
        var seeded = await app.SeedAsync();
        var (context, page, _) = await SignInAsync(OfficeRoles.Viewer);
        await using var __ = context;
        await page.GotoAsync("/office/outbox?status=DeadLetter");
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Resend" }).CountAsync());
        await page.GotoAsync($"/office/instances/{seeded.FaultedId}");
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Retry" }).CountAsync());
        Assert.Equal(["Sign out"], await page.Locator("main button, header button").AllTextContentsAsync());

        // The same post the Office's button makes, with the viewer's own valid token.
        var status = await page.EvaluateAsync<int>(@"async id => {
            const token = document.querySelector('input[name=__RequestVerificationToken]').value;
            const body = new URLSearchParams({ __RequestVerificationToken: token });
            const response = await fetch('/office/outbox/' + id + '/resend', { method: 'POST', body });
            return response.status;
        }", seeded.DeadLetterId);
        Assert.Equal(403, status);
        await using var db = app.Db();
        Assert.Equal(OutboxStatus.DeadLetter, (await db.Outbox.SingleAsync(m => m.Id == seeded.DeadLetterId)).Status);
    }

    [Fact]
    public async Task The_office_retries_an_incident_and_resends_a_dead_letter()
    {
        var seeded = await app.SeedAsync();
        var (context, page, errors) = await SignInAsync(OfficeRoles.Office);
        await using var _ = context;
        await page.GetByRole(AriaRole.Link, new() { Name = "Instances" }).ClickAsync();
        var incident = page.Locator("#incidents + .scroll tr", new() { HasText = $"template failed" }).Locator($"a[href='/office/instances/{seeded.FaultedId}']");
        await incident.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        Assert.Equal("The instance will run again.", await page.Locator(".notice").TextContentAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Retry" }).CountAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Outbox" }).ClickAsync();
        var row = page.Locator("tr", new() { Has = page.Locator($"form[action='/office/outbox/{seeded.DeadLetterId}/resend']") });
        Assert.Contains("550 mailbox unavailable", await row.TextContentAsync(), StringComparison.Ordinal);
        await row.GetByRole(AriaRole.Button, new() { Name = "Resend" }).ClickAsync();
        Assert.Equal("The mail is queued again.", await page.Locator(".notice").TextContentAsync());
        Assert.Contains("status=Queued", page.Url, StringComparison.Ordinal);

        await using var db = app.Db();
        Assert.Equal(InstanceStatus.Running, (await db.Instances.SingleAsync(i => i.Id == seeded.FaultedId)).Status);
        Assert.Equal(OutboxStatus.Queued, (await db.Outbox.SingleAsync(m => m.Id == seeded.DeadLetterId)).Status);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_dashboard_shows_its_chart_in_both_languages_and_is_kept_as_a_screenshot()
    {
        await app.SeedAsync();
        var (context, page, errors) = await SignInAsync(OfficeRoles.Office);
        await using var _ = context;
        var chart = page.Locator("img.chart");
        await chart.ScrollIntoViewIfNeededAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('img.chart').complete && document.querySelector('img.chart').naturalWidth > 0");
        Assert.Equal(800, await chart.EvaluateAsync<int>("img => img.naturalWidth"));
        Assert.True(await page.Locator("#overdue + .scroll tr", new() { HasText = "Test Ministry" }).CountAsync() > 0);
        var path = Path.Combine(app.ArtifactsFolder, "office-dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        Assert.True(new FileInfo(path).Length > 20_000);

        await page.GetByRole(AriaRole.Link, new() { Name = "Crnogorski" }).ClickAsync();
        Assert.Equal("Pregled", await page.Locator("main h1").TextContentAsync());
        Assert.Equal("cnr", await page.Locator("html").GetAttributeAsync("lang"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Odlazna pošta" }).ClickAsync();
        Assert.Equal("Odlazna pošta", await page.Locator("main h1").TextContentAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_razor_page_navigates_without_reloading_under_the_strict_content_security_policy()
    {
        await using var db = app.Db();
        db.Audit.Add(new AuditEntry { At = app.Clock.GetUtcNow().UtcDateTime, User = "enhanced@example.org", Action = "tested", Entity = "EnhancedNavigation", EntityId = "1" });
        await db.SaveChangesAsync();
        var (context, page, errors) = await SignInAsync(OfficeRoles.Office);
        await using var _ = context;
        var response = await page.GotoAsync("/office/audit");
        Assert.Contains("script-src 'self'", response!.Headers["content-security-policy"], StringComparison.Ordinal);
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
        await page.EvaluateAsync("() => window.stillTheSameDocument = true");
        await page.Locator("nav.filters").GetByRole(AriaRole.Link, new() { Name = "EnhancedNavigation" }).ClickAsync();
        await page.WaitForURLAsync("**/office/audit?entity=EnhancedNavigation");
        await Assertions.Expect(page.Locator("main tbody tr")).ToHaveCountAsync(1);
        Assert.Contains("enhanced@example.org", await page.Locator("main tbody").TextContentAsync(), StringComparison.Ordinal);
        // Enhanced navigation fetched the page and patched this document: the script's state is still there.
        Assert.True(await page.EvaluateAsync<bool>("() => window.stillTheSameDocument === true"));
        Assert.Empty(errors);
    }
}
