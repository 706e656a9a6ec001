using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Workflows.Definitions;
using static PlanWorkflows.Server.Office.OfficeRequest;

namespace PlanWorkflows.Server.Office.Pages;

/// <summary>The catalogue as the service runs it: activities, their schedules and definitions, and import warnings to review.</summary>
public static class CataloguePage
{
    public const string Path = OfficePaths.Root + "/catalogue";

    public sealed record Warning(string ActivityKey, string Text, string Hash);

    public static void Map(RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/catalogue", ShowAsync);
        group.MapPost("/catalogue/warnings/resolve", ResolveAsync).RequireAuthorization(OfficePolicies.Office);
    }

    /// <summary>Every warning of the catalogue, the plan's own first; the hash names it for the resolution.</summary>
    public static IReadOnlyList<Warning> Warnings(PlanCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        return [.. catalogue.Warnings.Select(w => Make(string.Empty, w)).Concat(catalogue.Activities.SelectMany(a => a.Warnings.Select(w => Make(a.Key, w))))];
    }

    private static Warning Make(string key, ImportWarning warning)
    {
        var text = warning.ToString();
        return new Warning(key, text, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{key}\n{text}"))));
    }

    private static async Task<IResult> ShowAsync(HttpContext http, Func<PlanDbContext> createContext, PlanCatalogue catalogue, DefinitionBindings bindings)
    {
        var r = For(http);
        await using var db = createContext();
        var resolved = await db.WarningResolutions.AsNoTracking().ToDictionaryAsync(w => w.WarningHash, http.RequestAborted).ConfigureAwait(false);
        return OfficeLayout.Page(r, r.T("Catalogue", "Katalog"), Body(r, catalogue, bindings, resolved, []));
    }

    private static string Body(OfficeRequest r, PlanCatalogue catalogue, DefinitionBindings bindings, Dictionary<string, WarningResolution> resolved, IReadOnlyCollection<string> errors)
    {
        var html = new StringBuilder();
        html.Append($"<p>{E(catalogue.Plan.Title)} ({E(r.Date(catalogue.Plan.PeriodStart))} – {E(r.Date(catalogue.Plan.PeriodEnd))})</p>");
        html.Append(OfficeLayout.Errors(r, errors));
        var warnings = Warnings(catalogue);
        var open = warnings.Where(w => !resolved.ContainsKey(w.Hash)).ToList();
        html.Append($"<h2 id=\"warnings\">{E(r.T("Import warnings to review", "Upozorenja iz uvoza za pregled"))} ({open.Count})</h2>");
        html.Append(OfficeLayout.Table([r.T("Activity", "Aktivnost"), r.T("Warning", "Upozorenje"), string.Empty], open.Select(w => new[]
        {
            E(w.ActivityKey), E(w.Text),
            r.IsOffice ? r.Form(Path + "/warnings/resolve", $"<input type=\"hidden\" name=\"hash\" value=\"{E(w.Hash)}\">" + Field(r.T("Comment", "Komentar"), "comment", extra: "maxlength=\"500\""), r.T("Mark resolved", "Označi kao riješeno")) : string.Empty,
        }), r.T("No open warnings.", "Nema otvorenih upozorenja.")));
        var done = warnings.Where(w => resolved.ContainsKey(w.Hash)).ToList();
        if (done.Count > 0)
        {
            html.Append($"<h2>{E(r.T("Resolved warnings", "Riješena upozorenja"))}</h2>");
            html.Append(OfficeLayout.Table([r.T("Activity", "Aktivnost"), r.T("Warning", "Upozorenje"), r.T("Resolved", "Riješeno")], done.Select(w =>
            {
                var res = resolved[w.Hash];
                return new[] { E(w.ActivityKey), E(w.Text), $"{E(res.ResolvedBy)} {E(r.Time(res.ResolvedAt))} {E(res.Comment)}" };
            })));
        }

        html.Append($"<h2>{E(r.T("Activities", "Aktivnosti"))}</h2>");
        html.Append(OfficeLayout.Table(
            [r.T("Code", "Šifra"), r.T("Activity", "Aktivnost"), r.T("Implementers", "Nosioci"), r.T("Timeframe", "Rok"), r.T("Schedule", "Raspored"), r.T("Definition", "Tok rada")],
            catalogue.Activities.Select(a => new[]
            {
                E(catalogue.Reference(a)), E(a.Title), E(string.Join(", ", a.Implementers)), E(a.Timeframe.Text), E(a.Timeframe.Kind.ToString()),
                E(bindings.For(a.Timeframe.Kind, a.Definition)),
            })));
        return html.ToString();
    }

    private static async Task<IResult> ResolveAsync(HttpContext http, Func<PlanDbContext> createContext, PlanCatalogue catalogue, DefinitionBindings bindings)
    {
        var r = For(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var hash = form["hash"].ToString();
        var comment = form["comment"].ToString().Trim();
        var warning = Warnings(catalogue).FirstOrDefault(w => w.Hash == hash);
        await using var db = createContext();
        var errors = new List<string>();
        if (warning is null)
        {
            errors.Add(r.T("That warning is no longer in the catalogue.", "Tog upozorenja više nema u katalogu."));
        }
        else if (comment.Length > 500)
        {
            errors.Add(r.T("Comment: at most 500 characters.", "Komentar: najviše 500 znakova."));
        }
        else if (await db.WarningResolutions.AnyAsync(w => w.WarningHash == hash, http.RequestAborted).ConfigureAwait(false))
        {
            errors.Add(r.T("That warning is already resolved.", "To upozorenje je već riješeno."));
        }

        if (errors.Count > 0)
        {
            var resolved = await db.WarningResolutions.AsNoTracking().ToDictionaryAsync(w => w.WarningHash, http.RequestAborted).ConfigureAwait(false);
            return OfficeLayout.Page(r, r.T("Catalogue", "Katalog"), Body(r, catalogue, bindings, resolved, errors), StatusCodes.Status422UnprocessableEntity);
        }

        WarningResolution? row = null;
        await OfficeAudit.ChangeAsync(db, r.Who, "warning-resolved", "CatalogueWarning", hash, r.Now,
            before: () => Task.FromResult<object?>(new { warning!.ActivityKey, warning.Text, resolved = false }),
            change: () =>
            {
                // A new row per attempt, should a transient fault replay the change.
                row = new WarningResolution { WarningHash = hash, ActivityKey = warning!.ActivityKey, Warning = warning.Text, ResolvedBy = r.Who, ResolvedAt = r.Now, Comment = comment.Length == 0 ? null : comment };
                db.WarningResolutions.Add(row);
                return Task.CompletedTask;
            },
            after: () => Task.FromResult<object?>(new { warning!.ActivityKey, warning.Text, resolved = true, row!.ResolvedBy, row.Comment }),
            http.RequestAborted).ConfigureAwait(false);
        return OfficeLayout.Done(Path + "#warnings", "resolved");
    }
}
