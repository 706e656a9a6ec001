using Ical.Net;
using MailKit.Security;
using MimeKit;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Tests.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Mail;

public sealed class ReminderDeliveryTests
{
    [Fact]
    public async Task First_reminders_arrive_as_one_digest_per_institution_in_its_language_with_a_calendar_entry()
    {
        var start = new DateTimeOffset(2013, 1, 7, 8, 0, 0, TimeSpan.Zero);
        using var fixture = new EngineFixture(start);
        await fixture.PublishAsync(EngineFixture.Ladder);
        // Two activities due the same day for the ministry (Montenegrin) and one for UNICEF (English).
        await fixture.SyncAsync(EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31),
            ("1.1.1", "I Quarter of 2013", ["ministry-health", "unicef"]),
            ("1.1.2", "I Quarter of 2013", ["ministry-health"])));
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 18, 9, 0, 0, TimeSpan.Zero), fixture.Engine());

        await using var smtp = await Smtp4devServer.StartAsync();
        await using var transport = new SmtpMailTransport(new SmtpOptions { Host = "127.0.0.1", Port = smtp.SmtpPort, Security = SecureSocketOptions.None });
        var mail = new MailOptions { FromAddress = "reports@planworkflows.local", ReplyDomain = "planworkflows.local" };
        var templates = MailTemplates.Load(RepoPaths.Combine("email-templates"));
        var composer = new TemplatedOutboxComposer(templates, new MailComposer(mail, fixture.Time),
            new DigestBuilder(mail, _ => "Number of trainings; Number of participants"), mail);
        var round = await new OutboxSender(fixture.Create, fixture.Time, transport, composer.Compose, new OutboxOptions(), fixture.Calendar).SendDueAsync();
        Assert.Equal(3, round.Sent);

        var received = (await smtp.MessagesAsync(expected: 2)).OrderBy(m => m.To.ToString()).ToList();
        Assert.Equal(2, received.Count);
        var ministry = received.Single(m => m.To.ToString() == "ministry-health.focal@example.org");
        var unicef = received.Single(m => m.To.ToString() == "unicef.focal@example.org");

        Assert.StartsWith("Podsjećanje", ministry.Subject, StringComparison.Ordinal);
        Assert.Contains("[1.1.1]", ministry.TextBody, StringComparison.Ordinal);
        Assert.Contains("[1.1.2]", ministry.TextBody, StringComparison.Ordinal);
        Assert.Contains("Opis:", ministry.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("[1.1.2]", unicef.TextBody, StringComparison.Ordinal);
        Assert.Contains("Narrative:", unicef.TextBody, StringComparison.Ordinal);
        Assert.Contains("1 April 2013", unicef.TextBody, StringComparison.Ordinal);

        foreach (var message in received)
        {
            Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
            var replyTo = Assert.Single(message.ReplyTo.Mailboxes);
            Assert.Matches(@"^reports\+[A-Za-z0-9_-]{22}@planworkflows\.local$", replyTo.Address);
            Assert.StartsWith("pw.", message.MessageId, StringComparison.Ordinal);
            Assert.NotEmpty(message.References);
            var ics = message.Attachments.OfType<MimePart>().Single(a => a.FileName == MailComposer.CalendarFileName);
            using var stream = new MemoryStream();
            await ics.Content!.DecodeToAsync(stream);
            var calendar = Calendar.Load(System.Text.Encoding.UTF8.GetString(stream.ToArray()))!;
            var entry = Assert.Single(calendar.Events);
            Assert.Equal("Europe/Podgorica", entry.Start!.TzId);
            Assert.Equal(new DateTime(2013, 4, 1, 9, 0, 0), entry.Start!.Value);
        }

        await using var db = fixture.Create();
        Assert.All(db.Outbox, m => Assert.Equal(OutboxStatus.Sent, m.Status));
    }
}
