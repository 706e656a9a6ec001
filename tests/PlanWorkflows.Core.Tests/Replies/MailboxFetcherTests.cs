using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Core.Tests.Mail;
using PlanWorkflows.Core.Tests.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Replies;

public sealed class MailboxFetcherTests
{
    private static async Task SendAsync(Smtp4devServer server, string messageId, string subject)
    {
        var message = new MimeMessage { MessageId = messageId, Subject = subject };
        message.From.Add(MailboxAddress.Parse("ministry-health.focal@example.org"));
        message.To.Add(MailboxAddress.Parse("reports+abcdefghijklmnopqrstuv@planworkflows.local"));
        message.Body = new TextPart("plain") { Text = "Izvještaj u prilogu." };
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync("127.0.0.1", server.SmtpPort, SecureSocketOptions.None);
        await smtp.SendAsync(message);
        await smtp.DisconnectAsync(true);
    }

    private static async Task<FetchResult> FetchAsync(Smtp4devServer server, EngineFixture fixture)
    {
        using var imap = new ImapClient();
        await imap.ConnectAsync("127.0.0.1", server.ImapPort, SecureSocketOptions.None);
        await imap.AuthenticateAsync("reports", "reports");
        var result = await new MailboxFetcher(fixture.Create, fixture.Time, new InboxOptions()).FetchAsync(imap);
        await imap.DisconnectAsync(true);
        return result;
    }

    [Fact]
    public async Task New_mail_is_stored_raw_once_and_a_restart_neither_rereads_nor_skips()
    {
        await using var server = await Smtp4devServer.StartAsync();
        using var fixture = new EngineFixture(new DateTimeOffset(2013, 3, 20, 9, 0, 0, TimeSpan.Zero));
        await SendAsync(server, "reply-1@ministry.example.org", "RE: Podsjećanje");
        await SendAsync(server, "reply-2@ministry.example.org", "RE: Podsjećanje 2");
        Assert.Equal(2, (await server.MessagesAsync(expected: 2)).Count);

        var first = await FetchAsync(server, fixture);
        Assert.Equal(2, first.Stored);

        // A restarted reader (a new fetcher, a new connection) picks up only what is new.
        Assert.Equal(0, (await FetchAsync(server, fixture)).Stored);
        await SendAsync(server, "reply-3@ministry.example.org", "RE: treći");
        await SendAsync(server, "reply-1@ministry.example.org", "the same mail delivered twice");
        Assert.Equal(4, (await server.MessagesAsync(expected: 4)).Count);
        var second = await FetchAsync(server, fixture);
        Assert.Equal(1, second.Stored);
        Assert.Equal(1, second.Duplicates);
        Assert.True(second.LastUid > first.LastUid);

        await using var db = fixture.Create();
        var stored = db.Inbound.OrderBy(m => m.Id).ToList();
        Assert.Equal(["reply-1@ministry.example.org", "reply-2@ministry.example.org", "reply-3@ministry.example.org"], stored.Select(m => m.MessageId));
        Assert.All(stored, m => Assert.Equal(InboundStatus.New, m.Status));
        Assert.Equal("ministry-health.focal@example.org", stored[0].From);
        using var raw = new MemoryStream(stored[0].Raw);
        Assert.Equal("Izvještaj u prilogu.", MimeMessage.Load(raw).TextBody?.Trim());
    }

    [Fact]
    public void Mail_without_a_message_id_or_with_broken_headers_is_kept_under_a_name_from_its_bytes()
    {
        var raw = "From: broken\r\nSubject: no id\r\n\r\nbody"u8.ToArray();
        var (id, _, subject) = MailboxFetcher.Envelope(raw);
        Assert.StartsWith("sha256.", id, StringComparison.Ordinal);
        Assert.Equal(id, MailboxFetcher.Envelope(raw).MessageId);
        Assert.Equal("no id", subject);
    }
}
