using Microsoft.AspNetCore.Authentication;
using PlanWorkflows.Core.Data;
using static PlanWorkflows.Server.Office.OfficeRequest;

namespace PlanWorkflows.Server.Office.Pages;

/// <summary>Sign-in with a local account (and the provider's button when single sign-on is configured), sign-out.</summary>
public static partial class SignInPage
{
    public static void Map(RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/signin", Show);
        group.MapPost("/signin", PostAsync);
        group.MapGet("/signin/oidc", (HttpContext http, OfficeOidcOptions oidc, string? returnUrl) => oidc.Enabled
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = SafeReturn(returnUrl) }, [OfficeAccess.OidcScheme])
            : Results.NotFound());
        group.MapPost("/signout", async (HttpContext http) =>
        {
            await http.SignOutAsync(OfficeAccess.CookieScheme).ConfigureAwait(false);
            return OfficeLayout.Redirect(OfficePaths.SignIn);
        });
    }

    /// <summary>Only a path of this app: a sign-in link can never send someone to another site.</summary>
    public static string SafeReturn(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith(OfficePaths.Root, StringComparison.Ordinal) && !url.Contains("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal)
            ? url
            : OfficePaths.Root;

    private static IResult Show(HttpContext http, OfficeOidcOptions oidc, string? returnUrl)
    {
        if (http.User.Identity?.IsAuthenticated == true)
        {
            return OfficeLayout.Redirect(SafeReturn(returnUrl));
        }

        return Render(For(http), oidc, returnUrl, string.Empty, null, StatusCodes.Status200OK);
    }

    private static IResult Render(OfficeRequest r, OfficeOidcOptions oidc, string? returnUrl, string email, string? error, int status)
    {
        var fields = Field(r.T("E-mail", "E-pošta"), "email", email, "email", "autocomplete=\"username\" required")
            + Field(r.T("Password", "Lozinka"), "password", string.Empty, "password", "autocomplete=\"current-password\" required")
            + $"<input type=\"hidden\" name=\"returnUrl\" value=\"{E(SafeReturn(returnUrl))}\">";
        var body = (error is null ? string.Empty : $"<p class=\"error\" role=\"alert\">{E(error)}</p>")
            + r.Form(OfficePaths.SignIn, fields, r.T("Sign in", "Prijava"), formClass: "stack");
        if (oidc.Enabled)
        {
            body += $"<p><a href=\"{OfficePaths.SignIn}/oidc?returnUrl={Uri.EscapeDataString(SafeReturn(returnUrl))}\">{E(r.T("Sign in with the organisation's account", "Prijava nalogom organizacije"))}</a></p>";
        }

        return OfficeLayout.Bare(r, r.T("Office sign-in", "Prijava za Kancelariju"), body, status);
    }

    private static async Task<IResult> PostAsync(HttpContext http, Func<PlanDbContext> createContext, OfficeUsers users, OfficeOidcOptions oidc, ILoggerFactory loggers)
    {
        var r = For(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var email = form["email"].ToString();
        var returnUrl = form["returnUrl"].ToString();
        await using var db = createContext();
        var result = await users.CheckAsync(db, email, form["password"].ToString(), http.RequestAborted).ConfigureAwait(false);
        var logger = loggers.CreateLogger("PlanWorkflows.Server.Office");
        switch (result.Outcome)
        {
            case SignInOutcome.Success:
                await http.SignInAsync(OfficeAccess.CookieScheme, OfficeAccess.Principal(result.User!)).ConfigureAwait(false);
                LogSignedIn(logger, result.User!.Email);
                return OfficeLayout.Redirect(SafeReturn(returnUrl));
            case SignInOutcome.LockedOut:
                LogLocked(logger, result.User!.Email, result.LockedUntil);
                return Render(r, oidc, returnUrl, email,
                    string.Format(r.Culture, r.T("Too many failed sign-ins: this account is locked until {0}.", "Previše neuspjelih prijava: nalog je zaključan do {0}."), r.Time(result.LockedUntil)),
                    StatusCodes.Status423Locked);
            default:
                LogFailed(logger, OfficeUsers.NormalizeEmail(email));
                return Render(r, oidc, returnUrl, email, r.T("The e-mail or the password is wrong.", "E-pošta ili lozinka nisu ispravni."), StatusCodes.Status401Unauthorized);
        }
    }

    [LoggerMessage(EventId = 81, Level = LogLevel.Information, Message = "Office sign-in: {Email}")]
    private static partial void LogSignedIn(ILogger logger, string email);

    [LoggerMessage(EventId = 82, Level = LogLevel.Warning, Message = "Office sign-in failed for {Email}")]
    private static partial void LogFailed(ILogger logger, string email);

    [LoggerMessage(EventId = 83, Level = LogLevel.Warning, Message = "Office account {Email} locked until {Until}")]
    private static partial void LogLocked(ILogger logger, string email, DateTime? until);
}
