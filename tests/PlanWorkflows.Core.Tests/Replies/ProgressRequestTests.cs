using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Tests.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Replies;

/// <summary>
/// An activity with one due date months away (the shipped <c>deadline-report</c>) is asked for progress each
/// quarter instead of hearing nothing until ten working days before its due date.
/// </summary>
public sealed class ProgressRequestTests
{
    // The plan's adoption: the instances start then.
    private static readonly DateTimeOffset Adoption = new(2012, 9, 13, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(2014, 1, 31, 0, 0, 0, TimeSpan.Zero);

    private static async Task<EngineFixture> StartAsync(string timeframe)
    {
        var fixture = new EngineFixture(Adoption);
        await using (var db = fixture.Create())
        {
            await DefinitionStore.PublishShippedAsync(db, DefinitionCatalog.LoadFolder(RepoPaths.Combine("workflows", "definitions")).ByName.Values, fixture.Now);
        }

        var catalogue = EngineFixture.Catalogue(new DateOnly(2012, 1, 1), new DateOnly(2013, 12, 31), ("1.1.1", timeframe, ["ministry-health"]));
        catalogue.Plan.Adopted = new DateOnly(2012, 9, 13);
        await new ObligationSync(fixture.Create, fixture.Calendar, (_, _) => "deadline-report").SyncAsync(catalogue, EngineFixture.Institutions, fixture.Now);
        return fixture;
    }

    private static async Task<List<DateOnly>> MailDaysAsync(EngineFixture fixture, string template)
    {
        await using var db = fixture.Create();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Podgorica");
        return [.. (await db.Outbox.AsNoTracking().Where(m => m.Template == template).ToListAsync())
            .Select(m => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(m.CreatedAt, zone))).Order()];
    }

    [Fact]
    public async Task An_activity_due_at_the_end_of_2013_is_asked_for_progress_each_quarter_until_the_reminders_take_over()
    {
        using var fixture = await StartAsync("2013");
        await fixture.RunUntilAsync(End, fixture.Engine());

        // First working days of each quarter of 2013 (1 and 2 January are holidays); not October 2012, a
        // fortnight after the obligation began; none in the last 20 working days before 31 December.
        Assert.Equal([new(2013, 1, 3), new(2013, 4, 1), new(2013, 7, 1), new(2013, 10, 1)], await MailDaysAsync(fixture, KnownTemplates.ProgressRequest));
        Assert.Equal([new DateOnly(2013, 12, 17)], await MailDaysAsync(fixture, KnownTemplates.FirstReminder));
    }

    [Fact]
    public async Task A_deadline_a_quarter_away_gets_no_progress_request_only_its_reminders()
    {
        using var fixture = await StartAsync("IV Quarter of 2012");
        await fixture.RunUntilAsync(End, fixture.Engine());

        Assert.Empty(await MailDaysAsync(fixture, KnownTemplates.ProgressRequest));
        Assert.Single(await MailDaysAsync(fixture, KnownTemplates.FirstReminder));
    }

    [Fact]
    public async Task A_partial_answer_is_kept_as_progress_and_the_report_is_still_owed_an_implemented_one_is_the_report()
    {
        using var fixture = await StartAsync("2013");
        var engine = fixture.Engine();
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 1, 10, 9, 0, 0, TimeSpan.Zero), engine);
        long obligationId;
        await using (var db = fixture.Create())
        {
            obligationId = (await db.Obligations.SingleAsync()).Id;
            await WorkflowEngine.SubmitReportAsync(db, obligationId, ImplementationStatus.PartiallyImplemented, "Half of the trainings held.", "mail", "focal point", fixture.Now);
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 1, 10, 10, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            // Open again, as before the answer; the answer itself stays, and no review waits for the Office.
            var obligation = await db.Obligations.SingleAsync();
            Assert.Equal(ObligationStatus.Pending, obligation.Status);
            Assert.Equal(ImplementationStatus.PartiallyImplemented, (await db.Reports.SingleAsync()).Status);
            Assert.DoesNotContain(await db.Bookmarks.Select(b => b.Kind).ToListAsync(), k => k == "review");
            Assert.Contains(await db.Journal.Where(j => j.ObligationId == obligationId).Select(j => j.Event).ToListAsync(), e => e == "progress");
        }

        // The next quarter's request still goes out; then the institution reports the activity done.
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 4, 15, 9, 0, 0, TimeSpan.Zero), engine);
        Assert.Equal([new(2013, 1, 3), new(2013, 4, 1)], await MailDaysAsync(fixture, KnownTemplates.ProgressRequest));
        await using (var db = fixture.Create())
        {
            await WorkflowEngine.SubmitReportAsync(db, obligationId, ImplementationStatus.Implemented, "All trainings held.", "form", "focal point", fixture.Now);
        }

        await fixture.RunUntilAsync(End, engine);
        await using var check = fixture.Create();
        // The Office reviews it now; no more requests and no reminder before the due date.
        Assert.Equal("review", (await check.Bookmarks.SingleAsync()).Kind);
        Assert.Equal(ObligationStatus.Reported, (await check.Obligations.SingleAsync()).Status);
        Assert.Equal([new(2013, 1, 3), new(2013, 4, 1)], await MailDaysAsync(fixture, KnownTemplates.ProgressRequest));
        Assert.Empty(await MailDaysAsync(fixture, KnownTemplates.FirstReminder));
    }
}
