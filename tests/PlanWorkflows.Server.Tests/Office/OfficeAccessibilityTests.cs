using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using PlanWorkflows.Server.Office;
using PlanWorkflows.Server.Tests.Forms;

namespace PlanWorkflows.Server.Tests.Office;

/// <summary>The Razor pages in Chromium for each role: axe-core finds nothing serious, and a phone's width needs no sideways scrolling.</summary>
public sealed class OfficeAccessibilityTests(OfficeApp app, ChromiumFixture chromium) : IClassFixture<OfficeApp>, IClassFixture<ChromiumFixture>
{
    /// <summary>The pages built as Razor components, with the least role that may open each.</summary>
    private static readonly (string Path, string[] Roles)[] Pages =
    [
        ("/office", OfficeRoles.All.ToArray()),
        ("/office/reports", OfficeRoles.All.ToArray()),
        ("/office/catalogue", OfficeRoles.All.ToArray()),
        ("/office/studio", OfficeRoles.All.ToArray()),
        ("/office/outbox", OfficeRoles.All.ToArray()),
        ("/office/packs", [OfficeRoles.Office, OfficeRoles.Secretary]),
        ("/office/audit", [OfficeRoles.Office]),
    ];

    private async Task<(IBrowserContext Context, IPage Page)> SignedInAsync(string role, int width)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 844 },
            Locale = "en-GB",
            BaseURL = app.BaseAddress.ToString(),
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await OfficeSignIn.OpenSignedInAsync(page, app.BaseAddress, "/office", role);
        return (context, page);
    }

    private static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page, string where)
    {
        var result = await page.RunAxe();
        return [.. result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{where}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")];
    }

    [Theory]
    [InlineData(OfficeRoles.Office)]
    [InlineData(OfficeRoles.Secretary)]
    [InlineData(OfficeRoles.Viewer)]
    public async Task No_page_has_a_serious_or_critical_accessibility_violation(string role)
    {
        await app.SeedAsync();
        await using (var anonymous = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString() }))
        {
            var signIn = await anonymous.NewPageAsync();
            await signIn.GotoAsync(OfficePaths.SignIn);
            Assert.Empty(await SeriousViolationsAsync(signIn, OfficePaths.SignIn));
        }

        var (context, page) = await SignedInAsync(role, 1280);
        await using var _ = context;
        var found = new List<string>();
        foreach (var (path, roles) in Pages.Where(p => p.Roles.Contains(role)))
        {
            foreach (var language in OfficeLanguages.All)
            {
                var response = await page.GotoAsync($"{path}?lang={language}");
                Assert.Equal(200, response!.Status);
                found.AddRange(await SeriousViolationsAsync(page, $"{role} {path} {language}"));
            }
        }

        Assert.Empty(found);
    }

    [Theory]
    [InlineData(OfficeRoles.Office)]
    [InlineData(OfficeRoles.Viewer)]
    public async Task Every_page_fits_a_phone_390_pixels_wide(string role)
    {
        await app.SeedAsync();
        var (context, page) = await SignedInAsync(role, 390);
        await using var _ = context;
        var wide = new List<string>();
        foreach (var (path, _) in Pages.Where(p => p.Roles.Contains(role)).Append((OfficePaths.SignIn, [])))
        {
            await page.GotoAsync(path);
            var widths = await page.EvaluateAsync<int[]>("() => [document.body.scrollWidth, document.documentElement.clientWidth]");
            if (widths[0] > widths[1])
            {
                wide.Add($"{path}: {widths[0]} px wide in a {widths[1]} px window");
            }
        }

        Assert.Empty(wide);
    }
}
