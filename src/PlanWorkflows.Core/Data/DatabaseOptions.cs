using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PlanWorkflows.Core.Data;

/// <summary>Configuration values are read case-insensitively: <c>Sqlite</c>, <c>SqlServer</c>, <c>PostgreSQL</c>.</summary>
public enum DatabaseProvider { Sqlite, SqlServer, PostgreSql }

/// <summary>Which database, chosen by configuration (<c>Database:Provider</c>), never by operating system.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite the embedded default is a file beside the data folder.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/planworkflows.db";

    /// <summary>SQLite only: false skips flushes to disk, for scratch databases such as a simulation's.</summary>
    public bool Durable { get; set; } = true;

    public static string MigrationsAssembly(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => "PlanWorkflows.Migrations.Sqlite",
        DatabaseProvider.SqlServer => "PlanWorkflows.Migrations.SqlServer",
        DatabaseProvider.PostgreSql => "PlanWorkflows.Migrations.PostgreSql",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown database provider"),
    };
}

public static class PlanDatabase
{
    public static DbContextOptionsBuilder<PlanDbContext> Configure(DbContextOptionsBuilder<PlanDbContext> builder, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                EnsureSqliteFolder(options.ConnectionString);
                builder.UseSqlite(options.ConnectionString, sqlite => sqlite
                        .MigrationsAssembly(DatabaseOptions.MigrationsAssembly(DatabaseProvider.Sqlite))
                        .ExecutionStrategy(dependencies => new SqliteRetryingExecutionStrategy(dependencies)))
                    .AddInterceptors(options.Durable ? SqlitePragmas.Durable : SqlitePragmas.Scratch);
                break;
            case DatabaseProvider.SqlServer:
                builder.UseSqlServer(options.ConnectionString, sql => sql
                    .MigrationsAssembly(DatabaseOptions.MigrationsAssembly(DatabaseProvider.SqlServer))
                    .EnableRetryOnFailure(maxRetryCount: 6, maxRetryDelay: TimeSpan.FromSeconds(30), errorNumbersToAdd: null));
                break;
            case DatabaseProvider.PostgreSql:
                builder.UseNpgsql(options.ConnectionString, npgsql => npgsql
                    .MigrationsAssembly(DatabaseOptions.MigrationsAssembly(DatabaseProvider.PostgreSql))
                    // Concurrent writers lose a race as a serialization failure (40001) or a deadlock (40P01), which roll the
                    // whole transaction back; Npgsql counts both as transient, so the strategy runs the unit again from the
                    // start (the PostgreSQL suite holds that).
                    .EnableRetryOnFailure(maxRetryCount: 6, maxRetryDelay: TimeSpan.FromSeconds(30), errorCodesToAdd: null));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "unknown database provider");
        }

        return builder;
    }

    public static DbContextOptions<PlanDbContext> Options(DatabaseOptions options) =>
        Configure(new DbContextOptionsBuilder<PlanDbContext>(), options).Options;

    public static PlanDbContext Create(DatabaseOptions options) => new(Options(options));

    private static void EnsureSqliteFolder(string connectionString)
    {
        var source = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(source));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>
    /// WAL lets readers run beside the one writer; a busy timeout makes several engine hosts on
    /// one file wait for each other instead of failing.
    /// </summary>
    private sealed class SqlitePragmas(string synchronous) : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Durable = new("NORMAL");
        public static readonly SqlitePragmas Scratch = new("OFF");

        private readonly string Pragmas = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
