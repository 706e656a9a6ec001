using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Server.Office;

namespace PlanWorkflows.Server.Tests.Office;

/// <summary>
/// One local account per role and signing in through the Office's form, as a browser does: shared by every test
/// host that serves Office pages (the Office app and the designer).
/// </summary>
public static class OfficeSignIn
{
    public const string Password = "correct horse battery staple";
    public const string OfficeEmail = "office@example.org";
    public const string SecretaryEmail = "secretary@example.org";
    public const string ViewerEmail = "viewer@example.org";

    public static string EmailOf(string role) => role switch
    {
        OfficeRoles.Office => OfficeEmail,
        OfficeRoles.Secretary => SecretaryEmail,
        _ => ViewerEmail,
    };

    /// <summary>Creates the three accounts, as the <c>users add</c> verb does.</summary>
    public static async Task AddAccountsAsync(IServiceProvider services, PlanDbContext db)
    {
        var users = services.GetRequiredService<OfficeUsers>();
        foreach (var role in OfficeRoles.All)
        {
            await users.AddAsync(db, EmailOf(role), $"{role} Person", role, Password, "test-setup");
        }
    }

    /// <summary>A client that keeps cookies and shows redirects instead of following them; English pages.</summary>
    public static HttpClient Client(Uri baseAddress)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB");
        return client;
    }

    /// <summary>Signs in through the form; returns the client holding the session.</summary>
    public static async Task<HttpClient> SignedInAsync(Uri baseAddress, string role)
    {
        var client = Client(baseAddress);
        var response = await SignInAsync(client, EmailOf(role), Password);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        return client;
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync(OfficePaths.SignIn);
        return await client.PostAsync(OfficePaths.SignIn, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(page),
            ["email"] = email,
            ["password"] = password,
            ["returnUrl"] = OfficePaths.Root,
        }));
    }

    public static string Token(string html) =>
        Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("no antiforgery field in the page");

    /// <summary>
    /// Opens <paramref name="path"/> signed out, checks the Office sends the browser to its sign-in form, signs in there
    /// as <paramref name="role"/> and waits until the form has sent the browser back to <paramref name="path"/>.
    /// </summary>
    public static async Task<IResponse?> OpenSignedInAsync(IPage page, Uri baseAddress, string path, string role)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(new Uri(baseAddress, path).ToString());
        Assert.EndsWith($"{OfficePaths.SignIn}?returnUrl={Uri.EscapeDataString(path)}", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("E-mail").FillAsync(EmailOf(role));
        await page.GetByLabel("Password").FillAsync(Password);
        var back = page.WaitForResponseAsync(r => r.Url == new Uri(baseAddress, path).ToString() && r.Request.Method == "GET");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var response = await back;
        await page.WaitForURLAsync("**" + path);
        return response;
    }
}
