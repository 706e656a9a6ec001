using System.Text;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Status;
using PlanWorkflows.Core.Workflows.Runtime;
using static PlanWorkflows.Server.Office.OfficeRequest;

namespace PlanWorkflows.Server.Office.Pages;

/// <summary>Workflow instances with their journal, bookmarks and incidents; the Office retries, cancels and moves them to the latest version.</summary>
public static class InstancesPage
{
    public const string Path = OfficePaths.Root + "/instances";
    private const int Limit = 200;

    public static void Map(RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/instances", ListAsync);
        group.MapGet("/instances/{id:long}", ShowAsync);
        group.MapPost("/instances/{id:long}/retry", (long id, HttpContext http, Func<PlanDbContext> createContext) =>
            ActAsync(id, http, createContext, "instance-retried", "retried", (db, r) => WorkflowEngine.RetryAsync(db, id, r.Now, http.RequestAborted)))
            .RequireAuthorization(OfficePolicies.Office);
        group.MapPost("/instances/{id:long}/cancel", (long id, HttpContext http, Func<PlanDbContext> createContext) =>
            ActAsync(id, http, createContext, "instance-cancelled", "cancelled", (db, r) => WorkflowEngine.CancelAsync(db, id, $"cancelled by {r.Who}", r.Now, http.RequestAborted)))
            .RequireAuthorization(OfficePolicies.Office);
        group.MapPost("/instances/{id:long}/move", (long id, HttpContext http, Func<PlanDbContext> createContext) =>
            ActAsync(id, http, createContext, "instance-moved", "moved", (db, r) => InstanceMove.MoveAsync(db, id, r.Who, r.Now, http.RequestAborted)))
            .RequireAuthorization(OfficePolicies.Office);
    }

    private static async Task<IResult> ListAsync(HttpContext http, Func<PlanDbContext> createContext, string? status)
    {
        var r = For(http);
        var wanted = Enum.TryParse<InstanceStatus>(status, out var s) ? s : (InstanceStatus?)null;
        await using var db = createContext();
        var query = db.Instances.AsNoTracking();
        if (wanted is { } w)
        {
            query = query.Where(i => i.Status == w);
        }

        var rows = await query.OrderByDescending(i => i.Id).Take(Limit)
            .GroupJoin(db.Obligations, i => i.ObligationId, o => o.Id, (i, o) => new { i, o })
            .SelectMany(x => x.o.DefaultIfEmpty(), (x, o) => new { x.i.Id, x.i.DefinitionName, x.i.DefinitionVersion, x.i.Status, x.i.UpdatedAt, Activity = o == null ? null : o.ActivityKey, Institution = o == null ? null : o.InstitutionId, Period = o == null ? null : o.PeriodLabel })
            .ToListAsync(http.RequestAborted).ConfigureAwait(false);
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.ResolvedAt == null).OrderByDescending(i => i.Id).Take(Limit).ToListAsync(http.RequestAborted).ConfigureAwait(false);
        var html = new StringBuilder();
        html.Append($"<h2 id=\"incidents\">{E(r.T("Open incidents", "Otvoreni incidenti"))} ({incidents.Count})</h2>");
        html.Append(OfficeLayout.Table([r.T("When", "Kada"), r.T("Where", "Gdje"), r.T("Instance", "Instanca"), r.T("Message", "Poruka")], incidents.Select(i => new[]
        {
            E(r.Time(i.At)), E(i.Source), i.InstanceId is { } iid ? $"<a href=\"{Path}/{iid}\">{iid}</a>" : string.Empty, E(i.Message),
        }), r.T("No open incidents.", "Nema otvorenih incidenata.")));
        html.Append($"<h2>{E(r.T("Instances", "Instance"))}</h2><p class=\"filters\"><a href=\"{Path}\">{E(r.T("All", "Sve"))}</a>");
        foreach (var value in Enum.GetValues<InstanceStatus>())
        {
            html.Append($"<a href=\"{Path}?status={value}\"{(wanted == value ? " aria-current=\"true\"" : string.Empty)}>{E(value.ToString())}</a>");
        }

        html.Append("</p>");
        html.Append(OfficeLayout.Table(["#", r.T("Status", "Status"), r.T("Definition", "Tok rada"), r.T("Activity", "Aktivnost"), r.T("Institution", "Institucija"), r.T("Period", "Period"), r.T("Updated", "Izmijenjeno")],
            rows.Select(i => new[] { $"<a href=\"{Path}/{i.Id}\">{i.Id}</a>", E(i.Status.ToString()), E($"{i.DefinitionName} v{i.DefinitionVersion}"), E(i.Activity), E(i.Institution), E(i.Period), E(r.Time(i.UpdatedAt)) }),
            r.T("No instances.", "Nema instanci.")));
        return OfficeLayout.Page(r, r.T("Instances", "Instance"), html.ToString());
    }

    private static async Task<IResult> ShowAsync(long id, HttpContext http, Func<PlanDbContext> createContext)
    {
        var r = For(http);
        var cancellationToken = http.RequestAborted;
        await using var db = createContext();
        var instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return OfficeLayout.Page(r, r.T("Not found", "Nije pronađeno"), $"<p>{E(r.T("No such instance.", "Nema takve instance."))}</p>", StatusCodes.Status404NotFound);
        }

        var obligation = instance.ObligationId is { } oid ? await db.Obligations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == oid, cancellationToken).ConfigureAwait(false) : null;
        var html = new StringBuilder();
        html.Append($"<p>{E(instance.Status.ToString())} · {E(instance.DefinitionName)} v{instance.DefinitionVersion} · {E(r.T("revision", "revizija"))} {instance.Revision}</p>");
        if (obligation is not null)
        {
            html.Append($"<p>{E(r.T("Obligation", "Obaveza"))} {obligation.Id}: {E(obligation.ActivityKey)} / {E(obligation.InstitutionId)} / {E(obligation.PeriodLabel)}, {E(r.T("due", "rok"))} {E(r.Date(obligation.DueDate))}, {E(obligation.Status.ToString())}</p>");
        }

        var move = await InstanceMove.CheckAsync(db, instance, cancellationToken).ConfigureAwait(false);
        if (r.IsOffice)
        {
            html.Append("<div class=\"actions\">");
            if (instance.Status == InstanceStatus.Faulted)
            {
                html.Append(r.Form($"{Path}/{id}/retry", string.Empty, r.T("Retry", "Pokreni ponovo")));
            }

            if (instance.Status is not (InstanceStatus.Completed or InstanceStatus.Cancelled))
            {
                html.Append(r.Form($"{Path}/{id}/cancel", string.Empty, r.T("Cancel instance", "Otkaži instancu"), "danger"));
            }

            if (move.Possible)
            {
                html.Append(r.Form($"{Path}/{id}/move", string.Empty, string.Format(r.Culture, r.T("Move to version {0}", "Prebaci na verziju {0}"), move.Latest)));
            }
            else if (move.Latest is not null)
            {
                html.Append($"<p class=\"muted\">{E(string.Format(r.Culture, r.T("Version {0} is published; this instance cannot move to it: {1}.", "Verzija {0} je objavljena; ova instanca ne može preći na nju: {1}."), move.Latest, move.Problem))}</p>");
            }

            html.Append("</div>");
        }

        var bookmarks = await db.Bookmarks.AsNoTracking().Where(b => b.InstanceId == id).OrderBy(b => b.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        html.Append($"<h2>{E(r.T("Bookmarks", "Čekanja"))}</h2>");
        html.Append(OfficeLayout.Table([r.T("Step", "Korak"), r.T("Waits for", "Čeka"), r.T("Until", "Do")], bookmarks.Select(b => new[] { E(b.StepId), E(b.Kind), E(r.Time(b.WakeAt)) }), r.T("Not waiting.", "Ne čeka.")));
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.InstanceId == id).OrderBy(i => i.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        html.Append($"<h2>{E(r.T("Incidents", "Incidenti"))}</h2>");
        html.Append(OfficeLayout.Table([r.T("When", "Kada"), r.T("Step", "Korak"), r.T("Attempt", "Pokušaj"), r.T("Message", "Poruka"), r.T("Resolved", "Riješeno")],
            incidents.Select(i => new[] { E(r.Time(i.At)), E(i.StepId), r.Number(i.Attempt), E(i.Message), E(r.Time(i.ResolvedAt)) }), r.T("No incidents.", "Nema incidenata.")));
        var journal = await db.Journal.AsNoTracking().Where(j => j.InstanceId == id || (obligation != null && j.ObligationId == obligation.Id)).OrderBy(j => j.Id).Take(500).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (obligation is not null)
        {
            // What happened to the obligation, as people say it; the journal below keeps the engine's own lines.
            var zone = TimeZoneInfo.FindSystemTimeZoneById(http.RequestServices.GetRequiredService<MailOptions>().TimeZone);
            var history = ObligationHistory.From(obligation, journal.Where(j => j.ObligationId == obligation.Id), zone);
            html.Append($"<h2>{E(r.T("History", "Istorija"))}</h2>");
            html.Append(history.Count == 0
                ? $"<p>{E(r.T("Nothing yet.", "Još ništa."))}</p>"
                : $"<ul>{string.Concat(history.Select(e => $"<li>{E(ObligationHistory.Text(e, r.Lang))}</li>"))}</ul>");
        }

        html.Append($"<h2>{E(r.T("Journal", "Dnevnik"))}</h2>");
        html.Append(OfficeLayout.Table([r.T("When", "Kada"), r.T("Event", "Događaj"), r.T("Step", "Korak"), r.T("Message", "Poruka")],
            journal.Select(j => new[] { E(r.Time(j.At)), E(j.Event), E(j.StepId), E(j.Message) }), r.T("Nothing yet.", "Još ništa.")));
        return OfficeLayout.Page(r, string.Format(r.Culture, r.T("Instance {0}", "Instanca {0}"), id), html.ToString());
    }

    internal static async Task<object?> SnapshotAsync(PlanDbContext db, long id, CancellationToken cancellationToken) =>
        await db.Instances.AsNoTracking().Where(i => i.Id == id)
            .Select(i => new { i.Id, i.Status, i.DefinitionName, i.DefinitionVersion, i.Revision, OpenIncidents = db.Incidents.Count(x => x.InstanceId == i.Id && x.ResolvedAt == null), QueuedMails = db.Outbox.Count(m => m.InstanceId == i.Id && m.Status == OutboxStatus.Queued) })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

    private static async Task<IResult> ActAsync(long id, HttpContext http, Func<PlanDbContext> createContext, string action, string notice, Func<PlanDbContext, OfficeRequest, Task<bool>> command)
    {
        var r = For(http);
        await using var db = createContext();
        bool done;
        try
        {
            done = await OfficeAudit.ChangeAsync(db, r.Who, action, "WorkflowInstance", id.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Now,
                () => SnapshotAsync(db, id, http.RequestAborted), () => command(db, r), () => SnapshotAsync(db, id, http.RequestAborted), http.RequestAborted).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The engine moved the instance on between reading and saving: nothing was written; the page says so.
            done = false;
        }

        if (!done)
        {
            return OfficeLayout.Page(r, r.T("Not possible", "Nije moguće"),
                $"<p class=\"error\">{E(r.T("The instance is not in a state that allows this (it may have changed meanwhile).", "Instanca nije u stanju koje to dozvoljava (možda se u međuvremenu promijenila)."))}</p><p><a href=\"{Path}/{id}\">{E(r.T("Back to the instance", "Nazad na instancu"))}</a></p>",
                StatusCodes.Status409Conflict);
        }

        return OfficeLayout.Done($"{Path}/{id}", notice);
    }
}
