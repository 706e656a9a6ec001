using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using static PlanWorkflows.Server.Office.OfficeRequest;

namespace PlanWorkflows.Server.Office.Pages;

/// <summary>Mail queued, sent and dead-lettered; the Office puts a dead letter back in the queue once its cause is fixed.</summary>
public static class OutboxPage
{
    public const string Path = OfficePaths.Root + "/outbox";

    public static void Map(RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/outbox", ShowAsync);
        group.MapPost("/outbox/{id:long}/resend", ResendAsync).RequireAuthorization(OfficePolicies.Office);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, Func<PlanDbContext> createContext, string? status) =>
        await PageAsync(For(http), createContext, status, [], StatusCodes.Status200OK).ConfigureAwait(false);

    private static async Task<IResult> PageAsync(OfficeRequest r, Func<PlanDbContext> createContext, string? status, IReadOnlyCollection<string> errors, int code)
    {
        var wanted = Enum.TryParse<OutboxStatus>(status, out var s) ? s : OutboxStatus.DeadLetter;
        await using var db = createContext();
        var counts = await db.Outbox.AsNoTracking().GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, r.Http.RequestAborted).ConfigureAwait(false);
        var rows = await db.Outbox.AsNoTracking().Where(m => m.Status == wanted).OrderByDescending(m => m.Id).Take(200)
            .Select(m => new { m.Id, m.Template, m.To, m.Cc, m.CreatedAt, m.NotBefore, m.Attempts, m.SentAt, m.LastError, m.InstanceId })
            .ToListAsync(r.Http.RequestAborted).ConfigureAwait(false);
        var html = new StringBuilder(OfficeLayout.Errors(r, errors));
        html.Append("<p class=\"filters\">");
        foreach (var value in Enum.GetValues<OutboxStatus>())
        {
            html.Append($"<a href=\"{Path}?status={value}\"{(wanted == value ? " aria-current=\"true\"" : string.Empty)}>{E(Name(r, value))} ({counts.GetValueOrDefault(value)})</a>");
        }

        html.Append("</p>");
        html.Append(OfficeLayout.Table(["#", r.T("Template", "Šablon"), r.T("To", "Za"), r.T("Created", "Napravljeno"), r.T("Not before", "Ne prije"), r.T("Attempts", "Pokušaji"), r.T("Sent", "Poslato"), r.T("Last error", "Posljednja greška"), string.Empty],
            rows.Select(m => new[]
            {
                m.Id.ToString(CultureInfo.InvariantCulture), E(m.Template), E(m.To) + (m.Cc is null ? string.Empty : $"<br><span class=\"muted\">cc {E(m.Cc)}</span>"), E(r.Time(m.CreatedAt)), E(r.Time(m.NotBefore)),
                r.Number(m.Attempts), E(r.Time(m.SentAt)), E(m.LastError),
                r.IsOffice && wanted == OutboxStatus.DeadLetter ? r.Form($"{Path}/{m.Id}/resend", string.Empty, r.T("Resend", "Pošalji ponovo")) : string.Empty,
            }), r.T("Nothing here.", "Ovdje nema ničega.")));
        return OfficeLayout.Page(r, r.T("Outbox", "Odlazna pošta"), html.ToString(), code);
    }

    private static string Name(OfficeRequest r, OutboxStatus status) => status switch
    {
        OutboxStatus.Queued => r.T("Queued", "U redu"),
        OutboxStatus.Sent => r.T("Sent", "Poslato"),
        OutboxStatus.DeadLetter => r.T("Dead letters", "Neisporučeno"),
        _ => r.T("Withdrawn", "Povučeno"),
    };

    private static async Task<object?> SnapshotAsync(PlanDbContext db, long id, CancellationToken cancellationToken) =>
        await db.Outbox.AsNoTracking().Where(m => m.Id == id).Select(m => new { m.Id, m.Status, m.To, m.Template, m.Attempts, m.NotBefore, m.LastError }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

    private static async Task<IResult> ResendAsync(long id, HttpContext http, Func<PlanDbContext> createContext)
    {
        var r = For(http);
        await using var db = createContext();
        var done = await OfficeAudit.ChangeAsync(db, r.Who, "mail-resent", "OutboxMessage", id.ToString(CultureInfo.InvariantCulture), r.Now,
            () => SnapshotAsync(db, id, http.RequestAborted),
            async () =>
            {
                var mail = await db.Outbox.FirstOrDefaultAsync(m => m.Id == id && m.Status == OutboxStatus.DeadLetter, http.RequestAborted).ConfigureAwait(false);
                if (mail is null)
                {
                    return false;
                }

                // A fresh start: the sender's retry budget counts from here, and it goes out at the next round.
                mail.Status = OutboxStatus.Queued;
                mail.Attempts = 0;
                mail.NotBefore = r.Now;
                mail.LastError = null;
                return true;
            },
            () => SnapshotAsync(db, id, http.RequestAborted), http.RequestAborted).ConfigureAwait(false);
        return done
            ? OfficeLayout.Done($"{Path}?status={OutboxStatus.Queued}", "resent")
            : await PageAsync(r, createContext, nameof(OutboxStatus.DeadLetter), [string.Format(r.Culture, r.T("Mail {0} is not a dead letter.", "Poruka {0} nije neisporučena."), id)], StatusCodes.Status409Conflict).ConfigureAwait(false);
    }
}
