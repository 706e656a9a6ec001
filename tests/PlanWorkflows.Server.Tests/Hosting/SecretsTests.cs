using System.Text.Json;
using System.Text.RegularExpressions;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Server.Hosting;

namespace PlanWorkflows.Server.Tests.Hosting;

public sealed class SecretsTests
{
    private static readonly Regex SecretKey = new("(password|secret|apikey|api_key|token|pwd)$", RegexOptions.IgnoreCase);
    private static readonly Regex PasswordInConnectionString = new(@"(password|pwd)\s*=\s*[^;""\s<…]", RegexOptions.IgnoreCase);

    /// <summary>Every secret-looking value in a settings file: a non-empty password, secret or token, or a connection string with a password.</summary>
    internal static IEnumerable<string> Findings(string name, string text)
    {
        if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var finding in Walk(JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }).RootElement, string.Empty))
            {
                yield return $"{name}: {finding}";
            }

            yield break;
        }

        var line = 0;
        foreach (var raw in text.Split('\n'))
        {
            line++;
            if (raw.TrimStart().StartsWith('#') || raw.Split('=', 2) is not [var key, var value])
            {
                continue;
            }

            if ((SecretKey.IsMatch(key.Trim()) && value.Trim().Length > 0) || PasswordInConnectionString.IsMatch(value))
            {
                yield return $"{name}:{line}: {key.Trim()}";
            }
        }
    }

    private static IEnumerable<string> Walk(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                var key = path.Length == 0 ? property.Name : $"{path}:{property.Name}";
                if (property.Value.ValueKind == JsonValueKind.String)
                {
                    var value = property.Value.GetString()!;
                    if ((SecretKey.IsMatch(property.Name) && value.Length > 0) || PasswordInConnectionString.IsMatch(value))
                    {
                        yield return key;
                    }
                }
                else
                {
                    foreach (var finding in Walk(property.Value, key))
                    {
                        yield return finding;
                    }
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                foreach (var finding in Walk(item, $"{path}:{i++}"))
                {
                    yield return finding;
                }
            }
        }
    }

    private static IEnumerable<string> SettingsFiles()
    {
        var root = CliRunner.RepoRoot;
        var skipped = new[] { "bin", "obj", ".git", "node_modules", "TestResults" };
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(skipped.Contains))
            .Where(f =>
            {
                var name = Path.GetFileName(f);
                return (name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                    || name.EndsWith(".env", StringComparison.OrdinalIgnoreCase) || name == "env.example"
                    || Path.GetRelativePath(root, f).StartsWith(Path.Combine("deploy", "config"), StringComparison.Ordinal);
            });
    }

    [Fact]
    public void No_settings_file_in_the_repository_holds_a_password_secret_or_connection_string_with_a_password()
    {
        var files = SettingsFiles().ToList();
        Assert.Contains(files, f => f.EndsWith(Path.Combine("src", "PlanWorkflows.Server", "appsettings.json"), StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(Path.Combine("deploy", "config", "production.env"), StringComparison.Ordinal));
        var findings = files.SelectMany(f => Findings(Path.GetRelativePath(CliRunner.RepoRoot, f), File.ReadAllText(f))).ToList();
        Assert.True(findings.Count == 0, "secrets in the repository:\n" + string.Join('\n', findings));
    }

    [Fact]
    public void The_scan_finds_each_kind_of_secret_it_is_meant_to_refuse()
    {
        Assert.Equal(
            ["a.json: Outbox:Smtp:Password", "a.json: Database:ConnectionString", "a.json: Api:Secret", "a.json: List:0:Token"],
            Findings("a.json", """{"Outbox":{"Smtp":{"Password":"x","UserName":"u"}},"Database":{"ConnectionString":"Server=s;Password=hunter2"},"Api":{"Secret":"s"},"List":[{"Token":"t"}],"Inbox":{"Password":""}}"""));
        Assert.Equal(["b.env:2: Outbox__Smtp__Password", "b.env:3: Database__ConnectionString"],
            Findings("b.env", "# Inbox__Password=commented\nOutbox__Smtp__Password=x\nDatabase__ConnectionString=Server=s;Pwd=y\nInbox__Password=\n"));
        Assert.Empty(Findings("c.json", """{"Database":{"ConnectionString":"Data Source=data/planworkflows.db"}}"""));
    }

    [Fact]
    public async Task A_secrets_folder_supplies_keys_one_file_each_and_wins_over_the_command_line()
    {
        using var temp = new TempFolder();
        var secrets = Directory.CreateDirectory(temp.File("secrets")).FullName;
        var database = temp.File("from-secret.db");
        // Docker and systemd write secret files as given, often with a closing newline.
        File.WriteAllText(Path.Combine(secrets, "Database__ConnectionString"), $"Data Source={database};Pooling=False\n");
        File.WriteAllText(Path.Combine(secrets, "Outbox__Smtp__Password"), "from-the-secret-file");
        await using var service = await RunningService.StartAsync(["--Service:Roles=web", $"--Secrets:Folder={secrets}"]);

        Assert.Equal($"Data Source={database};Pooling=False", service.App.Services.GetRequiredService<DatabaseOptions>().ConnectionString);
        Assert.True(File.Exists(database));
        Assert.Equal("from-the-secret-file", service.App.Services.GetRequiredService<PlanWorkflows.Core.Mail.OutboxOptions>().Smtp.Password);
    }

    [Fact]
    public void A_secrets_folder_that_does_not_exist_stops_the_service_naming_the_key()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run($"--Secrets:Folder={temp.File("missing")}");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"Secrets:Folder: folder '{temp.File("missing")}' does not exist", result.Error, StringComparison.Ordinal);
    }
}

/// <summary>Sets a process-wide environment variable, which every host built meanwhile would read: runs alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}

[Collection(ProcessEnvironmentCollection.Name)]
public sealed class SecretsEnvironmentTests
{
    [Fact]
    public void The_verbs_read_the_same_secrets_folder_as_the_service()
    {
        using var temp = new TempFolder();
        var secrets = Directory.CreateDirectory(temp.File("secrets")).FullName;
        File.WriteAllText(Path.Combine(secrets, "Database__ConnectionString"), $"Data Source={temp.File("verbs.db")}");
        Environment.SetEnvironmentVariable("Secrets__Folder", secrets);
        try
        {
            var result = CliRunner.Run("db", "migrate");
            Assert.Equal(0, result.ExitCode);
            Assert.StartsWith("Sqlite: applied ", result.Output, StringComparison.Ordinal);
            Assert.True(File.Exists(temp.File("verbs.db")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("Secrets__Folder", null);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}
