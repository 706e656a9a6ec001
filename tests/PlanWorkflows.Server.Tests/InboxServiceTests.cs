using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Tests.Mail;
using PlanWorkflows.Server.Hosting;

namespace PlanWorkflows.Server.Tests;

public sealed class InboxServiceTests
{
    [Fact]
    public async Task The_running_service_reads_the_reports_mailbox_and_acts_on_a_bounce()
    {
        await using var server = await Smtp4devServer.StartAsync();
        using var temp = new TempFolder();
        var database = temp.File("plan.db");
        var app = ServiceHost.Build([
            "--urls", "http://127.0.0.1:0",
            $"--Database:ConnectionString=Data Source={database};Pooling=False",
            "--Service:Roles=worker",
            $"--Outbox:PickupFolder={temp.File("outbox")}",
            "--Inbox:Host=127.0.0.1",
            $"--Inbox:Port={server.ImapPort}",
            "--Inbox:Security=None",
            "--Inbox:UserName=reports",
            "--Inbox:Password=reports",
            "--Inbox:PollInterval=00:00:01",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        try
        {
            // A relay's delivery report about the Ministry of Health's focal point.
            var bounce = new MimeMessage { Subject = "Undeliverable: Podsjećanje", MessageId = "bounce-1@relay.example.org" };
            bounce.From.Add(MailboxAddress.Parse("MAILER-DAEMON@relay.example.org"));
            bounce.To.Add(MailboxAddress.Parse("reports@planworkflows.local"));
            var report = new MultipartReport("delivery-status")
            {
                new TextPart("plain") { Text = "Delivery to the following recipient failed permanently:\n\n    ministry-health.focal@example.org\n" },
                new MessageDeliveryStatus(),
            };
            var status = (MessageDeliveryStatus)report[1];
            var fields = new HeaderList { { "Final-Recipient", "rfc822; ministry-health.focal@example.org" }, { "Action", "failed" }, { "Status", "5.1.1" } };
            status.StatusGroups.Add(new HeaderList { { "Reporting-MTA", "dns; relay.example.org" } });
            status.StatusGroups.Add(fields);
            bounce.Body = report;
            using (var smtp = new SmtpClient())
            {
                await smtp.ConnectAsync("127.0.0.1", server.SmtpPort, SecureSocketOptions.None);
                await smtp.SendAsync(bounce);
                await smtp.DisconnectAsync(true);
            }

            // The reader works on its own; wait (bounded) for it to have acted.
            var options = new DatabaseOptions { ConnectionString = $"Data Source={database};Pooling=False" };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            InboundMessage? stored = null;
            while (DateTime.UtcNow < deadline)
            {
                await using var db = PlanDatabase.Create(options);
                stored = await db.Inbound.AsNoTracking().FirstOrDefaultAsync(m => m.MessageId == "bounce-1@relay.example.org" && m.Status != InboundStatus.New);
                if (stored is not null)
                {
                    break;
                }

                await Task.Delay(250);
            }

            Assert.NotNull(stored);
            Assert.Equal("bounce", stored.Kind);
            Assert.Equal(InboundStatus.Processed, stored.Status);
            await using var check = PlanDatabase.Create(options);
            Assert.True((await check.Contacts.SingleAsync(c => c.Email == "ministry-health.focal@example.org")).Undeliverable);
            Assert.Contains(check.Incidents, i => i.Source == "inbox" && i.Message.Contains("ministry-health.focal@example.org", StringComparison.Ordinal));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }
}
