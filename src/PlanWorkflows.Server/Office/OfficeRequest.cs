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

    /// <summary>Blazor's script for enhanced navigation and form posts, served with the framework's static files.</summary>
    public const string BlazorScript = "/_framework/blazor.web.js";

    /// <summary>JSON for signed-in staff and their tools; a request without a session is answered 401, not sent to the sign-in page.</summary>
    public const string Api = Root + "/api";

    public const string Status = Api + "/status";
}

/// <summary>What every Office page needs of its request: the language, the user and their role, the antiforgery token.</summary>
public sealed class OfficeRequest
{
    public const string LanguageCookie = "pw-office-lang";
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly object LanguageKey = new();

    private OfficeRequest(HttpContext http, string language)
    {
        Http = http;
        Language = language;
    }

    public HttpContext Http { get; }

    /// <summary><c>en</c>, <c>cnr</c> or <c>cnr-Cyrl</c>: the language the page is shown in.</summary>
    public string Language { get; }

    /// <summary><c>en</c> or <c>cnr</c>: the language of the texts (Cyrillic pages are written from the Montenegrin ones).</summary>
    public string Lang => MailLanguages.TextLanguage(Language);

    public ClaimsPrincipal User => Http.User;

    public bool IsOffice => User.IsInRole(OfficeRoles.Office);

    public bool IsSecretary => IsOffice || User.IsInRole(OfficeRoles.Secretary);

    public string Who => OfficeAccess.Who(User);

    public DateTime Now => Http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

    public CultureInfo Culture => OfficeLanguages.FormattingCulture(Language);

    public static OfficeRequest For(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return new OfficeRequest(http, LanguageOf(http));
    }

    /// <summary>The language: <c>?lang=</c> (remembered in a cookie), else the cookie, else the browser's first choice.</summary>
    public static string LanguageOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Items.TryGetValue(LanguageKey, out var known) && known is string decided)
        {
            return decided;
        }

        var language = Decide(http);
        http.Items[LanguageKey] = language;
        return language;
    }

    private static string Decide(HttpContext http)
    {
        if (OfficeLanguages.Normalize(http.Request.Query["lang"].ToString()) is { } asked)
        {
            http.Response.Cookies.Append(LanguageCookie, asked, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = http.Request.IsHttps,
                Path = OfficePaths.Root,
                MaxAge = TimeSpan.FromDays(365),
            });
            return asked;
        }

        if (OfficeLanguages.Normalize(http.Request.Cookies[LanguageCookie]) is { } remembered)
        {
            return remembered;
        }

        var browser = http.Request.Headers.AcceptLanguage.ToString();
        return browser.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? MailLanguages.English : MailLanguages.Montenegrin;
    }

    public static string E(string? value) => Encoder.Encode(value ?? string.Empty);

    /// <summary>The words in the page's language.</summary>
    public string T(string en, string cnr) => Language switch
    {
        MailLanguages.English => en,
        MailLanguages.MontenegrinCyrillic => Core.Transliteration.MontenegrinScript.ToCyrillic(cnr),
        _ => cnr,
    };

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
