using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Localization;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Server.Office.Components;
using PlanWorkflows.Server.Office.Components.Pages;
using static PlanWorkflows.Server.Office.OfficeRequest;

namespace PlanWorkflows.Server.Office.Pages;

/// <summary>The sign-in form's post (the form is <see cref="SignIn"/>), the provider's sign-in, sign-out.</summary>
public static partial class SignInPage
{
    public static void Map(RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        // Ahead of the page's own route, which takes posts too (for Blazor's forms, not used here).
        group.MapPost("/signin", PostAsync).WithOrder(-1);
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

    private static IResult Refused(string? returnUrl, string email, string error, int status) =>
        OfficePages.Render<SignIn>(status, new Dictionary<string, object?>
        {
            [nameof(SignIn.PostedReturnUrl)] = returnUrl,
            [nameof(SignIn.Email)] = email,
            [nameof(SignIn.Error)] = error,
        });

    private static async Task<IResult> PostAsync(HttpContext http, Func<PlanDbContext> createContext, OfficeUsers users, IStringLocalizer<OfficeText> l, ILoggerFactory loggers)
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
                return Refused(returnUrl, email, l["SignIn.Locked", r.Time(result.LockedUntil)], StatusCodes.Status423Locked);
            default:
                LogFailed(logger, OfficeUsers.NormalizeEmail(email));
                return Refused(returnUrl, email, l["SignIn.Wrong"], StatusCodes.Status401Unauthorized);
        }
    }

    [LoggerMessage(EventId = 81, Level = LogLevel.Information, Message = "Office sign-in: {Email}")]
    private static partial void LogSignedIn(ILogger logger, string email);

    [LoggerMessage(EventId = 82, Level = LogLevel.Warning, Message = "Office sign-in failed for {Email}")]
    private static partial void LogFailed(ILogger logger, string email);

    [LoggerMessage(EventId = 83, Level = LogLevel.Warning, Message = "Office account {Email} locked until {Until}")]
    private static partial void LogLocked(ILogger logger, string email, DateTime? until);
}
