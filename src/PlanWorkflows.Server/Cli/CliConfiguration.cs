using System.CommandLine;
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
        Description = "Database provider: Sqlite or SqlServer (default: Database:Provider from configuration).",
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
