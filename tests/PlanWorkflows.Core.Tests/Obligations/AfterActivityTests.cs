using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Tests.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Obligations;

/// <summary>
/// An activity that follows another ("After development of the Rules … in continuity") is reported on from the
/// prerequisite's actual completion (the Office accepting a report that it was implemented), and from its planned
/// due date only while it is still open.
/// </summary>
public sealed class AfterActivityTests
{
    private static readonly string ShippedCatalogue = RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.yaml");
    private const string Rules = "education/1.6.2";          // II Quarter of 2013: due 1 July 2013
    private const string FollowsRules = "education/1.6.3";   // after 1.6.2, in continuity

    private static WorkingDayCalendar Calendar { get; } = WorkingDayCalendar.Load(RepoPaths.Combine("workflows", "calendar", "holidays-me.yaml"));

    private static DefinitionBindings Bindings => DefinitionBindings.Load(RepoPaths.Combine("workflows", "definitions", "bindings.yaml"));

    private static IReadOnlyList<ReportingPeriod> Rounds(PlanCatalogue catalogue, string key, Dictionary<string, DateOnly>? done = null) =>
        ActivityPeriods.Owed(catalogue, catalogue.FindActivity(key)!, Calendar, completions: done);

    [Fact]
    public void On_the_shipped_plan_the_rounds_after_the_rules_start_when_they_were_accepted_and_their_planned_date_only_while_open()
    {
        var catalogue = CatalogueYaml.Load(ShippedCatalogue);
        Assert.Equal(Rules, catalogue.FindActivity(FollowsRules)!.Timeframe.AfterActivityCode);

        // Open: from the planned due date (1 July 2013), so only the second half of 2013.
        Assert.Equal(["2013-H2"], Rounds(catalogue, FollowsRules).Select(p => p.Label));

        // Done early: the first half-year's round applies too, from the day after the acceptance.
        var early = Rounds(catalogue, FollowsRules, new() { [Rules] = new DateOnly(2013, 2, 15) });
        Assert.Equal(["2013-H1", "2013-H2"], early.Select(p => p.Label));
        Assert.Equal(new DateOnly(2013, 2, 16), early[0].PeriodStart);
        Assert.Equal(new DateOnly(2013, 7, 1), early[0].DueDate);

        // Done late: the round runs from the acceptance, not from the date it was planned for.
        var late = Assert.Single(Rounds(catalogue, FollowsRules, new() { [Rules] = new DateOnly(2013, 9, 2) }));
        Assert.Equal(("2013-H2", new DateOnly(2013, 9, 3)), (late.Label, late.PeriodStart));

        // Done after the plan ended: nothing left to report on.
        Assert.Empty(Rounds(catalogue, FollowsRules, new() { [Rules] = new DateOnly(2014, 1, 10) }));

        // Another activity's completion changes nothing here.
        Assert.Equal(["2013-H2"], Rounds(catalogue, FollowsRules, new() { ["support-protection-and-reintegration-of-victims/2.1.1"] = new DateOnly(2012, 10, 1) }).Select(p => p.Label));
    }

    /// <summary>P: due 1 July 2013 (Ministry of Health); D follows it (Ministry of Culture and the Police).</summary>
    private static PlanCatalogue Plan(string prerequisiteTimeframe = "II Quarter of 2013")
    {
        var catalogue = EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31),
            ("1.1.1", prerequisiteTimeframe, ["ministry-health"]),
            ("1.1.2", "continuously", ["ministry-culture", "police-directorate"]));
        catalogue.FindActivity("test-area/1.1.2")!.Timeframe = new Schedule(ScheduleKind.AfterActivity, "After the rules of 1.1.1, in continuity") { AfterActivityCode = "test-area/1.1.1" };
        return catalogue;
    }

    private static async Task<(EngineFixture Fixture, WorkflowEngine Engine, ObligationSync Sync, long Prerequisite)> StartAsync(PlanCatalogue catalogue)
    {
        var fixture = new EngineFixture(new DateTimeOffset(2013, 1, 7, 8, 0, 0, TimeSpan.Zero));
        await using (var db = fixture.Create())
        {
            await DefinitionStore.PublishShippedAsync(db, DefinitionCatalog.LoadFolder(RepoPaths.Combine("workflows", "definitions")).ByName.Values, fixture.Now);
        }

        var sync = new ObligationSync(fixture.Create, fixture.Calendar, Bindings.For);
        await sync.SyncAsync(catalogue, EngineFixture.Institutions, fixture.Now);
        var engine = fixture.Engine();
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 1, 8, 8, 0, 0, TimeSpan.Zero), engine);
        await using var check = fixture.Create();
        return (fixture, engine, sync, (await check.Obligations.SingleAsync(o => o.ActivityKey == "test-area/1.1.1")).Id);
    }

    private static async Task<List<string>> FollowingAsync(EngineFixture fixture)
    {
        await using var db = fixture.Create();
        return await db.Obligations.Where(o => o.ActivityKey == "test-area/1.1.2" && !o.Removed)
            .OrderBy(o => o.PeriodLabel).ThenBy(o => o.InstitutionId).Select(o => o.PeriodLabel + " " + o.InstitutionId).ToListAsync();
    }

    [Fact]
    public async Task A_prerequisite_accepted_as_implemented_early_brings_the_following_rounds_forward_and_they_are_chased()
    {
        var (fixture, engine, sync, prerequisite) = await StartAsync(Plan());
        using var owned = fixture;
        var catalogue = Plan();
        Assert.Equal(["2013-H2 ministry-culture", "2013-H2 police-directorate"], await FollowingAsync(fixture));

        // Reported in March, long before its first reminder; the Office reviews it at once.
        fixture.Time.SetUtcNow(new DateTimeOffset(2013, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using (var db = fixture.Create())
        {
            await WorkflowEngine.SubmitReportAsync(db, prerequisite, ImplementationStatus.Implemented, "The rules were adopted.", "form", "focal point", fixture.Now);
        }

        await engine.RunDueAsync();
        await using (var db = fixture.Create())
        {
            var instance = await db.Instances.SingleAsync(i => i.ObligationId == prerequisite);
            Assert.Equal("review", (await db.Bookmarks.SingleAsync(b => b.InstanceId == instance.Id)).Kind);
        }

        fixture.Time.SetUtcNow(new DateTimeOffset(2013, 3, 4, 10, 0, 0, TimeSpan.Zero));
        await using (var db = fixture.Create())
        {
            await ReportReview.AcceptAsync(db, prerequisite, null, null, new Reviewer("office", "office"), fixture.Now);
        }

        var batch = await engine.RunDueAsync();
        Assert.Equal(1, batch.Accepted);
        await using (var db = fixture.Create())
        {
            var done = Assert.Single(await PrerequisiteCompletions.ReadAsync(db, catalogue));
            Assert.Equal(("test-area/1.1.1", new DateOnly(2013, 3, 4)), (done.Key, done.Value));
        }

        var followed = await sync.FollowPrerequisitesAsync(catalogue, fixture.Now);
        Assert.Equal((2, 0), (followed.Added, followed.Removed));
        Assert.Equal(["2013-H1 ministry-culture", "2013-H1 police-directorate", "2013-H2 ministry-culture", "2013-H2 police-directorate"], await FollowingAsync(fixture));
        Assert.Equal(new SyncResult(0, 0, 0, 0, 4), await sync.FollowPrerequisitesAsync(catalogue, fixture.Now));

        // The new round is a live obligation: reminded before its due date like any other.
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 6, 25, 12, 0, 0, TimeSpan.Zero), engine);
        await using var check = fixture.Create();
        var h1 = await check.Obligations.SingleAsync(o => o.ActivityKey == "test-area/1.1.2" && o.PeriodLabel == "2013-H1" && o.InstitutionId == "ministry-culture");
        Assert.Equal((new DateOnly(2013, 3, 5), new DateOnly(2013, 7, 1)), (h1.PeriodStart, h1.DueDate));
        Assert.True(await check.Outbox.AnyAsync(m => m.ObligationId == h1.Id && m.Template == "first-reminder"));
    }

    [Fact]
    public async Task Only_an_accepted_report_that_it_was_implemented_counts_as_done()
    {
        var (fixture, engine, sync, prerequisite) = await StartAsync(Plan());
        using var owned = fixture;
        var catalogue = Plan();
        // In June, when the report is owed: a partial answer to a progress request months before would only be kept as progress.
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 6, 10, 9, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            await WorkflowEngine.SubmitReportAsync(db, prerequisite, ImplementationStatus.PartiallyImplemented, "Drafted.", "form", "focal point", fixture.Now);
        }

        await engine.RunDueAsync();
        await using (var db = fixture.Create())
        {
            await ReportReview.AcceptAsync(db, prerequisite, null, null, new Reviewer("office", "office"), fixture.Now);
        }

        Assert.Equal(1, (await engine.RunDueAsync()).Accepted);
        await using (var db = fixture.Create())
        {
            Assert.Empty(await PrerequisiteCompletions.ReadAsync(db, catalogue));
        }

        Assert.Equal(0, (await sync.FollowPrerequisitesAsync(catalogue, fixture.Now)).Added);
        Assert.Equal(["2013-H2 ministry-culture", "2013-H2 police-directorate"], await FollowingAsync(fixture));
    }

    [Fact]
    public async Task A_prerequisite_done_late_cancels_the_open_rounds_before_it_and_keeps_what_was_reported()
    {
        // P due 1 April: D's rounds are planned for both half-years of 2013.
        var catalogue = Plan("I Quarter of 2013");
        var (fixture, engine, sync, prerequisite) = await StartAsync(catalogue);
        using var owned = fixture;
        Assert.Equal(["2013-H1 ministry-culture", "2013-H1 police-directorate", "2013-H2 ministry-culture", "2013-H2 police-directorate"], await FollowingAsync(fixture));

        // The Ministry of Culture reports on its first round; the police do not.
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 6, 25, 9, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            var culture = await db.Obligations.SingleAsync(o => o.ActivityKey == "test-area/1.1.2" && o.PeriodLabel == "2013-H1" && o.InstitutionId == "ministry-culture");
            await WorkflowEngine.SubmitReportAsync(db, culture.Id, ImplementationStatus.ContinuouslyImplemented, "Applied where it could be.", "form", "focal point", fixture.Now);
        }

        // The engine worker's follower: it re-plans on its first call, then only when a prerequisite is newly done.
        var follower = new PrerequisiteFollower(fixture.Create, sync, catalogue);
        Assert.Equal(0, (await follower.FollowAsync(fixture.Now))!.Removed);
        Assert.Null(await follower.FollowAsync(fixture.Now));

        // P is reported in August, long overdue; its workflow has ended, so the Office accepts it directly (no engine batch).
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 8, 5, 9, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            await WorkflowEngine.SubmitReportAsync(db, prerequisite, ImplementationStatus.Implemented, "The rules were adopted at last.", "form", "focal point", fixture.Now);
            await ReportReview.AcceptAsync(db, prerequisite, null, null, new Reviewer("office", "office"), fixture.Now);
        }

        var followed = await follower.FollowAsync(fixture.Now);
        Assert.Equal(1, followed!.Removed);
        Assert.Null(await follower.FollowAsync(fixture.Now));
        Assert.Equal(["2013-H1 ministry-culture", "2013-H2 ministry-culture", "2013-H2 police-directorate"], await FollowingAsync(fixture));

        await using var check = fixture.Create();
        var police = await check.Obligations.SingleAsync(o => o.ActivityKey == "test-area/1.1.2" && o.PeriodLabel == "2013-H1" && o.InstitutionId == "police-directorate");
        Assert.Equal((true, ObligationStatus.Cancelled), (police.Removed, police.Status));
        Assert.Contains(check.Journal, j => j.ObligationId == police.Id && j.Event == "removed" && j.Message.Contains("done later than planned", StringComparison.Ordinal));
        Assert.False(await check.Instances.AnyAsync(i => i.ObligationId == police.Id && (i.Status == InstanceStatus.Waiting || i.Status == InstanceStatus.Running)));
        var h2 = await check.Obligations.SingleAsync(o => o.ActivityKey == "test-area/1.1.2" && o.PeriodLabel == "2013-H2" && o.InstitutionId == "police-directorate");
        Assert.Equal(new DateOnly(2013, 8, 6), h2.PeriodStart);
    }
}
