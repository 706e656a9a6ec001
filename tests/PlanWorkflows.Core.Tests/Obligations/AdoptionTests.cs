using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Status;
using PlanWorkflows.Core.Tests.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Obligations;

/// <summary>
/// The 2012–2013 plan runs from 1 January 2012 but was adopted on 13 September 2012: nothing is owed for a period
/// already over then, and nobody is reminded before it (issue 14).
/// </summary>
public sealed class AdoptionTests
{
    private static readonly string ShippedCatalogue = RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.yaml");
    private static readonly DateOnly Adoption = new(2012, 9, 13);
    private static readonly TimeZoneInfo Podgorica = TimeZoneInfo.FindSystemTimeZoneById("Europe/Podgorica");

    private static WorkingDayCalendar Calendar { get; } = WorkingDayCalendar.Load(RepoPaths.Combine("workflows", "calendar", "holidays-me.yaml"));

    private static DefinitionBindings Bindings => DefinitionBindings.Load(RepoPaths.Combine("workflows", "definitions", "bindings.yaml"));

    private static DateOnly LocalDay(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Podgorica));

    [Fact]
    public void The_shipped_plan_owes_nothing_for_a_period_that_ended_before_its_adoption_and_plans_straddling_ones_as_before()
    {
        var catalogue = CatalogueYaml.Load(ShippedCatalogue);
        Assert.Equal(Adoption, PlanWindow.Of(catalogue).Adopted);

        var planned = ObligationPlanner.Plan(catalogue, Calendar);
        Assert.NotEmpty(planned);
        Assert.All(planned, o => Assert.True(o.PeriodEnd >= Adoption, $"{o.ActivityKey} {o.PeriodLabel} ended {o.PeriodEnd:yyyy-MM-dd}"));
        // Periods that straddle the adoption are owed, due as the plan says.
        Assert.Contains(planned, o => o.PeriodLabel == "by 2012-Q3" && o.PeriodStart < Adoption && o.DueDate == new DateOnly(2012, 10, 1));
        Assert.Contains(planned, o => o.PeriodLabel == "2012-H2" && o.PeriodStart < Adoption);

        // The same plan without an adoption date is planned from its period's start, as it always was: the rounds
        // the adoption leaves out are exactly those that had ended before it.
        catalogue.Plan.Adopted = null;
        var fromStart = ObligationPlanner.Plan(catalogue, Calendar);
        var leftOut = fromStart.Except(planned).ToList();
        Assert.Equal(fromStart.Count, planned.Count + leftOut.Count);
        Assert.Contains(leftOut, o => o.PeriodLabel == "2012-H1");
        Assert.Contains(leftOut, o => o.PeriodLabel == "2012-Q1");
        Assert.All(leftOut, o => Assert.True(o.PeriodEnd < Adoption));
    }

    [Fact]
    public void Every_caller_of_the_planner_sees_the_adoption_export_and_schedule_alike()
    {
        var catalogue = CatalogueYaml.Load(ShippedCatalogue);
        var export = CatalogueExport.Build(catalogue, RealCatalogueDirectory(), Calendar);
        var planned = ObligationPlanner.Plan(catalogue, Calendar);
        foreach (var activity in export.Areas.SelectMany(a => a.Activities))
        {
            var dues = planned.Where(o => o.ActivityKey == activity.Key).Select(o => o.DueDate).Distinct().Order();
            Assert.Equal(dues, activity.Timeframe.DueDates.Order());
            Assert.All(activity.Timeframe.DueDates, d => Assert.True(d >= Adoption));
        }
    }

    private static Core.Institutions.InstitutionDirectory RealCatalogueDirectory() => Institutions.RealCatalogue.Directory;

    [Fact]
    public void The_shipped_plan_has_no_activity_left_without_a_report_and_none_is_flagged()
    {
        var catalogue = CatalogueYaml.Load(ShippedCatalogue);
        Assert.Empty(ActivityPeriods.EndedBeforeAdoption(catalogue));
        Assert.DoesNotContain(catalogue.Activities, a => a.Warnings.Any(w => w.Code == ActivityPeriods.BeforeAdoptionWarning));
    }

    [Fact]
    public void A_deadline_before_the_adoption_is_flagged_for_the_Office_and_never_planned_nor_mailed()
    {
        using var folder = new TempCatalogue();
        var key = CatalogueYaml.Load(ShippedCatalogue).Activities.First(a => a.Timeframe is { Kind: ScheduleKind.Deadline, Deadline.Year: 2013 }).Key;
        folder.Override($"  - key: {key}\n    timeframe: I Quarter of 2012\n");

        var catalogue = CatalogueYaml.Load(folder.Catalogue);
        var activity = catalogue.FindActivity(key)!;
        Assert.Equal(new DateOnly(2012, 3, 31), activity.Timeframe.Deadline);
        var warning = Assert.Single(activity.Warnings, w => w.Code == ActivityPeriods.BeforeAdoptionWarning);
        Assert.Contains("2012-03-31", warning.Found, StringComparison.Ordinal);
        Assert.Contains("2012-09-13", warning.Found, StringComparison.Ordinal);
        Assert.Single(catalogue.Activities, a => a.Warnings.Any(w => w.Code == ActivityPeriods.BeforeAdoptionWarning));
        Assert.DoesNotContain(ObligationPlanner.Plan(catalogue, Calendar), o => o.ActivityKey == key);

        // Reviewed by the Office in the overrides: no longer shown, and still nothing owed.
        folder.Override($"  - key: {key}\n    timeframe: I Quarter of 2012\n    reviewed: [{ActivityPeriods.BeforeAdoptionWarning}]\n");
        var reviewed = CatalogueYaml.Load(folder.Catalogue);
        Assert.DoesNotContain(reviewed.FindActivity(key)!.Warnings, w => w.Code == ActivityPeriods.BeforeAdoptionWarning);
        Assert.DoesNotContain(ObligationPlanner.Plan(reviewed, Calendar), o => o.ActivityKey == key);

        // A plan without an adoption date asks for it as before.
        catalogue.Plan.Adopted = null;
        ActivityPeriods.FlagBeforeAdoption(catalogue);
        Assert.DoesNotContain(catalogue.FindActivity(key)!.Warnings, w => w.Code == ActivityPeriods.BeforeAdoptionWarning);
        Assert.Contains(ObligationPlanner.Plan(catalogue, Calendar), o => o.ActivityKey == key && o.DueDate == new DateOnly(2012, 4, 2));
    }

    [Fact]
    public void Reports_to_the_Government_and_meetings_start_with_the_adoption()
    {
        var window = PlanWindow.Of(CatalogueYaml.Load(ShippedCatalogue));
        Assert.Equal(["2012-H2", "2013-H1", "2013-H2"], GovernmentReport.Periods(window, new GovernmentReportOptions()).Select(p => p.Label));

        var meetings = new MeetingOptions();
        meetings.Dates.Add("2012-06-14");
        meetings.Dates.Add("2012-10-11");
        Assert.Equal([new DateOnly(2012, 10, 11)], MeetingPlan.Build(meetings, null, window).Dates);

        // Without an adoption date the plan is in force from its start.
        var unadopted = PlanWindow.Of(new PlanInfo { PeriodStart = new DateOnly(2012, 1, 1), PeriodEnd = new DateOnly(2013, 12, 31) });
        Assert.Equal(["2012-H1", "2012-H2", "2013-H1", "2013-H2"], GovernmentReport.Periods(unadopted, new GovernmentReportOptions()).Select(p => p.Label));
        Assert.Equal([new DateOnly(2012, 6, 14), new DateOnly(2012, 10, 11)], MeetingPlan.Build(meetings, null, unadopted).Dates);
    }

    [Fact]
    public async Task A_period_straddling_the_adoption_is_reminded_from_the_adoption_on_and_not_before_its_own_window()
    {
        // Synced three weeks before the plan is adopted, as a service installed early would.
        using var fixture = new EngineFixture(new DateTimeOffset(2012, 9, 3, 8, 0, 0, TimeSpan.Zero));
        await PublishShippedAsync(fixture);
        var catalogue = EngineFixture.Catalogue(new DateOnly(2012, 1, 1), new DateOnly(2013, 12, 31),
            ("1.1.1", "III Quarter of 2012", ["ministry-health"]),   // due 1 October: its window opens 17 September, before the adoption
            ("1.1.2", "IV Quarter of 2012", ["ministry-culture"]),   // due 31 December: its window opens well after the adoption
            ("1.1.3", "I Quarter of 2012", ["ministry-culture"]),    // over before the adoption
            ("1.1.4", "twice a year", ["police-directorate"]));
        var adoption = new DateOnly(2012, 9, 20);
        catalogue.Plan.Adopted = adoption;
        await new ObligationSync(fixture.Create, fixture.Calendar, Bindings.For).SyncAsync(catalogue, EngineFixture.Institutions, fixture.Now);
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 1, 10, 12, 0, 0, TimeSpan.Zero), fixture.Engine());

        await using var db = fixture.Create();
        var obligations = await db.Obligations.ToListAsync();
        Assert.Equal(["test-area/1.1.1 by 2012-Q3", "test-area/1.1.2 by 2012-Q4", "test-area/1.1.4 2012-H2", "test-area/1.1.4 2013-H1", "test-area/1.1.4 2013-H2"],
            obligations.Select(o => $"{o.ActivityKey} {o.PeriodLabel}").Order(StringComparer.Ordinal));

        var reminders = await db.Outbox.Where(m => m.Template == "first-reminder").ToListAsync();
        var mails = await db.Outbox.ToListAsync();
        Assert.All(mails, m => Assert.True(LocalDay(m.CreatedAt) >= adoption, $"{m.Template} queued {m.CreatedAt:O}, before the adoption"));
        DateOnly FirstReminder(string key, string period) => LocalDay(reminders.Single(m => m.ObligationId == obligations.Single(o => o.ActivityKey == key && o.PeriodLabel == period).Id).CreatedAt);

        // Its window (10 working days before 1 October) had opened before the adoption: reminded on the adoption day.
        Assert.Equal(adoption, FirstReminder("test-area/1.1.1", "by 2012-Q3"));
        // Not dragged forward to the adoption: reminded when its own window opens.
        Assert.Equal(fixture.Calendar.AddWorkingDays(new DateOnly(2012, 12, 31), -10), FirstReminder("test-area/1.1.2", "by 2012-Q4"));
        Assert.Equal(fixture.Calendar.AddWorkingDays(new DateOnly(2012, 12, 31), -10), FirstReminder("test-area/1.1.4", "2012-H2"));
    }

    [Fact]
    public async Task On_29_September_2012_the_shipped_plan_started_at_its_adoption_shows_nothing_overdue()
    {
        // The demo clock's start: the adoption day, 07:00 UTC; the service's defaults (no catch-up).
        using var fixture = new EngineFixture(new DateTimeOffset(2012, 9, 13, 7, 0, 0, TimeSpan.Zero));
        await PublishShippedAsync(fixture);
        var catalogue = CatalogueYaml.Load(ShippedCatalogue);
        await new ObligationSync(fixture.Create, fixture.Calendar, Bindings.For).SyncAsync(catalogue, EngineFixture.Institutions, fixture.Now, new SyncOptions());
        var engine = fixture.Engine();
        await fixture.RunUntilAsync(new DateTimeOffset(2012, 9, 29, 21, 0, 0, TimeSpan.Zero), engine);

        await using (var db = fixture.Create())
        {
            var status = PlanStatus.Build(db, fixture.Calendar, new DateOnly(2012, 9, 29));
            Assert.Equal(ObligationPlanner.Plan(catalogue, fixture.Calendar).Count, status.Totals.Obligations);
            Assert.Empty(status.Overdue);
            Assert.Equal((0, 0), (status.Totals.Overdue, status.Totals.Escalated));
            Assert.False(await db.Obligations.AnyAsync(o => o.PeriodEnd < Adoption));
            Assert.False(await db.Outbox.AnyAsync(m => m.Template == "overdue-notice" || m.Template == "escalation-head" || m.Template == "escalation-office"));
        }

        // Not because nothing can be overdue: a fortnight later the third-quarter reports nobody sent are, counted from their own due date.
        await fixture.RunUntilAsync(new DateTimeOffset(2012, 10, 15, 21, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            var status = PlanStatus.Build(db, fixture.Calendar, new DateOnly(2012, 10, 15));
            Assert.NotEmpty(status.Overdue);
            Assert.All(status.Overdue, o =>
            {
                Assert.Equal(new DateOnly(2012, 10, 1), o.DueDate);
                Assert.Equal(fixture.Calendar.WorkingDaysBetween(new DateOnly(2012, 10, 1), new DateOnly(2012, 10, 15)), o.WorkingDaysOverdue);
            });
        }
    }

    private static async Task PublishShippedAsync(EngineFixture fixture)
    {
        await using var db = fixture.Create();
        await DefinitionStore.PublishShippedAsync(db, DefinitionCatalog.LoadFolder(RepoPaths.Combine("workflows", "definitions")).ByName.Values, fixture.Now);
    }

    /// <summary>A copy of the shipped catalogue beside an overrides file of the test's own (the shipped corrections plus more).</summary>
    private sealed class TempCatalogue : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("adoption-").FullName;

        public TempCatalogue()
        {
            File.Copy(ShippedCatalogue, Catalogue);
            Override(string.Empty);
        }

        public string Catalogue => Path.Combine(_folder, Path.GetFileName(ShippedCatalogue));

        public void Override(string entries) =>
            File.WriteAllText(CatalogueYaml.OverridesPathFor(Catalogue), File.ReadAllText(CatalogueYaml.OverridesPathFor(ShippedCatalogue)).TrimEnd() + "\n" + entries);

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
