using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Playwright;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Server.Designer;
using PlanWorkflows.Server.Hosting;
using PlanWorkflows.Server.Office;
using PlanWorkflows.Server.Tests.Office;

namespace PlanWorkflows.Server.Tests.Designer;

/// <summary>
/// The real service (web role, designer mapped as ServiceHost maps it: Office role only) on a free port with a scratch
/// SQLite database and one Office account per role.
/// </summary>
public sealed class DesignerApp : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("planworkflows-designer-").FullName;
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Screenshots of the browser tests: tests/PlanWorkflows.Server.Tests/bin/&lt;config&gt;/net10.0/artifacts/.</summary>
    public string ArtifactsFolder { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    private WebApplication App => _app ?? throw new InvalidOperationException("not started");

    public IServiceProvider Services => App.Services;

    public DateTime Now => App.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

    public Func<PlanDbContext> CreateContext => App.Services.GetRequiredService<Func<PlanDbContext>>();

    public PlanDbContext Db() => CreateContext();

    public async Task InitializeAsync()
    {
        _app = ServiceHost.Build([
            "--urls", "http://127.0.0.1:0",
            $"--Database:ConnectionString=Data Source={Path.Combine(_folder, "plan.db")};Pooling=False",
            "--Service:Roles=web",
            "--Clock:DemoSpeed=1",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await using var db = Db();
        await OfficeSignIn.AddAccountsAsync(Services, db);
    }

    public Task DisposeAsync() => TestWebApps.StopAsync(_app, _folder);

    /// <summary>
    /// A client signed in through the Office's form that has loaded the designer page and sends its anti-forgery
    /// token, as the page's script does.
    /// </summary>
    public async Task<HttpClient> ClientAsync(string role = OfficeRoles.Office)
    {
        var client = await OfficeSignIn.SignedInAsync(BaseAddress, role);
        await WithPageTokenAsync(client);
        return client;
    }

    /// <summary>A client of a host that maps the designer without the Office's sign-in.</summary>
    public static async Task<HttpClient> ClientAsync(Uri baseAddress)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };
        await WithPageTokenAsync(client);
        return client;
    }

    /// <summary>Opens the designer in the browser, signing in on the way as the Office's form asks.</summary>
    public async Task<IResponse?> OpenPageAsync(IPage page, string role = OfficeRoles.Office) =>
        await OfficeSignIn.OpenSignedInAsync(page, BaseAddress, DesignerEndpoints.PagePath, role);

    private static async Task WithPageTokenAsync(HttpClient client)
    {
        var page = await client.GetAsync(DesignerEndpoints.PagePath);
        page.EnsureSuccessStatusCode();
        var token = page.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';')[0]).Where(c => c.StartsWith(DesignerEndpoints.CsrfCookie + "=", StringComparison.Ordinal)).Select(c => c[(DesignerEndpoints.CsrfCookie.Length + 1)..]).FirstOrDefault()
            : null;
        client.DefaultRequestHeaders.Add(DesignerEndpoints.CsrfHeader, token ?? throw new InvalidOperationException("the designer page set no anti-forgery cookie"));
    }

    public static string Api(string path) => DesignerEndpoints.ApiPath + path;

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("empty body");
    }

    public static async Task<JsonNode> PutDraftAsync(HttpClient client, string json)
    {
        var name = JsonNode.Parse(json)!["name"]!.GetValue<string>();
        var response = await client.PutAsync(Api($"/definitions/{name}/draft"), new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonAsync(response);
    }

    public static async Task<int> PublishAsync(HttpClient client, string name)
    {
        var response = await client.PostAsJsonAsync(Api($"/definitions/{name}/publish"), new { });
        var body = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"publish answered {(int)response.StatusCode}: {body.ToJsonString()}");
        return body["version"]!.GetValue<int>();
    }
}
