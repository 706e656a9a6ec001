using System.Diagnostics;
using Microsoft.Playwright;
using PlanWorkflows.Server.Office;
using PlanWorkflows.Server.Studio;
using PlanWorkflows.Server.Tests.Designer;
using PlanWorkflows.Server.Tests.Forms;
using PlanWorkflows.Server.Tests.Office;
using static Microsoft.Playwright.Assertions;

namespace PlanWorkflows.Server.Tests.Studio;

/// <summary>The genuine Elsa Studio editor (npm package, installed by test.sh) served by the service, in real Chromium.</summary>
public sealed class StudioBrowserTests(DesignerApp app, ChromiumFixture chromium) : IClassFixture<DesignerApp>, IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task Office_opens_a_shipped_definition_in_Studio_and_sees_its_steps_with_nothing_loaded_from_elsewhere()
    {
        await using var context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(90_000);
        var errors = new List<string>();
        var foreign = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(app.BaseAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal) && !request.Url.StartsWith("blob:", StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                foreign.Add(request.Url);
            }
        };

        var watch = Stopwatch.StartNew();
        var response = await OfficeSignIn.OpenSignedInAsync(page, app.BaseAddress, $"{StudioEndpoints.PathBase}/definitions/working-group-meeting", OfficeRoles.Office);
        Assert.Equal(200, response!.Status);
        Assert.Equal(StudioEndpoints.ContentSecurityPolicy, await response.HeaderValueAsync("content-security-policy"));

        // The nodes of the shipped meeting workflow, drawn by Studio from the service's flowchart.
        try
        {
            await Expect(page.GetByText("Send the members the invitation").First).ToBeVisibleAsync(new() { Timeout = 90_000 });
        }
        finally
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(app.ArtifactsFolder, "studio-working-group-meeting.png") });
            Console.WriteLine("browser errors: " + string.Join("\n", errors));
        }

        var loaded = watch.Elapsed;
        Console.WriteLine($"Studio showed the first node after {loaded.TotalSeconds:F1} s");
        Assert.Empty(foreign);
        Assert.DoesNotContain(errors, e => e.Contains("Content Security Policy", StringComparison.Ordinal));
    }
}
