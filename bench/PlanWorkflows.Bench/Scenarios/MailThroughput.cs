using System.Diagnostics;
using System.Text.Json.Nodes;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Tests.Mail;
using PlanWorkflows.Core.Workflows.Definitions;

namespace PlanWorkflows.Bench.Scenarios;

/// <summary>
/// The outbox drained to a local SMTP server over one reused MailKit connection, with the real
/// composer (shipped templates, <see cref="DigestBuilder"/>, <see cref="MailComposer"/>) and the rows
/// queued in a SQLite file. Two servers: smtp4dev (the repository's dotnet tool, a real server that
/// parses and stores every message) and an in-process sink that only counts, so the server's own
/// cost is separated from ours. Virtual clock fixed at Monday 18 March 2013, 10:00 in Podgorica.
/// </summary>
internal static class MailThroughput
{
    // Monday 18 March 2013, 10:00 CET: a working day inside the send window.
    private static readonly DateTimeOffset Monday = new(2013, 3, 18, 9, 0, 0, TimeSpan.Zero);

    private static readonly string[] Indicators = ["Number of trainings", "Number of participants", "Number of printed and distributed brochures"];

    public static async Task<int> RunAsync(string[] args)
    {
        var single = IntArg(args, "--mails", 2000);
        var institutions = IntArg(args, "--institutions", 700);
        var perDigest = IntArg(args, "--per-digest", 3);
        var batch = IntArg(args, "--batch", new OutboxOptions().BatchSize);
        var servers = args.SkipWhile(a => a != "--server").Skip(1).FirstOrDefault() ?? "both";

        Console.WriteLine($"scenario: {single} single mails (report-received / escalation-head, en and cnr alternating); {institutions} institutions × {perDigest} first-reminder rows = {institutions * perDigest} digest rows; outbox batch {batch}");
        if (servers is "both" or "sink")
        {
            await using var sink = new ScriptedSmtpServer(0, keepMessages: false);
            await RunServerAsync("in-process sink", sink.Port, () => Task.FromResult(sink.Received), single, institutions, perDigest, batch);
            Console.WriteLine($"mail size on the wire: {sink.Bytes / (double)sink.Received / 1024:F1} KiB on average over {sink.Received} mails");
        }

        if (servers is "both" or "smtp4dev")
        {
            var starting = Stopwatch.StartNew();
            await using var smtp4dev = await Smtp4devServer.StartAsync();
            Console.WriteLine($"smtp4dev started in {starting.Elapsed.TotalSeconds:F1} s (not timed)");
            await RunServerAsync("smtp4dev 3.15", smtp4dev.SmtpPort, smtp4dev.CountAsync, single, institutions, perDigest, batch);
        }

        return 0;
    }

    private static async Task RunServerAsync(string server, int port, Func<Task<int>> delivered, int single, int institutions, int perDigest, int batch)
    {
        // A small run first so JIT, EF's first queries and the templates' first renders are not in the numbers.
        await DrainAsync(server, port, delivered, "warm-up", 60, 20, perDigest, batch, print: false);
        await DrainAsync(server, port, delivered, "single mails", single, 0, perDigest, batch, print: true);
        await DrainAsync(server, port, delivered, "digests", 0, institutions, perDigest, batch, print: true);
    }

    private static async Task DrainAsync(string server, int port, Func<Task<int>> delivered, string label, int single, int institutions, int perDigest, int batch, bool print)
    {
        var clock = new VirtualClock(Monday);
        using var database = new BenchDatabase("mail");
        var rows = await QueueAsync(database, single, institutions, perDigest);

        var mail = new MailOptions { FromAddress = "reports@planworkflows.local", ReplyDomain = "planworkflows.local" };
        var templates = MailTemplates.Load(Path.Combine(Path.GetDirectoryName(RepoFiles.Workflows)!, "email-templates"));
        var composer = new TemplatedOutboxComposer(templates, new MailComposer(mail, clock),
            new DigestBuilder(mail, key => string.Join("; ", Indicators[..(1 + (key.Length % 3))])), mail);
        var composeTime = new Stopwatch();
        OutboxComposer timedCompose = batchRows =>
        {
            composeTime.Start();
            var result = composer.Compose(batchRows);
            composeTime.Stop();
            return result;
        };
        // The per-contact daily cap would postpone most of these rows (few contacts, thousands of mails): the scenario measures speed, not the cap.
        var options = new OutboxOptions { MessagesPerMinute = 1_000_000, MaxMailsPerContactPerDay = int.MaxValue, BatchSize = batch };
        var before = await delivered();
        await using var transport = new TimedTransport(new SmtpMailTransport(new SmtpOptions { Host = "127.0.0.1", Port = port, Security = SecureSocketOptions.None }));
        var sender = new OutboxSender(database.Create, clock, transport, timedCompose, options, BenchDatabase.Calendar);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var gcBefore = GC.CollectionCount(0);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        int sent = 0, rounds = 0, dead = 0, deferred = 0;
        var wall = Stopwatch.StartNew();
        while (true)
        {
            var round = await sender.SendDueAsync();
            rounds++;
            sent += round.Sent;
            dead += round.DeadLettered;
            deferred += round.Deferred;
            if (round.Problem is not null)
            {
                throw new InvalidOperationException($"{label}: {round.Problem}");
            }

            if (round.Sent == 0)
            {
                break;
            }
        }

        wall.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var gcs = GC.CollectionCount(0) - gcBefore;
        var mails = transport.Messages;
        var arrived = await delivered() - before;
        await using var db = database.Create();
        var unsent = await db.Outbox.CountAsync(m => m.Status != OutboxStatus.Sent);
        if (sent != rows || unsent != 0 || dead != 0 || deferred != 0 || arrived != mails)
        {
            throw new InvalidOperationException($"{label}: {rows} rows queued, {sent} sent, {unsent} not sent, {dead} dead, {deferred} deferred, {mails} mails handed over, {arrived} arrived at {server}");
        }

        if (!print)
        {
            return;
        }

        var seconds = wall.Elapsed.TotalSeconds;
        var db_ = seconds - composeTime.Elapsed.TotalSeconds - transport.Time.Elapsed.TotalSeconds;
        Console.WriteLine($"{server} — {label}: {rows} rows → {mails} mails ({arrived} arrived) in {seconds:F2} s over {rounds} rounds");
        Console.WriteLine($"    mails/s {mails / seconds:F0}   rows/s {rows / seconds:F0}");
        Console.WriteLine($"    compose {composeTime.Elapsed.TotalSeconds:F2} s ({composeTime.Elapsed.TotalMilliseconds / mails:F2} ms/mail)   smtp send {transport.Time.Elapsed.TotalSeconds:F2} s ({transport.Time.Elapsed.TotalMilliseconds / mails:F2} ms/mail)   outbox query + save {db_:F2} s");
        Console.WriteLine($"    allocated {allocated / (1024.0 * 1024):F0} MB ({allocated / 1024.0 / mails:F0} KB/mail), gen0 GCs {gcs}, load {Load()}");
    }

    /// <summary>Rows as the engine's <c>RecipientBook</c> writes them: an obligation's model in camelCase JSON.</summary>
    private static async Task<int> QueueAsync(BenchDatabase database, int single, int institutions, int perDigest)
    {
        await using var db = database.Create();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var now = Monday.UtcDateTime;
        var id = 0;
        OutboxMessage Row(string template, string language, int institution, int activity)
        {
            id++;
            var institutionId = $"institution-{institution:D4}";
            var code = $"{1 + (activity / 100)}.{1 + (activity / 10 % 10)}.{activity}";
            var model = new JsonObject
            {
                ["template"] = template,
                ["instanceId"] = id,
                ["message"] = template == KnownTemplates.EscalationHead ? "Two reminders went unanswered." : null,
                ["obligationId"] = id,
                ["activityKey"] = $"bench/{code}",
                ["activityTitle"] = $"Training of labour inspectors in identifying victims of trafficking, activity {code}",
                ["institutionId"] = institutionId,
                ["institutionName"] = $"Ministry number {institution}",
                ["institutionNameCnr"] = $"Ministarstvo broj {institution}",
                ["period"] = "2013-Q1",
                ["dueDate"] = "2013-04-01",
            };
            return new OutboxMessage
            {
                MessageId = $"pw.{id}.1.0@planworkflows.local",
                InstanceId = id,
                ObligationId = id,
                InstitutionId = institutionId,
                Template = template,
                Language = language,
                To = $"{institutionId}.focal@example.org",
                Cc = template == KnownTemplates.EscalationHead ? "office@planworkflows.local" : null,
                ModelJson = model.ToJsonString(),
                CreatedAt = now,
                NotBefore = now,
                Status = OutboxStatus.Queued,
            };
        }

        for (var n = 0; n < single; n++)
        {
            db.Outbox.Add(Row(n % 4 < 2 ? KnownTemplates.ReportReceived : KnownTemplates.EscalationHead, n % 2 == 0 ? MailLanguages.English : MailLanguages.Montenegrin, n, n + 1));
        }

        for (var i = 0; i < institutions; i++)
        {
            for (var a = 0; a < perDigest; a++)
            {
                db.Outbox.Add(Row(KnownTemplates.FirstReminder, i % 2 == 0 ? MailLanguages.English : MailLanguages.Montenegrin, i, (i * perDigest) + a + 1));
            }
        }

        await db.SaveChangesAsync();
        return id;
    }

    private static string Load() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>The real transport, timed.</summary>
    private sealed class TimedTransport(IMailTransport inner) : IMailTransport
    {
        public Stopwatch Time { get; } = new();

        public int Messages { get; private set; }

        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            Time.Start();
            try
            {
                await inner.SendAsync(message, cancellationToken);
            }
            finally
            {
                Time.Stop();
            }

            Messages++;
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
