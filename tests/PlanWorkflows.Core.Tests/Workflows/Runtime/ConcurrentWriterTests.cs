using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Tests.Workflows.Runtime;

/// <summary>
/// Writers that meet on one row: what SQLite settles by running one transaction at a time, a server database
/// (SQL Server, PostgreSQL) runs side by side. The outcome must be the same on every provider; the server
/// suites run these tests again on their databases.
/// </summary>
public sealed class ConcurrentWriterTests
{
    private static readonly DateTimeOffset Start = new(2013, 1, 7, 8, 0, 0, TimeSpan.Zero);

    private static async Task<(EngineFixture Fixture, long ObligationId)> ReadyAsync(string? ladder = null)
    {
        var fixture = new EngineFixture(Start);
        await fixture.PublishAsync(ladder ?? EngineFixture.Ladder);
        await fixture.SyncAsync(EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31), ("1.1.1", "I Quarter of 2013", ["ministry-health"])));
        await using var db = fixture.Create();
        return (fixture, await db.Obligations.Select(o => o.Id).SingleAsync());
    }

    [Fact]
    public async Task Reports_for_one_obligation_submitted_at_once_get_one_version_each()
    {
        var (fixture, obligationId) = await ReadyAsync();
        using var _ = fixture;
        await Task.WhenAll(Enumerable.Range(1, 4).Select(i => Task.Run(async () =>
        {
            await using var db = fixture.Create();
            await WorkflowEngine.SubmitReportAsync(db, obligationId, ImplementationStatus.Implemented, $"Report {i}.", i % 2 == 0 ? "form" : "email", "focal point", fixture.Now);
        })));

        await using var check = fixture.Create();
        Assert.Equal([1, 2, 3, 4], await check.Reports.Where(r => r.ObligationId == obligationId).OrderBy(r => r.Version).Select(r => r.Version).ToListAsync());
        Assert.Equal(ObligationStatus.Reported, (await check.Obligations.SingleAsync()).Status);
    }

    [Fact]
    public async Task A_report_received_while_a_batch_runs_is_not_overwritten_by_the_batch()
    {
        // The instance's first step holds its batch open (after the obligation was read) until the report has had its chance.
        var (fixture, obligationId) = await ReadyAsync(EngineFixture.Ladder.Replace("\"type\": \"WaitUntil\"", "\"type\": \"Gate\"", StringComparison.Ordinal));
        using var _ = fixture;
        using var gate = new GateStep();
        var engine = fixture.Engine([.. BuiltInSteps.All, gate]);
        var batch = Task.Run(() => engine.RunDueAsync());
        Assert.True(gate.Reached.Wait(TimeSpan.FromSeconds(30)), "the batch never reached the gate");

        var report = Task.Run(async () =>
        {
            await using var db = fixture.Create();
            await WorkflowEngine.SubmitReportAsync(db, obligationId, ImplementationStatus.Implemented, "Done.", "form", "focal point", fixture.Now);
        });
        // Either the report waits for the batch (SQLite's one writer, a server's row lock) or it would commit now.
        await Task.WhenAny(report, Task.Delay(TimeSpan.FromSeconds(1)));
        gate.Release.Set();
        await batch;
        await report;

        await using var check = fixture.Create();
        var obligation = await check.Obligations.SingleAsync();
        // The batch set its status first; the report, last, leaves the obligation reported — or accepted, when the
        // batch went on to run the reply the report signalled (the ladder accepts every reply). Never the batch's
        // own stale status over the report.
        Assert.Contains(obligation.Status, new[] { ObligationStatus.Reported, ObligationStatus.Accepted });
        Assert.Single(check.Reports);
        Assert.Contains(check.Journal, j => j.StepId == "wait-first" && j.Event == "status");
    }

    [Fact]
    public async Task A_stored_mail_picked_by_two_workers_at_once_is_handled_once()
    {
        var (fixture, _) = await ReadyAsync();
        using var __ = fixture;
        var bounce = """
            From: MAILER-DAEMON@mail.example.org
            To: reports@planworkflows.local
            Subject: Undelivered Mail Returned to Sender
            Message-Id: <bounce-1@mail.example.org>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

            --b1
            Content-Type: text/plain

            Your message could not be delivered.

            --b1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mail.example.org

            Final-Recipient: rfc822; ministry-health.focal@example.org
            Action: failed
            Status: 5.1.1

            --b1--
            """.ReplaceLineEndings("\r\n");
        long id;
        await using (var db = fixture.Create())
        {
            var message = new InboundMessage { MessageId = "bounce-1@mail.example.org", From = "MAILER-DAEMON@mail.example.org", Raw = System.Text.Encoding.ASCII.GetBytes(bounce), Status = InboundStatus.New, ReceivedAt = fixture.Now };
            db.Inbound.Add(message);
            await db.SaveChangesAsync();
            id = message.Id;
        }

        // Two workers read the same next mail before either has marked it processed.
        var workers = Enumerable.Range(0, 2).Select(_ => new InboundProcessor(fixture.Create, fixture.Time, new InboxOptions(), "planworkflows.local")).ToList();
        await Task.WhenAll(workers.Select(w => Task.Run(() => w.ProcessAsync(id))));

        await using var check = fixture.Create();
        Assert.Equal(InboundStatus.Processed, (await check.Inbound.SingleAsync()).Status);
        var incident = Assert.Single(await check.Incidents.Where(i => i.Source == "inbox").ToListAsync());
        Assert.Contains("ministry-health.focal@example.org", incident.Message, StringComparison.Ordinal);
        Assert.True((await check.Contacts.SingleAsync(c => c.Email == "ministry-health.focal@example.org")).Undeliverable);
    }

    /// <summary>A step that blocks its transition until released, then marks the obligation overdue.</summary>
    private sealed class GateStep() : StepType(new StepTypeInfo("Gate", StepComponent.Task, "Test", "Waits for the test.", [], [])), IDisposable
    {
        public ManualResetEventSlim Reached { get; } = new();
        public ManualResetEventSlim Release { get; } = new();

        public override StepResult Execute(StepContext context)
        {
            Reached.Set();
            Release.Wait(TimeSpan.FromSeconds(60));
            context.SetStatus(ObligationStatus.Overdue);
            return StepResult.Next;
        }

        public void Dispose()
        {
            Reached.Dispose();
            Release.Dispose();
        }
    }
}
