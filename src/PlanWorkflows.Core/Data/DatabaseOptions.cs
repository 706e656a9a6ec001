using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
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
                builder.UseSqlite(options.ConnectionString, Sqlite)
                    .AddInterceptors(SqlitePragmas.For(options));
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

    /// <summary>
    /// SQLite only: opens one connection, set up as <see cref="Options(DatabaseOptions)"/> sets up each connection it
    /// opens, for <see cref="Options(DatabaseOptions, SqliteConnection)"/>. For a single-threaded user of a scratch
    /// database (a simulation): every context then runs on it without opening and closing a connection per query.
    /// </summary>
    public static SqliteConnection OpenSqlite(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider != DatabaseProvider.Sqlite)
        {
            throw new ArgumentException($"one shared connection is for SQLite only, not {options.Provider}", nameof(options));
        }

        EnsureSqliteFolder(options.ConnectionString);
        var connection = new SqliteConnection(options.ConnectionString);
        connection.Open();
        SqlitePragmas.For(options).Apply(connection);
        return connection;
    }

    /// <summary>
    /// Options whose contexts all use <paramref name="connection"/> (from <see cref="OpenSqlite"/>), which the caller
    /// keeps open and disposes. Contexts on it must not be used at the same time. They run on the compiled SQLite model
    /// (<see cref="CompiledModel.PlanDbContextModel"/>) instead of building the model from the configurations at start:
    /// a short-lived process (a simulation) saves the building and its first-call compilation. The compiled model is
    /// generated code; <c>CompiledModelTests</c> fails when the configurations change and it was not regenerated.
    /// With one connection used by one thread the database is never busy, so nothing is retried: queries stream their
    /// rows instead of buffering them first (as a retrying strategy must), and the caller may open its own transaction.
    /// </summary>
    public static DbContextOptions<PlanDbContext> Options(DatabaseOptions options, SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DbContextOptionsBuilder<PlanDbContext>()
            .UseModel(CompiledModel.PlanDbContextModel.Instance)
            .UseSqlite(connection, sqlite => sqlite
                .MigrationsAssembly(DatabaseOptions.MigrationsAssembly(DatabaseProvider.Sqlite))
                .ExecutionStrategy(dependencies => new Microsoft.EntityFrameworkCore.Storage.NonRetryingExecutionStrategy(dependencies)))
            .AddInterceptors(SqlitePragmas.For(options))
            .Options;
    }

    private static void Sqlite(Microsoft.EntityFrameworkCore.Infrastructure.SqliteDbContextOptionsBuilder sqlite) => sqlite
        .MigrationsAssembly(DatabaseOptions.MigrationsAssembly(DatabaseProvider.Sqlite))
        .ExecutionStrategy(dependencies => new SqliteRetryingExecutionStrategy(dependencies));

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
    /// one file wait for each other instead of failing. The settings belong to the native connection,
    /// which the pool keeps across opens, so they are run once per native connection rather than at
    /// every open (EF opens and closes the connection around each query).
    /// </summary>
    private sealed class SqlitePragmas(string synchronous) : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Durable = new("NORMAL");
        public static readonly SqlitePragmas Scratch = new("OFF");

        public static SqlitePragmas For(DatabaseOptions options) => options.Durable ? Durable : Scratch;

        private static readonly object Done = new();

        private readonly string Pragmas = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";

        // Keyed by the native handle (not the SqliteConnection object, a new one of which may get a pooled handle):
        // an entry goes when its handle is closed for good and collected.
        private readonly ConditionalWeakTable<object, object> _configured = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (!Configured(connection))
            {
                Apply(connection);
            }
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (Configured(connection))
            {
                return;
            }

            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            Remember(connection);
        }

        public void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
            Remember(connection);
        }

        private bool Configured(DbConnection connection) =>
            connection is SqliteConnection { Handle: { } handle } && _configured.TryGetValue(handle, out _);

        private void Remember(DbConnection connection)
        {
            if (connection is SqliteConnection { Handle: { } handle })
            {
                _configured.AddOrUpdate(handle, Done);
            }
        }
    }
}
