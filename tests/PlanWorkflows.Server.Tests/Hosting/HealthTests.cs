using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using PlanWorkflows.Core.Tests.Mail;
using PlanWorkflows.Server.Hosting;

namespace PlanWorkflows.Server.Tests.Hosting;

public sealed class HealthTests
{
    [Fact]
    public async Task Ready_is_healthy_with_sqlite_and_a_real_mail_server_for_smtp_and_imap()
    {
        await using var smtp4dev = await Smtp4devServer.StartAsync();
        await using var service = await RunningService.StartAsync([
            "--Outbox:Smtp:Host=127.0.0.1", $"--Outbox:Smtp:Port={smtp4dev.SmtpPort}", "--Outbox:Smtp:Security=None",
            "--Inbox:Host=127.0.0.1", $"--Inbox:Port={smtp4dev.ImapPort}", "--Inbox:Security=None", "--Inbox:UserName=reader", "--Inbox:Password=reader",
        ]);

        var (status, overall, checks) = await service.HealthAsync(HealthEndpoints.ReadyPath);

        Assert.Equal((200, "Healthy"), (status, overall));
        Assert.Equal(["database", "imap", "smtp"], checks.Keys.Order());
        Assert.All(checks.Values, c => Assert.Equal("Healthy", c.Status));
        Assert.Equal($"127.0.0.1:{smtp4dev.SmtpPort} answered EHLO", checks["smtp"].Description);
        Assert.Equal($"127.0.0.1:{smtp4dev.ImapPort} answered", checks["imap"].Description);
    }

    [Fact]
    public async Task A_worker_is_503_and_names_smtp_when_the_mail_server_port_is_closed_while_live_stays_200()
    {
        var closed = Smtp4devServer.FreePort();
        await using var service = await RunningService.StartAsync(["--Service:Roles=worker", "--Outbox:Smtp:Host=127.0.0.1", $"--Outbox:Smtp:Port={closed}", "--Outbox:Smtp:Security=None"]);

        var (status, overall, checks) = await service.HealthAsync(HealthEndpoints.ReadyPath);

        Assert.Equal((503, "Unhealthy"), (status, overall));
        Assert.Equal("Unhealthy", checks["smtp"].Status);
        Assert.Contains("refused", checks["smtp"].Description, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Healthy", checks["database"].Status);
        var live = await service.HealthAsync(HealthEndpoints.LivePath);
        Assert.Equal((200, "Healthy"), (live.Status, live.Overall));
        Assert.Empty(live.Checks);
    }

    [Fact]
    public async Task A_process_that_also_serves_the_forms_stays_ready_but_degraded_while_the_mail_server_is_away()
    {
        var closed = Smtp4devServer.FreePort();
        await using var service = await RunningService.StartAsync(["--Service:Roles=web,worker", "--Outbox:Smtp:Host=127.0.0.1", $"--Outbox:Smtp:Port={closed}", "--Outbox:Smtp:Security=None"]);

        var (status, overall, checks) = await service.HealthAsync(HealthEndpoints.ReadyPath);

        Assert.Equal((200, "Degraded"), (status, overall));
        Assert.Equal("Degraded", checks["smtp"].Status);
        Assert.Contains("refused", checks["smtp"].Description, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Healthy", checks["database"].Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_caller_from_another_machine_reads_the_statuses_but_not_the_servers_names_unless_configured(bool toAnyone)
    {
        var closed = Smtp4devServer.FreePort();
        await using var service = await RunningService.StartAsync(["--Service:Roles=worker", "--Security:ForwardedHeaders=true", $"--Health:DetailsToAnyone={toAnyone}",
            "--Outbox:Smtp:Host=127.0.0.1", $"--Outbox:Smtp:Port={closed}", "--Outbox:Smtp:Security=None"]);
        using var http = service.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(HealthEndpoints.ReadyPath, UriKind.Relative));
        // Through the reverse proxy, from an address on the internet.
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Contains("\"name\": \"smtp\"", body, StringComparison.Ordinal);
        Assert.Contains("\"status\": \"Unhealthy\"", body, StringComparison.Ordinal);
        Assert.Equal(toAnyone, body.Contains($"127.0.0.1:{closed}", StringComparison.Ordinal) || body.Contains("refused", StringComparison.OrdinalIgnoreCase));
        // On the machine itself the description is always there.
        var (_, _, local) = await service.HealthAsync(HealthEndpoints.ReadyPath);
        Assert.Contains("refused", local["smtp"].Description, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_smtp_ready_checks_that_the_pickup_folder_is_writable()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("a-file"), "not a folder");
        await using (var good = await RunningService.StartAsync([]))
        {
            var (status, _, checks) = await good.HealthAsync(HealthEndpoints.ReadyPath);
            Assert.Equal(200, status);
            Assert.StartsWith("pickup folder ", checks["smtp"].Description, StringComparison.Ordinal);
            Assert.EndsWith(" is writable", checks["smtp"].Description, StringComparison.Ordinal);
            // The probe leaves nothing behind in the folder the mails go to (the service's own mails may be there).
            Assert.Empty(Directory.GetFiles(Path.Combine(good.Folder, "outbox"), ".health-*"));
        }

        await using var bad = await RunningService.StartAsync(["--Service:Roles=worker", $"--Outbox:PickupFolder={temp.File("a-file")}/outbox"]);
        var (badStatus, _, badChecks) = await bad.HealthAsync(HealthEndpoints.ReadyPath);
        Assert.Equal(503, badStatus);
        Assert.Contains("is not writable", badChecks["smtp"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_web_only_process_is_ready_on_the_database_alone()
    {
        var closed = Smtp4devServer.FreePort();
        await using var service = await RunningService.StartAsync(["--Service:Roles=web", "--Outbox:Smtp:Host=127.0.0.1", $"--Outbox:Smtp:Port={closed}"]);
        var (status, _, checks) = await service.HealthAsync(HealthEndpoints.ReadyPath);
        Assert.Equal(200, status);
        Assert.Equal(["database"], checks.Keys);
    }

    [Fact]
    public async Task A_mail_check_asks_the_server_once_per_cache_period_however_often_it_is_probed()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var calls = 0;
        var options = new HealthOptions { MailCacheDuration = TimeSpan.FromSeconds(60), MailTimeout = TimeSpan.FromSeconds(5) };
        using var check = new HealthEndpoints.CachedCheck(options, _ => Task.FromResult(HealthCheckResult.Healthy($"call {Interlocked.Increment(ref calls)}")), clock);
        var context = new HealthCheckContext();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => check.CheckHealthAsync(context)));
        Assert.Equal(1, calls);
        Assert.All(results, r => Assert.Equal("call 1", r.Description));

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("call 1", (await check.CheckHealthAsync(context)).Description);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("call 2", (await check.CheckHealthAsync(context)).Description);
    }

    [Fact]
    public async Task A_mail_server_that_does_not_answer_is_unhealthy_after_the_timeout()
    {
        var options = new HealthOptions { MailTimeout = TimeSpan.FromMilliseconds(300) };
        using var check = new HealthEndpoints.CachedCheck(options, async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return HealthCheckResult.Healthy();
        });

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("no answer within 0.3 s", result.Description);
    }
}
