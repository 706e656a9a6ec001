using System.CommandLine;
using System.Globalization;
using PlanWorkflows.Core;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Clock;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Server.Hosting;

namespace PlanWorkflows.Server.Cli;

/// <summary>
/// The configuration the verbs share with the service: appsettings.json beside the program,
/// then environment variables, then the verb's own options.
/// </summary>
internal static class CliConfiguration
{
    public static readonly Option<string?> DatabaseFile = new("--database")
    {
        Description = "SQLite database file to use (default: Database:ConnectionString from configuration).",
        Recursive = true,
    };

    public static readonly Option<DatabaseProvider?> Provider = new("--provider")
    {
        Description = "Database provider: Sqlite, SqlServer or PostgreSQL (default: Database:Provider from configuration).",
        Recursive = true,
    };

    public static readonly Option<string?> Connection = new("--connection")
    {
        Description = "Connection string (default: Database:ConnectionString from configuration).",
        Recursive = true,
    };

    public static IConfiguration Load()
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables();
        // 'db migrate' needs the same connection string (and its password) as the service.
        return builder.AddSecretsFolder(builder.Build()).Build();
    }

    /// <summary>
    /// The clock the service builds from this configuration: a decision or a retry stamped by a verb takes effect in the
    /// service's time, on the demo clock in plan time. A demo clock without <c>Clock:DemoAnchor</c> starts when its process
    /// does, so only a shared anchor puts a verb at a running service's plan time; the verb says so rather than guess.
    /// </summary>
    public static TimeProvider Clock(ParseResult result)
    {
        var configuration = Load();
        var options = new ClockOptions();
        configuration.GetSection(ClockOptions.SectionName).Bind(options);
        var clock = ServiceClock.Create(options, () => CliWorkspace.Load(null, null).Catalogue);
        if (clock is DemoTimeProvider demo && options.DemoAnchor is null)
        {
            CliIo.Error(result).WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"warning: demo clock without Clock:DemoAnchor: plan time is {demo.GetUtcNow():yyyy-MM-dd HH:mm} UTC, as for a service started now; set the running service's Clock:DemoAnchor (and DemoStart, DemoSpeed) to share its plan time"));
        }

        return clock;
    }

    public static DatabaseOptions Database(ParseResult result)
    {
        var options = new DatabaseOptions();
        Load().GetSection(DatabaseOptions.SectionName).Bind(options);
        if (result.GetValue(Provider) is { } provider)
        {
            options.Provider = provider;
        }

        if (result.GetValue(Connection) is { } connection)
        {
            options.ConnectionString = connection;
        }

        if (result.GetValue(DatabaseFile) is { } file)
        {
            if (!File.Exists(file))
            {
                throw new CliException($"--database '{file}': no such file");
            }

            options.Provider = DatabaseProvider.Sqlite;
            options.ConnectionString = $"Data Source={Path.GetFullPath(file)}";
        }

        return options;
    }
}
