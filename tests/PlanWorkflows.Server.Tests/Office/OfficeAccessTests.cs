using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Server.Office;

namespace PlanWorkflows.Server.Tests.Office;

public sealed class OfficeAccessTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    [Fact]
    public async Task Signing_in_with_the_right_password_opens_the_dashboard_with_an_http_only_strict_cookie()
    {
        using var client = app.Client();
        var response = await OfficeApp.SignInAsync(client, "Office@Example.org ", OfficeApp.Password);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/office", response.Headers.Location!.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(OfficeAccess.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/office", cookie, StringComparison.OrdinalIgnoreCase);
        // Plain HTTP here: Secure follows the request, so over HTTPS the cookie is Secure.
        Assert.DoesNotContain("secure", cookie.Replace("samesite", string.Empty, StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);
        var options = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(OfficeAccess.CookieScheme);
        Assert.Equal(Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest, options.Cookie.SecurePolicy);

        var dashboard = await client.GetAsync("/office");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        var html = await dashboard.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Dashboard</h1>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/office/designer\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_address_get_the_same_refusal_and_no_cookie()
    {
        using var client = app.Client();
        var wrong = await OfficeApp.SignInAsync(client, OfficeApp.ViewerEmail, "not the password at all");
        var unknown = await OfficeApp.SignInAsync(client, "nobody@example.org", OfficeApp.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Contains("The e-mail or the password is wrong.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("The e-mail or the password is wrong.", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(wrong.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(OfficeAccess.CookieName + "=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/office")).StatusCode);
    }

    [Fact]
    public async Task After_too_many_failures_even_the_right_password_is_refused_until_the_lockout_ends()
    {
        var users = app.Services.GetRequiredService<OfficeUsers>();
        const string email = "lockme@example.org";
        await using (var db = app.Db())
        {
            await users.AddAsync(db, email, "Lock Me", OfficeRoles.Viewer, OfficeApp.Password, "test");
        }

        using var client = app.Client();
        for (var i = 1; i < OfficeApp.LockoutThreshold; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await OfficeApp.SignInAsync(client, email, "guess " + i)).StatusCode);
        }

        var locking = await OfficeApp.SignInAsync(client, email, "last guess");
        Assert.Equal(HttpStatusCode.Locked, locking.StatusCode);
        Assert.Contains("this account is locked until", await locking.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Locked, (await OfficeApp.SignInAsync(client, email, OfficeApp.Password)).StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(HttpStatusCode.Locked, (await OfficeApp.SignInAsync(client, email, OfficeApp.Password)).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.SeeOther, (await OfficeApp.SignInAsync(client, email, OfficeApp.Password)).StatusCode);
        await using var check = app.Db();
        var user = await check.Users.SingleAsync(u => u.Email == email);
        Assert.Equal(0, user.FailedSignIns);
        Assert.Null(user.LockedUntil);
        var locked = await check.Audit.SingleAsync(a => a.Entity == "User" && a.EntityId == email && a.Action == "user-locked");
        Assert.Contains("\"lockedUntil\":null", locked.BeforeJson, StringComparison.Ordinal);
        Assert.Contains("\"lockedUntil\":\"2013-", locked.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guesses_sent_in_parallel_each_count_towards_the_lockout()
    {
        const string email = "parallel@example.org";
        await using (var db = app.Db())
        {
            await app.Services.GetRequiredService<OfficeUsers>().AddAsync(db, email, "Parallel", OfficeRoles.Viewer, OfficeApp.Password, "test");
        }

        var clients = Enumerable.Range(0, 8).Select(_ => app.Client()).ToList();
        var responses = await Task.WhenAll(clients.Select((c, i) => OfficeApp.SignInAsync(c, email, $"parallel guess {i}")));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Locked);
        Assert.Equal(HttpStatusCode.Locked, (await OfficeApp.SignInAsync(clients[0], email, OfficeApp.Password)).StatusCode);
        clients.ForEach(c => c.Dispose());
        await using var check = app.Db();
        Assert.NotNull((await check.Users.SingleAsync(u => u.Email == email)).LockedUntil);
    }

    [Fact]
    public async Task Without_a_session_pages_send_to_sign_in_and_posts_are_refused()
    {
        using var client = app.Client();
        var page = await client.GetAsync("/office/instances");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/office/signin?returnUrl=%2Foffice%2Finstances", page.Headers.Location!.PathAndQuery);
        var post = await client.PostAsync("/office/outbox/1/resend", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    [Fact]
    public async Task A_return_address_outside_the_app_is_replaced_by_the_dashboard()
    {
        using var client = app.Client();
        var page = await client.GetStringAsync("/office/signin");
        var response = await client.PostAsync("/office/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = OfficeApp.Token(page), ["email"] = OfficeApp.ViewerEmail, ["password"] = OfficeApp.Password, ["returnUrl"] = "//evil.example/office",
        }));
        Assert.Equal("/office", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        var seeded = await app.SeedAsync();
        using var client = await app.SignedInAsync(OfficeRoles.Office);
        var response = await client.PostAsync($"/office/outbox/{seeded.DeadLetterId}/resend", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("could not be verified", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var forged = await client.PostAsync($"/office/outbox/{seeded.DeadLetterId}/resend", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = "forged" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        await using var db = app.Db();
        Assert.Equal(OutboxStatus.DeadLetter, (await db.Outbox.SingleAsync(m => m.Id == seeded.DeadLetterId)).Status);
        Assert.False(await db.Audit.AnyAsync(a => a.Entity == "OutboxMessage" && a.EntityId == seeded.DeadLetterId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_disabled_account_loses_its_open_session()
    {
        var users = app.Services.GetRequiredService<OfficeUsers>();
        const string email = "leaver@example.org";
        await using (var db = app.Db())
        {
            await users.AddAsync(db, email, "Leaver", OfficeRoles.Office, OfficeApp.Password, "test");
        }

        using var client = app.Client();
        Assert.Equal(HttpStatusCode.SeeOther, (await OfficeApp.SignInAsync(client, email, OfficeApp.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/office")).StatusCode);
        await using (var db = app.Db())
        {
            await db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.Disabled, true));
        }

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/office")).StatusCode);
    }

    [Fact]
    public async Task The_language_switch_is_remembered_for_the_next_pages()
    {
        using var client = await app.SignedInAsync(OfficeRoles.Viewer);
        var montenegrin = await client.GetStringAsync("/office/outbox?lang=cnr");
        Assert.Contains("<html lang=\"cnr\">", montenegrin, StringComparison.Ordinal);
        Assert.Contains("<h1>Odlazna pošta</h1>", montenegrin, StringComparison.Ordinal);
        Assert.Contains("<h1>Pregled</h1>", await client.GetStringAsync("/office"), StringComparison.Ordinal);
        Assert.Contains("<h1>Dashboard</h1>", await client.GetStringAsync("/office?lang=en"), StringComparison.Ordinal);
    }
}

/// <summary>Single sign-on can't reach a provider here; what is tested is that configuration turns it on and wires it.</summary>
public sealed class OfficeOidcTests
{
    [Fact]
    public async Task Configuring_an_authority_adds_the_provider_with_our_callback_and_a_lax_cookie()
    {
        var app = new OfficeApp(
            "--Authentication:OpenIdConnect:Authority=https://login.example.org/realms/office",
            "--Authentication:OpenIdConnect:ClientId=planworkflows",
            "--Authentication:OpenIdConnect:ClientSecret=s3cret",
            "--Authentication:OpenIdConnect:RoleClaim=groups");
        await app.InitializeAsync();
        try
        {
            var schemes = app.Services.GetRequiredService<IAuthenticationSchemeProvider>();
            Assert.NotNull(await schemes.GetSchemeAsync(OpenIdConnectDefaults.AuthenticationScheme));
            var oidc = app.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OpenIdConnectDefaults.AuthenticationScheme);
            Assert.Equal("https://login.example.org/realms/office", oidc.Authority);
            Assert.Equal("planworkflows", oidc.ClientId);
            Assert.Equal("/office/signin-oidc", oidc.CallbackPath.Value);
            Assert.Equal("code", oidc.ResponseType);
            Assert.True(oidc.UsePkce);
            Assert.Equal(OfficeAccess.CookieScheme, oidc.SignInScheme);
            var cookie = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(OfficeAccess.CookieScheme);
            Assert.Equal(Microsoft.AspNetCore.Http.SameSiteMode.Lax, cookie.Cookie.SameSite);
            Assert.Equal("groups", app.Services.GetRequiredService<OfficeOidcOptions>().RoleClaim);
            using var client = app.Client();
            Assert.Contains("href=\"/office/signin/oidc?returnUrl=%2Foffice\"", await client.GetStringAsync("/office/signin"), StringComparison.Ordinal);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Without_an_authority_there_is_no_provider_and_no_provider_button()
    {
        var app = new OfficeApp();
        await app.InitializeAsync();
        try
        {
            Assert.Null(await app.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(OpenIdConnectDefaults.AuthenticationScheme));
            using var client = app.Client();
            Assert.DoesNotContain("/office/signin/oidc", await client.GetStringAsync("/office/signin"), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/office/signin/oidc")).StatusCode);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(new[] { "staff", "trafficking-office" }, "Office")]
    [InlineData(new[] { "wg-secretary" }, "Secretary")]
    [InlineData(new[] { "viewer" }, "Viewer")]
    [InlineData(new[] { "viewer", "SECRETARY" }, "Secretary")]
    [InlineData(new[] { "staff" }, null)]
    public void The_strongest_mapped_role_wins_and_no_known_role_means_no_entry(string[] values, string? expected)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["trafficking-office"] = "Office", ["wg-secretary"] = "Secretary" };
        Assert.Equal(expected, OfficeAccess.MapRole(values, map));
    }
}
