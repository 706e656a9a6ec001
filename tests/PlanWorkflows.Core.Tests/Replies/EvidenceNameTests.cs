using Microsoft.EntityFrameworkCore;
using MimeKit;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Core.Tests.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Replies;

/// <summary>
/// A sender's file name has no limit; the column has one. SQLite stores any length, a server database refuses
/// the row, and with it the whole reply: the name is stored shortened instead, on every provider.
/// </summary>
public sealed class EvidenceNameTests
{
    [Fact]
    public async Task A_reply_whose_attachment_name_is_longer_than_the_column_is_recorded_with_the_name_shortened()
    {
        using var fixture = new EngineFixture(new DateTimeOffset(2013, 3, 20, 9, 0, 0, TimeSpan.Zero));
        await fixture.PublishAsync(EngineFixture.Ladder);
        await fixture.SyncAsync(EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31), ("1.1.1", "II Quarter of 2013", ["ministry-health"])));
        var token = ReplyTokens.NewToken();
        var longName = "Izvjestaj o realizaciji aktivnosti " + new string('x', 300) + ".pdf";
        await using (var db = fixture.Create())
        {
            var round = await db.Obligations.Select(o => o.PeriodLabel).SingleAsync();
            ReplyTokens.Issue(db, token, "ministry-health", round, "cnr", fixture.Now, fixture.Now.AddDays(120), "pw.1.1.1@planworkflows.local");
            var mail = new MimeMessage { Subject = "RE: izvještaj", MessageId = "long-name@ministry.example.org" };
            mail.From.Add(MailboxAddress.Parse("ministry-health.focal@example.org"));
            mail.To.Add(MailboxAddress.Parse($"reports+{token}@planworkflows.local"));
            var body = new BodyBuilder { TextBody = "[1.1.1] Status: Implemented\nNarrative: Four trainings held.\n" };
            body.Attachments.Add(longName, "%PDF-1.4 evidence"u8.ToArray(), new ContentType("application", "pdf"));
            mail.Body = body.ToMessageBody();
            using var raw = new MemoryStream();
            await mail.WriteToAsync(raw);
            db.Inbound.Add(new InboundMessage { MessageId = "long-name@ministry.example.org", From = "ministry-health.focal@example.org", Raw = raw.ToArray(), Status = InboundStatus.New, ReceivedAt = fixture.Now });
            await db.SaveChangesAsync();
        }

        await new InboundProcessor(fixture.Create, fixture.Time, new InboxOptions(), "planworkflows.local").ProcessNewAsync();

        await using var check = fixture.Create();
        var message = await check.Inbound.SingleAsync();
        Assert.True(message.Status == InboundStatus.Processed, message.Note);
        var report = await check.Reports.SingleAsync();
        Assert.Equal(ImplementationStatus.Implemented, report.Status);
        var evidence = await check.Evidence.SingleAsync();
        Assert.Equal(report.Id, evidence.ReportId);
        Assert.Equal(Evidence.FileNameLength, evidence.FileName.Length);
        Assert.StartsWith("Izvjestaj o realizaciji aktivnosti xxx", evidence.FileName, StringComparison.Ordinal);
        Assert.EndsWith("x.pdf", evidence.FileName, StringComparison.Ordinal);
        Assert.Equal("application/pdf", evidence.ContentType);
    }
}
