using System.Diagnostics;
using System.Text.RegularExpressions;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Tests.Mail;
using Xunit.Abstractions;

namespace PlanWorkflows.Integration.Tests.Faults;

/// <summary>
/// The running service (worker role, demo clock) through the faults a ministry's server room
/// produces: the database locked, the mail server away, the IMAP connection cut, the pickup disk
/// full. Each is survived with nothing lost and nothing sent or read twice.
/// </summary>
public sealed partial class FaultTests(ITestOutputHelper output)
{
    // About one plan day per real second, from 13 March 2013 07:00 UTC, eight seconds from now (the service starts meanwhile).
    private const double Speed = 86_400;
    private static readonly DateTimeOffset Start = new(2013, 3, 13, 7, 0, 0, TimeSpan.Zero);
    // 15 March, 09:00 in Podgorica: the first reminders of the four activities fall due.
    private static readonly DateTimeOffset FirstReminders = new(2013, 3, 15, 8, 0, 0, TimeSpan.Zero);

    private static ServiceRun Run(int smtpPort) => new(Start, Speed, smtpPort, lead: TimeSpan.FromSeconds(8)) { Catalogue = Path.Combine(AppContext.BaseDirectory, "Faults", "faults-plan.yaml") };

    /// <summary>The eight obligations' first reminders, as the engine queued them.</summary>
    private static Func<PlanDbContext, Task<bool>> FirstRemindersQueued =>
        async db => await db.Outbox.CountAsync(m => m.Template == "first-reminder") == 8;

    [Fact]
    public async Task Database_locked_against_writes_for_seconds_the_service_waits_and_then_sends_every_reminder_once()
    {
        await using var smtp = await Smtp4devServer.StartAsync();
        await using var run = Run(smtp.SmtpPort);
        var app = await run.StartInProcessAsync(null);

        // Another program takes the database for itself as soon as the service runs, before the first reminders are due.
        var locked = Stopwatch.StartNew();
        Assert.True(run.Now < FirstReminders - TimeSpan.FromHours(12), $"the service took until plan time {run.Now:yyyy-MM-dd HH:mm} to start");
        await using (var holder = new SqliteConnection($"Data Source={run.DatabasePath};Pooling=False"))
        {
            await holder.OpenAsync();
            // WAL lets readers through whatever a writer holds; what the engine and the outbox cannot do is write.
            await using var hold = (SqliteTransaction)await holder.BeginTransactionAsync(System.Data.IsolationLevel.Serializable);
            await Execute(holder, "UPDATE Outbox SET Attempts = Attempts WHERE 0;", hold);
            // Proof that it is locked: a writer that will not wait long is turned away.
            await using (var probe = new SqliteConnection($"Data Source={run.DatabasePath};Pooling=False;Default Timeout=1"))
            {
                await probe.OpenAsync();
                var refused = await Assert.ThrowsAsync<SqliteException>(async () =>
                {
                    await using var write = (SqliteTransaction)await probe.BeginTransactionAsync(System.Data.IsolationLevel.Serializable);
                    await Execute(probe, "UPDATE Outbox SET Attempts = Attempts WHERE 0;", write);
                });
                Assert.Equal(5, refused.SqliteErrorCode); // SQLITE_BUSY
            }

            // Several seconds: days of plan time in which the first reminders fall due.
            await Task.Delay(TimeSpan.FromSeconds(6));
            Assert.Equal(0, await CountAsync(holder, "SELECT count(*) FROM Outbox", hold));
            await hold.CommitAsync();
        }

        output.WriteLine($"database held for {locked.Elapsed.TotalSeconds:0.0} s, until plan time {run.Now:yyyy-MM-dd HH:mm}");
        await run.WaitForAsync("first reminders sent after the lock", async db => await FirstRemindersQueued(db) && !await db.Outbox.AnyAsync(m => m.Status != OutboxStatus.Sent), TimeSpan.FromSeconds(60));
        Assert.False(app.Lifetime.ApplicationStopping.IsCancellationRequested, "the service gave up");
        await run.StopHostsAsync();

        await using var db = run.Db();
        var outbox = await db.Outbox.AsNoTracking().ToListAsync();
        Delivery.AssertNoReminderDecidedTwice(outbox);
        var delivered = await smtp.MessagesAsync(expected: outbox.Select(m => (m.Template, m.InstitutionId)).Distinct().Count());
        Delivery.AssertEachSentRowDeliveredOnce(outbox, [.. delivered.Select(m => m.MessageId ?? "(none)")]);
        Assert.Equal(8, outbox.Count(m => m.Template == "first-reminder"));
        Assert.Empty(await db.Incidents.ToListAsync());
    }

    [Fact]
    public async Task Mail_server_away_reminders_wait_past_max_attempts_and_go_out_once_when_it_is_back()
    {
        await using var smtp = await Smtp4devServer.StartAsync();
        await using var proxy = new FaultyProxy(smtp.SmtpPort); // down: connections are refused
        await using var run = Run(proxy.Port);
        // A retry a plan hour apart; giving up after two would lose every reminder of a weekend outage.
        await run.StartInProcessAsync(null, "--Outbox:MaxAttempts=2", "--Outbox:RetryDelay=01:00:00", "--Outbox:MaxRetryDelay=04:00:00");

        await run.WaitForAsync("first reminders tried again and again while the server is away",
            async db => await FirstRemindersQueued(db) && await db.Outbox.Where(m => m.Template == "first-reminder").AllAsync(m => m.Attempts >= 3 && m.Status == OutboxStatus.Queued),
            TimeSpan.FromSeconds(60));
        await using (var db = run.Db())
        {
            var waiting = await db.Outbox.AsNoTracking().Where(m => m.Template == "first-reminder").ToListAsync();
            Assert.All(waiting, m => Assert.StartsWith("mail server unavailable", m.LastError, StringComparison.Ordinal));
            Assert.Empty(await smtp.MessagesAsync());
        }

        proxy.Up();
        await run.WaitForAsync("every first reminder sent once the server is back",
            async db => await FirstRemindersQueued(db) && await db.Outbox.Where(m => m.Template == "first-reminder").AllAsync(m => m.Status == OutboxStatus.Sent), TimeSpan.FromSeconds(60));
        await run.StopHostsAsync();
        await using var check = run.Db();
        var outbox = await check.Outbox.AsNoTracking().Where(m => m.Status == OutboxStatus.Sent).ToListAsync();
        Delivery.AssertNoReminderDecidedTwice(outbox);
        var delivered = await smtp.MessagesAsync(expected: outbox.Select(m => (m.Template, m.InstitutionId)).Distinct().Count()); // seven institutions, one digest each
        Delivery.AssertEachSentRowDeliveredOnce(outbox, [.. delivered.Select(m => m.MessageId ?? "(none)")]);
        Assert.DoesNotContain(await check.Outbox.ToListAsync(), m => m.Status == OutboxStatus.DeadLetter);
    }

    [GeneratedRegex(@"Status: ___ \((?<first>[^/]+?) /[^)]*\)")]
    private static partial Regex StatusLine();

    [Fact]
    public async Task Imap_connection_cut_mid_transfer_every_reply_is_read_once()
    {
        await using var smtp = await Smtp4devServer.StartAsync();
        await using var proxy = new FaultyProxy(smtp.ImapPort);
        proxy.Up();
        await using var run = Run(smtp.SmtpPort);
        var pickup = Path.Combine(run.Folder, "pickup");
        // Reminders go to the pickup folder, so the mailbox holds only what institutions send back.
        await run.StartInProcessAsync(null, "--Outbox:Smtp:Host=", "--Inbox:Host=127.0.0.1", $"--Inbox:Port={proxy.Port}", "--Inbox:Security=None",
            "--Inbox:UserName=reports", "--Inbox:Password=reports", "--Inbox:PollInterval=00:00:00.500", "--Inbox:MaxReconnectDelay=00:00:00.500");
        await run.WaitForAsync("first reminders in the pickup folder", async db => await FirstRemindersQueued(db) && await db.Outbox.AllAsync(m => m.Status == OutboxStatus.Sent), TimeSpan.FromSeconds(60));

        // The connection is dropped now, and the next four are cut in the middle of downloading.
        proxy.CutNext(4, afterBytes: 3000);
        await proxy.DownAsync();
        proxy.Up();
        List<string> reminderIds;
        await using (var db = run.Db())
        {
            reminderIds = await db.Outbox.Where(m => m.Template == "first-reminder").Select(m => m.MessageId).ToListAsync();
        }

        // One digest per institution (the Working Group's meeting pack went there too).
        var reminders = Directory.GetFiles(pickup, "*.eml").Select(f => MimeMessage.Load(f)).Where(m => reminderIds.Contains(m.MessageId ?? string.Empty)).ToList();
        Assert.Equal(7, reminders.Count);
        var replies = new List<string>();
        using (var client = new SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", smtp.SmtpPort, SecureSocketOptions.None);
            foreach (var reminder in reminders)
            {
                // The reply form filled in: every item implemented, in the reminder's own language.
                var filled = StatusLine().Replace(reminder.TextBody!, m => $"Status: {m.Groups["first"].Value}");
                var reply = new MimeMessage { Subject = "RE: " + reminder.Subject, InReplyTo = reminder.MessageId, MessageId = $"reply.{replies.Count}@institution.example.org" };
                reply.From.Add(reminder.To.Mailboxes.First());
                reply.To.AddRange(reminder.ReplyTo);
                reply.Body = new TextPart("plain") { Text = filled };
                await client.SendAsync(reply);
                replies.Add(reply.MessageId);
            }

            await client.DisconnectAsync(true);
        }

        await run.WaitForAsync("every reply read and recorded",
            async db => await db.Inbound.CountAsync(m => m.Status != InboundStatus.New) >= replies.Count && await db.Reports.CountAsync() >= 8, TimeSpan.FromSeconds(60));
        await run.StopHostsAsync();
        output.WriteLine($"{proxy.Connections} IMAP connections, {proxy.Cuts} cut mid-transfer");
        Assert.True(proxy.Cuts >= 2, $"the proxy cut only {proxy.Cuts} connections");

        await using var check = run.Db();
        var inbound = await check.Inbound.AsNoTracking().ToListAsync();
        Assert.Equal(replies.Order(), inbound.Select(m => m.MessageId).Order());
        Assert.All(inbound, m => Assert.Equal(InboundStatus.Processed, m.Status));
        var reports = await check.Reports.AsNoTracking().ToListAsync();
        Assert.Equal(8, reports.Count);
        Assert.All(reports, r => Assert.Equal(("email", 1), (r.Channel, r.Version)));
        Assert.Equal(8, reports.Select(r => r.ObligationId).Distinct().Count());
    }

    [Fact]
    public async Task Pickup_disk_full_mails_stay_queued_and_are_written_once_when_space_returns()
    {
        await using var smtp = await Smtp4devServer.StartAsync();
        await using var run = Run(smtp.SmtpPort);
        var pickup = Path.Combine(run.Folder, "pickup");
        await using var disk = await SmallDisk.MountAsync(pickup);
        output.WriteLine(disk.Description);
        disk.Fill();

        await run.StartInProcessAsync(disk.Replace, "--Outbox:Smtp:Host=", "--Outbox:MaxAttempts=2", "--Outbox:RetryDelay=01:00:00", "--Outbox:MaxRetryDelay=04:00:00");
        await run.WaitForAsync("first reminders failing on the full disk",
            async db => await FirstRemindersQueued(db) && await db.Outbox.Where(m => m.Template == "first-reminder").AllAsync(m => m.Attempts >= 3 && m.Status == OutboxStatus.Queued),
            TimeSpan.FromSeconds(60));
        await using (var db = run.Db())
        {
            Assert.All(await db.Outbox.AsNoTracking().Where(m => m.Template == "first-reminder").ToListAsync(), m => Assert.Contains("No space left on device", m.LastError, StringComparison.Ordinal));
        }

        Assert.Empty(Directory.GetFiles(pickup, "*.eml"));

        disk.Free();
        await run.WaitForAsync("every first reminder written once there is space",
            async db => await db.Outbox.Where(m => m.Template == "first-reminder").AllAsync(m => m.Status == OutboxStatus.Sent), TimeSpan.FromSeconds(60));
        await run.StopHostsAsync();
        await using var check = run.Db();
        var outbox = await check.Outbox.AsNoTracking().Where(m => m.Status == OutboxStatus.Sent).ToListAsync();
        Delivery.AssertNoReminderDecidedTwice(outbox);
        var written = Directory.GetFiles(pickup, "*.eml").Select(f => MimeMessage.Load(f).MessageId ?? "(none)").ToList();
        Delivery.AssertEachSentRowDeliveredOnce(outbox, written);
        Assert.Equal(7, written.Count(id => outbox.Single(m => m.MessageId == id).Template == "first-reminder"));
        Assert.Empty(Directory.GetFiles(pickup, "*.tmp"));
        Assert.DoesNotContain(await check.Outbox.ToListAsync(), m => m.Status == OutboxStatus.DeadLetter);
    }

    private static async Task Execute(SqliteConnection connection, string sql, SqliteTransaction transaction)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(SqliteConnection connection, string sql, SqliteTransaction transaction)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
