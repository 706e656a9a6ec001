using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
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
        var simulate = CliWorkspace.Load(service.Folder, service.CataloguePath);

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
        var workflows = CopyWorkflows(temp);

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

    /// <summary>A copy of the shipped workflows folder (plans, overrides, calendar, definitions, meetings) to change.</summary>
    internal static string CopyWorkflows(TempFolder temp)
    {
        var workflows = Path.Combine(temp.Path, "workflows");
        foreach (var file in Directory.EnumerateFiles(CliRunner.Repo("workflows"), "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(workflows, Path.GetRelativePath(CliRunner.Repo("workflows"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return workflows;
    }
}

/// <summary>
/// The verbs that read the plan read the workspace the service is configured with (<c>Workflows:Folder</c>): a calendar
/// and a catalogue override that only the configured folder holds reach <c>plan schedule</c> and <c>status</c> as they
/// reach the service. The configuration is set through environment variables, which every verb run meanwhile would
/// read: these tests run alone.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class VerbWorkspaceTests : IDisposable
{
    private const string FolderVariable = "Workflows__Folder";
    private readonly TempFolder _temp = new();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(FolderVariable, null);
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task Verbs_read_the_calendar_and_overrides_of_the_services_workflows_folder()
    {
        var workflows = WorkspaceTests.CopyWorkflows(_temp);
        // Only this folder closes Friday 4 January and Monday 1 April 2013, and reports on education/1.1.1 each quarter
        // (the plan says once a year, in December).
        var calendar = Path.Combine(workflows, WorkflowsFolder.HolidaysFile);
        var closures = "dates:\n  - date: 2013-01-04\n    name: Office closed\n  - date: 2013-04-01\n    name: Office closed\n";
        File.WriteAllText(calendar, File.ReadAllText(calendar).Replace("dates: []\n", closures, StringComparison.Ordinal));
        File.AppendAllText(Path.Combine(workflows, "plans", "action-plan-2012-2013.overrides.yaml"), "  - key: education/1.1.1\n    timeframe: quarterly\n");
        Environment.SetEnvironmentVariable(FolderVariable, workflows);

        await using var app = ServiceHost.Build([$"--Database:ConnectionString=Data Source={_temp.File("service.db")};Pooling=False", "--Service:Roles=worker"]);
        var service = app.Services.GetRequiredService<PlanWorkspace>();
        Assert.Equal(workflows, service.Folder);
        Assert.False(service.Calendar.IsWorkingDay(new DateOnly(2013, 1, 4)));
        var planned = ObligationPlanner.Plan(service.Catalogue, service.Calendar);
        Assert.Contains(planned, o => o.ActivityKey == "education/1.1.1" && o.PeriodEnd == new DateOnly(2013, 3, 31) && o.DueDate == new DateOnly(2013, 4, 2));

        // plan schedule, given no catalogue, lists what the service plans: the override and the closures applied.
        var schedule = CliRunner.Run("plan", "schedule", "--format", "json");
        Assert.Equal(string.Empty, schedule.Error);
        Assert.Equal(JsonSerializer.Serialize(planned, CatalogueExport.JsonOptions), schedule.Output.TrimEnd());

        // status counts working days on the service's calendar: from Monday 31 December to Monday 7 January only
        // Thursday 3 January is one (New Year, the closure, the weekend and Orthodox Christmas are not).
        var database = await SeedOverdueAsync();
        var status = CliRunner.Run("status", "--database", database, "--as-of", "2013-01-07", "--format", "json");
        Assert.Equal(string.Empty, status.Error);
        var overdue = Assert.Single(JsonDocument.Parse(status.Output).RootElement.GetProperty("overdue").EnumerateArray());
        Assert.Equal(service.Calendar.WorkingDaysBetween(new DateOnly(2012, 12, 31), new DateOnly(2013, 1, 7)), overdue.GetProperty("workingDaysOverdue").GetInt32());
        Assert.Equal(1, overdue.GetProperty("workingDaysOverdue").GetInt32());
    }

    /// <summary>A database with one obligation due 31 December 2012 and overdue.</summary>
    private async Task<string> SeedOverdueAsync()
    {
        var path = _temp.File("status.db");
        await using var db = PlanDatabase.Create(new DatabaseOptions { ConnectionString = $"Data Source={path};Pooling=False" });
        await db.Database.MigrateAsync();
        var created = new DateTime(2012, 11, 1, 8, 0, 0, DateTimeKind.Utc);
        db.Institutions.Add(new InstitutionRecord { Id = "ministry-health", Kind = "ministry", NameEn = "Ministry of Health", NameCnr = "Ministarstvo zdravlja" });
        db.Activities.Add(new ActivityRecord { Key = "education/1.1.2", AreaId = "education", AreaTitle = "Education", Code = "1.1.2", Title = "Activity 1.1.2", UpdatedAt = created });
        db.Obligations.Add(new Obligation
        {
            ActivityKey = "education/1.1.2", InstitutionId = "ministry-health", PeriodLabel = "2012-H2", PeriodStart = new DateOnly(2012, 7, 1), PeriodEnd = new DateOnly(2012, 12, 31),
            DueDate = new DateOnly(2012, 12, 31), Status = ObligationStatus.Overdue, CreatedAt = created, UpdatedAt = created,
        });
        await db.SaveChangesAsync();
        return path;
    }
}
