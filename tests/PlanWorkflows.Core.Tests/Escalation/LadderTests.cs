using Microsoft.EntityFrameworkCore;
using MimeKit;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Tests.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Escalation;

/// <summary>The shipped deadline ladder, in virtual time, for II Quarter of 2013 (due Sunday 30 June → Monday 1 July).</summary>
public sealed class LadderTests
{
    private static readonly DateTimeOffset Start = new(2013, 4, 1, 6, 0, 0, TimeSpan.Zero);

    internal static async Task<EngineFixture> LadderAsync(params (string Code, string Institution)[] activities)
    {
        var fixture = new EngineFixture(Start);
        await using (var db = fixture.Create())
        {
            await DefinitionStore.PublishShippedAsync(db, DefinitionCatalog.LoadFolder(RepoPaths.Combine("workflows", "definitions")).ByName.Values, fixture.Now);
        }

        var catalogue = EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31),
            [.. activities.Select(a => (a.Code, "II Quarter of 2013", new[] { a.Institution }))]);
        await new ObligationSync(fixture.Create, fixture.Calendar, (_, _) => "deadline-report").SyncAsync(catalogue, EngineFixture.Institutions, fixture.Now);
        return fixture;
    }

    private static async Task<List<(string Template, DateOnly Day, string To)>> MailsAsync(EngineFixture fixture)
    {
        await using var db = fixture.Create();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Podgorica");
        return [.. (await db.Outbox.Where(m => m.Status != OutboxStatus.Cancelled).OrderBy(m => m.Id).ToListAsync())
            .Select(m => (m.Template, DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(m.CreatedAt, zone)), m.To))];
    }

    [Fact]
    public async Task An_institution_that_never_replies_gets_the_predictable_ladder_on_working_days()
    {
        using var fixture = await LadderAsync(("1.1.1", "ministry-health"));
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 9, 1, 0, 0, 0, TimeSpan.Zero), fixture.Engine());

        Assert.Equal(
        [
            ("first-reminder", new DateOnly(2013, 6, 17), "ministry-health.focal@example.org"),                                         // 10 working days before 1 July
            ("final-reminder", new DateOnly(2013, 6, 27), "ministry-health.focal@example.org, ministry-health.deputy@example.org"),  // 2 before
            ("overdue-notice", new DateOnly(2013, 7, 2), "ministry-health.focal@example.org, ministry-health.deputy@example.org"),   // the day after
            ("escalation-head", new DateOnly(2013, 7, 8), "ministry-health.head@example.org"),                                        // 5 after
            // 10 after: Statehood Day (13 July, a Saturday; 14 July, a Sunday, moved to Monday 15) is not counted.
            ("escalation-office", new DateOnly(2013, 7, 16), "moi-office.focal@example.org, working-group.chair@example.org"),
        ], await MailsAsync(fixture));

        await using var db = fixture.Create();
        var obligation = await db.Obligations.SingleAsync();
        Assert.Equal(ObligationStatus.Escalated, obligation.Status);
        Assert.Equal(2, obligation.EscalationLevel);
        Assert.Equal("moi-office.focal@example.org", (await db.Outbox.SingleAsync(m => m.Template == "escalation-head")).Cc);
    }

    [Fact]
    public async Task A_report_after_the_first_escalation_stops_the_ladder_at_once()
    {
        using var fixture = await LadderAsync(("1.1.1", "ministry-health"));
        var engine = fixture.Engine();
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 7, 9, 10, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            // What the outbox had sent by then.
            await db.Outbox.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Sent));
            await WorkflowEngine.SubmitReportAsync(db, (await db.Obligations.SingleAsync()).Id, ImplementationStatus.Implemented, "Done.", "email", "focal", fixture.Now);
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 9, 1, 0, 0, 0, TimeSpan.Zero), engine);
        var mails = await MailsAsync(fixture);
        Assert.Equal(["first-reminder", "final-reminder", "overdue-notice", "escalation-head"], mails.Take(4).Select(m => m.Template));
        Assert.DoesNotContain(mails, m => m.Template == "escalation-office");
        // Only the Office hears more: the report waits for its review.
        Assert.All(mails.Skip(4), m => Assert.Equal(("report-received", "moi-office.focal@example.org"), (m.Template, m.To)));
        await using var check = fixture.Create();
        Assert.Equal("review", (await check.Bookmarks.SingleAsync()).Kind);
        Assert.Equal(ObligationStatus.Reported, (await check.Obligations.SingleAsync()).Status);
    }

    [Fact]
    public async Task A_report_withdraws_reminders_still_queued_for_it()
    {
        using var fixture = await LadderAsync(("1.1.1", "ministry-health"));
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 6, 17, 8, 0, 0, TimeSpan.Zero), fixture.Engine());
        await using var db = fixture.Create();
        var queued = await db.Outbox.SingleAsync();
        Assert.Equal(OutboxStatus.Queued, queued.Status);
        await WorkflowEngine.SubmitReportAsync(db, (await db.Obligations.SingleAsync()).Id, ImplementationStatus.Implemented, "Done early.", "form", "focal", fixture.Now);
        await using var check = fixture.Create();
        var withdrawn = await check.Outbox.SingleAsync();
        Assert.Equal(OutboxStatus.Cancelled, withdrawn.Status);
        Assert.Equal("withdrawn: report v1 received", withdrawn.LastError);
    }

    [Fact]
    public async Task Overdue_items_of_one_institution_escalate_together_in_one_mail_per_level()
    {
        using var fixture = await LadderAsync(("1.1.1", "ministry-health"), ("1.1.2", "ministry-health"), ("1.1.3", "ministry-culture"));
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 7, 8, 10, 0, 0, TimeSpan.Zero), fixture.Engine());
        var mail = new MailOptions { FromAddress = "reports@planworkflows.local", ReplyDomain = "planworkflows.local" };
        var composer = new TemplatedOutboxComposer(MailTemplates.Load(RepoPaths.Combine("email-templates")), new MailComposer(mail, fixture.Time),
            new DigestBuilder(mail, _ => "Number of trainings", calendar: fixture.Calendar), mail);
        await using var db = fixture.Create();
        var escalations = await db.Outbox.Where(m => m.Template == "escalation-head").OrderBy(m => m.Id).ToListAsync();
        Assert.Equal(3, escalations.Count);

        var composed = composer.Compose(escalations);
        Assert.Equal(2, composed.Count); // one per institution
        var health = composed.Single(c => c.Message.To.ToString() == "ministry-health.head@example.org");
        Assert.Equal(2, health.RowIds.Count);
        var text = health.Message.TextBody!;
        Assert.Contains("[1.1.1]", text, StringComparison.Ordinal);
        Assert.Contains("[1.1.2]", text, StringComparison.Ordinal);
        Assert.Contains("Radnih dana kašnjenja: 5", text, StringComparison.Ordinal);
        Assert.DoesNotContain(health.Message.Attachments, a => a.ContentType.MimeType == "text/calendar");
    }
}
