using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Server.Cli;

/// <summary><c>db migrate | script</c>: migrations are applied on purpose, never implicitly created.</summary>
internal static class DbCommands
{
    public static Command Build()
    {
        var db = new Command("db", "Database migrations.");
        db.Options.Add(CliConfiguration.Provider);
        db.Options.Add(CliConfiguration.Connection);
        db.Subcommands.Add(Migrate());
        db.Subcommands.Add(Script());
        return db;
    }

    private static Command Migrate()
    {
        var command = new Command("migrate", "Apply pending migrations to the configured database.");
        command.SetAction(result => CliIo.Run(result, () =>
        {
            var options = CliConfiguration.Database(result);
            using var context = PlanDatabase.Create(options);
            var pending = context.Database.GetPendingMigrations().ToList();
            context.Database.Migrate();
            CliIo.Out(result).WriteLine(pending.Count == 0
                ? $"{options.Provider}: up to date"
                : $"{options.Provider}: applied {string.Join(", ", pending)}");
            return 0;
        }));
        return command;
    }

    private static Command Script()
    {
        var output = new Option<string?>("--output") { Description = "Write the script to this file instead of standard output." };
        var command = new Command("script", "Write the SQL script of every migration for a provider (no database needed); idempotent for SQL Server and PostgreSQL.") { output };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            var options = CliConfiguration.Database(result);
            if (result.GetValue(CliConfiguration.Connection) is null && ScriptConnection(options.Provider) is { } placeholder)
            {
                // Generating SQL needs the provider, not a server.
                options.ConnectionString = placeholder;
            }

            using var context = PlanDatabase.Create(options);
            // SQLite cannot guard each migration in the script itself; the server providers' scripts are safe to run twice.
            var script = context.GetService<IMigrator>().GenerateScript(options: options.Provider == DatabaseProvider.Sqlite
                ? MigrationsSqlGenerationOptions.Default
                : MigrationsSqlGenerationOptions.Idempotent);
            if (result.GetValue(output) is { } path)
            {
                File.WriteAllText(path, script);
                CliIo.Out(result).WriteLine($"{options.Provider} script written to {path}");
            }
            else
            {
                CliIo.Out(result).Write(script);
            }

            return 0;
        }));
        return command;
    }

    /// <summary>A connection string the provider accepts, for a script written without a server; null keeps the configured one.</summary>
    private static string? ScriptConnection(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.SqlServer => "Server=localhost;Database=PlanWorkflows;Integrated Security=True;TrustServerCertificate=True",
        DatabaseProvider.PostgreSql => "Host=localhost;Database=planworkflows",
        _ => null,
    };
}
