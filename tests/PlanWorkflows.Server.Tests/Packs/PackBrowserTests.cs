using Microsoft.Playwright;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Server.Hosting;
using PlanWorkflows.Server.Tests.Forms;

namespace PlanWorkflows.Server.Tests.Packs;

/// <summary>The HTML pack as the secretary opens it from the mailed link: real Chromium against the running service.</summary>
public sealed class PackBrowserTests(PackArchiveApp app, ChromiumFixture chromium) : IClassFixture<PackArchiveApp>, IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task The_html_pack_opens_from_its_link_with_headings_tables_and_a_drawn_chart()
    {
        var html = Path.GetFileName(app.Files.Single(f => f.EndsWith(".html", StringComparison.Ordinal)));
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            BaseURL = app.BaseAddress.ToString(),
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        var response = await page.GotoAsync(app.Links.Url(PackEndpoints.Prefix, PackBuilder.Date(PackArchiveApp.Meeting), html));
        Assert.Equal(200, response!.Status);

        Assert.Equal(PackLabels.English.Title, (await page.Locator("h1").InnerTextAsync()).Trim());
        var sections = await page.Locator("h2").AllInnerTextsAsync();
        Assert.Equal([PackLabels.English.Agenda, PackLabels.English.Summary, PackLabels.English.Overdue, PackLabels.English.Activities, PackLabels.English.IndicatorTable, PackLabels.English.ItemsForDecision],
            sections.Select(s => s.Trim()));
        Assert.True(await page.Locator("table").CountAsync() >= 3);
        // Repeated header rows when printed need a real thead in every table.
        Assert.Equal(await page.Locator("table").CountAsync(), await page.Locator("table > thead").CountAsync());
        // Every implementer has its row, those without a report too: the narrative is in the row of the one that reported.
        Assert.Contains("Two trainings <b>held</b>.", await page.Locator("td.narrative").Filter(new LocatorFilterOptions { HasText = "Two trainings" }).First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("td b").CountAsync());

        var chart = page.Locator("img");
        Assert.Equal(PackLabels.English.Chart, await chart.GetAttributeAsync("alt"));
        var width = await chart.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0");
        Assert.True(width > 0, "the chart image did not load");

        var shot = Path.Combine(app.ArtifactsFolder, $"pack-{PackBuilder.Date(PackArchiveApp.Meeting)}-en.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 10_000);
    }
}
