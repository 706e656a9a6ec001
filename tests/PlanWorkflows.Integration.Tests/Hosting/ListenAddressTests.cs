using System.Net;
using PlanWorkflows.Core.Tests.Mail;

namespace PlanWorkflows.Integration.Tests.Hosting;

/// <summary>
/// The executable listens where the operator says, in ASP.NET Core's conventional ways, and on its
/// default (127.0.0.1:5080) only when nothing is said.
/// </summary>
public sealed class ListenAddressTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("planworkflows-listen-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Aspnetcore_urls_is_where_the_service_listens() =>
        await AnswersOnAsync(port => new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" }, _ => []);

    [Fact]
    public async Task Aspnetcore_http_ports_is_where_the_service_listens() =>
        await AnswersOnAsync(port => new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = $"{port}" }, _ => []);

    [Fact]
    public async Task Urls_on_the_command_line_win_over_the_environment()
    {
        var other = Smtp4devServer.FreePort();
        await AnswersOnAsync(port => new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{other}" }, port => ["--urls", $"http://127.0.0.1:{port}"], notOn: other);
    }

    private async Task AnswersOnAsync(Func<int, Dictionary<string, string>> environment, Func<int, string[]> extra, int? notOn = null)
    {
        var port = Smtp4devServer.FreePort();
        await using var service = ServerProcess.Start("web", environment(port), [
            .. extra(port),
            "--Service:Roles=web",
            $"--Database:ConnectionString=Data Source={Path.Combine(_folder, $"plan-{port}.db")}",
            "--Logging:LogLevel:Default=Information",
        ]);
        await service.WaitForOutputAsync("Now listening on:", TimeSpan.FromSeconds(90));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var live = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/live"));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        // Told where to listen, the service does not also take the default port.
        Assert.DoesNotContain("127.0.0.1:5080", service.Output, StringComparison.Ordinal);
        if (notOn is { } refused)
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://127.0.0.1:{refused}/health/live")));
        }
    }
}
