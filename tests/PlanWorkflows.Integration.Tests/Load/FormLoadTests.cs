using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Core.Tests.Mail;
using Xunit.Abstractions;

namespace PlanWorkflows.Integration.Tests.Load;

/// <summary>
/// Many implementers answering at once: 500 form submissions from 50 concurrent clients, over two web processes
/// (a form opened on one is posted to the other) and three workers on one database. Bounded in count and time,
/// on loopback only. Nothing lost, nothing stored twice, every submitter gets a receipt page and a receipt mail.
/// The latencies are printed for bench/README.md; nothing here is timed against a target.
/// </summary>
public sealed partial class FormLoadTests(ITestOutputHelper output)
{
    private const int Activities = 250;
    private const int Submissions = 2 * Activities;
    private const int Clients = 50;
    private static readonly string[] Institutions =
        ["moi", "ministry-health", "ministry-culture", "ministry-justice-human-rights", "ministry-education-sports", "ministry-labour-social-welfare", "ministry-human-minority-rights", "police-directorate"];

    [GeneratedRegex("name=\"o(\\d+)-status\"")]
    private static partial Regex StatusField();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    [Theory]
    [MemberData(nameof(RunDatabases.Providers), MemberType = typeof(RunDatabases))]
    public async Task Five_hundred_submissions_from_fifty_clients_over_two_web_processes_are_each_stored_once_with_a_receipt(string provider)
    {
        await using var smtp = await Smtp4devServer.StartAsync();
        await using var database = await RunDatabases.CreateAsync(provider, "load");
        var catalogue = Path.Combine(Directory.CreateTempSubdirectory("planworkflows-load-plan-").FullName, "load-plan.yaml");
        await File.WriteAllTextAsync(catalogue, Catalogue());
        // Plan time stands nearly still on 1 March 2013: every obligation is open and waiting, no reminder falls due.
        await using var run = new ServiceRun(new DateTimeOffset(2013, 3, 1, 8, 0, 0, TimeSpan.Zero), speed: 1, smtp.SmtpPort, lead: TimeSpan.Zero)
        {
            Catalogue = catalogue,
            Database = database.Options,
        };
        // The limits that protect the relay and the contacts from a runaway workflow would hold the receipts back for days.
        string[] shared = [$"--Security:DataProtectionKeysFolder={Path.Combine(run.Folder, "keys")}", "--Security:RequestsPerMinute=1000000",
            "--Outbox:MessagesPerMinute=100000", "--Outbox:MaxMailsPerContactPerDay=100000", "--Outbox:RetryDelay=00:00:02"];
        var webPorts = new[] { Smtp4devServer.FreePort(), Smtp4devServer.FreePort() };
        var web = webPorts.Select((port, i) => run.Start($"web-{i + 1}", "web", [.. shared, $"--urls=http://127.0.0.1:{port}"])).ToList();
        for (var i = 0; i < 3; i++)
        {
            run.Start($"worker-{i + 1}", "worker", shared);
        }

        foreach (var process in run.Processes)
        {
            await process.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(90));
        }

        await run.WaitForAsync("every obligation synced and its workflow started", async db =>
            await db.Obligations.CountAsync(o => o.ActivityKey.StartsWith("load/")) == Submissions
            && await db.Instances.CountAsync(i => i.ObligationId != null) >= Submissions, TimeSpan.FromSeconds(120));

        // One form link per institution and round, as the reminders would have carried them.
        var links = new ConcurrentQueue<(string Token, long ObligationId)>();
        await using (var db = run.Db())
        {
            var now = DateTime.UtcNow;
            foreach (var o in await db.Obligations.AsNoTracking().Where(o => o.ActivityKey.StartsWith("load/")).OrderBy(o => o.Id).ToListAsync())
            {
                var token = ReplyTokens.NewToken();
                ReplyTokens.Issue(db, token, o.InstitutionId, o.PeriodLabel, "en", now, now.AddDays(365 * 20), null);
                links.Enqueue((token, o.Id));
            }

            await db.SaveChangesAsync();
        }

        Assert.Equal(Submissions, links.Count);
        var latencies = new ConcurrentBag<double>();
        var receipts = new ConcurrentDictionary<long, string>();
        var failures = new ConcurrentBag<string>();
        var watch = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { Timeout = TimeSpan.FromSeconds(60) };
            var turn = client;
            while (links.TryDequeue(out var link) && !deadline.IsCancellationRequested)
            {
                var opened = new Uri($"http://127.0.0.1:{webPorts[turn % 2]}/form/{link.Token}");
                var posted = new Uri($"http://127.0.0.1:{webPorts[(turn + 1) % 2]}/form/{link.Token}");
                turn++;
                try
                {
                    var page = await http.GetStringAsync(opened, deadline.Token);
                    var ids = StatusField().Matches(page).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().ToList();
                    if (ids.Count != 1 || ids[0] != link.ObligationId)
                    {
                        failures.Add($"form of obligation {link.ObligationId} shows [{string.Join(", ", ids)}]");
                        continue;
                    }

                    using var form = new MultipartFormDataContent
                    {
                        { new StringContent(Antiforgery().Match(page).Groups[1].Value), "__RequestVerificationToken" },
                        { new StringContent("submit"), "action" },
                        { new StringContent($"Focal point {client}"), "reporter" },
                        { new StringContent("Implemented"), $"o{link.ObligationId}-status" },
                        { new StringContent($"Done in full, says client {client}."), $"o{link.ObligationId}-narrative" },
                    };
                    var timing = Stopwatch.StartNew();
                    using var response = await http.PostAsync(posted, form, deadline.Token);
                    latencies.Add(timing.Elapsed.TotalMilliseconds);
                    if (response.StatusCode != HttpStatusCode.SeeOther || response.Headers.Location is not { } done)
                    {
                        failures.Add($"submission for obligation {link.ObligationId} answered {(int)response.StatusCode}: {Shorten(await response.Content.ReadAsStringAsync(deadline.Token))}");
                        continue;
                    }

                    receipts[link.ObligationId] = await http.GetStringAsync(new Uri(posted, done), deadline.Token);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    failures.Add($"obligation {link.ObligationId}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        })).ToList();
        await Task.WhenAll(clients);
        var elapsed = watch.Elapsed;

        var sorted = latencies.Order().ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{provider}: {sorted.Count} submissions from {Clients} clients in {elapsed.TotalSeconds:0.0} s ({sorted.Count / elapsed.TotalSeconds:0.0}/s); POST latency p50 {Percentile(sorted, 0.50):0} ms, p95 {Percentile(sorted, 0.95):0} ms, max {sorted.LastOrDefault():0} ms"));
        Assert.True(failures.IsEmpty, $"{failures.Count} submissions failed:\n{string.Join("\n", failures.Take(20))}\n{run.Logs()}");
        Assert.Equal(Submissions, receipts.Count);

        // Every submitter's receipt page shows what they sent.
        Assert.All(receipts.Values, page => Assert.Contains("Done in full, says client", page, StringComparison.Ordinal));

        // Every report stored once: one report per obligation, version 1, and the workflow moved on.
        await run.WaitForAsync("every receipt mail sent", async db =>
            await db.Outbox.CountAsync(m => m.Template == "report-received" && m.Status == OutboxStatus.Sent) == Submissions, TimeSpan.FromSeconds(180));
        await using var check = run.Db();
        var reports = await check.Reports.AsNoTracking().Where(r => r.Channel == "form").ToListAsync();
        Assert.Equal(Submissions, reports.Count);
        Assert.Equal(receipts.Keys.Order(), reports.Select(r => r.ObligationId).Order());
        Assert.All(reports, r => Assert.Equal(1, r.Version));
        var obligations = await check.Obligations.AsNoTracking().Where(o => o.ActivityKey.StartsWith("load/")).ToListAsync();
        Assert.All(obligations, o => Assert.Equal(ObligationStatus.Reported, o.Status));
        var receiptMails = await check.Outbox.AsNoTracking().Where(m => m.Template == "report-received").ToListAsync();
        Assert.Equal(Submissions, receiptMails.Count);
        Assert.Equal(receipts.Keys.Order(), receiptMails.Select(m => m.ObligationId!.Value).Order());
        var delivered = await smtp.MessagesAsync(expected: Submissions);
        // Each receipt arrived once (the server also holds the Working Group's invitations, which are not counted here).
        Assert.Equal(receiptMails.Select(m => m.MessageId).Order(StringComparer.Ordinal),
            delivered.Select(m => m.MessageId ?? "(none)").Where(id => id.StartsWith("pw.form.", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(await check.Instances.AsNoTracking().ToListAsync(), i => i.Status == InstanceStatus.Faulted);
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[(int)Math.Ceiling(p * sorted.Count) - 1];

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    /// <summary>250 activities with a deadline each on its own day (so each institution's round holds one), two institutions each.</summary>
    private static string Catalogue()
    {
        var yaml = new StringBuilder("""
            plan:
              title: Load test plan
              periodStart: 2013-01-01
              periodEnd: 2013-12-31
              adopted: 2013-01-01
              timeZone: Europe/Podgorica
            areas:
            - id: load
              title: Load area
              objectives:
              - number: 1
                text: Load objective
              activities:

            """);
        for (var i = 0; i < Activities; i++)
        {
            var code = $"1.{(i / 9) + 1}.{(i % 9) + 1}";
            var deadline = new DateOnly(2013, 4, 1).AddDays(i);
            yaml.Append(CultureInfo.InvariantCulture, $"""
                  - key: load/{code}
                    code: {code}
                    area: load
                    objectiveNumber: 1
                    title: Load activity {code}
                    implementers:
                    - {Institutions[i % Institutions.Length]}
                    - {Institutions[(i + 3) % Institutions.Length]}
                    timeframe:
                      text: by {deadline:yyyy-MM-dd}
                      kind: Deadline
                      deadline: {deadline:yyyy-MM-dd}
                      deadlineUnit: Date
                    indicators: Indicator of {code}

                """);
        }

        return yaml.ToString();
    }
}
