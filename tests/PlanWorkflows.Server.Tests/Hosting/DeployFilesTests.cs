using System.Text.RegularExpressions;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Replies;
using YamlDotNet.RepresentationModel;

namespace PlanWorkflows.Server.Tests.Hosting;

/// <summary>
/// No container engine runs here: the compose file, the Dockerfile and the unit are checked as files —
/// what they run, as whom, and what they probe — and the configuration examples are bound to the real options.
/// </summary>
public sealed class DeployFilesTests
{
    private static YamlMappingNode Compose()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(CliRunner.Repo("deploy", "compose.yaml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static string? Scalar(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static IEnumerable<string> Sequence(YamlNode node, string key) =>
        ((YamlSequenceNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)]).Children.Select(c => ((YamlScalarNode)c).Value!);

    [Fact]
    public void Compose_runs_the_service_against_sql_server_and_a_development_mail_server_as_a_non_root_user_with_a_liveness_probe()
    {
        var services = Map(Compose(), "services");
        Assert.Equal(["app", "db", "mail", "migrate"], services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Order());

        Assert.StartsWith("mcr.microsoft.com/mssql/server:", Scalar(services["db"], "image"), StringComparison.Ordinal);
        Assert.StartsWith("rnwood/smtp4dev", Scalar(services["mail"], "image"), StringComparison.Ordinal);

        var app = services["app"];
        Assert.Equal("1654", Scalar(app, "user"));
        Assert.Equal("true", Scalar(app, "read_only"));
        Assert.Contains(Sequence(Map(app, "healthcheck"), "test"), part => part.Contains("GET /health/live", StringComparison.Ordinal));
        var environment = Map(app, "environment");
        Assert.Equal("SqlServer", Scalar(environment, "Database__Provider"));
        Assert.Equal("mail", Scalar(environment, "Outbox__Smtp__Host"));
        Assert.Equal("false", Scalar(environment, "Service__MigrateOnStart"));
        Assert.Equal("/run/secrets", Scalar(environment, "Secrets__Folder"));
        Assert.Equal("8080:8080", Assert.Single(Sequence(app, "ports")));

        // The schema is migrated by a one-off job that the service waits for, after the database is healthy.
        var migrate = services["migrate"];
        Assert.Equal(["db", "migrate"], Sequence(migrate, "command"));
        Assert.Equal("1654", Scalar(migrate, "user"));
        Assert.Equal("service_completed_successfully", Scalar(Map(Map(app, "depends_on"), "migrate"), "condition"));
        Assert.Equal("service_healthy", Scalar(Map(Map(migrate, "depends_on"), "db"), "condition"));

        // Passwords come from deploy/.env and secret files, never from the compose file itself.
        Assert.Equal("${MSSQL_SA_PASSWORD:?set MSSQL_SA_PASSWORD in deploy/.env}", Scalar(Map(services["db"], "environment"), "MSSQL_SA_PASSWORD"));
        Assert.Equal("./secrets/Database__ConnectionString", Scalar(Map(Map(Compose(), "secrets"), "db_connection"), "file"));
        Assert.DoesNotMatch(new Regex("Password=[^<;\"]", RegexOptions.IgnoreCase), File.ReadAllText(CliRunner.Repo("deploy", "compose.yaml")).Replace("Password=<the same password>", string.Empty, StringComparison.Ordinal));
        var ignored = File.ReadAllLines(CliRunner.Repo("deploy", ".gitignore"));
        Assert.Contains(".env", ignored);
        Assert.Contains("secrets/", ignored);
    }

    [Fact]
    public void The_dockerfile_builds_in_stages_and_runs_as_a_non_root_user_with_a_healthcheck_on_the_served_port()
    {
        var lines = File.ReadAllLines(CliRunner.Repo("deploy", "Dockerfile")).Where(l => !l.TrimStart().StartsWith('#')).ToList();
        var froms = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, froms.Count);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0", froms[0], StringComparison.Ordinal);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0", froms[1], StringComparison.Ordinal);

        var final = lines.SkipWhile(l => l != froms[1]).ToList();
        var user = final.Last(l => l.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..].Trim();
        Assert.DoesNotContain(user.Split(':')[0], new[] { "root", "0" });
        // The user is set before anything runs: only the entry point follows.
        Assert.True(final.FindIndex(l => l.StartsWith("USER ", StringComparison.Ordinal)) > final.FindLastIndex(l => l.StartsWith("RUN ", StringComparison.Ordinal)));
        Assert.Contains("EXPOSE 8080", final);
        Assert.Contains(final, l => l.Contains("Urls=http://+:8080", StringComparison.Ordinal));
        var healthcheck = string.Join(' ', final.SkipWhile(l => !l.StartsWith("HEALTHCHECK", StringComparison.Ordinal)).Take(2));
        Assert.Contains("/dev/tcp/127.0.0.1/8080", healthcheck, StringComparison.Ordinal);
        Assert.Contains("GET /health/live", healthcheck, StringComparison.Ordinal);
        Assert.Equal("ENTRYPOINT [\"./PlanWorkflows.Server\"]", final.Last());
        // Local build output and the deployment's secrets stay out of the build context.
        var ignored = File.ReadAllLines(CliRunner.Repo("deploy", "Dockerfile.dockerignore"));
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains("deploy/secrets/", ignored);
        // What the build stage copies exists in the repository and is not ignored.
        foreach (var copy in lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal)))
        {
            foreach (var source in copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            {
                Assert.True(File.Exists(CliRunner.Repo(source)) || Directory.Exists(CliRunner.Repo(source)), $"Dockerfile copies {source}, which does not exist");
                Assert.DoesNotContain(source.TrimEnd('/') + "/", ignored);
            }
        }
    }

    [Fact]
    public void The_systemd_unit_waits_for_the_service_to_notify_and_never_runs_it_as_root()
    {
        var unit = File.ReadAllLines(CliRunner.Repo("deploy", "systemd", "planworkflows.service"))
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2)).ToLookup(p => p[0], p => p[1]);
        Assert.Equal("notify", unit["Type"].Single());
        Assert.Equal("planworkflows", unit["User"].Single());
        Assert.Equal("/opt/planworkflows/PlanWorkflows.Server", unit["ExecStart"].Single());
        Assert.Contains("Secrets__Folder=%d", unit["Environment"]);
        Assert.Contains("Database__ConnectionString:/etc/planworkflows/secrets/Database__ConnectionString", unit["LoadCredential"]);
        Assert.Equal("strict", unit["ProtectSystem"].Single());
    }

    [Fact]
    public void The_configuration_examples_bind_to_the_real_options_and_pass_their_checks_once_the_secrets_are_given()
    {
        var secrets = new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = "Server=sql;Database=PlanWorkflows;User Id=pw;Password=from-a-secret-file;Encrypt=True",
            ["Outbox:Smtp:Password"] = "from-a-secret-file",
            ["Inbox:Password"] = "from-a-secret-file",
        };
        var fromJson = new ConfigurationBuilder()
            .AddJsonFile(CliRunner.Repo("deploy", "config", "appsettings.SqlServer.json"))
            .AddJsonFile(CliRunner.Repo("deploy", "config", "appsettings.Smtp.json"))
            .AddJsonFile(CliRunner.Repo("deploy", "config", "appsettings.Imap.json"))
            .AddInMemoryCollection(secrets).Build();
        var env = File.ReadAllLines(CliRunner.Repo("deploy", "config", "production.env"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0].Replace("__", ":", StringComparison.Ordinal), p => (string?)p[1]);
        var fromEnv = new ConfigurationBuilder().AddInMemoryCollection(env).AddInMemoryCollection(secrets).Build();

        foreach (var configuration in new[] { fromJson, fromEnv })
        {
            var database = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>()!;
            Assert.Equal(DatabaseProvider.SqlServer, database.Provider);
            var outbox = configuration.GetSection(OutboxOptions.SectionName).Get<OutboxOptions>()!;
            Assert.Equal((587, SecureSocketOptions.StartTls), (outbox.Smtp.Port, outbox.Smtp.Security));
            Assert.Empty(outbox.Validate());
            var inbox = configuration.GetSection(InboxOptions.SectionName).Get<InboxOptions>()!;
            Assert.Equal((993, SecureSocketOptions.SslOnConnect), (inbox.Port, inbox.Security));
            Assert.Empty(inbox.Validate());
            Assert.Equal("Real", configuration["Clock:Mode"]);
        }
    }

    [Fact]
    public void The_postgresql_example_binds_to_the_real_options_and_builds_a_context_once_the_connection_string_is_given()
    {
        var file = new ConfigurationBuilder().AddJsonFile(CliRunner.Repo("deploy", "config", "appsettings.PostgreSql.json")).Build();
        // The connection string carries the password: the example leaves it to a secret.
        Assert.Equal(string.Empty, file["Database:ConnectionString"]);
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(CliRunner.Repo("deploy", "config", "appsettings.PostgreSql.json"))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Database:ConnectionString"] = "Host=pg.gov.me;Database=planworkflows;Username=planworkflows;Password=from-a-secret-file;SSL Mode=VerifyFull" })
            .Build();
        var database = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>()!;
        Assert.Equal(DatabaseProvider.PostgreSql, database.Provider);
        Assert.False(configuration.GetValue<bool>("Service:MigrateOnStart"));
        Assert.Equal("Real", configuration["Clock:Mode"]);
        using var db = PlanDatabase.Create(database);
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
        Assert.Contains(db.Database.GetMigrations(), m => m.EndsWith("_Initial", StringComparison.Ordinal));
    }
}
