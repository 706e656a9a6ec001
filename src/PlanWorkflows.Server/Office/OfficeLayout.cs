using System.Text;
using static PlanWorkflows.Server.Office.OfficeRequest;

namespace PlanWorkflows.Server.Office;

/// <summary>
/// The frame of every Office page: navigation for what the role may open, the language switch, sign-out.
/// No script and no inline style: the pages work under a Content-Security-Policy that forbids both.
/// </summary>
public static class OfficeLayout
{
    private sealed record NavItem(string Path, string En, string Cnr, Func<OfficeRequest, bool> Allowed);

    private static readonly NavItem[] Nav =
    [
        new(OfficePaths.Root, "Dashboard", "Pregled", _ => true),
        new(OfficePaths.Root + "/catalogue", "Catalogue", "Katalog", _ => true),
        new(OfficePaths.Root + "/institutions", "Institutions", "Institucije", _ => true),
        new(OfficePaths.Root + "/instances", "Instances", "Instance", _ => true),
        new(OfficePaths.Root + "/review", "Review queue", "Za pregled", _ => true),
        new(OfficePaths.Root + "/extensions", "Extensions", "Produženja", _ => true),
        new(OfficePaths.Root + "/packs", "Packs", "Materijali", r => r.IsSecretary),
        new(OfficePaths.Root + "/outbox", "Outbox", "Odlazna pošta", _ => true),
        new(OfficePaths.Root + "/audit", "Audit log", "Evidencija izmjena", r => r.IsOffice),
        new(OfficePaths.Designer, "Designer", "Dizajner", r => r.IsOffice),
    ];

    public static IResult Page(OfficeRequest r, string title, string body, int status = StatusCodes.Status200OK) => Page(r, title, body, new PageFrame(), status);

    /// <summary>A page whose <paramref name="frame"/> adds to the head (a tool's own stylesheet and script) or widens the main column.</summary>
    public static IResult Page(OfficeRequest r, string title, string body, PageFrame frame, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(frame);
        var html = new StringBuilder(16 * 1024);
        Head(html, r.Language, title, frame.Head);
        html.Append("<header class=\"top\"><a class=\"brand\" href=\"").Append(OfficePaths.Root).Append("\">PlanWorkflows</a><nav aria-label=\"")
            .Append(E(r.T("Main", "Glavni meni"))).Append("\"><ul>");
        var path = r.Http.Request.Path.Value ?? string.Empty;
        foreach (var item in Nav.Where(n => n.Allowed(r)))
        {
            var current = path == item.Path || (item.Path != OfficePaths.Root && path.StartsWith(item.Path + "/", StringComparison.Ordinal)) ? " aria-current=\"page\"" : string.Empty;
            html.Append($"<li><a href=\"{E(item.Path)}\"{current}>{E(r.T(item.En, item.Cnr))}</a></li>");
        }

        html.Append("</ul></nav><div class=\"user\">");
        html.Append(Languages(r));
        html.Append($"<span class=\"who\">{E(r.User.Identity?.Name)} ({E(RoleName(r))})</span>");
        html.Append(r.Form(OfficePaths.SignOut, string.Empty, r.T("Sign out", "Odjava"), "link"));
        html.Append(frame.Wide ? "</div></header><main class=\"wide\">" : "</div></header><main>");
        html.Append($"<h1>{E(title)}</h1>");
        if (Notice(r) is { } notice)
        {
            html.Append($"<p class=\"notice\" role=\"status\">{E(notice)}</p>");
        }

        html.Append(body).Append("</main></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>A page without navigation: sign-in and refusals to someone not signed in.</summary>
    public static IResult Bare(OfficeRequest r, string title, string body, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(r);
        var html = new StringBuilder(4096);
        Head(html, r.Language, title);
        html.Append("<main class=\"narrow\"><div class=\"langs\">").Append(Languages(r)).Append("</div>");
        html.Append($"<h1>{E(title)}</h1>").Append(body).Append("</main></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", statusCode: status);
    }

    public static Task WriteDeniedAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var r = For(http);
        var body = $"<p class=\"error\">{E(r.T("Your role does not allow this.", "Vaša uloga to ne dozvoljava."))}</p><p><a href=\"{OfficePaths.Root}\">{E(r.T("Back to the dashboard", "Nazad na pregled"))}</a></p>";
        return Page(r, r.T("Not allowed", "Nije dozvoljeno"), body, StatusCodes.Status403Forbidden).ExecuteAsync(http);
    }

    public static string Table(IEnumerable<string> headers, IEnumerable<IEnumerable<string>> rows, string? empty = null)
    {
        var html = new StringBuilder("<div class=\"scroll\"><table><thead><tr>");
        foreach (var header in headers)
        {
            html.Append($"<th scope=\"col\">{E(header)}</th>");
        }

        html.Append("</tr></thead><tbody>");
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            html.Append("<tr>");
            foreach (var cell in row)
            {
                // Cells are already HTML: pages encode what they put in them.
                html.Append("<td>").Append(cell).Append("</td>");
            }

            html.Append("</tr>");
        }

        if (!any && empty is not null)
        {
            html.Append($"<tr><td colspan=\"99\" class=\"empty\">{E(empty)}</td></tr>");
        }

        return html.Append("</tbody></table></div>").ToString();
    }

    public static string Errors(OfficeRequest r, IReadOnlyCollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 0
            ? string.Empty
            : $"<div class=\"error-summary\" role=\"alert\"><h2>{E(r.T("Please correct the following", "Ispravite sljedeće"))}</h2><ul>{string.Concat(errors.Select(e => $"<li>{E(e)}</li>"))}</ul></div>";
    }

    /// <summary>303 to a page of the app, with a notice key the page shows once.</summary>
    public static IResult Done(string path, string notice)
    {
        ArgumentNullException.ThrowIfNull(path);
        var hash = path.IndexOf('#', StringComparison.Ordinal);
        var (target, fragment) = hash < 0 ? (path, string.Empty) : (path[..hash], path[hash..]);
        return new SeeOther($"{target}{(target.Contains('?', StringComparison.Ordinal) ? '&' : '?')}done={Uri.EscapeDataString(notice)}{fragment}");
    }

    public static IResult Redirect(string path) => new SeeOther(path);

    private static string Languages(OfficeRequest r) =>
        string.Join(" · ", OfficeLanguages.All.Select(l => $"<a href=\"?lang={l}\" lang=\"{l}\"{(r.Language == l ? " aria-current=\"true\"" : string.Empty)}>{E(OfficeLanguages.Name(l))}</a>"));

    private static string RoleName(OfficeRequest r) =>
        r.IsOffice ? r.T("Office", "Kancelarija") : r.User.IsInRole(OfficeRoles.Secretary) ? r.T("Secretary", "Sekretar") : r.T("Viewer", "Pregled");

    private static readonly Dictionary<string, (string En, string Cnr)> Notices = new(StringComparer.Ordinal)
    {
        ["saved"] = ("Saved.", "Sačuvano."),
        ["retried"] = ("The instance will run again.", "Instanca će se ponovo pokrenuti."),
        ["cancelled"] = ("The instance is cancelled; its queued mails are withdrawn.", "Instanca je otkazana; njena pošta u redu je povučena."),
        ["moved"] = ("The instance now runs the latest version.", "Instanca sada radi po najnovijoj verziji."),
        ["resent"] = ("The mail is queued again.", "Poruka je ponovo u redu za slanje."),
        ["resolved"] = ("The warning is marked resolved.", "Upozorenje je označeno kao riješeno."),
        ["imported"] = ("The contacts are imported.", "Kontakti su uvezeni."),
        ["attached"] = ("The mail is recorded as a report.", "Poruka je zabilježena kao izvještaj."),
        ["discarded"] = ("The mail is taken out of the queue.", "Poruka je uklonjena iz reda."),
        ["approved"] = ("The extension is approved.", "Produženje je odobreno."),
        ["declined"] = ("The extension is declined.", "Produženje je odbijeno."),
        ["built"] = ("The pack is built.", "Materijal je napravljen."),
    };

    private static string? Notice(OfficeRequest r) =>
        Notices.TryGetValue(r.Http.Request.Query["done"].ToString(), out var notice) ? r.T(notice.En, notice.Cnr) : null;

    private static void Head(StringBuilder html, string lang, string title, string extra = "") =>
        html.Append($"<!DOCTYPE html><html lang=\"{E(lang)}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append($"<title>{E(title)} · PlanWorkflows</title><link rel=\"stylesheet\" href=\"{OfficePaths.Stylesheet}\"><link rel=\"icon\" href=\"{Forms.ReplyFormEndpoints.IconPath}\" type=\"image/svg+xml\">")
            .Append(extra).Append("</head><body>");

    /// <summary>303: the browser follows with a GET, so reloading never posts again.</summary>
    private sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}

/// <summary>What a page adds to the Office frame: elements for the head (already HTML), and a main column as wide as the window.</summary>
public sealed record PageFrame(string Head = "", bool Wide = false);
