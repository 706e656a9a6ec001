using System.Net;
using Microsoft.Extensions.Hosting;
using PlanWorkflows.Server.Forms;
using PlanWorkflows.Server.Hosting;
using PlanWorkflows.Server.Office;

namespace PlanWorkflows.Server.Tests.Hosting;

/// <summary>N workers and M web processes against one database: each runs only its own part.</summary>
public sealed class RoleTests
{
    // An inbox is configured in both cases: only a worker may start reading it.
    private static readonly string[] Inbox = ["--Inbox:Host=127.0.0.1", "--Inbox:Port=1", "--Inbox:Security=None", "--Inbox:UserName=reader", "--Inbox:Password=reader"];

    private static HashSet<Type> Workers(RunningService service) => [.. service.App.Services.GetServices<IHostedService>().Select(s => s.GetType())];

    private static async Task<HttpStatusCode> GetAsync(RunningService service, string path)
    {
        using var http = service.Client();
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode;
    }

    [Fact]
    public async Task A_web_only_process_serves_pages_and_runs_no_engine_outbox_or_inbox_worker()
    {
        await using var web = await RunningService.StartAsync(["--Service:Roles=web", .. Inbox]);

        var workers = Workers(web);
        Assert.DoesNotContain(typeof(EngineWorker), workers);
        Assert.DoesNotContain(typeof(OutboxWorker), workers);
        Assert.DoesNotContain(typeof(InboxWorker), workers);
        Assert.Contains(typeof(StartupTasks), workers);
        Assert.Equal(HttpStatusCode.OK, await GetAsync(web, "/api/catalogue"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(web, OfficePaths.Status));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(web, ReplyFormEndpoints.StylesheetPath));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(web, HealthEndpoints.LivePath));
    }

    [Fact]
    public async Task A_worker_only_process_runs_the_workers_and_maps_no_page_but_its_health()
    {
        await using var worker = await RunningService.StartAsync(["--Service:Roles=worker", .. Inbox]);

        var workers = Workers(worker);
        Assert.Contains(typeof(EngineWorker), workers);
        Assert.Contains(typeof(OutboxWorker), workers);
        Assert.Contains(typeof(InboxWorker), workers);
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(worker, "/"));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(worker, OfficePaths.Status));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(worker, ReplyFormEndpoints.StylesheetPath));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(worker, "/form/any-token-at-all"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(worker, HealthEndpoints.LivePath));
    }
}
