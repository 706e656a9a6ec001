using System.Text;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using static PlanWorkflows.Server.Office.OfficeRequest;

namespace PlanWorkflows.Server.Office.Pages;

/// <summary>The audit log, newest first: who changed what, when, and how it looked before and after. Office only.</summary>
public static class AuditPage
{
    public const string Path = OfficePaths.Root + "/audit";

    public static void Map(RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/audit", ShowAsync).RequireAuthorization(OfficePolicies.Office);
    }

    private const int PageSize = 100;

    private static async Task<IResult> ShowAsync(HttpContext http, Func<PlanDbContext> createContext, string? entity, long? before)
    {
        var r = For(http);
        await using var db = createContext();
        var query = db.Audit.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(entity))
        {
            query = query.Where(a => a.Entity == entity);
        }

        if (before is { } older)
        {
            query = query.Where(a => a.Id < older);
        }

        var rows = await query.OrderByDescending(a => a.Id).Take(PageSize + 1).ToListAsync(http.RequestAborted).ConfigureAwait(false);
        var more = rows.Count > PageSize;
        rows = [.. rows.Take(PageSize)];
        // Sorted here, not by the database: its collation orders text differently on each provider.
        var entities = (await db.Audit.AsNoTracking().Select(a => a.Entity).Distinct().ToListAsync(http.RequestAborted).ConfigureAwait(false)).Order(StringComparer.Ordinal).ToList();
        var html = new StringBuilder("<p class=\"filters\">");
        html.Append($"<a href=\"{Path}\">{E(r.T("All", "Sve"))}</a>");
        foreach (var name in entities)
        {
            html.Append($"<a href=\"{Path}?entity={Uri.EscapeDataString(name)}\"{(name == entity ? " aria-current=\"true\"" : string.Empty)}>{E(name)}</a>");
        }

        html.Append("</p>");
        html.Append(OfficeLayout.Table([r.T("When", "Kada"), r.T("Who", "Ko"), r.T("What", "Šta"), r.T("Before", "Prije"), r.T("After", "Poslije")], rows.Select(a => new[]
        {
            E(r.Time(a.At)), E(a.User), $"{E(a.Action)}<br><span class=\"muted\">{E(a.Entity)} {E(a.EntityId)}</span>",
            $"<pre>{E(a.BeforeJson)}</pre>", $"<pre>{E(a.AfterJson)}</pre>",
        }), r.T("No changes recorded yet.", "Još nema zabilježenih izmjena.")));
        if (more)
        {
            var filter = string.IsNullOrWhiteSpace(entity) ? string.Empty : $"entity={Uri.EscapeDataString(entity)}&";
            html.Append($"<p><a href=\"{E($"{Path}?{filter}before={rows[^1].Id}")}\">{E(r.T("Older changes", "Starije izmjene"))}</a></p>");
        }
        return OfficeLayout.Page(r, r.T("Audit log", "Evidencija izmjena"), html.ToString());
    }
}
