using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Core.Tests.Mail;
using PlanWorkflows.Core.Tests.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Replies;

public sealed class ReplyRoundTripTests
{
    private static readonly MailOptions Mail = new() { FromAddress = "reports@planworkflows.local", ReplyDomain = "planworkflows.local" };

    [Fact]
    public async Task A_reply_to_a_real_reminder_is_read_over_imap_recorded_resumes_the_workflow_and_gets_a_receipt()
    {
        var start = new DateTimeOffset(2013, 1, 7, 8, 0, 0, TimeSpan.Zero);
        using var fixture = new EngineFixture(start);
        await fixture.PublishAsync(EngineFixture.Ladder);
        await fixture.SyncAsync(EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31), ("1.1.1", "I Quarter of 2013", ["ministry-health"])));
        var engine = fixture.Engine();
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 18, 9, 0, 0, TimeSpan.Zero), engine);

        await using var server = await Smtp4devServer.StartAsync();
        await using var transport = new SmtpMailTransport(new SmtpOptions { Host = "127.0.0.1", Port = server.SmtpPort, Security = SecureSocketOptions.None });
        var templates = MailTemplates.Load(RepoPaths.Combine("email-templates"));
        var composer = new TemplatedOutboxComposer(templates, new MailComposer(Mail, fixture.Time), new DigestBuilder(Mail, _ => "Number of trainings"), Mail);
        var sender = new OutboxSender(fixture.Create, fixture.Time, transport, composer.Compose, new OutboxOptions(), fixture.Calendar);
        Assert.Equal(1, (await sender.SendDueAsync()).Sent);

        // The focal point answers from a phone: the reply form filled in, the reminder quoted below.
        var reminder = Assert.Single(await server.MessagesAsync(expected: 1));
        var form = reminder.TextBody!;
        var filled = form[form.IndexOf("-----", StringComparison.Ordinal)..]
            .Replace("Status: ___ (Realizovano / Kontinuirano se realizuje / Djelimično realizovano / Nije realizovano / Nije primjenljivo)", "Status: Djelimično realizovano", StringComparison.Ordinal)
            .Replace("Number of trainings: ___", "Number of trainings: 4", StringComparison.Ordinal)
            .Replace("Opis: ___", "Opis: Održane četiri obuke; peta je u aprilu.", StringComparison.Ordinal);
        var reply = new MimeMessage { Subject = "RE: " + reminder.Subject, InReplyTo = reminder.MessageId, MessageId = "reply-1@ministry.example.org" };
        reply.References.Add(reminder.MessageId!);
        reply.From.Add(MailboxAddress.Parse("ministry-health.focal@example.org"));
        reply.To.AddRange(reminder.ReplyTo);
        reply.Body = new TextPart("plain") { Text = filled + "\n\nPoslato sa mog iPhone-a\n\n> " + string.Join("\n> ", form.Split('\n')) };
        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync("127.0.0.1", server.SmtpPort, SecureSocketOptions.None);
            await smtp.SendAsync(reply);
            await smtp.DisconnectAsync(true);
        }

        var inbox = new InboxOptions();
        Assert.Equal(2, (await server.MessagesAsync(expected: 2)).Count); // the reminder and the reply are both in the mailbox
        using (var imap = new ImapClient())
        {
            await imap.ConnectAsync("127.0.0.1", server.ImapPort, SecureSocketOptions.None);
            await imap.AuthenticateAsync("reports", "reports");
            await new MailboxFetcher(fixture.Create, fixture.Time, inbox).FetchAsync(imap);
            await imap.DisconnectAsync(true);
        }

        await new InboundProcessor(fixture.Create, fixture.Time, inbox, Mail.ReplyDomain).ProcessNewAsync();
        await using (var db = fixture.Create())
        {
            var inbound = await db.Inbound.SingleAsync(m => m.MessageId == "reply-1@ministry.example.org");
            Assert.Equal(InboundStatus.Processed, inbound.Status);
            var report = await db.Reports.SingleAsync();
            Assert.Equal(ImplementationStatus.PartiallyImplemented, report.Status);
            Assert.Equal("email", report.Channel);
            Assert.Equal("Održane četiri obuke; peta je u aprilu.", report.Narrative);
            Assert.Contains("\"4\"", report.IndicatorsJson, StringComparison.Ordinal);
            Assert.Equal(inbound.Id, report.InboundMessageId);
            Assert.Equal(ObligationStatus.Reported, (await db.Obligations.SingleAsync()).Status);
            Assert.Single(db.Outbox.Where(m => m.Template == "report-received" && m.To == "ministry-health.focal@example.org"));
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 18, 10, 0, 0, TimeSpan.Zero), engine);
        Assert.Equal(1, (await sender.SendDueAsync()).Sent);
        await using (var db = fixture.Create())
        {
            Assert.Equal(InstanceStatus.Completed, (await db.Instances.SingleAsync()).Status);
            Assert.Equal(ObligationStatus.Accepted, (await db.Obligations.SingleAsync()).Status);
            Assert.Contains(db.Journal, j => j.StepId == "reply" && j.Message == "replied");
        }

        Assert.Contains(await server.MessagesAsync(expected: 3), m => m.To.ToString() == "ministry-health.focal@example.org" && (m.MessageId ?? string.Empty).StartsWith("pw.receipt.", StringComparison.Ordinal));
    }
}
