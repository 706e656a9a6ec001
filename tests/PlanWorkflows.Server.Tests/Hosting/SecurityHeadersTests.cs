using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using PlanWorkflows.Server.Forms;
using PlanWorkflows.Server.Hosting;
using PlanWorkflows.Server.Office;
using PlanWorkflows.Server.Tests.Forms;

namespace PlanWorkflows.Server.Tests.Hosting;

public sealed class SecurityHeadersTests
{
    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(", ", content) : string.Empty;

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string path, bool forwardedHttps = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (forwardedHttps)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
        }

        return await http.SendAsync(request);
    }

    [Fact]
    public async Task Every_page_carries_csp_without_inline_scripts_frame_denial_nosniff_and_no_referrer()
    {
        await using var service = await RunningService.StartAsync(["--Service:Roles=web", "--environment=Production"]);
        using var http = service.Client();
        foreach (var path in new[] { "/", OfficePaths.Status, ReplyFormEndpoints.StylesheetPath, "/no-such-page", HealthEndpoints.ReadyPath, "/office/signin", "/office/designer", "/packs/x/y" })
        {
            using var response = await GetAsync(http, path);
            var csp = Header(response, "Content-Security-Policy");
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
            // Plain HTTP: a browser would ignore HSTS here, and a proxy in front has not said otherwise.
            Assert.Equal(string.Empty, Header(response, "Strict-Transport-Security"));
        }
    }

    [Fact]
    public async Task The_reply_form_keeps_its_stricter_policy_with_the_common_headers()
    {
        await using var app = new FormApp();
        await app.InitializeAsync();
        var seeded = await app.SeedAsync("en");
        using var http = app.Client();
        using var response = await GetAsync(http, seeded.Path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'", Header(response, "Content-Security-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Contains("no-store", Header(response, "Cache-Control"), StringComparison.Ordinal);
        Assert.Equal("noindex, nofollow", Header(response, "X-Robots-Tag"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Behind_an_https_proxy_responses_carry_hsts_and_the_antiforgery_cookie_is_secure_httponly_samesite()
    {
        await using var app = new FormApp("--Security:ForwardedHeaders=true", "--environment=Production");
        await app.InitializeAsync();
        var seeded = await app.SeedAsync("en");
        using var http = app.Client();

        using var https = await GetAsync(http, seeded.Path, forwardedHttps: true);
        Assert.Equal("max-age=31536000; includeSubDomains", Header(https, "Strict-Transport-Security"));
        var cookie = Assert.Single(https.Headers.GetValues("Set-Cookie"), c => c.StartsWith("pw-form-af=", StringComparison.Ordinal));
        var flags = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(f => f.ToLowerInvariant()).ToList();
        Assert.Contains("secure", flags);
        Assert.Contains("httponly", flags);
        Assert.Contains("samesite=strict", flags);

        using var fresh = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = app.BaseAddress };
        using var plain = await GetAsync(fresh, seeded.Path);
        Assert.Equal(string.Empty, Header(plain, "Strict-Transport-Security"));
        var plainCookie = Assert.Single(plain.Headers.GetValues("Set-Cookie"), c => c.StartsWith("pw-form-af=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", plainCookie.Split(';', StringSplitOptions.TrimEntries).Select(f => f.ToLowerInvariant()));
    }

    [Fact]
    public async Task A_developer_machine_gets_no_hsts_even_over_https()
    {
        await using var service = await RunningService.StartAsync(["--Service:Roles=web", "--Security:ForwardedHeaders=true", "--environment=Development"]);
        using var http = service.Client();
        using var response = await GetAsync(http, "/", forwardedHttps: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, Header(response, "Strict-Transport-Security"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    [Fact]
    public async Task Beyond_the_global_limit_an_address_gets_429_on_any_page_but_health_probes_still_answer()
    {
        await using var service = await RunningService.StartAsync(["--Service:Roles=web", "--Security:RequestsPerMinute=4"]);
        using var http = service.Client();
        var statuses = new List<HttpStatusCode>();
        foreach (var path in new[] { "/", "/api/clock", "/api/catalogue", ReplyFormEndpoints.StylesheetPath, "/api/clock" })
        {
            using var response = await GetAsync(http, path);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        for (var i = 0; i < 10; i++)
        {
            using var live = await GetAsync(http, HealthEndpoints.LivePath);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
    }

    [Fact]
    public async Task The_body_limit_holds_for_every_endpoint_while_the_form_still_takes_its_attachments()
    {
        await using var app = new FormApp("--Security:MaxRequestBodyBytes=2048");
        await app.InitializeAsync();
        Assert.Equal(2048, app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.MaxRequestBodySize);
        var seeded = await app.SeedAsync("en");
        using var http = app.Client();
        var page = await http.GetStringAsync(new Uri(seeded.Path, UriKind.Relative));
        var fields = ReplyFormHttpTests.Filled(seeded, "submit");
        using var content = RunningService.FormPost(page, fields);

        // Five times the global limit, well inside the form's own.
        var pdf = new byte[10 * 1024];
        "%PDF-1.4\n"u8.CopyTo(pdf);
        content.Add(new ByteArrayContent(pdf), $"o{seeded.TrainingId}-files", "evidence.pdf");
        using var response = await http.PostAsync(new Uri(seeded.Path, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.EndsWith("/done", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
