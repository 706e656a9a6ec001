using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Server.Office.Pages;

namespace PlanWorkflows.Server.Cli;

/// <summary>
/// <c>inbox review list | attach | discard</c> and <c>reports review</c>: the Office's decisions on
/// mail that could not be matched and on reports received.
/// </summary>
internal static class ReviewCommands
{
    private static readonly Option<string> By = new("--by") { Description = "Who decides (kept in the journal).", DefaultValueFactory = _ => Environment.UserName };

    public static Command Build()
    {
        var review = new Command("review", "The review queue: mail that could not be matched or read.");
        review.Options.Add(CliConfiguration.DatabaseFile);
        review.Subcommands.Add(List());
        review.Subcommands.Add(Attach());
        review.Subcommands.Add(Discard());
        return review;
    }

    public static Command BuildReports()
    {
        var reports = new Command("reports", "Reports received.");
        reports.Options.Add(CliConfiguration.DatabaseFile);
        var obligation = new Argument<long>("obligation") { Description = "Obligation id." };
        var accept = new Option<bool>("--accept") { Description = "Accept the latest report." };
        var giveBack = new Option<bool>("--return") { Description = "Return it to the institution for more information." };
        var comment = new Option<string?>("--comment") { Description = "What the institution should add (sent with a returned report)." };
        var decide = new Command("review", "Accept or return the latest report of an obligation.") { obligation, accept, giveBack, comment, By };
        decide.SetAction(result => CliIo.Run(result, () =>
        {
            if (result.GetValue(accept) == result.GetValue(giveBack))
            {
                throw new CliException("give exactly one of --accept and --return");
            }

            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            var id = result.GetValue(obligation);
            var now = CliAudit.Now(result);
            if (!CliAudit.Change(db, result.GetValue(accept) ? "report-accepted" : "report-returned", "Obligation", id, now, () => ReportSnapshotAsync(db, id),
                () => OfficeReview.DecideAsync(db, id, result.GetValue(accept), result.GetValue(comment), result.GetValue(By)!, now)))
            {
                throw new CliException($"obligation {id} has no report to review (or does not exist)");
            }

            CliIo.Out(result).WriteLine($"obligation {id}: {(result.GetValue(accept) ? "accepted" : "returned")}");
            return 0;
        }));
        reports.Subcommands.Add(decide);
        return reports;
    }

    private static Command List()
    {
        var command = new Command("list", "Mail waiting for the Office, with why it waits.");
        command.SetAction(result => CliIo.Run(result, () =>
        {
            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            var writer = CliIo.Out(result);
            writer.WriteLine("id\treceived\tfrom\tkind\tsubject\twhy");
            foreach (var m in db.Inbound.AsNoTracking().Where(m => m.Status == InboundStatus.Review).OrderBy(m => m.Id)
                .Select(m => new { m.Id, m.ReceivedAt, m.From, m.Kind, m.Subject, m.Note }))
            {
                writer.WriteLine($"{m.Id}\t{m.ReceivedAt:yyyy-MM-dd HH:mm}\t{m.From}\t{m.Kind}\t{m.Subject}\t{m.Note}");
            }

            return 0;
        }));
        return command;
    }

    private static Command Attach()
    {
        var id = new Argument<long>("id") { Description = "Inbound mail id (from 'list')." };
        var obligation = new Option<long>("--obligation") { Description = "The obligation it reports on.", Required = true };
        var status = new Option<ImplementationStatus>("--status") { Description = "Implementation status the mail states.", Required = true };
        var command = new Command("attach", "Record a queued mail as a report on an obligation.") { id, obligation, status, By };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            var (mailId, obligationId) = (result.GetValue(id), result.GetValue(obligation));
            var now = CliAudit.Now(result);
            Report? report = null;
            CliAudit.Change(db, "mail-attached", "InboundMessage", mailId, now, () => ReviewPage.SnapshotAsync(db, mailId, obligationId, CancellationToken.None), async () =>
            {
                report = await OfficeReview.AttachAsync(db, mailId, obligationId, result.GetValue(status), result.GetValue(By)!, now).ConfigureAwait(false);
                return report is not null;
            });
            if (report is null)
            {
                throw new CliException($"mail {mailId} is not in the review queue, or obligation {obligationId} does not exist");
            }

            CliIo.Out(result).WriteLine($"mail {result.GetValue(id)} recorded as report v{report.Version} on obligation {result.GetValue(obligation)}");
            return 0;
        }));
        return command;
    }

    private static Command Discard()
    {
        var id = new Argument<long>("id") { Description = "Inbound mail id (from 'list')." };
        var reason = new Option<string>("--reason") { Description = "Why it is not a report.", Required = true };
        var command = new Command("discard", "Take a mail out of the review queue, with the reason kept.") { id, reason, By };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            var mailId = result.GetValue(id);
            if (!CliAudit.Change(db, "mail-discarded", "InboundMessage", mailId, CliAudit.Now(result), () => ReviewPage.SnapshotAsync(db, mailId, null, CancellationToken.None),
                () => OfficeReview.DiscardAsync(db, mailId, result.GetValue(reason)!, result.GetValue(By)!)))
            {
                throw new CliException($"mail {result.GetValue(id)} is not in the review queue");
            }

            CliIo.Out(result).WriteLine($"mail {result.GetValue(id)} discarded");
            return 0;
        }));
        return command;
    }

    /// <summary>An obligation's review state: its status, its latest report and the review decisions waiting for its workflow.</summary>
    private static async Task<object?> ReportSnapshotAsync(PlanDbContext db, long obligationId) =>
        await db.Obligations.AsNoTracking().Where(o => o.Id == obligationId).Select(o => new
        {
            o.Id,
            o.Status,
            LatestReport = db.Reports.Where(r => r.ObligationId == o.Id).OrderByDescending(r => r.Version).Select(r => (int?)r.Version).FirstOrDefault(),
            QueuedDecisions = db.Timers.Count(t => t.Kind == TimerKind.Signal && db.Instances.Any(i => i.Id == t.InstanceId && i.ObligationId == o.Id)),
        }).FirstOrDefaultAsync().ConfigureAwait(false);
}
