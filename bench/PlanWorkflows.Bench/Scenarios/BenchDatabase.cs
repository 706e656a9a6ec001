using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Bench.Scenarios;

/// <summary>A fresh SQLite file with the real migrations, the shipped calendar and institutions.</summary>
internal sealed class BenchDatabase : IDisposable
{
    private readonly string _folder;

    public BenchDatabase(string name)
    {
        _folder = Directory.CreateTempSubdirectory("pw-bench-").FullName;
        Path = System.IO.Path.Combine(_folder, name + ".db");
        Options = PlanDatabase.Options(new DatabaseOptions { ConnectionString = $"Data Source={Path}" });
        using var db = Create();
        db.Database.Migrate();
    }

    public string Path { get; }

    public DbContextOptions<PlanDbContext> Options { get; }

    public static WorkingDayCalendar Calendar { get; } = WorkingDayCalendar.Load(System.IO.Path.Combine(RepoFiles.Workflows, "calendar", "holidays-me.yaml"));

    public static InstitutionDirectory Institutions { get; } = InstitutionDirectory.Load(System.IO.Path.Combine(RepoFiles.Workflows, "institutions.yaml"));

    public PlanDbContext Create() => new(Options);

    public async Task PublishShippedAsync(DateTime now)
    {
        var catalog = DefinitionCatalog.LoadFolder(System.IO.Path.Combine(RepoFiles.Workflows, "definitions"));
        await using var db = Create();
        await DefinitionStore.PublishShippedAsync(db, catalog.ByName.Values, now);
    }

    public async Task PublishAsync(string json, DateTime now)
    {
        await using var db = Create();
        await DefinitionStore.PublishShippedAsync(db, [DefinitionJson.Parse(json, "bench.json")], now);
    }

    public Task<SyncResult> SyncAsync(PlanCatalogue catalogue, string definition, DateTime now) =>
        new ObligationSync(Create, Calendar, (_, _) => definition).SyncAsync(catalogue, Institutions, now);

    /// <summary>A plan of <paramref name="activities"/> activities, each with the same timeframe and implementers.</summary>
    public static PlanCatalogue Catalogue(DateOnly start, DateOnly end, int activities, string timeframe, string[] implementers)
    {
        var period = new PlanPeriod(start, end);
        var area = new CatalogueArea { Id = "bench", Title = "Synthetic plan" };
        for (var n = 1; n <= activities; n++)
        {
            var code = $"{1 + (n / 100)}.{1 + (n / 10 % 10)}.{n}";
            area.Activities.Add(new CatalogueActivity
            {
                Key = $"bench/{code}",
                Code = code,
                Area = area.Id,
                Title = $"Synthetic activity {code}",
                Implementers = [.. implementers],
                Timeframe = TimeframeParser.Parse(timeframe, period),
            });
        }

        return new PlanCatalogue { Plan = new PlanInfo { Title = "Synthetic plan", PeriodStart = start, PeriodEnd = end }, Areas = [area] };
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Environment.GetEnvironmentVariable("PW_BENCH_KEEP") == "1")
        {
            Console.Error.WriteLine($"kept {Path}");
            return;
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not worth failing a finished benchmark for.
        }
    }
}
