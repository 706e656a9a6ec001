using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Server.Office.Pages;

namespace PlanWorkflows.Server.Cli;

/// <summary><c>extensions list | approve | decline</c>: the Office's decisions on requests for a later due date.</summary>
internal static class ExtensionCommands
{
    private static readonly Option<string> By = new("--by") { Description = "Who decides (kept in the journal).", DefaultValueFactory = _ => Environment.UserName };

    public static Command Build()
    {
        var extensions = new Command("extensions", "Requests for a later due date, made from the reply form.");
        extensions.Options.Add(CliConfiguration.DatabaseFile);
        extensions.Subcommands.Add(List());
        extensions.Subcommands.Add(Decide("approve", "Approve a request: the due date moves and the reminders follow it.", approve: true));
        extensions.Subcommands.Add(Decide("decline", "Decline a request: the due date stays; the institution is told why.", approve: false));
        return extensions;
    }

    private static Command List()
    {
        var status = new Option<ExtensionStatus?>("--status") { Description = "Only requests in this state: Requested, Approved or Declined." };
        var command = new Command("list", "Extension requests, oldest first.") { status };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            var wanted = result.GetValue(status);
            var rows = db.Extensions.AsNoTracking()
                .Where(e => wanted == null || e.Status == wanted)
                .Join(db.Obligations.AsNoTracking(), e => e.ObligationId, o => o.Id, (e, o) => new { Request = e, o.ActivityKey, o.InstitutionId, o.PeriodLabel, o.DueDate })
                .OrderBy(r => r.Request.Id)
                .ToList();
            var writer = CliIo.Out(result);
            writer.WriteLine("id\tstatus\tobligation\tactivity\tinstitution\tperiod\tdue\trequested\tby\treason\tdecided");
            foreach (var r in rows)
            {
                var e = r.Request;
                var decided = e.DecidedAt is { } at ? $"{at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} by {e.DecidedBy}{(e.OfficeComment is null ? string.Empty : $": {e.OfficeComment}")}" : string.Empty;
                writer.WriteLine(string.Join('\t', e.Id, e.Status, e.ObligationId, r.ActivityKey, r.InstitutionId, r.PeriodLabel, Iso(r.DueDate), Iso(e.RequestedDueDate), e.RequestedBy, OneLine(e.Reason), OneLine(decided)));
            }

            return 0;
        }));
        return command;
    }

    private static Command Decide(string name, string description, bool approve)
    {
        var id = new Argument<long>("id") { Description = "Extension request id (from 'list')." };
        var comment = new Option<string?>("--comment") { Description = approve ? "A note for the institution (optional)." : "Why it is declined (sent to the institution).", Required = !approve };
        var command = new Command(name, description) { id, comment, By };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            var engine = new EngineOptions();
            CliConfiguration.Load().GetSection(EngineOptions.SectionName).Bind(engine);
            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            var extensions = new Extensions(engine);
            var now = CliAudit.Now(result);
            try
            {
                var requestId = result.GetValue(id);
                ExtensionRequest? request = null;
                CliAudit.Change(db, approve ? "extension-approved" : "extension-declined", "ExtensionRequest", requestId, now, () => ExtensionsPage.SnapshotAsync(db, requestId, CancellationToken.None), async () =>
                {
                    request = approve
                        ? await extensions.ApproveAsync(db, requestId, result.GetValue(By)!, result.GetValue(comment), now).ConfigureAwait(false)
                        : await extensions.DeclineAsync(db, requestId, result.GetValue(By)!, result.GetValue(comment), now).ConfigureAwait(false);
                    return true;
                });
                var decided = request!;
                var due = db.Obligations.AsNoTracking().Where(o => o.Id == decided.ObligationId).Select(o => o.DueDate).First();
                CliIo.Out(result).WriteLine($"extension {decided.Id}: {decided.Status.ToString().ToLowerInvariant()}; obligation {decided.ObligationId} is due {Iso(due)}");
            }
            catch (ExtensionException ex)
            {
                throw new CliException(ex.Message);
            }

            return 0;
        }));
        return command;
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Replace('\t', ' ');
}
