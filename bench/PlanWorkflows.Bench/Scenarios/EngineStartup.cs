using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Bench.Scenarios;

/// <summary>
/// Time from constructing a <see cref="WorkflowEngine"/> on a database holding N future timers (with
/// their waiting instances and bookmarks) to its first <c>RunDueAsync</c> (nothing due) and
/// <c>NextDueAsync</c>. Cold: a fresh process per database, so EF model building, JIT and the first
/// SQLite open are in the number. Warm: a new engine in a process that has run one before.
/// </summary>
internal static class EngineStartup
{
    private static readonly DateTimeOffset Now = new(2013, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly int[] Sizes = [1_000, 10_000, 100_000];

    public static async Task<int> RunAsync()
    {
        var databases = new List<(int Timers, BenchDatabase Database, TimeSpan Insert)>();
        try
        {
            foreach (var size in Sizes)
            {
                var database = new BenchDatabase($"startup-{size}");
                var insert = Stopwatch.StartNew();
                await database.PublishShippedAsync(Now.UtcDateTime);
                BulkInsert(database.Path, size);
                insert.Stop();
                databases.Add((size, database, insert.Elapsed));
                Console.WriteLine($"{size:N0} timers inserted in {insert.Elapsed.TotalSeconds:F2} s (not timed)");
            }

            SqliteConnection.ClearAllPools();
            // Interleaved, so a change in the machine's load during the run hits every size alike.
            var cold = databases.ToDictionary(d => d.Timers, _ => new List<double>());
            var coldModelBuilt = databases.ToDictionary(d => d.Timers, _ => new List<double>());
            for (var run = 0; run < 5; run++)
            {
                foreach (var (timers, database, _) in databases)
                {
                    cold[timers].Add(await ProbeInChildAsync(database.Path, prebuildModel: false));
                    coldModelBuilt[timers].Add(await ProbeInChildAsync(database.Path, prebuildModel: true));
                }
            }

            // Warm: the process has already built the EF model and JIT-compiled the engine.
            await MeasureAsync(databases[0].Database.Path);
            var warm = new Dictionary<int, List<double>>();
            foreach (var (timers, database, _) in databases)
            {
                warm[timers] = [];
                for (var run = 0; run < 7; run++)
                {
                    warm[timers].Add((await MeasureAsync(database.Path)).TotalMilliseconds);
                }
            }

            Console.WriteLine();
            Console.WriteLine("| pending timers | cold: fresh process (median of 5) | cold, EF model built before the clock starts (median of 5) | warm: new engine in a running process (median of 7) | database file |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
            foreach (var (timers, database, _) in databases)
            {
                Console.WriteLine($"| {timers:N0} | {Median(cold[timers]):F0} ms | {Median(coldModelBuilt[timers]):F0} ms | {Median(warm[timers]):F1} ms | {MemorySampler.Mb(new FileInfo(database.Path).Length)} |");
            }

            return 0;
        }
        finally
        {
            foreach (var (_, database, _) in databases)
            {
                database.Dispose();
            }
        }
    }

    /// <summary>The child side of a cold measurement: one engine start, printed in milliseconds.</summary>
    public static async Task<int> ProbeAsync(string path, bool prebuildModel)
    {
        if (prebuildModel)
        {
            // What a host has done before its engine starts (migrations, the web app's first query):
            // the EF model exists; the engine's own queries and the timer table are still cold.
            var options = Core.Data.PlanDatabase.Options(new Core.Data.DatabaseOptions { ConnectionString = $"Data Source={path}" });
            await using var db = new Core.Data.PlanDbContext(options);
            _ = db.Model;
        }

        var elapsed = await MeasureAsync(path, breakdown: true);
        Console.WriteLine(elapsed.TotalMilliseconds.ToString("F3", CultureInfo.InvariantCulture));
        return 0;
    }

    private static async Task<TimeSpan> MeasureAsync(string path, bool breakdown = false)
    {
        var clock = new VirtualClock(Now);
        var options = Core.Data.PlanDatabase.Options(new Core.Data.DatabaseOptions { ConnectionString = $"Data Source={path}" });
        // The host has its configuration and calendar before it creates an engine.
        var calendar = BenchDatabase.Calendar;
        var stopwatch = Stopwatch.StartNew();
        var engine = new WorkflowEngine(() => new Core.Data.PlanDbContext(options), clock, new EngineOptions(), calendar);
        var created = stopwatch.Elapsed;
        var result = await engine.RunDueAsync();
        var ran = stopwatch.Elapsed;
        var next = await engine.NextDueAsync();
        stopwatch.Stop();
        if (breakdown)
        {
            Console.Error.WriteLine($"  probe {Path.GetFileName(path)}: constructor {created.TotalMilliseconds:F0} ms, RunDueAsync {(ran - created).TotalMilliseconds:F0} ms, NextDueAsync {(stopwatch.Elapsed - ran).TotalMilliseconds:F0} ms");
        }

        if (result.TimersClaimed != 0 || next is null || next <= Now.UtcDateTime)
        {
            throw new InvalidOperationException($"expected nothing due and a future timer; got {result.TimersClaimed} claimed, next {next}");
        }

        return stopwatch.Elapsed;
    }

    private static async Task<double> ProbeInChildAsync(string path, bool prebuildModel) =>
        double.Parse(await ChildProcess.RunAsync("startup-probe", path, prebuildModel ? "model-built" : "cold"), CultureInfo.InvariantCulture);

    /// <summary>N waiting instances, each with a bookmark and a wake timer between one day and a year ahead, in one transaction.</summary>
    private static void BulkInsert(string path, int count)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var instance = connection.CreateCommand();
        instance.CommandText = """
            INSERT INTO WorkflowInstances (Id, DefinitionName, DefinitionVersion, ObligationId, Status, StateJson, CreatedAt, UpdatedAt, CompletedAt, Revision)
            VALUES ($id, 'recurring-report', 1, NULL, 'Waiting', $state, $now, $now, NULL, 2)
            """;
        using var bookmark = connection.CreateCommand();
        bookmark.CommandText = "INSERT INTO Bookmarks (InstanceId, StepId, Kind, WakeAt, CreatedAt) VALUES ($id, 'wait-first-reminder', 'timer', $due, $now)";
        using var timer = connection.CreateCommand();
        timer.CommandText = "INSERT INTO WorkflowTimers (InstanceId, Kind, DueAt, Payload, LeaseToken, LeaseUntil, Attempt) VALUES ($id, 'Wake', $due, '{\"wait\":1}', NULL, NULL, 0)";
        var id = instance.Parameters.Add("$id", SqliteType.Integer);
        var state = instance.Parameters.Add("$state", SqliteType.Text);
        instance.Parameters.AddWithValue("$now", Now.UtcDateTime);
        var bookmarkId = bookmark.Parameters.Add("$id", SqliteType.Integer);
        var bookmarkDue = bookmark.Parameters.Add("$due", SqliteType.Text);
        bookmark.Parameters.AddWithValue("$now", Now.UtcDateTime);
        var timerId = timer.Parameters.Add("$id", SqliteType.Integer);
        var timerDue = timer.Parameters.Add("$due", SqliteType.Text);
        foreach (var command in new[] { instance, bookmark, timer })
        {
            command.Transaction = transaction;
            command.Prepare();
        }

        for (var n = 1; n <= count; n++)
        {
            var due = Now.UtcDateTime.AddDays(1).AddSeconds((long)n * 365 * 86_400 / count);
            id.Value = bookmarkId.Value = timerId.Value = n;
            state.Value = $$$"""{"stack":[{"index":0}],"waiting":{"stepId":"wait-first-reminder","for":"timer","wakeAt":"{{{due:O}}}"},"waitSequence":1,"vars":{}}""";
            bookmarkDue.Value = timerDue.Value = due;
            instance.ExecuteNonQuery();
            bookmark.ExecuteNonQuery();
            timer.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
