using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Server.Tests.Cli;

public sealed class PlanReviseCommandTests
{
    private const string Removed = "education/1.5.2";
    private const string Moved = "prevention-and-education/1.1.5";
    private const string AddedKey = "education/1.5.3";

    private static string Workflows => CliRunner.Repo("workflows");

    private static string Shipped => CliRunner.Repo("workflows", "plans", "action-plan-2012-2013.yaml");

    /// <summary>The shipped plan in force in a database since 1 October 2012, with a report received for the activity the revision removes.</summary>
    private static async Task<(string Current, long Reported)> InForceAsync(TempFolder temp, CliDatabase database)
    {
        var current = temp.File("plan.yaml");
        File.Copy(Shipped, current);
        await using (var db = database.Open())
        {
            await db.Database.MigrateAsync();
        }

        var workspace = PlanWorkspace.Load(new PlanWorkspaceSource(Workflows, current));
        await workspace.StartAsync(database.Open, new EngineOptions(), new DateTime(2012, 10, 1, 8, 0, 0, DateTimeKind.Utc), new StartupOptions(Migrate: false, CatchUp: false, CatchUpMeetings: false));
        await using var context = database.Open();
        var obligation = await context.Obligations.Where(o => o.ActivityKey == Removed).OrderBy(o => o.Id).FirstAsync();
        context.Reports.Add(new Report { ObligationId = obligation.Id, Version = 1, Status = ImplementationStatus.PartiallyImplemented, Narrative = "Manual drafted", SubmittedBy = "Ministry of Culture", SubmittedAt = new DateTime(2013, 5, 2, 9, 0, 0, DateTimeKind.Utc) });
        await context.SaveChangesAsync();
        return (current, obligation.Id);
    }

    /// <summary>The revision: one activity removed, one's deadline a quarter later, one added.</summary>
    private static string Revise(TempFolder temp, string current)
    {
        var revision = CatalogueYaml.Load(current);
        var education = revision.Areas.Single(a => a.Id == "education");
        var removed = education.Activities.Single(a => a.Key == Removed);
        education.Activities.Remove(removed);
        var period = new PlanPeriod(revision.Plan.PeriodStart, revision.Plan.PeriodEnd);
        revision.FindActivity(Moved)!.Timeframe = TimeframeParser.Parse("IV Quarter of 2013", period);
        education.Activities.Add(new CatalogueActivity
        {
            Key = AddedKey, Code = "1.5.3", Area = "education", ObjectiveNumber = removed.ObjectiveNumber, Objective = removed.Objective,
            MeasureCode = removed.MeasureCode, Measure = removed.Measure, Title = "Training of editors on reporting on trafficking",
            Implementers = ["ministry-culture"], ImplementersText = "Ministry of Culture", Timeframe = TimeframeParser.Parse("II Quarter of 2013", period),
            Indicators = "Number of trained editors",
        });
        var path = temp.File("plan-revised.yaml");
        CatalogueYaml.Write(revision, path);
        return path;
    }

    private static async Task<List<(long Id, ObligationStatus Status, DateOnly Due, bool Removed)>> ObligationsAsync(CliDatabase database)
    {
        await using var db = database.Open();
        return (await db.Obligations.OrderBy(o => o.Id).Select(o => new { o.Id, o.Status, o.DueDate, o.Removed }).ToListAsync())
            .Select(o => (o.Id, o.Status, o.DueDate, o.Removed)).ToList();
    }

    [Fact]
    public async Task A_dry_run_names_every_change_and_changes_nothing_then_apply_does_exactly_that_in_one_audited_transaction()
    {
        using var temp = new TempFolder();
        using var database = new CliDatabase();
        var (current, reported) = await InForceAsync(temp, database);
        var revised = Revise(temp, current);
        var before = await ObligationsAsync(database);

        var dry = CliRunner.Run("plan", "revise", revised, "--catalogue", current, "--workflows", Workflows, "--database", database.Path);
        Assert.True(dry.ExitCode == 0, dry.Error);
        Assert.Contains("3 activities differ", dry.Output, StringComparison.Ordinal);
        Assert.Matches(@"added\s+EDU 1\.5\.3\s+Training of editors", dry.Output);
        Assert.Matches(@"removed\s+EDU 1\.5\.2", dry.Output);
        Assert.Matches(@"changed\s+PRE 1\.1\.5 .*\(timeframe\)", dry.Output);
        Assert.Contains("dry run: nothing was changed", dry.Output, StringComparison.Ordinal);
        // A deadline moved to another quarter is another round: the third-quarter one goes, with its instance, and a fourth-quarter one comes.
        Assert.Equal(3, dry.Output.Split('\n').Count(l => l.Contains("cancel  PRE 1.1.5", StringComparison.Ordinal) && l.Contains("was due 2013-09-30; 1 running instance cancelled", StringComparison.Ordinal)));
        Assert.Equal(3, dry.Output.Split('\n').Count(l => l.Contains("add     PRE 1.1.5", StringComparison.Ordinal) && l.Contains("due 2013-12-31", StringComparison.Ordinal)));
        Assert.Matches(@"cancel\s+EDU 1\.5\.2 ministry-culture by 2013-Q4, was due 2013-12-31; 1 running instance cancelled; its reports are kept", dry.Output);
        Assert.Matches(@"add\s+EDU 1\.5\.3 ministry-culture", dry.Output);
        Assert.Equal(before, await ObligationsAsync(database));
        await using (var db = database.Open())
        {
            Assert.False(await db.Audit.AnyAsync(a => a.Action == "plan.revise"));
        }

        var applied = CliRunner.Run("plan", "revise", revised, "--catalogue", current, "--workflows", Workflows, "--database", database.Path, "--apply");
        Assert.True(applied.ExitCode == 0, applied.Error);
        // The same changes as the dry run announced, line for line.
        static IEnumerable<string> Changes(string output) => output.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l.Trim());
        Assert.Equal(Changes(dry.Output), Changes(applied.Output));
        Assert.Equal(File.ReadAllText(revised), File.ReadAllText(current));

        await using (var db = database.Open())
        {
            var gone = await db.Obligations.Where(o => o.ActivityKey == Removed).ToListAsync();
            Assert.All(gone, o => Assert.True(o.Removed && o.Status == ObligationStatus.Cancelled));
            var report = await db.Reports.SingleAsync(r => r.ObligationId == reported);
            Assert.Equal("Manual drafted", report.Narrative);
            Assert.Equal(InstanceStatus.Cancelled, (await db.Instances.SingleAsync(i => i.ObligationId == reported)).Status);
            Assert.True(await db.Obligations.AnyAsync(o => o.ActivityKey == AddedKey && !o.Removed));
            Assert.Equal(3, await db.Obligations.CountAsync(o => o.ActivityKey == Moved && !o.Removed && o.DueDate == new DateOnly(2013, 12, 31)));
            Assert.Equal(3, await db.Obligations.CountAsync(o => o.ActivityKey == Moved && o.Removed && o.DueDate == new DateOnly(2013, 9, 30)));
            var audit = await db.Audit.SingleAsync(a => a.Action == "plan.revise");
            Assert.StartsWith("cli:", audit.User, StringComparison.Ordinal);
            Assert.Contains(AddedKey, audit.AfterJson, StringComparison.Ordinal);
        }

        var again = CliRunner.Run("plan", "revise", current, "--catalogue", current, "--workflows", Workflows, "--database", database.Path);
        Assert.Contains("0 activities differ", again.Output, StringComparison.Ordinal);
        Assert.Contains("0 added (0 of them not started), 0 moved, 0 cancelled", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revision_naming_an_unknown_institution_is_refused_with_its_place_and_changes_nothing()
    {
        using var temp = new TempFolder();
        using var database = new CliDatabase();
        var (current, _) = await InForceAsync(temp, database);
        var revised = temp.File("plan-revised.yaml");
        File.WriteAllText(revised, File.ReadAllText(current).Replace("- ministry-culture", "- ministry-of-culture-typo", StringComparison.Ordinal));
        var before = await ObligationsAsync(database);

        var result = CliRunner.Run("plan", "revise", revised, "--catalogue", current, "--workflows", Workflows, "--database", database.Path, "--apply");
        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"error: .*plan-revised\.yaml:\d+: .*ministry-of-culture-typo", result.Error);
        Assert.Equal(before, await ObligationsAsync(database));
        Assert.NotEqual(File.ReadAllText(revised), File.ReadAllText(current));
    }
}
