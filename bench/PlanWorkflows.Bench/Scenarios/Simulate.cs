using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using PlanWorkflows.Core.Simulation;
using PlanWorkflows.Core.Tests;

namespace PlanWorkflows.Bench.Scenarios;

/// <summary>
/// The shipped 2012–2013 plan simulated from adoption to the end (what <c>simulate --plan
/// workflows/plans/action-plan-2012-2013.yaml</c> does), in this process, with a phase-by-phase breakdown.
/// The first run pays for JIT and EF's model and is shown apart; the output folder (mails and packs) is hashed
/// after each run, so two builds of the code can be compared for identical output.
/// </summary>
internal static class Simulate
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = EngineThroughput.IntArg(args, "--runs", 3);
        var replies = args.SkipWhile(a => a != "--replies").Skip(1).FirstOrDefault() ?? "realistic";
        if (!SimulationOptions.TryParseReplies(replies, out var mode))
        {
            Console.Error.WriteLine($"--replies '{replies}' is not one of realistic, on-time, none");
            return 2;
        }

        var keep = Environment.GetEnvironmentVariable("PW_BENCH_KEEP") == "1";
        var output = Directory.CreateTempSubdirectory("pw-bench-simulate-").FullName;
        Console.WriteLine($"plan: {SimulationCatalogue}, replies {replies}, output {output}");
        try
        {
            var times = new List<double>();
            var cpus = new List<double>();
            for (var run = 0; run <= runs; run++)
            {
                var timings = new SimulationTimings();
                var options = new SimulationOptions
                {
                    CataloguePath = SimulationCatalogue,
                    OutputFolder = Path.Combine(output, $"run-{run}"),
                    TemplatesFolder = RepoPaths.Combine("email-templates"),
                    Replies = mode,
                    Timings = timings,
                };
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var (jitted, jitTime, gcPause) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime(), GC.GetTotalPauseDuration());
                var watch = Stopwatch.StartNew();
                var result = await new PlanSimulator().RunAsync(options);
                watch.Stop();
                cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                // What the runtime spent besides running the code: compiling methods (all threads, the tiering thread's
                // re-compilations included) and collections (pauses).
                (jitted, jitTime, gcPause) = (System.Runtime.JitInfo.GetCompiledMethodCount() - jitted, System.Runtime.JitInfo.GetCompilationTime() - jitTime,
                    GC.GetTotalPauseDuration() - gcPause);
                SqliteConnection.ClearAllPools();
                var label = run == 0 ? "first run (incl. JIT, EF model)" : $"run {run}";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{label}: {watch.Elapsed.TotalSeconds:F2} s (process CPU {cpu.TotalSeconds:F2} s); {result.Obligations} obligations, {result.StepsExecuted} steps, {result.MailsSent} mails ({result.EmailsQueued} rows), {result.RepliesReceived} replies, {result.Packs} packs; output {Hash(options.OutputFolder)}; GCs so far {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, paused {gcPause.TotalSeconds:F2} s; JIT {jitted} methods in {jitTime.TotalSeconds:F2} s; load {Load()}"));
                Console.Write(timings.ToString());
                if (run > 0)
                {
                    times.Add(watch.Elapsed.TotalSeconds);
                    cpus.Add(cpu.TotalSeconds);
                }
            }

            if (times.Count > 0)
            {
                times.Sort();
                cpus.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"repeated runs: median {times[times.Count / 2]:F2} s, min {times[0]:F2} s, max {times[^1]:F2} s; process CPU median {cpus[cpus.Count / 2]:F2} s, min {cpus[0]:F2} s"));
            }

            return 0;
        }
        finally
        {
            if (!keep)
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private static string SimulationCatalogue => RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.yaml");

    /// <summary>One hash over the names and bytes of every file under <c>mail/</c> and <c>packs/</c>.</summary>
    internal static string Hash(string folder)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var sub in new[] { PlanSimulator.MailFolderName, PlanSimulator.PacksFolderName })
        {
            var root = Path.Combine(folder, sub);
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(folder, file) + "\n"));
                hash.AppendData(File.ReadAllBytes(file));
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset())[..12];
    }

    internal static string Load()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
