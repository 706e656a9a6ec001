using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Server.Office.Components;
using PlanWorkflows.Server.Office.Components.Pages;
using static PlanWorkflows.Server.Office.OfficeRequest;

namespace PlanWorkflows.Server.Office.Pages;

/// <summary>The outbox's change (the page is <see cref="Outbox"/>): the Office puts a dead letter back in the queue once its cause is fixed.</summary>
public static class OutboxPage
{
    public const string Path = Outbox.Path;

    public static void Map(RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapPost("/outbox/{id:long}/resend", ResendAsync).RequireAuthorization(OfficePolicies.Office);
    }

    private static async Task<object?> SnapshotAsync(PlanDbContext db, long id, CancellationToken cancellationToken) =>
        await db.Outbox.AsNoTracking().Where(m => m.Id == id).Select(m => new { m.Id, m.Status, m.To, m.Template, m.Attempts, m.NotBefore, m.LastError }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

    private static async Task<IResult> ResendAsync(long id, HttpContext http, Func<PlanDbContext> createContext, IStringLocalizer<OfficeText> l)
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
            : OfficePages.Render<Outbox>(StatusCodes.Status409Conflict, new Dictionary<string, object?> { [nameof(Outbox.Errors)] = new[] { l["Outbox.NotDeadLetter", id].Value } });
    }
}
