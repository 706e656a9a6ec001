using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Workflows.Runtime;

public sealed class ObligationSyncTests
{
    private static readonly DateTimeOffset Start = new(2013, 1, 7, 8, 0, 0, TimeSpan.Zero);

    private static PlanCatalogue Plan() => EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31),
        ("1.1.1", "I Quarter of 2013", ["ministry-health", "ministry-culture"]),
        ("1.1.2", "twice a year", ["police-directorate"]));

    [Fact]
    public async Task Sync_creates_one_obligation_and_instance_per_implementer_and_period_and_is_idempotent()
    {
        using var fixture = new EngineFixture(Start);
        await fixture.PublishAsync(EngineFixture.Ladder);
        var first = await fixture.SyncAsync(Plan());
        Assert.Equal(new SyncResult(Added: 4, Moved: 0, Removed: 0, NotStarted: 0, Unchanged: 0), first);

        var second = await fixture.SyncAsync(Plan());
        Assert.Equal(new SyncResult(0, 0, 0, 0, 4), second);

        await using var db = fixture.Create();
        Assert.Equal(4, await db.Obligations.CountAsync());
        Assert.Equal(4, await db.Instances.CountAsync());
        Assert.Equal(4, await db.Timers.CountAsync(t => t.Kind == TimerKind.Start));
        Assert.Equal(["2013-H1", "2013-H2"], db.Obligations.Where(o => o.ActivityKey == "test-area/1.1.2").OrderBy(o => o.DueDate).Select(o => o.PeriodLabel));
        Assert.True(await db.Activities.AnyAsync(a => a.Key == "test-area/1.1.1" && a.ScheduleKind == ScheduleKind.Deadline));
        Assert.True(await db.Contacts.AnyAsync(c => c.Email == "ministry-health.head@example.org" && c.Role == "head"));
    }

    [Fact]
    public async Task Changed_catalogue_moves_due_dates_adds_and_cancels_and_the_journal_says_so()
    {
        using var fixture = new EngineFixture(Start);
        await fixture.PublishAsync(EngineFixture.Ladder);
        await fixture.SyncAsync(Plan());
        await fixture.RunUntilAsync(Start.AddDays(1), fixture.Engine());

        var changed = EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31),
            ("1.1.1", "II Quarter of 2013", ["ministry-health", "ministry-education-sports"]), // moved; one implementer swapped
            ("1.1.2", "twice a year", ["police-directorate"]));
        // The deadline label changes with the quarter, so the old period goes and a new one comes.
        var result = await fixture.SyncAsync(changed);
        Assert.Equal(2, result.Added);
        Assert.Equal(2, result.Removed);

        await using var db = fixture.Create();
        var culture = await db.Obligations.SingleAsync(o => o.InstitutionId == "ministry-culture");
        Assert.True(culture.Removed);
        Assert.Equal(ObligationStatus.Cancelled, culture.Status);
        var cultureInstance = await db.Instances.SingleAsync(i => i.ObligationId == culture.Id);
        Assert.Equal(InstanceStatus.Cancelled, cultureInstance.Status);
        Assert.Contains(db.Journal, j => j.ObligationId == culture.Id && j.Event == "removed");
        Assert.True(await db.Obligations.AnyAsync(o => o.InstitutionId == "ministry-education-sports" && o.DueDate == new DateOnly(2013, 7, 1)));
    }

    [Fact]
    public async Task Moved_due_date_of_the_same_period_wakes_the_waiting_instance_with_the_new_date()
    {
        using var fixture = new EngineFixture(Start);
        await fixture.PublishAsync(EngineFixture.Ladder);
        var plan = EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31), ("1.1.1", "twice a year", ["ministry-health"]));
        await fixture.SyncAsync(plan);
        await fixture.RunUntilAsync(Start.AddDays(1), fixture.Engine());

        // The Office adds a one-off closure on Monday 1 July 2013, the day the H1 report was due.
        var closure = WorkingDayCalendar.Parse(
            File.ReadAllText(RepoPaths.Combine("workflows", "calendar", "holidays-me.yaml")).Replace("dates: []", "dates:\n  - date: 2013-07-01\n    name: Closure", StringComparison.Ordinal),
            "holidays.yaml");
        Assert.True(closure.IsHoliday(new DateOnly(2013, 7, 1)));
        await new ObligationSync(fixture.Create, closure, (_, _) => "test-ladder").SyncAsync(plan, EngineFixture.Institutions, fixture.Now);
        await fixture.RunUntilAsync(Start.AddDays(2), fixture.Engine());

        await using var db = fixture.Create();
        var h1 = await db.Obligations.SingleAsync(o => o.PeriodLabel == "2013-H1");
        Assert.Equal(new DateOnly(2013, 7, 2), h1.DueDate);
        Assert.Contains(db.Journal, j => j.ObligationId == h1.Id && j.Event == "due-moved" && j.Message == "due date moved from 2013-07-01 to 2013-07-02");
        var instance = await db.Instances.SingleAsync(i => i.ObligationId == h1.Id);
        var bookmark = await db.Bookmarks.SingleAsync(b => b.InstanceId == instance.Id);
        // Ten working days before 2 July 2013 is 18 June (the engine above ran with the shipped calendar).
        Assert.Equal(new DateTime(2013, 6, 18, 7, 0, 0, DateTimeKind.Utc), bookmark.WakeAt);
    }

    [Fact]
    public async Task Obligations_long_overdue_at_first_start_are_not_mailed_unless_catching_up()
    {
        using var fixture = new EngineFixture(new DateTimeOffset(2013, 9, 2, 8, 0, 0, TimeSpan.Zero));
        await fixture.PublishAsync(EngineFixture.Ladder);
        var result = await fixture.SyncAsync(Plan());
        // 1.1.1 (two implementers, due 1 April) and 1.1.2's H1 round (due 1 July) are more than 30 days overdue.
        Assert.Equal(3, result.NotStarted);
        await fixture.RunUntilAsync(fixture.Time.GetUtcNow().AddDays(1), fixture.Engine());
        await using (var db = fixture.Create())
        {
            Assert.Empty(db.Outbox);
            Assert.Equal(1, await db.Instances.CountAsync());
            Assert.Equal(3, await db.Journal.CountAsync(j => j.Event == "not-started"));
        }

        using var catchingUp = new EngineFixture(new DateTimeOffset(2013, 9, 2, 8, 0, 0, TimeSpan.Zero));
        await catchingUp.PublishAsync(EngineFixture.Ladder);
        Assert.Equal(0, (await catchingUp.SyncAsync(Plan(), new SyncOptions { CatchUp = true })).NotStarted);
        await catchingUp.RunUntilAsync(catchingUp.Time.GetUtcNow().AddDays(1), catchingUp.Engine());
        await using (var db = catchingUp.Create())
        {
            Assert.Equal(6, await db.Outbox.CountAsync()); // three overdue obligations: reminder and escalation each
        }
    }
}
