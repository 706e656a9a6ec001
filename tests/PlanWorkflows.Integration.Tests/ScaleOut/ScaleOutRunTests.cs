using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Tests.Mail;
using Xunit.Abstractions;

namespace PlanWorkflows.Integration.Tests.ScaleOut;

/// <summary>
/// Three worker processes and one web process on one database and one real mail server run a plan
/// in accelerated time; one worker is killed with SIGKILL while the March round is going out and
/// started again. Nothing may be sent twice, no report lost, no instance left behind.
/// </summary>
public sealed partial class ScaleOutRunTests(ITestOutputHelper output)
{
    /// <summary>Institutions that answer through the form; the others never answer and are escalated.</summary>
    private static readonly string[] Reporting = ["moi", "ministry-health", "ministry-culture", "ministry-justice-human-rights"];

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/form/[A-Za-z0-9_\-]+")]
    private static partial Regex FormLink();

    [GeneratedRegex("name=\"o(\\d+)-status\"")]
    private static partial Regex StatusField();

    [GeneratedRegex(@"^round\.(?<institution>[a-z0-9\-]+)\.")]
    private static partial Regex Thread();

    [Theory]
    [MemberData(nameof(RunDatabases.Providers), MemberType = typeof(RunDatabases))]
    public async Task Workers_share_one_database_and_a_killed_worker_loses_and_duplicates_nothing(string provider)
    {
        var watch = Stopwatch.StartNew();
        await using var smtp = await Smtp4devServer.StartAsync();
        await using var database = await RunDatabases.CreateAsync(provider, "scale");
        // Plan time runs about two days per real second from 13 March 2013, reached when four processes have had time to start.
        await using var run = new ServiceRun(new DateTimeOffset(2013, 3, 13, 7, 0, 0, TimeSpan.Zero), speed: 180_000, smtp.SmtpPort, lead: TimeSpan.FromSeconds(25))
        {
            Database = database.Options,
        };
        var end = new DateTimeOffset(2013, 5, 31, 12, 0, 0, TimeSpan.Zero);
        // 27 March, 09:00 in Podgorica: the final reminders of the March round are being composed and sent.
        var killAt = new DateTimeOffset(2013, 3, 27, 8, 0, 0, TimeSpan.Zero);

        // All four start together, as a service manager starts them; they race for migrations and the first sync.
        run.Start("web", "web");
        var workers = new[] { run.Start("worker-1", "worker"), run.Start("worker-2", "worker"), run.Start("worker-3", "worker") };
        var victim = workers[1];
        foreach (var process in run.Processes)
        {
            await process.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(60));
        }

        output.WriteLine($"all up after {watch.Elapsed.TotalSeconds:0.0} s, plan time {run.Now:yyyy-MM-dd HH:mm}");
        await using var mailbox = new MailboxReader(smtp.ImapPort);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() });
        var submitted = new HashSet<long>();
        var answeredRounds = new HashSet<string>(StringComparer.Ordinal);
        DateTime? killedAt = null;
        var lap = Stopwatch.StartNew();
        // On a slow machine the plan may be far along before everything is up: the kill and restart happen regardless.
        while (run.Now < end || workers[1] == victim)
        {
            foreach (var message in await mailbox.NewAsync())
            {
                if (message.InReplyTo is { } thread && Thread().Match(thread) is { Success: true } round
                    && Reporting.Contains(round.Groups["institution"].Value) && FormLink().Match(message.TextBody ?? string.Empty) is { Success: true } link
                    && !answeredRounds.Contains(thread))
                {
                    var form = Stopwatch.StartNew();
                    if (await SubmitAsync(http, link.Value, run) is { } ids)
                    {
                        submitted.UnionWith(ids);
                        answeredRounds.Add(thread);
                        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s (plan {run.Now:MM-dd HH:mm}): answered {thread} in {form.ElapsedMilliseconds} ms");
                    }
                    else
                    {
                        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s (plan {run.Now:MM-dd HH:mm}): the link of '{message.Subject}' ({message.MessageId}, sent {message.Date:yyyy-MM-dd}) no longer opens the form");
                    }
                }
            }

            if (killedAt is null && run.Now >= killAt)
            {
                await workers[1].KillAsync();
                killedAt = DateTime.UtcNow;
                output.WriteLine($"killed worker-2 (pid {workers[1].Id}) at plan time {run.Now:yyyy-MM-dd HH:mm}");
            }
            else if (killedAt is { } at && workers[1].HasExited && DateTime.UtcNow - at > TimeSpan.FromSeconds(2))
            {
                workers[1] = run.Start("worker-2 (restarted)", "worker");
                output.WriteLine($"restarted worker-2 at plan time {run.Now:yyyy-MM-dd HH:mm}");
            }

            Assert.True(run.Processes.Where(p => p != victim).All(p => !p.HasExited), $"a process died on its own:\n{run.Logs()}");
            if (lap.Elapsed > TimeSpan.FromSeconds(1))
            {
                output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: slow lap of {lap.Elapsed.TotalSeconds:0.0} s");
            }

            await Task.Delay(200);
            lap.Restart();
        }

        Assert.NotNull(killedAt);
        Assert.False(workers[1].HasExited, run.Logs());
        // The run is over in plan time; let the workers finish what is due (real time: they are processes).
        var stop = run.Now;
        await run.WaitForAsync("outbox drained and every due timer run", async db =>
        {
            return !await db.Outbox.AnyAsync(m => m.Status == OutboxStatus.Queued && m.NotBefore <= stop.UtcDateTime)
                && !await db.Timers.AnyAsync(t => t.DueAt <= stop.UtcDateTime);
        }, TimeSpan.FromSeconds(60));
        var finalNow = run.Now.UtcDateTime;
        // Stopped as a service manager stops them, before the mailbox is read: plan time runs on, and a worker
        // still running would send what falls due after the read, a sent row the read could not have seen.
        foreach (var process in run.Processes)
        {
            await process.StopAsync(TimeSpan.FromSeconds(60));
        }

        int mails;
        await using (var sent = run.Db())
        {
            // One mail per digest: its rows share template, institution, addresses and send time.
            mails = (await sent.Outbox.AsNoTracking().Where(m => m.Status == OutboxStatus.Sent).Select(m => new { m.Template, m.InstitutionId, m.To, m.Cc, m.SentAt }).ToListAsync()).Distinct().Count();
        }

        // At least one message per distinct mail; then until smtp4dev's count stops moving, since two mails
        // may share those fields and the server stores what it accepted a moment later.
        var count = (await smtp.MessagesAsync(expected: mails)).Count;
        for (var settled = 0; settled < 4;)
        {
            await Task.Delay(250);
            var now = await smtp.CountAsync();
            settled = now == count ? settled + 1 : 0;
            count = now;
        }

        var delivered = await smtp.MessagesAsync(expected: count);

        output.WriteLine($"data in {run.Folder}");
        output.WriteLine($"run finished after {watch.Elapsed.TotalSeconds:0.0} s: {delivered.Count} messages, {submitted.Count} obligations reported through the form");
        await using var check = run.Db();
        var outbox = await check.Outbox.AsNoTracking().ToListAsync();
        // Meetings are kept as obligations of the Working Group too; the plan's own are those of the test area.
        var obligations = await check.Obligations.AsNoTracking().Where(o => o.ActivityKey.StartsWith("test-area/")).ToListAsync();
        // 24 activities × 2 institutions, created once though four processes synced at once.
        Assert.Equal(48, obligations.Count);

        // Every reminder decided once: no (obligation, kind) twice among the rows the engine wrote.
        Delivery.AssertNoReminderDecidedTwice(outbox);
        // Each obligation heard from the service: its first reminder, or for an activity due months ahead its progress
        // request first (an institution that answers it with a report is not reminded after).
        Assert.All(obligations, o => Assert.Contains(outbox, m => m.ObligationId == o.Id && m.Template is "first-reminder" or "progress-request"));
        // ... and sent: nothing due left queued, nothing given up; a reminder a report made pointless is withdrawn instead.
        Assert.All(outbox.Where(m => m.NotBefore <= stop.UtcDateTime || m.Status != OutboxStatus.Queued),
            m => Assert.True(m.Status == OutboxStatus.Sent || (m.Status == OutboxStatus.Cancelled && m.ObligationId is { } id && submitted.Contains(id)),
                $"row {m.Id} ({m.Template}) is {m.Status}: {m.LastError}"));

        // Every message arrived once: no Message-Id twice at the server, each a row that was sent, each sent row delivered.
        Delivery.AssertEachSentRowDeliveredOnce(outbox, [.. delivered.Select(m => m.MessageId ?? "(none)")]);

        // Every report recorded, once.
        Assert.NotEmpty(submitted);
        var reports = await check.Reports.AsNoTracking().Where(r => r.Channel == "form").ToListAsync();
        Assert.Equal(submitted.Order(), reports.Select(r => r.ObligationId).Order());
        Assert.All(reports, r => Assert.Equal(1, r.Version));

        // No instance stuck: done, waiting for a person (a reply, the Office's review) or for a timer still ahead.
        var instances = await check.Instances.AsNoTracking().ToListAsync();
        var timers = await check.Timers.AsNoTracking().ToListAsync();
        var bookmarks = await check.Bookmarks.AsNoTracking().ToListAsync();
        Assert.DoesNotContain(instances, i => i.Status == InstanceStatus.Faulted);
        Assert.All(instances.Where(i => i.Status != InstanceStatus.Completed), i => Assert.True(
            timers.Any(t => t.InstanceId == i.Id && t.DueAt > stop.UtcDateTime) || bookmarks.Any(b => b.InstanceId == i.Id && b.WakeAt == null),
            $"instance {i.Id} ({i.DefinitionName}) is {i.Status} with nothing ahead of it"));
        Assert.DoesNotContain(timers, t => t.DueAt <= stop.UtcDateTime);
        Assert.DoesNotContain(timers, t => t.LeaseToken != null && t.LeaseUntil < finalNow);
        var unreported = obligations.Where(o => !submitted.Contains(o.Id)).Select(o => o.Id).ToHashSet();
        Assert.All(unreported, id => Assert.Contains(outbox, m => m.ObligationId == id && m.Template == "escalation-office"));
    }

    /// <summary>Opens the form from a reminder and submits every item of the round as implemented; null when the link no longer works.</summary>
    private static async Task<IReadOnlyList<long>?> SubmitAsync(HttpClient http, string link, ServiceRun run)
    {
        using var opened = await http.GetAsync(new Uri(link));
        if (opened.StatusCode is HttpStatusCode.Gone or HttpStatusCode.NotFound)
        {
            return null;
        }

        opened.EnsureSuccessStatusCode();
        var page = await opened.Content.ReadAsStringAsync();
        var ids = StatusField().Matches(page).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        if (ids.Count == 0)
        {
            return []; // the round was closed by the time the form was opened
        }

        using var form = new MultipartFormDataContent
        {
            { new StringContent(Antiforgery(page)), "__RequestVerificationToken" },
            { new StringContent("submit"), "action" },
            { new StringContent("Focal point"), "reporter" },
        };
        foreach (var id in ids)
        {
            form.Add(new StringContent("Implemented"), $"o{id}-status");
            form.Add(new StringContent("Done in full."), $"o{id}-narrative");
        }

        using var response = await http.PostAsync(new Uri(link), form);
        Assert.True(response.StatusCode == HttpStatusCode.SeeOther, $"form {link} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{run.Logs()}");
        return ids;
    }

    private static string Antiforgery(string html) =>
        Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("no antiforgery field in the form");
}
