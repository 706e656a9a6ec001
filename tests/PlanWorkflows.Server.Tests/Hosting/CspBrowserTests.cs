using Microsoft.Playwright;
using PlanWorkflows.Server.Tests.Forms;

namespace PlanWorkflows.Server.Tests.Hosting;

/// <summary>Real Chromium enforcing the policy: the form works with nothing blocked, and what the policy forbids is blocked.</summary>
public sealed class CspBrowserTests(FormApp app, ChromiumFixture chromium) : IClassFixture<FormApp>, IClassFixture<ChromiumFixture>
{
    // Injected by the browser driver, not by the page, so the policy does not apply to the listener itself.
    private const string ViolationListener =
        "window.__violations = []; document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));";

    [Fact]
    public async Task The_form_saves_a_draft_and_submits_under_its_policy_without_a_violation_while_an_inline_script_is_blocked()
    {
        var seeded = await app.SeedAsync("en");
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.AddInitScriptAsync(ViolationListener);
        var console = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") { console.Add(message.Text); } };

        var response = await page.GotoAsync(app.BaseAddress + seeded.Path.TrimStart('/'));
        Assert.Contains("default-src 'none'", (await response!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        // The stylesheet loaded under style-src 'self'.
        Assert.Equal("rgb(11, 61, 102)", await page.Locator("h1").EvaluateAsync<string>("e => getComputedStyle(e).color"));

        var training = $"o{seeded.TrainingId}";
        await page.Locator($"label[for={training}-status-Implemented]").ClickAsync();
        await page.Locator($"#{training}-narrative").FillAsync("Draft text under the policy.");
        await page.Locator("#reporter").FillAsync("Ana Perović");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await page.WaitForURLAsync("**saved=true**");
        Assert.Equal("Draft text under the policy.", await page.Locator($"#{training}-narrative").InputValueAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit report" }).ClickAsync();
        await page.WaitForURLAsync($"**{seeded.Path}/done");
        Assert.Empty(await page.EvaluateAsync<string[]>("window.__violations"));
        Assert.Empty(console);

        // The listener does see what the policy blocks: an inline script added to the receipt page never runs.
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true'; document.body.appendChild(s); }");
        await page.WaitForFunctionAsync("window.__violations.length > 0");
        Assert.Contains(await page.EvaluateAsync<string[]>("window.__violations"), v => v.StartsWith("script-src", StringComparison.Ordinal) || v.StartsWith("default-src", StringComparison.Ordinal));
        Assert.False(await page.EvaluateAsync<bool>("window.__ran === true"));
    }
}
