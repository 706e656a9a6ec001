using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Core.Workflows.Runtime;
using static PlanWorkflows.Server.Office.OfficeRequest;

namespace PlanWorkflows.Server.Office.Pages;

/// <summary>Requests for a later due date; the Office approves or declines them through the same rules as the verbs.</summary>
public static class ExtensionsPage
{
    public const string Path = OfficePaths.Root + "/extensions";

    public static void Map(RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/extensions", (HttpContext http, Func<PlanDbContext> createContext) => PageAsync(For(http), createContext, [], StatusCodes.Status200OK));
        group.MapPost("/extensions/{id:long}/approve", (long id, HttpContext http, Func<PlanDbContext> createContext, EngineOptions engine) => DecideAsync(id, approve: true, http, createContext, engine))
            .RequireAuthorization(OfficePolicies.Office);
        group.MapPost("/extensions/{id:long}/decline", (long id, HttpContext http, Func<PlanDbContext> createContext, EngineOptions engine) => DecideAsync(id, approve: false, http, createContext, engine))
            .RequireAuthorization(OfficePolicies.Office);
    }

    private static async Task<IResult> PageAsync(OfficeRequest r, Func<PlanDbContext> createContext, IReadOnlyCollection<string> errors, int status)
    {
        await using var db = createContext();
        var rows = await db.Extensions.AsNoTracking()
            .Join(db.Obligations.AsNoTracking(), e => e.ObligationId, o => o.Id, (e, o) => new { Request = e, o.ActivityKey, o.InstitutionId, o.PeriodLabel, o.DueDate })
            .OrderByDescending(x => x.Request.Status == ExtensionStatus.Requested).ThenBy(x => x.Request.Id).Take(300)
            .ToListAsync(r.Http.RequestAborted).ConfigureAwait(false);
        var html = new StringBuilder(OfficeLayout.Errors(r, errors));
        html.Append(OfficeLayout.Table(["#", r.T("Status", "Status"), r.T("Obligation", "Obaveza"), r.T("Due", "Rok"), r.T("Requested date", "Traženi rok"), r.T("Reason", "Razlog"), r.T("Decision", "Odluka")], rows.Select(x =>
        {
            var e = x.Request;
            var decision = e.Status == ExtensionStatus.Requested
                ? r.IsOffice
                    ? r.Form($"{Path}/{e.Id}/approve", Field(r.T("Note (optional)", "Napomena (neobavezno)"), "comment", extra: "maxlength=\"1000\""), r.T("Approve", "Odobri"))
                      + r.Form($"{Path}/{e.Id}/decline", Field(r.T("Why declined", "Razlog odbijanja"), "comment", extra: "maxlength=\"1000\" required"), r.T("Decline", "Odbij"), "danger")
                    : string.Empty
                : $"{E(e.DecidedBy)} {E(r.Time(e.DecidedAt))} {E(e.OfficeComment)}";
            return new[]
            {
                r.Number((int)e.Id), E(e.Status.ToString()), $"{E(x.ActivityKey)} / {E(x.InstitutionId)} / {E(x.PeriodLabel)}", E(r.Date(x.DueDate)), E(r.Date(e.RequestedDueDate)),
                $"{E(e.Reason)}<br><span class=\"muted\">{E(e.RequestedBy)}, {E(r.Time(e.RequestedAt))}</span>", decision,
            };
        }), r.T("No extension requests.", "Nema zahtjeva za produženje.")));
        return OfficeLayout.Page(r, r.T("Extension requests", "Zahtjevi za produženje"), html.ToString(), status);
    }

    internal static async Task<object?> SnapshotAsync(PlanDbContext db, long id, CancellationToken cancellationToken) =>
        await db.Extensions.AsNoTracking().Where(e => e.Id == id)
            .Join(db.Obligations.AsNoTracking(), e => e.ObligationId, o => o.Id, (e, o) => new { e.Id, e.Status, e.RequestedDueDate, e.DecidedBy, e.OfficeComment, ObligationId = o.Id, ObligationStatus = o.Status, o.DueDate })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

    private static async Task<IResult> DecideAsync(long id, bool approve, HttpContext http, Func<PlanDbContext> createContext, EngineOptions engine)
    {
        var r = For(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var comment = form["comment"].ToString().Trim();
        if (comment.Length > 1000)
        {
            return await PageAsync(r, createContext, [r.T("The comment has more than 1000 characters.", "Komentar ima više od 1000 znakova.")], StatusCodes.Status422UnprocessableEntity).ConfigureAwait(false);
        }

        await using var db = createContext();
        var extensions = new Extensions(engine);
        try
        {
            await OfficeAudit.ChangeAsync(db, r.Who, approve ? "extension-approved" : "extension-declined", "ExtensionRequest", id.ToString(CultureInfo.InvariantCulture), r.Now,
                () => SnapshotAsync(db, id, http.RequestAborted),
                () => approve
                    ? extensions.ApproveAsync(db, id, r.Who, comment.Length == 0 ? null : comment, r.Now, http.RequestAborted)
                    : extensions.DeclineAsync(db, id, r.Who, comment, r.Now, http.RequestAborted),
                () => SnapshotAsync(db, id, http.RequestAborted), http.RequestAborted).ConfigureAwait(false);
        }
        catch (ExtensionException ex)
        {
            return await PageAsync(r, createContext, [$"#{id}: {ex.Message}"], StatusCodes.Status422UnprocessableEntity).ConfigureAwait(false);
        }

        return OfficeLayout.Done(Path, approve ? "approved" : "declined");
    }
}
