using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Packs;

namespace PlanWorkflows.Bench.Scenarios;

/// <summary>
/// One meeting pack (load from the database, then DOCX, XLSX annex, HTML and chart) for a synthetic plan of
/// 1,000 activities × 3 institutions, every obligation reported with a narrative, indicators and evidence links.
/// Target: under 3 seconds and under 300 MB.
/// </summary>
internal static class PackBuild
{
    private static readonly DateTime Start = new(2012, 10, 1, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Meeting = new(2013, 1, 24);
    private static readonly string[] Implementers = ["ministry-health", "ministry-education-sports", "ministry-labour-social-welfare"];
    private static readonly ImplementationStatus[] Statuses =
        [ImplementationStatus.Implemented, ImplementationStatus.PartiallyImplemented, ImplementationStatus.ContinuouslyImplemented, ImplementationStatus.NotImplemented];

    public static async Task<int> RunAsync(string[] args)
    {
        var activities = EngineThroughput.IntArg(args, "--activities", 1000);
        var runs = EngineThroughput.IntArg(args, "--runs", 3);
        var release = !args.Contains("--no-release");
        using var database = new BenchDatabase("packs");
        // Set up in a child process, so this process's peak working set is the pack's, not the catalogue sync's.
        var reports = int.Parse(await ChildProcess.RunAsync("pack-build-setup", database.Path, activities.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plan: {activities} activities x {Implementers.Length} institutions, {reports} reports; meeting {Meeting:yyyy-MM-dd}"));
        Console.WriteLine("runtime: " + RuntimeSettings());

        var output = Directory.CreateTempSubdirectory("pw-bench-pack-").FullName;
        try
        {
            var times = new List<double>();
            long allocated = 0;
            long peak = 0;
            long bytes = 0;
            // The first build pays for JIT and EF's model; it is shown but not counted.
            for (var run = 0; run <= runs; run++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                using (var self = Process.GetCurrentProcess())
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  before: working set {MemorySampler.Mb(self.WorkingSet64)} ({Resident()}), managed heap {MemorySampler.Mb(GC.GetTotalMemory(false))}, GC committed {MemorySampler.Mb(GC.GetGCMemoryInfo().TotalCommittedBytes)}"));
                }

                using var sampler = new MemorySampler();
                int[] gcs = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                var phases = new List<string>();
                var mark = (Time: watch.Elapsed, Allocated: before);
                void Phase(string name)
                {
                    var allocatedNow = GC.GetTotalAllocatedBytes(precise: true);
                    phases.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {(watch.Elapsed - mark.Time).TotalSeconds:F2} s/{MemorySampler.Mb(allocatedNow - mark.Allocated)} (peaks so far {MemorySampler.Mb(sampler.PeakWorkingSet)}/{MemorySampler.Mb(sampler.PeakManagedHeap)})"));
                    mark = (watch.Elapsed, allocatedNow);
                }

                PackData pack;
                await using (var db = database.Create())
                {
                    pack = PackBuilder.Load(db, BenchDatabase.Calendar, Meeting, new DateOnly(2012, 12, 13), "en");
                }

                Phase("load");
                var chart = PackChart.SummaryPng(pack);
                Phase("chart");
                var docx = DocxPackWriter.Write(pack, chart);
                Phase("docx");
                var xlsx = XlsxAnnexWriter.Write(pack);
                Phase("xlsx");
                var stem = Path.Combine(output, pack.FileStem);
                // As the archive writes it (PackFiles): straight into the file.
                using (var html = new StreamWriter(stem + ".html", append: false, new System.Text.UTF8Encoding(false)))
                {
                    HtmlPackWriter.Write(pack, html, chart);
                }

                Phase("html");
                File.WriteAllBytes(stem + ".docx", docx);
                File.WriteAllBytes(stem + ".xlsx", xlsx);
                File.WriteAllBytes(stem + ".png", chart);
                bytes = docx.Length + xlsx.Length + chart.Length + new FileInfo(stem + ".html").Length;
                // As the archiver does after building (compare with --no-release).
                if (release)
                {
                    PackFiles.ReleaseMemory();
                }

                Phase("release");
                watch.Stop();
                sampler.Stop();
                Console.WriteLine("  " + string.Join(", ", phases));
                // Outside the measured window: the same seed must give the same content whatever the writers do to save memory.
                Console.WriteLine("  sha256 docx/xlsx/html: " + string.Join(" ", new[] { docx, xlsx, File.ReadAllBytes(stem + ".html") }
                    .Select(b => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(b))[..12]))
                    + "; unzipped parts docx/xlsx: " + PartsHash(docx) + " " + PartsHash(xlsx));
                var runAllocated = GC.GetTotalAllocatedBytes(precise: true) - before;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(run == 0 ? "warm-up" : $"run {run}")}: {watch.Elapsed.TotalSeconds:F2} s, allocated {MemorySampler.Mb(runAllocated)}, peak working set {MemorySampler.Mb(sampler.PeakWorkingSet)}, peak managed heap {MemorySampler.Mb(sampler.PeakManagedHeap)}, peak GC committed {MemorySampler.Mb(sampler.PeakCommitted)}, gen0/1/2 GCs {GC.CollectionCount(0) - gcs[0]}/{GC.CollectionCount(1) - gcs[1]}/{GC.CollectionCount(2) - gcs[2]}"));
                if (run > 0)
                {
                    times.Add(watch.Elapsed.TotalSeconds);
                    allocated = Math.Max(allocated, runAllocated);
                    peak = Math.Max(peak, sampler.PeakWorkingSet);
                }
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pack: median {times[times.Count / 2]:F2} s (min {times[0]:F2}, max {times[^1]:F2}); allocated {MemorySampler.Mb(allocated)} per build; peak working set {MemorySampler.Mb(peak)} (process peak {MemorySampler.Mb(MemorySampler.ProcessPeakWorkingSet)}); files {MemorySampler.Mb(bytes)}"));
            var ok = times[times.Count / 2] < 3 && peak < 300L * 1024 * 1024;
            Console.WriteLine(ok ? "target met: < 3 s and < 300 MB" : "target missed: < 3 s and < 300 MB");
            return ok ? 0 : 2;
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>
    /// The GC as this process actually runs it, read back from the runtime rather than from the project file, so the
    /// numbers can be matched with the service's settings (src/PlanWorkflows.Server/ServiceRuntime.props).
    /// </summary>
    private static string RuntimeSettings()
    {
        var gc = GC.GetConfigurationVariables();
        string Gc(string name) => gc.TryGetValue(name, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) ?? "?" : "-";
        return string.Create(CultureInfo.InvariantCulture,
            $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, latency {System.Runtime.GCSettings.LatencyMode}, heaps {Gc("HeapCount")}, concurrent {Gc("ConcurrentGC")}, "
            + $"DATAS {Gc("GCDynamicAdaptationMode")}, ConserveMemory {Gc("GCConserveMem")}, gen0 max budget {Gc("GCGen0MaxBudget")}, "
            + $"RetainVM {Gc("RetainVM")}, TieredCompilation {AppContext.GetData("System.Runtime.TieredCompilation") ?? "default"}");
    }

    /// <summary>A hash of a package's parts (names and uncompressed bytes): the content, whatever the compressor made of it.</summary>
    private static string PartsHash(byte[] package)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(package), System.IO.Compression.ZipArchiveMode.Read);
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var largest = (Name: string.Empty, Bytes: 0L);
        foreach (var entry in zip.Entries)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(entry.FullName + "\n"));
            using var part = new MemoryStream();
            using (var from = entry.Open())
            {
                from.CopyTo(part);
            }

            hash.AppendData(part.GetBuffer(), 0, (int)part.Length);
            largest = part.Length > largest.Bytes ? (entry.FullName, part.Length) : largest;
        }

        return Convert.ToHexString(hash.GetHashAndReset())[..12] + $" (largest part {largest.Name} {MemorySampler.Mb(largest.Bytes)})";
    }

    /// <summary>Resident memory split into anonymous (heaps, native allocations) and file-backed (mapped assemblies and libraries).</summary>
    private static string Resident()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return "no /proc";
        }

        var fields = File.ReadAllLines(status).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0] is "RssAnon" or "RssFile")
            .Select(p => $"{p[0]} {long.Parse(p[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024} MB");
        return string.Join(", ", fields);
    }

    /// <summary>The child side of the setup: definitions published, the plan synced, a report per obligation; prints the report count.</summary>
    public static async Task<int> SetupAsync(string path, int activities)
    {
        var options = PlanDatabase.Options(new DatabaseOptions { ConnectionString = $"Data Source={path}" });
        var catalog = Core.Workflows.Definitions.DefinitionCatalog.LoadFolder(Path.Combine(RepoFiles.Workflows, "definitions"));
        await using (var db = new PlanDbContext(options))
        {
            await Core.Workflows.Runtime.DefinitionStore.PublishShippedAsync(db, catalog.ByName.Values, Start);
        }

        var catalogue = BenchDatabase.Catalogue(new DateOnly(2012, 1, 1), new DateOnly(2013, 12, 31), activities, "IV Quarter of 2012", Implementers);
        await new Core.Obligations.ObligationSync(() => new PlanDbContext(options), BenchDatabase.Calendar, (_, _) => "deadline-report")
            .SyncAsync(catalogue, BenchDatabase.Institutions, Start);
        Console.WriteLine((await SeedReportsAsync(options)).ToString(CultureInfo.InvariantCulture));
        return 0;
    }

    /// <summary>A report per obligation, as a form would store it, on days before the meeting.</summary>
    private static async Task<int> SeedReportsAsync(Microsoft.EntityFrameworkCore.DbContextOptions<PlanDbContext> options)
    {
        await using var db = new PlanDbContext(options);
        var obligations = await db.Obligations.OrderBy(o => o.Id).ToListAsync();
        var narrative = string.Concat(Enumerable.Repeat("Trainings were held for police officers, labour inspectors and social workers. ", 6));
        foreach (var (o, i) in obligations.Select((o, i) => (o, i)))
        {
            var at = new DateTime(2012, 12, 1, 9, 0, 0, DateTimeKind.Utc).AddHours(i % 900);
            db.Reports.Add(new Report
            {
                ObligationId = o.Id, Version = 1, Status = Statuses[i % Statuses.Length], Narrative = narrative,
                IndicatorsJson = string.Create(CultureInfo.InvariantCulture, $$"""{"Number of trainings held":"{{i % 7}}","Number of persons trained":"{{i % 40}}","Comment":"as planned"}"""),
                Channel = "form", SubmittedBy = "focal point", SubmittedAt = at, EvidenceLinks = "https://example.org/evidence/" + o.Id.ToString(CultureInfo.InvariantCulture) + ".pdf",
            });
            o.Status = ObligationStatus.Reported;
            o.UpdatedAt = at;
        }

        await db.SaveChangesAsync();
        return obligations.Count;
    }
}
