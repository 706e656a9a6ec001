using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Bench.Scenarios;

/// <summary>
/// 1,000 activities × 3 institutions × 8 quarters = 24,000 instances of the shipped
/// <c>recurring-report</c> ladder, run from plan start to plan end in virtual time on a SQLite
/// file. A third of the institutions report before the due date, a third after the overdue
/// notice, a third never (the full escalation ladder); the Office accepts each report a week later.
/// Only the engine's own calls are timed; feeding replies in (what the web form would do) is not.
/// </summary>
internal static class EngineThroughput
{
    private static readonly DateTimeOffset Start = new(2013, 1, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly string[] Implementers = ["ministry-health", "ministry-education-sports", "ministry-labour-social-welfare"];

    public static async Task<int> RunAsync(string[] args)
    {
        var activities = IntArg(args, "--activities", 1000);
        var batch = IntArg(args, "--batch", new EngineOptions().BatchSize);
        var journal = !args.Contains("--no-journal-steps");
        // Workers: engines that run side by side on the one database, as N worker processes would (leases keep them apart).
        var workers = IntArg(args, "--workers", 1);
        var postgres = StringArg(args, "--postgres");
        var start = Start;
        var clock = new VirtualClock(start);
        using var database = new BenchDatabase("throughput", postgres);

        // Setup (a 24,000-obligation catalogue sync in one EF context) runs in a child process, so the
        // peak working set of this process is the engine's, not the sync's.
        var setup = Stopwatch.StartNew();
        var added = await RunSetupInChildAsync(database.Settings, activities);
        var external = await PlanRepliesAsync(database);
        setup.Stop();
        Console.WriteLine($"setup: {added} obligations, {external.Count} external events planned, {setup.Elapsed.TotalSeconds:F1} s (not timed)");

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var options = new EngineOptions { BatchSize = batch, JournalSteps = journal };
        var engines = Enumerable.Range(0, workers).Select(_ => new WorkflowEngine(database.Create, clock, options, BenchDatabase.Calendar)).ToList();
        long timers = 0, transitions = 0, steps = 0, mails = 0, faults = 0, rounds = 0;
        var engineTime = new Stopwatch();
        var feedTime = new Stopwatch();
        var next = 0;
        using var memory = new MemorySampler();
        var gcBefore = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);
        while (true)
        {
            engineTime.Start();
            var results = await Task.WhenAll(engines.Select(e => Task.Run(() => e.RunDueAsync())));
            var due = await engines[0].NextDueAsync();
            engineTime.Stop();
            rounds++;
            foreach (var result in results)
            {
                timers += result.TimersClaimed;
                transitions += result.Transitions;
                steps += result.StepsExecuted;
                mails += result.Mails;
                faults += result.Faults;
            }

            DateTime? nextEvent = next < external.Count ? external[next].At : null;
            if (due is null && nextEvent is null)
            {
                break;
            }

            clock.MoveTo(new[] { due, nextEvent }.Where(d => d is not null).Min()!.Value);
            if (nextEvent is { } at && at <= clock.UtcNow)
            {
                feedTime.Start();
                next = await FeedAsync(database, external, next, clock.UtcNow);
                feedTime.Stop();
            }
        }

        memory.Stop();
        var gcs = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2) - gcBefore;
        var seconds = engineTime.Elapsed.TotalSeconds;
        await using var check = database.Create();
        var byStatus = await check.Instances.GroupBy(i => i.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        var outbox = await check.Outbox.CountAsync();
        var journalRows = await check.Journal.CountAsync();
        var fileSize = database.SizeOnDisk();

        Console.WriteLine();
        Console.WriteLine($"engine-throughput: {added} instances, {database.Settings.Provider}, {workers} worker(s), batch {batch}, journal steps {journal}, virtual time {start:yyyy-MM-dd} → {clock.GetUtcNow():yyyy-MM-dd}");
        Console.WriteLine($"| metric | value |");
        Console.WriteLine($"| --- | ---: |");
        Console.WriteLine($"| engine time (timed) | {seconds:F2} s |");
        Console.WriteLine($"| scheduler rounds (RunDueAsync + NextDueAsync) | {rounds:N0} |");
        Console.WriteLine($"| steps executed | {steps:N0} |");
        Console.WriteLine($"| timers fired | {timers:N0} |");
        Console.WriteLine($"| transitions committed | {transitions:N0} |");
        Console.WriteLine($"| outbox mails written | {mails:N0} (rows: {outbox:N0}) |");
        Console.WriteLine($"| journal rows | {journalRows:N0} |");
        Console.WriteLine($"| faults | {faults:N0} |");
        Console.WriteLine($"| **steps / s** | **{steps / seconds:N0}** |");
        Console.WriteLine($"| timers fired / s | {timers / seconds:N0} |");
        Console.WriteLine($"| transitions / s | {transitions / seconds:N0} |");
        Console.WriteLine($"| peak working set during the run (sampled every 20 ms) | {MemorySampler.Mb(memory.PeakWorkingSet)} |");
        Console.WriteLine($"| peak managed heap during the run | {MemorySampler.Mb(memory.PeakManagedHeap)} |");
        Console.WriteLine($"| process peak working set (incl. setup) | {MemorySampler.Mb(MemorySampler.ProcessPeakWorkingSet)} |");
        Console.WriteLine($"| GCs during the run | {gcs:N0} |");
        Console.WriteLine($"| feeding replies/reviews in (not timed) | {feedTime.Elapsed.TotalSeconds:F1} s |");
        Console.WriteLine($"| database on disk at the end (SQLite: file + WAL) | {MemorySampler.Mb(fileSize)} |");
        Console.WriteLine($"| instances by status | {string.Join(", ", byStatus.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Count:N0}"))} |");
        return faults == 0 ? 0 : 1;
    }

    /// <summary>The child side of the setup: definitions published, catalogue synced into the given (migrated) file.</summary>
    public static async Task<int> SetupAsync(string provider, string connectionString, int activities)
    {
        var options = Core.Data.PlanDatabase.Options(new Core.Data.DatabaseOptions { Provider = Enum.Parse<DatabaseProvider>(provider), ConnectionString = connectionString });
        var now = Start.UtcDateTime;
        var catalog = Core.Workflows.Definitions.DefinitionCatalog.LoadFolder(Path.Combine(RepoFiles.Workflows, "definitions"));
        await using (var db = new PlanDbContext(options))
        {
            await DefinitionStore.PublishShippedAsync(db, catalog.ByName.Values, now);
        }

        var catalogue = BenchDatabase.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2014, 12, 31), activities, "quarterly", Implementers);
        var sync = await new ObligationSync(() => new PlanDbContext(options), BenchDatabase.Calendar, (_, _) => "recurring-report")
            .SyncAsync(catalogue, BenchDatabase.Institutions, now);
        Console.WriteLine(sync.Added.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    }

    private static async Task<int> RunSetupInChildAsync(DatabaseOptions database, int activities)
    {
        var output = await ChildProcess.RunAsync("throughput-setup", database.Provider.ToString(), database.ConnectionString, activities.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return int.Parse(output, System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed record External(DateTime At, long ObligationId, long InstanceId, bool Review);

    /// <summary>Reply dates by obligation id: before the due date, after the overdue notice, or never.</summary>
    private static async Task<List<External>> PlanRepliesAsync(BenchDatabase database)
    {
        await using var db = database.Create();
        var rows = await db.Instances.AsNoTracking().Where(i => i.ObligationId != null)
            .Join(db.Obligations, i => i.ObligationId, o => o.Id, (i, o) => new { InstanceId = i.Id, ObligationId = o.Id, o.DueDate })
            .ToListAsync();
        var events = new List<External>();
        foreach (var row in rows)
        {
            var due = row.DueDate.ToDateTime(new TimeOnly(10, 30), DateTimeKind.Utc);
            DateTime? reply = (row.ObligationId % 3) switch
            {
                1 => due.AddDays(-3),
                2 => due.AddDays(4),
                _ => null,
            };
            if (reply is { } at)
            {
                events.Add(new External(at, row.ObligationId, row.InstanceId, Review: false));
                events.Add(new External(at.AddDays(7), row.ObligationId, row.InstanceId, Review: true));
            }
        }

        return [.. events.OrderBy(e => e.At).ThenBy(e => e.ObligationId)];
    }

    private static async Task<int> FeedAsync(BenchDatabase database, List<External> events, int next, DateTime now)
    {
        // Chunks of what a web form would commit one by one, so the feeder holds little memory.
        while (next < events.Count && events[next].At <= now)
        {
            await using var db = database.Create();
            for (var n = 0; n < 500 && next < events.Count && events[next].At <= now; n++)
            {
                var e = events[next++];
                if (e.Review)
                {
                    WorkflowEngine.Signal(db, e.InstanceId, ResumeEvent.Review, now, new JsonObject { ["decision"] = "accepted" });
                }
                else
                {
                    await WorkflowEngine.SubmitReportAsync(db, e.ObligationId, ImplementationStatus.Implemented, "Done.", "form", "focal point", now);
                }
            }

            await db.SaveChangesAsync();
        }

        return next;
    }

    internal static string? StringArg(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    internal static int IntArg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
