using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using PlanWorkflows.Server.Hosting;

namespace PlanWorkflows.Server.Tests.Hosting;

/// <summary>The real service on a free port with a scratch database and pickup folder; later arguments win.</summary>
internal sealed class RunningService : IAsyncDisposable
{
    private readonly TempFolder _temp;

    private RunningService(TempFolder temp, WebApplication app)
    {
        _temp = temp;
        App = app;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public string Folder => _temp.Path;

    public static async Task<RunningService> StartAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var temp = new TempFolder();
        var app = ServiceHost.Build([
            "--urls", "http://127.0.0.1:0",
            $"--Database:ConnectionString=Data Source={temp.File("plan.db")};Pooling=False",
            $"--Outbox:PickupFolder={temp.File("outbox")}",
            // Slow enough that nothing falls due while a test runs.
            "--Clock:DemoSpeed=1",
            "--Logging:LogLevel:Default=Warning",
            .. args,
        ], configure);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            temp.Dispose();
            throw;
        }

        return new RunningService(temp, app);
    }

    /// <summary>The reply form as a browser posts it: the page's antiforgery field and the given fields.</summary>
    public static MultipartFormDataContent FormPost(string page, IReadOnlyDictionary<string, string> fields)
    {
        var content = new MultipartFormDataContent { { new StringContent(PlanWorkflows.Server.Tests.Forms.FormApp.AntiforgeryToken(page)), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        return content;
    }

    public HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };

    /// <summary>A health answer: the HTTP status and each check's status and description by name.</summary>
    public async Task<(int Status, string Overall, Dictionary<string, (string Status, string? Description)> Checks)> HealthAsync(string path)
    {
        using var http = Client();
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var checks = root.GetProperty("checks").EnumerateArray().ToDictionary(
            c => c.GetProperty("name").GetString()!,
            c => (c.GetProperty("status").GetString()!, c.GetProperty("description").GetString()));
        return ((int)response.StatusCode, root.GetProperty("status").GetString()!, checks);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
