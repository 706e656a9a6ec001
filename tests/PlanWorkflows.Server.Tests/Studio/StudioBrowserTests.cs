using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Workflows.Runtime;
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

    /// <summary>Studio's WebAssembly start takes 10–40 s on a loaded machine; every wait for it gets this long.</summary>
    internal const int StudioTimeout = 150_000;

    internal static ILocator PublishButton(IPage page) => page.Locator(".mud-button-group-root button.mud-primary-text");

    internal static async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> OpenAsync(DesignerApp app, ChromiumFixture chromium, string definitionId, string role)
    {
        var context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(StudioTimeout);
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) => { if (message.Type == "error") { errors.Add(message.Text); } };
        var response = await OfficeSignIn.OpenSignedInAsync(page, app.BaseAddress, $"{StudioEndpoints.PathBase}/definitions/{definitionId}", role);
        Assert.Equal(200, response!.Status);
        // The canvas is drawn once the definition and the descriptors have arrived.
        await Expect(page.Locator(".graph-container")).ToBeVisibleAsync(new() { Timeout = StudioTimeout });
        await Expect(page.Locator(".mud-expand-panel-header", new() { HasText = "Mail" })).ToBeVisibleAsync(new() { Timeout = StudioTimeout });
        return (context, page, errors);
    }

    /// <summary>An activity of the toolbox, its category opened (a save may redraw the toolbox and close it again).</summary>
    private static async Task<ILocator> ToolboxItemAsync(IPage page, string category, string activity)
    {
        var item = page.Locator("div[draggable=true]", new() { HasText = activity });
        for (var attempt = 0; attempt < 5 && !await item.IsVisibleAsync(); attempt++)
        {
            await page.Locator(".mud-expand-panel-header", new() { HasText = category }).ClickAsync();
            await page.WaitForTimeoutAsync(1000);
        }

        return item;
    }

    private static async Task ConnectAsync(IPage page, ILocator fromPort, ILocator toPort)
    {
        var from = await fromPort.BoundingBoxAsync();
        var to = await toPort.BoundingBoxAsync();
        await page.Mouse.MoveAsync(from!.X + (from.Width / 2), from.Y + (from.Height / 2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(to!.X + (to.Width / 2), to.Y + (to.Height / 2), new() { Steps = 15 });
        await page.Mouse.UpAsync();
    }

    [Fact]
    public async Task Office_draws_a_reminder_and_a_wait_from_the_toolbox_publishes_and_the_engine_runs_what_was_drawn()
    {
        const string name = "studio-drawn-reminder";
        var (context, page, errors) = await OpenAsync(app, chromium, name, OfficeRoles.Office);
        await using var _ = context;
        var saves = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith(ElsaApi.Path + "/workflow-definitions", StringComparison.Ordinal))
            {
                saves.Add(request.PostData ?? string.Empty);
            }
        };
        try
        {
            // From the toolbox onto the canvas: the step types come from the engine's metadata, grouped by category.
            var canvas = page.Locator(".graph-container");
            await (await ToolboxItemAsync(page, "Mail", "SendReminder")).DragToAsync(canvas, new() { TargetPosition = new() { X = 150, Y = 100 } });
            await (await ToolboxItemAsync(page, "Replies", "WaitForReply")).DragToAsync(canvas, new() { TargetPosition = new() { X = 150, Y = 300 } });
            var reminder = page.Locator("g.x6-node:has(g.x6-port-body[port=Done])");
            var wait = page.Locator("g.x6-node:has(g.x6-port-body[port=timedOut])");
            await Expect(reminder).ToHaveCountAsync(1);
            await Expect(wait).ToHaveCountAsync(1);

            // Done of the reminder to the wait's input.
            await ConnectAsync(page, reminder.Locator("g.x6-port-body[port=Done] circle.elsa-designer-port-circle"), wait.Locator("g.x6-port-body[port=In] circle.elsa-designer-port-circle"));
            await Expect(page.Locator("g.x6-edge")).ToHaveCountAsync(1);

            // The reminder's inputs: the template from the dropdown, the Secretary from the recipients.
            await reminder.ClickAsync();
            await page.Locator(".mud-input-control:has(legend:text-is('template')) .mud-input-slot[tabindex='0']").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item-extended", new() { HasText = "final-reminder" }).First.ClickAsync();
            await Expect(page.Locator(".mud-input-control:has(legend:text-is('template')) input[type=hidden]")).ToHaveValueAsync("final-reminder");
            // Recipients is the first check list (Copy the second).
            await page.Locator("label.mud-checkbox:has(span:text-is('secretary'))").First.ClickAsync();
            // The wait: three working days after the due date.
            await wait.ClickAsync();
            var timeout = page.Locator(".mud-input-control:has(label:text-is('timeoutWorkingDays')) input");
            await timeout.FillAsync("3");
            await timeout.PressAsync("Tab");

            var published = page.WaitForResponseAsync(r => r.Request.Method == "POST" && r.Url.EndsWith(ElsaApi.Path + "/workflow-definitions", StringComparison.Ordinal)
                && r.Request.PostData!.Contains("\"publish\":true", StringComparison.Ordinal));
            await PublishButton(page).ClickAsync();
            var answer = await published;
            Assert.True(answer.Status == 200, await answer.TextAsync());
        }
        finally
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(app.ArtifactsFolder, "studio-drawn-and-published.png") });
            Console.WriteLine("browser errors: " + string.Join("\n", errors));
        }

        await using (var db = app.Db())
        {
            var version = await DefinitionStore.LatestPublishedAsync(db, name);
            Assert.NotNull(version);
            var document = Core.Workflows.Definitions.DefinitionJson.Parse(version.Json, name);
            Assert.Equal(["SendReminder", "WaitForReply"], document.Sequence.Select(s => s.Type));
        }

        // An obligation runs on it: a Working Group meeting bound to the drawn definition, run by the engine.
        var start = app.Now.AddMinutes(1);
        var clock = new FakeTimeProvider(new DateTimeOffset(start, TimeSpan.Zero));
        var meeting = DateOnly.FromDateTime(start).AddDays(21);
        Assert.Equal(1, await new MeetingSync(app.CreateContext, name).SyncAsync([meeting], start));
        var calendar = app.Services.GetRequiredService<WorkingDayCalendar>();
        var engine = new WorkflowEngine(app.CreateContext, clock, app.Services.GetRequiredService<EngineOptions>(), calendar);
        await engine.RunDueAsync();

        await using (var db = app.Db())
        {
            var instance = await db.Instances.AsNoTracking().SingleAsync(i => i.DefinitionName == name);
            var mails = await db.Outbox.AsNoTracking().Where(m => m.InstanceId == instance.Id).ToListAsync();
            // The reminder as drawn: the template chosen in the dropdown, to the Secretary ticked in the list; then the wait.
            Assert.Equal(["final-reminder"], mails.Select(m => m.Template));
            Assert.Equal(InstanceStatus.Waiting, instance.Status);
        }

        // Three working days after the meeting without a reply the timedOut port, connected to nothing, ends the workflow.
        clock.SetUtcNow(new DateTimeOffset(calendar.AddWorkingDays(meeting, 4).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        await engine.RunDueAsync();
        await using (var db = app.Db())
        {
            var instance = await db.Instances.AsNoTracking().SingleAsync(i => i.DefinitionName == name);
            Assert.Equal(InstanceStatus.Completed, instance.Status);
            Assert.Equal(1, await db.Outbox.CountAsync(m => m.InstanceId == instance.Id));
        }
    }

    [Fact]
    public async Task Secretary_sees_a_definition_in_Studio_without_a_publish_control()
    {
        var (context, page, _) = await OpenAsync(app, chromium, "recurring-report", OfficeRoles.Secretary);
        await using var __ = context;
        try
        {
            await Expect(page.GetByText("First reminder").First).ToBeVisibleAsync(new() { Timeout = StudioTimeout });
            var publish = PublishButton(page);
            Assert.True(await publish.CountAsync() == 0 || await publish.IsDisabledAsync(), "the publish button is there and enabled for the Secretary");
        }
        finally
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(app.ArtifactsFolder, "studio-secretary.png") });
        }
    }
}
