using System.Text.Json.Nodes;

namespace PlanWorkflows.Server.Tests.Hosting;

public sealed class NamedInstitutionStartTests
{
    [Fact]
    public void Service_refuses_to_start_on_a_shipped_definition_that_names_an_unknown_institution()
    {
        using var temp = new TempFolder();
        var workflows = Path.Combine(temp.Path, "workflows");
        foreach (var file in Directory.EnumerateFiles(CliRunner.Repo("workflows"), "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(workflows, Path.GetRelativePath(CliRunner.Repo("workflows"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        var path = Path.Combine(workflows, "definitions", "deadline-report.json");
        var definition = JsonNode.Parse(File.ReadAllText(path))!;
        var reminder = definition["sequence"]!.AsArray().First(s => s!["id"]!.GetValue<string>() == "first-reminder")!;
        reminder["properties"]!["copy"] = new JsonArray("institution:moi", "institution:ministry-of-magic");
        File.WriteAllText(path, definition.ToJsonString());

        var result = CliRunner.Run($"--Workflows:Folder={workflows}", $"--Database:ConnectionString=Data Source={temp.File("plan.db")};Pooling=False");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("definition 'deadline-report' is not valid: step first-reminder, copy: unknown institution 'ministry-of-magic'", result.Error, StringComparison.Ordinal);
    }
}
