using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using Microsoft.Extensions.Localization;
using PlanWorkflows.Server.Office.Components;
using PlanWorkflows.Server.Office.Components.Pages;
using static PlanWorkflows.Server.Office.OfficeRequest;

namespace PlanWorkflows.Server.Office.Pages;

/// <summary>The catalogue's import warnings and their resolution (the page is <see cref="Catalogue"/>).</summary>
public static class CataloguePage
{
    public const string Path = Catalogue.Path;

    public sealed record Warning(string ActivityKey, string Text, string Hash);

    public static void Map(RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
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

    private static async Task<IResult> ResolveAsync(HttpContext http, Func<PlanDbContext> createContext, PlanCatalogue catalogue, IStringLocalizer<OfficeText> l)
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
            errors.Add(l["Catalogue.WarningGone"]);
        }
        else if (comment.Length > 500)
        {
            errors.Add(l["Catalogue.CommentTooLong"]);
        }
        else if (await db.WarningResolutions.AnyAsync(w => w.WarningHash == hash, http.RequestAborted).ConfigureAwait(false))
        {
            errors.Add(l["Catalogue.AlreadyResolved"]);
        }

        if (errors.Count > 0)
        {
            return OfficePages.Render<Catalogue>(StatusCodes.Status422UnprocessableEntity, new Dictionary<string, object?> { [nameof(Catalogue.Errors)] = errors });
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
