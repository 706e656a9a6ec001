using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Core.Status;
using PlanWorkflows.Core.Tests.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Replies;

/// <summary>
/// A report the Office returns is owed again: the shipped definitions chase the corrected version with a reminder,
/// the overdue status and the escalation ladder, counted from the return, as they chase a late report.
/// </summary>
public sealed class ReturnedReportTests
{
    private static readonly TimeZoneInfo Podgorica = TimeZoneInfo.FindSystemTimeZoneById("Europe/Podgorica");

    private static DateOnly LocalDay(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Podgorica));

    /// <summary>One obligation due 1 April 2013, reported on 26 March (after every definition's first reminder) and returned by the Office the same day.</summary>
    private static async Task<(EngineFixture Fixture, WorkflowEngine Engine, long ObligationId, DateOnly ReturnedOn)> ReturnedAsync(string definition)
    {
        var fixture = new EngineFixture(new DateTimeOffset(2013, 1, 7, 8, 0, 0, TimeSpan.Zero));
        await using (var db = fixture.Create())
        {
            await DefinitionStore.PublishShippedAsync(db, DefinitionCatalog.LoadFolder(RepoPaths.Combine("workflows", "definitions")).ByName.Values, fixture.Now);
        }

        await new ObligationSync(fixture.Create, fixture.Calendar, (_, _) => definition)
            .SyncAsync(EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31), ("1.1.1", "I Quarter of 2013", ["ministry-health"])), EngineFixture.Institutions, fixture.Now);
        var engine = fixture.Engine();
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 26, 9, 0, 0, TimeSpan.Zero), engine);

        long obligationId;
        await using (var db = fixture.Create())
        {
            obligationId = (await db.Obligations.SingleAsync()).Id;
            await WorkflowEngine.SubmitReportAsync(db, obligationId, ImplementationStatus.Implemented, "Done.", "form", "focal point", fixture.Now);
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 26, 10, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            await ReportReview.ReturnAsync(db, obligationId, null, "Please add the number of participants.", new Reviewer("office", "office"), fixture.Now);
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 26, 11, 0, 0, TimeSpan.Zero), engine);
        return (fixture, engine, obligationId, new DateOnly(2013, 3, 26));
    }

    [Theory]
    [InlineData("deadline-report")]
    [InlineData("recurring-report")]
    [InlineData("continuous-report")]
    [InlineData("seasonal-report")]
    [InlineData("as-needed-report")]
    [InlineData("after-activity-report")]
    public async Task A_returned_report_nobody_corrects_is_reminded_marked_overdue_and_escalated_counted_from_the_return(string definition)
    {
        var (fixture, engine, obligationId, returnedOn) = await ReturnedAsync(definition);
        using var owned = fixture;
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 6, 28, 12, 0, 0, TimeSpan.Zero), engine);

        await using var db = fixture.Create();
        var obligation = await db.Obligations.SingleAsync();
        Assert.Equal((ObligationStatus.Escalated, 2), (obligation.Status, obligation.EscalationLevel));
        Assert.Equal(InstanceStatus.Completed, (await db.Instances.SingleAsync()).Status);
        Assert.Empty(db.Incidents);

        var mails = await db.Outbox.Where(m => m.ObligationId == obligationId && m.CreatedAt >= new DateTime(2013, 3, 26, 10, 0, 0, DateTimeKind.Utc)).OrderBy(m => m.Id).ToListAsync();
        var reminderDay = fixture.Calendar.AddWorkingDays(returnedOn, 5);
        var headDay = fixture.Calendar.AddWorkingDays(reminderDay, 5);
        var officeDay = fixture.Calendar.AddWorkingDays(headDay, 5);
        Assert.Equal(
            [("report-returned", returnedOn), ("report-returned", reminderDay), ("escalation-head", headDay), ("escalation-office", officeDay)],
            mails.Select(m => (m.Template, LocalDay(m.CreatedAt))));
        Assert.Equal("ministry-health.focal@example.org, ministry-health.deputy@example.org", mails[1].To);
        Assert.Equal("ministry-health.head@example.org", mails[2].To);

        Assert.Equal(["Reported → Returned", "Returned → Overdue", "Overdue → Escalated"],
            db.Journal.Where(j => j.ObligationId == obligationId && j.Event == "status" && j.At >= new DateTime(2013, 3, 26, 10, 0, 0, DateTimeKind.Utc)).OrderBy(j => j.Id).Select(j => j.Message));

        // The Office sees it among the overdue obligations, at the top of the ladder.
        var status = PlanStatus.Build(db, fixture.Calendar, officeDay);
        var overdue = Assert.Single(status.Overdue);
        Assert.Equal((ObligationStatus.Escalated, 2), (overdue.Status, overdue.EscalationLevel));
    }

    [Fact]
    public async Task A_correction_sent_after_the_reminder_is_reviewed_and_accepted_and_stops_the_ladder()
    {
        var (fixture, engine, obligationId, returnedOn) = await ReturnedAsync("deadline-report");
        using var owned = fixture;
        var reminderDay = fixture.Calendar.AddWorkingDays(returnedOn, 5);
        await fixture.RunUntilAsync(new DateTimeOffset(reminderDay.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            Assert.Equal(ObligationStatus.Overdue, (await db.Obligations.SingleAsync()).Status);
            await WorkflowEngine.SubmitReportAsync(db, obligationId, ImplementationStatus.Implemented, "Done: 3 trainings, 45 participants.", "form", "focal point", fixture.Now);
        }

        await fixture.RunUntilAsync(new DateTimeOffset(reminderDay.ToDateTime(new TimeOnly(13, 0)), TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            Assert.Equal("review", (await db.Bookmarks.SingleAsync()).Kind);
            await ReportReview.AcceptAsync(db, obligationId, null, null, new Reviewer("office", "office"), fixture.Now);
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 6, 28, 12, 0, 0, TimeSpan.Zero), engine);
        await using (var check = fixture.Create())
        {
            Assert.Equal((ObligationStatus.Accepted, 0), ((await check.Obligations.SingleAsync()).Status, (await check.Obligations.SingleAsync()).EscalationLevel));
            Assert.Equal(InstanceStatus.Completed, (await check.Instances.SingleAsync()).Status);
            Assert.False(await check.Outbox.AnyAsync(m => m.Template == "escalation-head" || m.Template == "escalation-office"));
        }
    }

    [Fact]
    public async Task A_correction_returned_again_is_chased_again_from_the_second_return()
    {
        var (fixture, engine, obligationId, firstReturn) = await ReturnedAsync("recurring-report");
        Assert.Equal(new DateOnly(2013, 3, 26), firstReturn);
        using var owned = fixture;
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 28, 9, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            await WorkflowEngine.SubmitReportAsync(db, obligationId, ImplementationStatus.PartiallyImplemented, "Two of three done.", "form", "focal point", fixture.Now);
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 28, 10, 0, 0, TimeSpan.Zero), engine);
        var secondReturn = new DateOnly(2013, 3, 28);
        await using (var db = fixture.Create())
        {
            await ReportReview.ReturnAsync(db, obligationId, null, "Which one is missing?", new Reviewer("office", "office"), fixture.Now);
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 6, 28, 12, 0, 0, TimeSpan.Zero), engine);
        await using var check = fixture.Create();
        var mails = await check.Outbox.Where(m => m.CreatedAt > new DateTime(2013, 3, 28, 9, 30, 0, DateTimeKind.Utc)).OrderBy(m => m.Id).ToListAsync();
        var reminderDay = fixture.Calendar.AddWorkingDays(secondReturn, 5);
        Assert.Equal([("report-returned", secondReturn), ("report-returned", reminderDay)], mails.Take(2).Select(m => (m.Template, LocalDay(m.CreatedAt))));
        Assert.Equal((ObligationStatus.Escalated, 2), ((await check.Obligations.SingleAsync()).Status, (await check.Obligations.SingleAsync()).EscalationLevel));
        Assert.Equal(2, await check.Reports.CountAsync());
    }
}
