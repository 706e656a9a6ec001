using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Antiforgery;
using PlanWorkflows.Core.Mail;

namespace PlanWorkflows.Server.Office;

public static class OfficePaths
{
    public const string Root = "/office";
    public const string SignIn = Root + "/signin";
    public const string SignOut = Root + "/signout";
    public const string Stylesheet = Root + "/office.css";
    public const string Designer = Root + "/designer";

    /// <summary>JSON for signed-in staff and their tools; a request without a session is answered 401, not sent to the sign-in page.</summary>
    public const string Api = Root + "/api";

    public const string Status = Api + "/status";
}

/// <summary>What every Office page needs of its request: the language, the user and their role, the antiforgery token.</summary>
public sealed class OfficeRequest
{
    public const string LanguageCookie = "pw-office-lang";
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private OfficeRequest(HttpContext http, string lang)
    {
        Http = http;
        Lang = lang;
    }

    public HttpContext Http { get; }

    /// <summary><c>en</c> or <c>cnr</c>.</summary>
    public string Lang { get; }

    public ClaimsPrincipal User => Http.User;

    public bool IsOffice => User.IsInRole(OfficeRoles.Office);

    public bool IsSecretary => IsOffice || User.IsInRole(OfficeRoles.Secretary);

    public string Who => OfficeAccess.Who(User);

    public DateTime Now => Http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

    public CultureInfo Culture => CultureInfo.GetCultureInfo(Lang == MailLanguages.English ? "en-GB" : "sr-Latn-ME");

    /// <summary>The language: <c>?lang=</c> (remembered in a cookie), else the cookie, else the browser's first choice.</summary>
    public static OfficeRequest For(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var asked = http.Request.Query["lang"].ToString();
        if (asked is MailLanguages.English or MailLanguages.Montenegrin)
        {
            http.Response.Cookies.Append(LanguageCookie, asked, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = http.Request.IsHttps,
                Path = OfficePaths.Root,
                MaxAge = TimeSpan.FromDays(365),
            });
            return new OfficeRequest(http, asked);
        }

        if (http.Request.Cookies[LanguageCookie] is MailLanguages.English or MailLanguages.Montenegrin)
        {
            return new OfficeRequest(http, http.Request.Cookies[LanguageCookie]!);
        }

        var browser = http.Request.Headers.AcceptLanguage.ToString();
        return new OfficeRequest(http, browser.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? MailLanguages.English : MailLanguages.Montenegrin);
    }

    public static string E(string? value) => Encoder.Encode(value ?? string.Empty);

    /// <summary>The words in the page's language.</summary>
    public string T(string en, string cnr) => Lang == MailLanguages.English ? en : cnr;

    public string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string Time(DateTime? at) => at is { } value ? value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : string.Empty;

    public string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A POST form with the antiforgery field; <paramref name="fields"/> is already-encoded HTML.</summary>
    public string Form(string action, string fields, string button, string? buttonClass = null, bool multipart = false, string? formClass = null)
    {
        var antiforgery = Http.RequestServices.GetRequiredService<IAntiforgery>();
        var tokens = antiforgery.GetAndStoreTokens(Http);
        var enctype = multipart ? " enctype=\"multipart/form-data\"" : string.Empty;
        var css = buttonClass is null ? string.Empty : $" class=\"{E(buttonClass)}\"";
        var layout = formClass is null ? string.Empty : $" class=\"{E(formClass)}\"";
        return $"<form method=\"post\" action=\"{E(action)}\"{enctype}{layout}><input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">{fields}<button type=\"submit\"{css}>{E(button)}</button></form>";
    }

    public static string Field(string label, string name, string value = "", string type = "text", string extra = "") =>
        $"<label>{E(label)} <input type=\"{E(type)}\" name=\"{E(name)}\" value=\"{E(value)}\" {extra}></label>";

    public static string Select(string label, string name, IEnumerable<(string Value, string Text)> options, string? selected = null) =>
        $"<label>{E(label)} <select name=\"{E(name)}\">{string.Concat(options.Select(o => $"<option value=\"{E(o.Value)}\"{(o.Value == selected ? " selected" : string.Empty)}>{E(o.Text)}</option>"))}</select></label>";

}
