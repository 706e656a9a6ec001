using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Tests.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Mail;

public sealed class OutboxSenderTests
{
    // Monday 18 March 2013, 10:00 in Podgorica: inside the send window.
    private static readonly DateTimeOffset Monday = new(2013, 3, 18, 9, 0, 0, TimeSpan.Zero);

    private static readonly OutboxComposer OneMailPerRow = TestComposers.OneMailPerRow;

    private static async Task QueueAsync(EngineFixture fixture, params string[] recipients)
    {
        await using var db = fixture.Create();
        var i = 0;
        foreach (var to in recipients)
        {
            db.Outbox.Add(new OutboxMessage { MessageId = $"pw.test.{++i}@planworkflows.local", Template = "first-reminder", To = to, CreatedAt = fixture.Now, NotBefore = fixture.Now, Status = OutboxStatus.Queued });
        }

        await db.SaveChangesAsync();
    }

    private static OutboxSender Sender(EngineFixture fixture, IMailTransport transport, OutboxOptions? options = null) =>
        new(fixture.Create, fixture.Time, transport, OneMailPerRow, options ?? new OutboxOptions(), fixture.Calendar);

    [Fact]
    public async Task Queued_mails_reach_a_real_smtp_server_once_with_their_message_ids()
    {
        await using var smtp = await Smtp4devServer.StartAsync();
        using var fixture = new EngineFixture(Monday);
        await QueueAsync(fixture, "a@example.org", "b@example.org", "c@example.org");
        await using var transport = new SmtpMailTransport(new SmtpOptions { Host = "127.0.0.1", Port = smtp.SmtpPort, Security = SecureSocketOptions.None });
        var sender = Sender(fixture, transport);

        var round = await sender.SendDueAsync();
        Assert.Equal(3, round.Sent);
        Assert.Equal(0, (await sender.SendDueAsync()).Sent);

        var received = await smtp.MessagesAsync(expected: 3);
        Assert.Equal(["pw.test.1@planworkflows.local", "pw.test.2@planworkflows.local", "pw.test.3@planworkflows.local"], received.Select(m => m.MessageId).Order());
        await using var db = fixture.Create();
        Assert.All(db.Outbox, m => Assert.Equal(OutboxStatus.Sent, m.Status));
        Assert.All(db.Outbox, m => Assert.Equal(Monday.UtcDateTime, m.SentAt));
    }

    [Fact]
    public async Task Refused_credentials_raise_a_clear_incident_and_keep_the_mail()
    {
        await using var smtp = await Smtp4devServer.StartAsync("--authenticationrequired", "--smtpallowanycredentials-", "--user=office=secret", "--SmtpAuthTypesNotSecure=PLAIN,LOGIN");
        using var fixture = new EngineFixture(Monday);
        await QueueAsync(fixture, "a@example.org");
        await using var transport = new SmtpMailTransport(new SmtpOptions { Host = "127.0.0.1", Port = smtp.SmtpPort, Security = SecureSocketOptions.None, UserName = "office", Password = "wrong" });
        var sender = Sender(fixture, transport, new OutboxOptions { Smtp = { UserName = "office", Password = "wrong" } });
        var round = await sender.SendDueAsync();

        Assert.Equal(0, round.Sent);
        Assert.Contains("refused the credentials of office", round.Problem, StringComparison.Ordinal);
        // The next attempt logs in again rather than sending over the connection the refusal left open
        // (which the server would answer 530, and the mail would be given up for good).
        fixture.Time.Advance(TimeSpan.FromHours(1));
        var again = await sender.SendDueAsync();
        Assert.Contains("refused the credentials of office", again.Problem, StringComparison.Ordinal);
        await using var db = fixture.Create();
        Assert.Equal(2, db.Incidents.Count());
        var incident = db.Incidents.First();
        Assert.Equal("outbox", incident.Source);
        Assert.Contains("Outbox:Smtp:UserName and Password", incident.Message, StringComparison.Ordinal);
        var row = Assert.Single(db.Outbox);
        Assert.Equal(OutboxStatus.Queued, row.Status);
        Assert.True(row.NotBefore > Monday.UtcDateTime.AddHours(1));
        Assert.Empty(await smtp.MessagesAsync("office", "secret"));
    }

    [Fact]
    public async Task Mail_waits_while_the_server_is_down_and_goes_out_once_when_it_is_back()
    {
        using var fixture = new EngineFixture(Monday);
        await QueueAsync(fixture, "a@example.org", "b@example.org");
        var port = Smtp4devServer.FreePort();
        await using var transport = new SmtpMailTransport(new SmtpOptions { Host = "127.0.0.1", Port = port, Security = SecureSocketOptions.None, Timeout = TimeSpan.FromSeconds(5) });
        var sender = Sender(fixture, transport);

        var down = await sender.SendDueAsync();
        Assert.Equal(0, down.Sent);
        Assert.StartsWith("mail server unavailable", down.Problem, StringComparison.Ordinal);
        Assert.Equal(Monday.UtcDateTime.AddMinutes(1), down.NextAttempt);
        Assert.Equal(0, (await sender.SendDueAsync()).Sent); // not before the retry time

        await using var server = new ScriptedSmtpServer(port);
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        var back = await sender.SendDueAsync();
        Assert.Equal(2, back.Sent);
        fixture.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, (await sender.SendDueAsync()).Sent);
        Assert.Equal(2, server.Delivered.Count);
        await using var db = fixture.Create();
        Assert.All(db.Outbox, m => Assert.Equal(2, m.Attempts));
    }

    [Fact]
    public async Task The_rate_limit_holds_for_all_workers_together_not_for_each()
    {
        using var fixture = new EngineFixture(Monday);
        await QueueAsync(fixture, "a@example.org", "b@example.org", "c@example.org", "d@example.org");
        await using var pickup = new PickupFolderTransport(Path.Combine(Path.GetTempPath(), "pickup-" + Guid.NewGuid().ToString("N")));
        var options = new OutboxOptions { MessagesPerMinute = 2 };
        var (one, two) = (Sender(fixture, pickup, options), Sender(fixture, pickup, options));

        Assert.Equal(2, (await one.SendDueAsync()).Sent);
        var held = await two.SendDueAsync();

        Assert.Equal(0, held.Sent);
        Assert.Equal(Monday.UtcDateTime.AddMinutes(1), held.NextAttempt);
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, (await two.SendDueAsync()).Sent);
        Assert.Equal(4, Directory.GetFiles(pickup.Folder, "*.eml").Length);
        Directory.Delete(pickup.Folder, recursive: true);
    }

    [Fact]
    public async Task The_shared_rate_limit_counts_each_mail_from_when_it_left_not_from_when_its_round_began()
    {
        using var fixture = new EngineFixture(Monday);
        await QueueAsync(fixture, "a@example.org", "b@example.org", "c@example.org");
        await using var pickup = new PickupFolderTransport(Path.Combine(Path.GetTempPath(), "pickup-" + Guid.NewGuid().ToString("N")));
        var options = new OutboxOptions { MessagesPerMinute = 2 };
        // A slow relay: forty seconds a mail. The first worker's two mails leave at 10:00:40 and 10:01:20.
        var slow = new SlowTransport(pickup, () => fixture.Time.Advance(TimeSpan.FromSeconds(40)));

        Assert.Equal(2, (await Sender(fixture, slow, options).SendDueAsync()).Sent);
        fixture.Time.Advance(TimeSpan.FromSeconds(10));
        var held = await Sender(fixture, pickup, options).SendDueAsync();

        // At 10:01:30 both left within the last minute: the second worker waits until the first of them is a minute old.
        Assert.Equal(0, held.Sent);
        Assert.Equal(Monday.UtcDateTime.AddSeconds(100), held.NextAttempt);
        await using var db = fixture.Create();
        Assert.Equal([Monday.UtcDateTime.AddSeconds(40), Monday.UtcDateTime.AddSeconds(80)], await db.Outbox.Where(m => m.SentAt != null).OrderBy(m => m.SentAt).Select(m => m.SentAt!.Value).ToListAsync());
        Directory.Delete(pickup.Folder, recursive: true);
    }

    [Fact]
    public async Task A_batch_takes_the_rest_of_each_institutions_digest_so_a_digest_is_never_cut_in_two()
    {
        using var fixture = new EngineFixture(Monday);
        await using (var db = fixture.Create())
        {
            // Interleaved, as rows of many activities falling due on one day are: a batch of two would cut both digests.
            foreach (var (institution, i) in new[] { "moi", "ministry-health", "moi", "ministry-health", "moi" }.Select((x, i) => (x, i)))
            {
                db.Outbox.Add(new OutboxMessage
                {
                    MessageId = $"pw.digest.{i}@planworkflows.local", Template = "first-reminder", InstitutionId = institution, To = $"focal@{institution}.example.org",
                    CreatedAt = fixture.Now, NotBefore = fixture.Now, Status = OutboxStatus.Queued,
                });
            }

            // Another template of the same institution is another mail, and is left for its own batch.
            db.Outbox.Add(new OutboxMessage { MessageId = "pw.digest.other@planworkflows.local", Template = "escalation", InstitutionId = "moi", To = "head@moi.example.org", CreatedAt = fixture.Now, NotBefore = fixture.Now.AddMinutes(1), Status = OutboxStatus.Queued });
            await db.SaveChangesAsync();
        }

        await using var pickup = new PickupFolderTransport(Path.Combine(Path.GetTempPath(), "pickup-" + Guid.NewGuid().ToString("N")));
        OutboxComposer onePerDigest = rows => [.. rows.GroupBy(r => (r.InstitutionId, r.Template)).Select(g =>
        {
            var message = new MimeMessage { MessageId = g.First().MessageId, Subject = $"{g.Key.Template} for {g.Key.InstitutionId}" };
            message.From.Add(new MailboxAddress("Office", "office@planworkflows.local"));
            message.To.AddRange(InternetAddressList.Parse(g.First().To));
            message.Body = new TextPart("plain") { Text = string.Join(",", g.Select(r => r.Id)) };
            return new ComposedMail(message, [.. g.Select(r => r.Id)]);
        })];
        var sender = new OutboxSender(fixture.Create, fixture.Time, pickup, onePerDigest, new OutboxOptions { BatchSize = 2 }, fixture.Calendar);
        fixture.Time.Advance(TimeSpan.FromMinutes(1));

        var first = await sender.SendDueAsync();

        Assert.Equal(5, first.Sent);
        var mails = Directory.GetFiles(pickup.Folder, "*.eml").Select(f => MimeMessage.Load(f)).ToList();
        Assert.Equal(["first-reminder for ministry-health", "first-reminder for moi"], mails.Select(m => m.Subject).Order());
        Assert.Equal(1, (await sender.SendDueAsync()).Sent);
        Directory.Delete(pickup.Folder, recursive: true);
    }

    [Fact]
    public async Task A_round_slowed_past_half_its_claim_starts_no_more_mails_and_gives_the_rest_back_due_at_once()
    {
        using var fixture = new EngineFixture(Monday);
        await QueueAsync(fixture, "a@example.org", "b@example.org", "c@example.org");
        await using var pickup = new PickupFolderTransport(Path.Combine(Path.GetTempPath(), "pickup-" + Guid.NewGuid().ToString("N")));
        // Each mail takes the server eight minutes: the second would start after half of a fifteen-minute claim.
        var slow = new SlowTransport(pickup, () => fixture.Time.Advance(TimeSpan.FromMinutes(8)));
        var options = new OutboxOptions { ClaimDuration = TimeSpan.FromMinutes(15) };

        var round = await Sender(fixture, slow, options).SendDueAsync();

        Assert.Equal(1, round.Sent);
        await using (var db = fixture.Create())
        {
            var rest = await db.Outbox.Where(m => m.Status == OutboxStatus.Queued).ToListAsync();
            Assert.Equal(2, rest.Count);
            Assert.All(rest, m => Assert.Equal((0, Monday.UtcDateTime), (m.Attempts, m.NotBefore)));
        }

        // Another worker takes them at once, without waiting for the first one's claim to run out.
        Assert.Equal(2, (await Sender(fixture, pickup, options).SendDueAsync()).Sent);
        Assert.Equal(3, Directory.GetFiles(pickup.Folder, "*.eml").Length);
        Directory.Delete(pickup.Folder, recursive: true);
    }

    private sealed class SlowTransport(IMailTransport inner, Action taking) : IMailTransport
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            taking();
            await inner.SendAsync(message, cancellationToken);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_stop_while_the_server_takes_a_mail_records_it_sent_and_starts_no_other()
    {
        using var fixture = new EngineFixture(Monday);
        await QueueAsync(fixture, "a@example.org", "b@example.org");
        using var stopping = new CancellationTokenSource();
        await using var server = new ScriptedSmtpServer(Smtp4devServer.FreePort());
        // The host is told to stop after the server has the whole first mail and before it says so;
        // a client that gave up now would leave a delivered mail queued, to be sent again.
        server.BeforeDataReply = async () =>
        {
            await stopping.CancelAsync();
            await Task.Delay(TimeSpan.FromMilliseconds(300));
        };
        await using var transport = new SmtpMailTransport(new SmtpOptions { Host = "127.0.0.1", Port = server.Port, Security = SecureSocketOptions.None });

        var round = await Sender(fixture, transport).SendDueAsync(stopping.Token);

        Assert.Equal(1, round.Sent);
        var delivered = Assert.Single(server.Delivered);
        Assert.Equal(["a@example.org"], delivered.Recipients);
        await using var db = fixture.Create();
        var rows = await db.Outbox.OrderBy(m => m.Id).ToListAsync();
        Assert.Equal((OutboxStatus.Sent, 1), (rows[0].Status, rows[0].Attempts));
        // The second was never started: it is due again at once for the next host, not after the claim runs out.
        Assert.Equal((OutboxStatus.Queued, 0, Monday.UtcDateTime), (rows[1].Status, rows[1].Attempts, rows[1].NotBefore));
    }

    [Fact]
    public async Task A_refused_recipient_dead_letters_its_mail_and_the_others_are_sent()
    {
        using var fixture = new EngineFixture(Monday);
        await QueueAsync(fixture, "a@example.org", "gone@example.org", "c@example.org");
        await using var server = new ScriptedSmtpServer(Smtp4devServer.FreePort(), "gone@example.org");
        await using var transport = new SmtpMailTransport(new SmtpOptions { Host = "127.0.0.1", Port = server.Port, Security = SecureSocketOptions.None });
        var round = await Sender(fixture, transport).SendDueAsync();

        Assert.Equal(2, round.Sent);
        Assert.Equal(1, round.DeadLettered);
        await using var db = fixture.Create();
        var dead = await db.Outbox.SingleAsync(m => m.Status == OutboxStatus.DeadLetter);
        Assert.Equal("gone@example.org", dead.To);
        Assert.Contains("550", dead.LastError, StringComparison.Ordinal);
        Assert.Equal(["a@example.org", "c@example.org"], server.Delivered.SelectMany(d => d.Recipients).Order());
    }

    [Fact]
    public async Task Rate_limit_holds_the_rest_for_the_next_minute()
    {
        using var fixture = new EngineFixture(Monday);
        await QueueAsync(fixture, "a@example.org", "b@example.org", "c@example.org", "d@example.org", "e@example.org");
        await using var pickup = new PickupFolderTransport(Path.Combine(Path.GetTempPath(), "pickup-" + Guid.NewGuid().ToString("N")));
        var sender = Sender(fixture, pickup, new OutboxOptions { MessagesPerMinute = 2 });

        var first = await sender.SendDueAsync();
        Assert.Equal(2, first.Sent);
        Assert.Equal(Monday.UtcDateTime.AddMinutes(1), first.NextAttempt);
        Assert.Equal(0, (await sender.SendDueAsync()).Sent);
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, (await sender.SendDueAsync()).Sent);
        Assert.Equal(4, Directory.GetFiles(pickup.Folder, "*.eml").Length);
        Directory.Delete(pickup.Folder, recursive: true);
    }

    [Theory]
    [InlineData("2013-03-16T10:00:00Z", "2013-03-18T07:00:00Z")] // Saturday → Monday 08:00 CET
    [InlineData("2013-03-18T05:00:00Z", "2013-03-18T07:00:00Z")] // Monday 06:00 → 08:00 the same day
    [InlineData("2013-03-18T15:30:00Z", "2013-03-19T07:00:00Z")] // Monday 16:30 → Tuesday morning
    [InlineData("2013-05-01T08:00:00Z", "2013-05-07T06:00:00Z")] // Labour Day, then Orthodox Good Friday and Easter Monday → Tuesday 08:00 CEST
    public async Task Nothing_is_sent_outside_working_hours_on_working_days(string now, string opening)
    {
        using var fixture = new EngineFixture(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        await QueueAsync(fixture, "a@example.org");
        await using var pickup = new PickupFolderTransport(Path.Combine(Path.GetTempPath(), "pickup-" + Guid.NewGuid().ToString("N")));
        var sender = Sender(fixture, pickup);

        var round = await sender.SendDueAsync();
        Assert.Equal(0, round.Sent);
        Assert.Equal(DateTime.Parse(opening, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), round.NextAttempt);
        fixture.Time.SetUtcNow(new DateTimeOffset(round.NextAttempt!.Value, TimeSpan.Zero));
        Assert.Equal(1, (await sender.SendDueAsync()).Sent);
    }

    [Fact]
    public void Options_name_the_wrong_key()
    {
        var errors = new OutboxOptions { Smtp = { Host = "mail.gov.me", Port = 70000, UserName = "office" }, MessagesPerMinute = 0, WindowStartHour = 17 }.Validate();
        Assert.Contains("Outbox:Smtp:Port must be 1–65535 (is 70000)", errors);
        Assert.Contains("Outbox:Smtp:Password is required when Outbox:Smtp:UserName is set", errors);
        Assert.Contains("Outbox:MessagesPerMinute must be at least 1 (is 0)", errors);
        Assert.Contains(errors, e => e.StartsWith("Outbox:WindowStartHour/WindowEndHour", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_contact_gets_more_than_the_daily_limit_the_rest_goes_the_next_working_day()
    {
        // Friday 22 March 2013, 10:00 in Podgorica; the limit is 2 mails a day.
        using var fixture = new EngineFixture(new DateTimeOffset(2013, 3, 22, 9, 0, 0, TimeSpan.Zero));
        await QueueAsync(fixture, "busy@example.org", "busy@example.org", "busy@example.org", "other@example.org");
        await using var pickup = new PickupFolderTransport(Path.Combine(Path.GetTempPath(), "pickup-" + Guid.NewGuid().ToString("N")));
        var sender = Sender(fixture, pickup, new OutboxOptions { MaxMailsPerContactPerDay = 2 });

        var friday = await sender.SendDueAsync();
        Assert.Equal(3, friday.Sent);
        Assert.Equal(1, friday.Deferred);
        await using (var db = fixture.Create())
        {
            var postponed = await db.Outbox.SingleAsync(m => m.Status == OutboxStatus.Queued);
            Assert.Equal("busy@example.org", postponed.To);
            Assert.Equal(new DateTime(2013, 3, 25, 7, 0, 0, DateTimeKind.Utc), postponed.NotBefore); // Monday 08:00
            Assert.Contains("has had 2 mails today", postponed.LastError, StringComparison.Ordinal);
        }

        fixture.Time.SetUtcNow(new DateTimeOffset(2013, 3, 25, 7, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, (await sender.SendDueAsync()).Sent);
        Directory.Delete(pickup.Folder, recursive: true);
    }
}
