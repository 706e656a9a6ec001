using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Replies;
using static PlanWorkflows.Server.Office.OfficeRequest;

namespace PlanWorkflows.Server.Office.Pages;

/// <summary>Inbound mail the reader could not match or read: the Office records it as a report or discards it with a reason.</summary>
public static class ReviewPage
{
    public const string Path = OfficePaths.Root + "/review";

    public static void Map(RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/review", ShowAsync);
        group.MapPost("/review/{id:long}/attach", AttachAsync).RequireAuthorization(OfficePolicies.Office);
        group.MapPost("/review/{id:long}/discard", DiscardAsync).RequireAuthorization(OfficePolicies.Office);
    }

    private static Task<IResult> ShowAsync(HttpContext http, Func<PlanDbContext> createContext) => PageAsync(For(http), createContext, [], StatusCodes.Status200OK);

    private static async Task<IResult> PageAsync(OfficeRequest r, Func<PlanDbContext> createContext, IReadOnlyCollection<string> errors, int status)
    {
        await using var db = createContext();
        var mails = await db.Inbound.AsNoTracking().Where(m => m.Status == InboundStatus.Review).OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.ReceivedAt, m.From, m.Kind, m.Subject, m.Note, m.ResultJson }).Take(200).ToListAsync(r.Http.RequestAborted).ConfigureAwait(false);
        var html = new StringBuilder(OfficeLayout.Errors(r, errors));
        var statuses = Enum.GetValues<ImplementationStatus>().Select(s => (s.ToString(), StatusNames.For(s, r.Lang)));
        html.Append(OfficeLayout.Table([r.T("Received", "Primljeno"), r.T("From", "Od"), r.T("Subject", "Naslov"), r.T("Why it waits", "Zašto čeka"), r.T("Text", "Tekst"), string.Empty], mails.Select(m => new[]
        {
            E(r.Time(m.ReceivedAt)), E(m.From), E(m.Subject), $"{E(m.Kind)}: {E(m.Note)}", $"<pre>{E(FreeText(m.ResultJson))}</pre>",
            r.IsOffice
                ? r.Form($"{Path}/{m.Id}/attach", Field(r.T("Obligation #", "Obaveza #"), "obligation", type: "number", extra: "min=\"1\" required") + Select(r.T("Status", "Status"), "status", statuses), r.T("Record as report", "Zabilježi kao izvještaj"))
                  + r.Form($"{Path}/{m.Id}/discard", Field(r.T("Reason", "Razlog"), "reason", extra: "maxlength=\"500\" required"), r.T("Discard", "Odbaci"), "danger")
                : string.Empty,
        }), r.T("No mail waits for review.", "Nijedna poruka ne čeka pregled.")));
        return OfficeLayout.Page(r, r.T("Review queue", "Za pregled"), html.ToString(), status);
    }

    private static string FreeText(string resultJson)
    {
        try
        {
            var text = JsonNode.Parse(resultJson)?["freeText"]?.GetValue<string>() ?? string.Empty;
            return text.Length > 2000 ? text[..2000] + "…" : text;
        }
        catch (System.Text.Json.JsonException)
        {
            return string.Empty;
        }
    }

    internal static async Task<object?> SnapshotAsync(PlanDbContext db, long id, long? obligationId, CancellationToken cancellationToken)
    {
        var mail = await db.Inbound.AsNoTracking().Where(m => m.Id == id).Select(m => new { m.Id, m.Status, m.Note }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var obligation = obligationId is { } oid
            ? await db.Obligations.AsNoTracking().Where(o => o.Id == oid).Select(o => new { o.Id, o.Status, Reports = db.Reports.Count(x => x.ObligationId == o.Id) }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            : null;
        return new { mail, obligation };
    }

    private static async Task<IResult> AttachAsync(long id, HttpContext http, Func<PlanDbContext> createContext)
    {
        var r = For(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var errors = new List<string>();
        if (!long.TryParse(form["obligation"], NumberStyles.None, CultureInfo.InvariantCulture, out var obligationId))
        {
            errors.Add(r.T("Obligation #: a number is required.", "Obaveza #: potreban je broj."));
        }

        if (!Enum.TryParse<ImplementationStatus>(form["status"], out var status) || !Enum.IsDefined(status))
        {
            errors.Add(r.T("Status: choose one.", "Status: izaberite jedan."));
        }

        if (errors.Count > 0)
        {
            return await PageAsync(r, createContext, errors, StatusCodes.Status422UnprocessableEntity).ConfigureAwait(false);
        }

        await using var db = createContext();
        var done = await OfficeAudit.ChangeAsync(db, r.Who, "mail-attached", "InboundMessage", id.ToString(CultureInfo.InvariantCulture), r.Now,
            () => SnapshotAsync(db, id, obligationId, http.RequestAborted),
            async () => await OfficeReview.AttachAsync(db, id, obligationId, status, r.Who, r.Now, http.RequestAborted).ConfigureAwait(false) is not null,
            () => SnapshotAsync(db, id, obligationId, http.RequestAborted), http.RequestAborted).ConfigureAwait(false);
        return done
            ? OfficeLayout.Done(Path, "attached")
            : await PageAsync(r, createContext, [string.Format(r.Culture, r.T("Mail {0} is not in the queue, or obligation {1} does not exist.", "Poruka {0} nije u redu, ili obaveza {1} ne postoji."), id, obligationId)], StatusCodes.Status422UnprocessableEntity).ConfigureAwait(false);
    }

    private static async Task<IResult> DiscardAsync(long id, HttpContext http, Func<PlanDbContext> createContext)
    {
        var r = For(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var reason = form["reason"].ToString().Trim();
        if (reason.Length is 0 or > 500)
        {
            return await PageAsync(r, createContext, [r.T("Reason: required, at most 500 characters.", "Razlog: obavezan, najviše 500 znakova.")], StatusCodes.Status422UnprocessableEntity).ConfigureAwait(false);
        }

        await using var db = createContext();
        var done = await OfficeAudit.ChangeAsync(db, r.Who, "mail-discarded", "InboundMessage", id.ToString(CultureInfo.InvariantCulture), r.Now,
            () => SnapshotAsync(db, id, null, http.RequestAborted),
            () => OfficeReview.DiscardAsync(db, id, reason, r.Who, http.RequestAborted),
            () => SnapshotAsync(db, id, null, http.RequestAborted), http.RequestAborted).ConfigureAwait(false);
        return done
            ? OfficeLayout.Done(Path, "discarded")
            : await PageAsync(r, createContext, [string.Format(r.Culture, r.T("Mail {0} is not in the queue.", "Poruka {0} nije u redu."), id)], StatusCodes.Status422UnprocessableEntity).ConfigureAwait(false);
    }
}
