using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Bench.Scenarios;

/// <summary>
/// A fresh database with the real migrations, the shipped calendar and institutions: a SQLite file, or, given a
/// PostgreSQL server's connection string, a new database on that server (dropped afterwards).
/// </summary>
internal sealed class BenchDatabase : IDisposable
{
    private readonly string _folder;
    private readonly string? _server;

    public BenchDatabase(string name, string? postgres = null)
    {
        _folder = Directory.CreateTempSubdirectory("pw-bench-").FullName;
        Path = System.IO.Path.Combine(_folder, name + ".db");
        _server = postgres;
        Settings = postgres is null
            ? new DatabaseOptions { ConnectionString = $"Data Source={Path}" }
            : new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = new NpgsqlConnectionStringBuilder(postgres) { Database = $"pw_bench_{name}_{Guid.NewGuid():N}"[..40] }.ConnectionString };
        if (postgres is not null)
        {
            Admin(postgres, $"CREATE DATABASE \"{new NpgsqlConnectionStringBuilder(Settings.ConnectionString).Database}\"");
        }

        Options = PlanDatabase.Options(Settings);
        using var db = Create();
        db.Database.Migrate();
    }

    /// <summary>The SQLite file (unused on PostgreSQL).</summary>
    public string Path { get; }

    /// <summary>Provider and connection string, as a child process or the service takes them.</summary>
    public DatabaseOptions Settings { get; }

    public DbContextOptions<PlanDbContext> Options { get; }

    /// <summary>What the data takes on disk: file and WAL for SQLite, <c>pg_database_size</c> on PostgreSQL.</summary>
    public long SizeOnDisk()
    {
        if (Settings.Provider == DatabaseProvider.PostgreSql)
        {
            using var connection = new NpgsqlConnection(Settings.ConnectionString);
            connection.Open();
            using var size = connection.CreateCommand();
            size.CommandText = "SELECT pg_database_size(current_database())";
            return (long)size.ExecuteScalar()!;
        }

        return new FileInfo(Path).Length + (File.Exists(Path + "-wal") ? new FileInfo(Path + "-wal").Length : 0);
    }

    private static void Admin(string server, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

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
        NpgsqlConnection.ClearAllPools();
        if (_server is not null && Environment.GetEnvironmentVariable("PW_BENCH_KEEP") != "1")
        {
            Admin(_server, $"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(Settings.ConnectionString).Database}\" WITH (FORCE)");
        }

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
