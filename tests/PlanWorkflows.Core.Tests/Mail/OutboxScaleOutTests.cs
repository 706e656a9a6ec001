using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Tests.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Mail;

/// <summary>Several workers drain one outbox: each row leaves through one of them only.</summary>
public sealed class OutboxScaleOutTests
{
    // Monday 18 March 2013, 10:00 in Podgorica: inside the send window.
    private static readonly DateTimeOffset Monday = new(2013, 3, 18, 9, 0, 0, TimeSpan.Zero);

    private static readonly OutboxComposer OneMailPerRow = TestComposers.OneMailPerRow;

    [Fact]
    public async Task Three_senders_draining_one_outbox_at_once_send_every_row_exactly_once()
    {
        await using var smtp = await Smtp4devServer.StartAsync();
        using var fixture = new EngineFixture(Monday);
        await using (var db = fixture.Create())
        {
            for (var i = 1; i <= 60; i++)
            {
                db.Outbox.Add(new OutboxMessage { MessageId = $"pw.scale.{i}@planworkflows.local", Template = "first-reminder", To = $"contact{i}@example.org", CreatedAt = fixture.Now, NotBefore = fixture.Now, Status = OutboxStatus.Queued });
            }

            await db.SaveChangesAsync();
        }

        var transports = Enumerable.Range(0, 3).Select(_ => new SmtpMailTransport(new SmtpOptions { Host = "127.0.0.1", Port = smtp.SmtpPort, Security = SecureSocketOptions.None })).ToList();
        var senders = transports.Select(t => new OutboxSender(fixture.Create, fixture.Time, t, OneMailPerRow, new OutboxOptions { BatchSize = 25 }, fixture.Calendar)).ToList();
        try
        {
            for (var round = 0; round < 10; round++)
            {
                var rounds = await Task.WhenAll(senders.Select(s => Task.Run(() => s.SendDueAsync())));
                if (rounds.All(r => r.Sent == 0))
                {
                    break;
                }
            }
        }
        finally
        {
            foreach (var transport in transports)
            {
                await transport.DisposeAsync();
            }
        }

        var received = await smtp.MessagesAsync(expected: 60);
        Assert.Equal(60, received.Count);
        Assert.Equal(60, received.Select(m => m.MessageId).Distinct().Count());
        await using var check = fixture.Create();
        Assert.All(await check.Outbox.ToListAsync(), m =>
        {
            Assert.Equal(OutboxStatus.Sent, m.Status);
            Assert.Equal(1, m.Attempts);
            // The claim is not left behind: the row keeps the time it became due.
            Assert.Equal(Monday.UtcDateTime, m.NotBefore);
        });
    }
}
