using System.Text.Json.Nodes;
using PlanWorkflows.Core;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Server.Cli;
using PlanWorkflows.Server.Hosting;

namespace PlanWorkflows.Server.Tests.Hosting;

/// <summary>The service and <c>simulate</c> run the same plan workspace, loaded and checked in one place.</summary>
public sealed class WorkspaceTests
{
    [Fact]
    public async Task Service_and_simulate_load_the_same_workspace_from_the_shipped_files()
    {
        using var temp = new TempFolder();
        await using var app = ServiceHost.Build([$"--Database:ConnectionString=Data Source={temp.File("plan.db")};Pooling=False", "--Service:Roles=worker"]);
        var service = app.Services.GetRequiredService<PlanWorkspace>();
        var simulate = SimulateCommand.LoadWorkspace(service.Folder, service.CataloguePath);

        Assert.Equal(Path.Combine(service.Folder, WorkflowsFolder.DefaultCatalogue), service.CataloguePath);
        Assert.Equal(service.Folder, simulate.Folder);
        Assert.Equal(service.Catalogue.Activities.Select(a => (a.Key, a.Timeframe.Kind)), simulate.Catalogue.Activities.Select(a => (a.Key, a.Timeframe.Kind)));
        Assert.Equal(service.Window, simulate.Window);
        Assert.Equal(service.Institutions.Ids.Order(), simulate.Institutions.Ids.Order());
        Assert.Equal(service.Definitions.ByName.Keys.Order(), simulate.Definitions.ByName.Keys.Order());
        Assert.Equal(service.Definitions.ByName.Values.Select(DefinitionJson.Serialize), simulate.Definitions.ByName.Values.Select(DefinitionJson.Serialize));
        Assert.Equal(service.Bindings.Meetings, simulate.Bindings.Meetings);
        Assert.Equal(Enum.GetValues<ScheduleKind>().Select(k => service.Bindings.For(k, null)), Enum.GetValues<ScheduleKind>().Select(k => simulate.Bindings.For(k, null)));
        // Meetings and report periods as the service plans them: from the adoption on, none before 13 September 2012.
        Assert.NotEmpty(service.Meetings.Dates);
        Assert.Equal(service.Meetings.Dates, simulate.Meetings.Dates);
        Assert.Equal(service.Meetings.Reports, simulate.Meetings.Reports);
        Assert.Equal(["2012-H2", "2013-H1", "2013-H2"], service.Meetings.Reports.Select(r => r.Label));
        Assert.All(service.Meetings.Dates, d => Assert.True(d >= new DateOnly(2012, 9, 13), $"meeting {d:yyyy-MM-dd} before the adoption"));
        var days = Enumerable.Range(0, 731).Select(i => new DateOnly(2012, 1, 1).AddDays(i)).ToList();
        Assert.Equal(days.Select(service.Calendar.IsWorkingDay), days.Select(simulate.Calendar.IsWorkingDay));
    }

    [Fact]
    public void Simulate_refuses_an_invalid_definition_as_the_service_does()
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
        reminder["properties"]!["template"] = "no-such-template";
        File.WriteAllText(path, definition.ToJsonString());
        const string Expected = "definition 'deadline-report' is not valid: step first-reminder";

        var service = CliRunner.Run($"--Workflows:Folder={workflows}", $"--Database:ConnectionString=Data Source={temp.File("plan.db")};Pooling=False");
        var simulate = CliRunner.Run("simulate", "--plan", Path.Combine(workflows, "plans", "action-plan-2012-2013.yaml"), "--out", temp.File("run"));

        Assert.Equal(1, service.ExitCode);
        Assert.Contains(Expected, service.Error, StringComparison.Ordinal);
        Assert.Equal(1, simulate.ExitCode);
        Assert.Contains(Expected, simulate.Error, StringComparison.Ordinal);
        Assert.Contains(path, simulate.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(temp.File("run"), "planworkflows.db")), "nothing simulated on a workspace the service refuses");
    }
}
