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
        var giveBack = new Option<bool>("--return") { Description = "Return it to the institution for more information (needs --comment)." };
        var comment = new Option<string?>("--comment") { Description = "What the institution should add (required with --return, sent with the returned report)." };
        var version = new Option<int?>("--version") { Description = "The version you read; refused when a newer one arrived since." };
        var decide = new Command("review", "Accept or return the latest report of an obligation.") { obligation, accept, giveBack, comment, version, By };
        decide.SetAction(result => CliIo.Run(result, () =>
        {
            if (result.GetValue(accept) == result.GetValue(giveBack))
            {
                throw new CliException("give exactly one of --accept and --return");
            }

            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            var id = result.GetValue(obligation);
            var outcome = result.GetValue(accept) ? ReviewOutcome.Accepted : ReviewOutcome.Returned;
            var decided = Review(() => ReportReview.DecideAsync(db, id, result.GetValue(version), outcome, result.GetValue(comment),
                new Reviewer(result.GetValue(By)!, CliAudit.Who), CliAudit.Now(result)));
            CliIo.Out(result).WriteLine($"obligation {id}: report v{decided.Version} {(outcome == ReviewOutcome.Accepted ? "accepted" : "returned")}"
                + (decided.WorkflowResumed ? "; its workflow resumes" : string.Empty));
            return 0;
        }));
        reports.Subcommands.Add(decide);
        reports.Subcommands.Add(ListReports());
        return reports;
    }

    private static T Review<T>(Func<Task<T>> command)
    {
        try
        {
            return command().GetAwaiter().GetResult();
        }
        catch (ReviewException e)
        {
            throw new CliException(e.Message);
        }
    }

    private static Command ListReports()
    {
        var area = new Option<string?>("--area") { Description = "Area id (e.g. education)." };
        var institution = new Option<string?>("--institution") { Description = "Institution id." };
        var period = new Option<string?>("--period") { Description = "Period label (e.g. 2013-H1)." };
        var state = new Option<InboxState[]>("--state") { Description = "New, Resubmitted, Returned or Accepted (repeatable); by default all but Accepted.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("list", "The reports inbox: the latest report of each obligation, newest first.") { area, institution, period, state };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            var rows = ReportInbox.ListAsync(db, new InboxFilter
            {
                AreaId = result.GetValue(area),
                InstitutionId = result.GetValue(institution),
                Period = result.GetValue(period),
                States = result.GetValue(state),
            }).GetAwaiter().GetResult();
            var writer = CliIo.Out(result);
            writer.WriteLine("obligation	activity	institution	period	version	received	channel	state");
            foreach (var r in rows)
            {
                writer.WriteLine($"{r.ObligationId}\t{r.Reference}\t{r.InstitutionId}\t{r.Period}\tv{r.Version}\t{r.SubmittedAt:yyyy-MM-dd HH:mm}\t{r.Channel}\t{r.State}");
            }

            return 0;
        }));
        return command;
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
}
