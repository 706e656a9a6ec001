using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Core.Tests.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Definitions;

namespace PlanWorkflows.Core.Tests.Replies;

public sealed class ExtensionsTests
{
    private static readonly DateTimeOffset Start = new(2013, 1, 7, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Podgorica = TimeZoneInfo.FindSystemTimeZoneById("Europe/Podgorica");

    // Due 2013-03-31 (a Sunday) → 2013-04-01. The database knows the plan through its obligations: the last
    // period here ends 2013-03-31, so the latest date an extension may ask for is 2013-09-30.
    private static readonly DateOnly OldDue = new(2013, 4, 1);
    private static readonly DateOnly NewDue = new(2013, 5, 15);

    private static readonly PlanWorkflows.Core.Catalogue.PlanCatalogue OneDeadline =
        EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31), ("1.1.1", "I Quarter of 2013", ["ministry-health"]));

    // The fixture's ladder with a final reminder two working days before the due date.
    private const string Ladder = """
        {
          "name": "test-ladder",
          "title": "Test ladder with a final reminder",
          "description": "",
          "properties": {},
          "sequence": [
            { "id": "wait-first", "componentType": "task", "type": "WaitUntil", "name": "Wait", "properties": { "dueOffsetWorkingDays": -10 } },
            { "id": "first", "componentType": "task", "type": "SendReminder", "name": "First reminder", "properties": { "template": "first-reminder" } },
            { "id": "wait-final", "componentType": "task", "type": "WaitUntil", "name": "Wait", "properties": { "dueOffsetWorkingDays": -2 } },
            { "id": "final", "componentType": "task", "type": "SendReminder", "name": "Final reminder", "properties": { "template": "final-reminder" } },
            { "id": "reply", "componentType": "switch", "type": "WaitForReply", "name": "Reply?", "properties": { "timeoutWorkingDays": 1 },
              "branches": {
                "replied": [ { "id": "accept", "componentType": "task", "type": "SetStatus", "name": "Accept", "properties": { "status": "Accepted" } } ],
                "timedOut": [
                  { "id": "overdue", "componentType": "task", "type": "SetStatus", "name": "Overdue", "properties": { "status": "Overdue" } },
                  { "id": "escalate", "componentType": "task", "type": "Escalate", "name": "Escalate", "properties": { "level": 1, "recipients": ["head"], "template": "escalation-head", "copyOffice": true } }
                ]
              } }
          ]
        }
        """;

    private static async Task<(EngineFixture Fixture, long ObligationId)> AtFirstReminderAsync()
    {
        var fixture = new EngineFixture(Start);
        await fixture.PublishAsync(Ladder);
        await fixture.SyncAsync(OneDeadline);
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 19, 10, 0, 0, TimeSpan.Zero), fixture.Engine());
        await using var db = fixture.Create();
        var obligation = await db.Obligations.SingleAsync();
        Assert.Equal(OldDue, obligation.DueDate);
        Assert.Equal(ObligationStatus.Reminded, obligation.Status);
        Assert.Equal(["first-reminder"], await db.Outbox.Select(o => o.Template).ToListAsync());
        return (fixture, obligation.Id);
    }

    private static Extensions Extensions(EngineFixture fixture) => new(fixture.EngineOptions);

    private static DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, Podgorica));

    private static async Task<ExtensionRequest> RequestAsync(EngineFixture fixture, long obligationId)
    {
        await using var db = fixture.Create();
        return await Extensions(fixture).RequestAsync(db, obligationId, NewDue, "  The survey results arrive in May.  ", "Ana Petrović", null, fixture.Now);
    }

    [Fact]
    public async Task A_request_is_stored_journalled_and_mailed_to_the_office_focal_point_without_moving_anything()
    {
        var (fixture, obligationId) = await AtFirstReminderAsync();
        using var _ = fixture;
        var request = await RequestAsync(fixture, obligationId);

        await using var db = fixture.Create();
        var stored = await db.Extensions.SingleAsync();
        Assert.Equal(request.Id, stored.Id);
        Assert.Equal(ExtensionStatus.Requested, stored.Status);
        Assert.Equal("The survey results arrive in May.", stored.Reason);
        Assert.Equal(OldDue, stored.CurrentDueDate);
        Assert.Equal(OldDue, (await db.Obligations.SingleAsync()).DueDate);
        Assert.Single(await db.Journal.Where(j => j.Event == "extension-requested").ToListAsync());

        var mail = await db.Outbox.SingleAsync(o => o.Template == KnownTemplates.ExtensionRequested);
        var office = await db.Contacts.Where(c => c.InstitutionId == fixture.EngineOptions.OfficeInstitutionId && c.Role == "focalPoint").Select(c => c.Email).SingleAsync();
        Assert.Equal(office, mail.To);
        var model = JsonNode.Parse(mail.ModelJson)!;
        Assert.Equal("2013-04-01", model["dueDate"]!.GetValue<string>());
        Assert.Equal("2013-05-15", model["items"]![0]!["dueDate"]!.GetValue<string>());
        Assert.Equal("The survey results arrive in May.", model["items"]![0]!["narrative"]!.GetValue<string>());
        // Not a reply round: the Office must not receive the institution's form link.
        Assert.Null(model["period"]);
    }

    [Fact]
    public async Task Approval_moves_the_due_date_and_the_ladder_so_nothing_happens_at_the_old_date()
    {
        var (fixture, obligationId) = await AtFirstReminderAsync();
        using var _ = fixture;
        var request = await RequestAsync(fixture, obligationId);
        fixture.Time.Advance(TimeSpan.FromHours(2));
        await using (var db = fixture.Create())
        {
            var approved = await Extensions(fixture).ApproveAsync(db, request.Id, "office.user", "Agreed; no later than that.", fixture.Now);
            Assert.Equal(ExtensionStatus.Approved, approved.Status);
        }

        await using (var db = fixture.Create())
        {
            var obligation = await db.Obligations.SingleAsync();
            Assert.Equal(NewDue, obligation.DueDate);
            Assert.Equal(ObligationStatus.Extended, obligation.Status);
            var journal = await db.Journal.SingleAsync(j => j.Event == "extended");
            Assert.Contains("from 2013-04-01 to 2013-05-15", journal.Message, StringComparison.Ordinal);
            var mail = await db.Outbox.SingleAsync(o => o.Template == KnownTemplates.ExtensionApproved);
            Assert.Equal("ministry-health.focal@example.org", mail.To);
            var model = JsonNode.Parse(mail.ModelJson)!;
            Assert.Equal("2013-05-15", model["dueDate"]!.GetValue<string>());
            Assert.Equal("Agreed; no later than that.", model["message"]!.GetValue<string>());
        }

        // Well past the old due date and its timeout: nothing may have happened there.
        var engine = fixture.Engine();
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 4, 20, 0, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            var obligation = await db.Obligations.SingleAsync();
            Assert.Equal(ObligationStatus.Extended, obligation.Status);
            Assert.Equal(0, obligation.EscalationLevel);
            Assert.DoesNotContain(await db.Outbox.Select(o => o.Template).ToListAsync(), t => t is "final-reminder" or "escalation-head");
            var bookmark = await db.Bookmarks.SingleAsync();
            Assert.Equal("wait-final", bookmark.StepId);
            Assert.Equal(fixture.Calendar.AddWorkingDays(NewDue, -2), LocalDate(bookmark.WakeAt!.Value));
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 6, 30, 0, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            var final = await db.Outbox.SingleAsync(o => o.Template == "final-reminder");
            Assert.Equal(fixture.Calendar.AddWorkingDays(NewDue, -2), LocalDate(final.CreatedAt));
            Assert.Equal("2013-05-15", JsonNode.Parse(final.ModelJson)!["dueDate"]!.GetValue<string>());
            var escalation = await db.Outbox.SingleAsync(o => o.Template == "escalation-head");
            Assert.Equal(fixture.Calendar.AddWorkingDays(NewDue, 1), LocalDate(escalation.CreatedAt));
            var obligation = await db.Obligations.SingleAsync();
            Assert.Equal(1, obligation.EscalationLevel);
        }
    }

    [Fact]
    public async Task Decline_leaves_the_due_date_and_the_ladder_and_tells_the_institution_why()
    {
        var (fixture, obligationId) = await AtFirstReminderAsync();
        using var _ = fixture;
        var request = await RequestAsync(fixture, obligationId);
        await using (var db = fixture.Create())
        {
            var declined = await Extensions(fixture).DeclineAsync(db, request.Id, "office.user", "The Working Group meets in April.", fixture.Now);
            Assert.Equal(ExtensionStatus.Declined, declined.Status);
        }

        await using (var db = fixture.Create())
        {
            var obligation = await db.Obligations.SingleAsync();
            Assert.Equal(OldDue, obligation.DueDate);
            Assert.Equal(ObligationStatus.Reminded, obligation.Status);
            Assert.Empty(await db.Timers.Where(t => t.Kind == TimerKind.Signal).ToListAsync());
            Assert.Single(await db.Journal.Where(j => j.Event == "extension-declined").ToListAsync());
            var mail = await db.Outbox.SingleAsync(o => o.Template == KnownTemplates.ExtensionDeclined);
            Assert.Equal("ministry-health.focal@example.org", mail.To);
            var model = JsonNode.Parse(mail.ModelJson)!;
            Assert.Equal("2013-04-01", model["dueDate"]!.GetValue<string>());
            Assert.Equal("The Working Group meets in April.", model["message"]!.GetValue<string>());
            var stored = await db.Extensions.SingleAsync();
            Assert.Equal("office.user", stored.DecidedBy);
            Assert.Equal("The Working Group meets in April.", stored.OfficeComment);
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 4, 20, 0, 0, 0, TimeSpan.Zero), fixture.Engine());
        await using (var db = fixture.Create())
        {
            var escalation = await db.Outbox.SingleAsync(o => o.Template == "escalation-head");
            Assert.Equal(fixture.Calendar.AddWorkingDays(OldDue, 1), LocalDate(escalation.CreatedAt));
        }
    }

    public static TheoryData<string, long, string, string, ExtensionProblem, string> BadRequests => new()
    {
        { "on the due date", 0, "2013-04-01", "reason", ExtensionProblem.NotAfterDue, "must be after the current due date 2013-04-01" },
        { "before the due date", 0, "2013-03-01", "reason", ExtensionProblem.NotAfterDue, "must be after the current due date 2013-04-01" },
        { "no reason", 0, "2013-05-15", "   ", ExtensionProblem.ReasonRequired, "a reason is required" },
        { "unknown obligation", 999, "2013-05-15", "reason", ExtensionProblem.UnknownObligation, "no obligation 999" },
        { "past the limit", 0, "2013-10-01", "reason", ExtensionProblem.TooLate, "is after 2013-09-30, 6 months after the plan's end" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_requests_are_refused_with_a_clear_message_and_nothing_is_stored(string _, long obligationId, string date, string reason, ExtensionProblem problem, string message)
    {
        var (fixture, realId) = await AtFirstReminderAsync();
        using var __ = fixture;
        await using (var db = fixture.Create())
        {
            var ex = await Assert.ThrowsAsync<ExtensionException>(() => Extensions(fixture).RequestAsync(db, obligationId == 0 ? realId : obligationId,
                DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), reason, "Ana Petrović", null, fixture.Now));
            Assert.Equal(problem, ex.Problem);
            Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        }

        await using (var db = fixture.Create())
        {
            Assert.Empty(await db.Extensions.ToListAsync());
            Assert.Empty(await db.Journal.Where(j => j.Event.StartsWith("extension")).ToListAsync());
            Assert.Equal(["first-reminder"], await db.Outbox.Select(o => o.Template).ToListAsync());
        }
    }

    [Fact]
    public async Task A_second_request_waits_for_the_first_and_a_decided_one_cannot_be_decided_again()
    {
        var (fixture, obligationId) = await AtFirstReminderAsync();
        using var _ = fixture;
        var request = await RequestAsync(fixture, obligationId);
        await using var db = fixture.Create();
        var extensions = Extensions(fixture);
        var again = await Assert.ThrowsAsync<ExtensionException>(() => extensions.RequestAsync(db, obligationId, NewDue.AddDays(7), "more", "Ana", null, fixture.Now));
        Assert.Equal(ExtensionProblem.AlreadyRequested, again.Problem);
        var noComment = await Assert.ThrowsAsync<ExtensionException>(() => extensions.DeclineAsync(db, request.Id, "office.user", " ", fixture.Now));
        Assert.Equal(ExtensionProblem.CommentRequired, noComment.Problem);

        await extensions.ApproveAsync(db, request.Id, "office.user", null, fixture.Now);
        var twice = await Assert.ThrowsAsync<ExtensionException>(() => extensions.DeclineAsync(db, request.Id, "office.user", "changed my mind", fixture.Now));
        Assert.Equal(ExtensionProblem.AlreadyDecided, twice.Problem);
        var unknown = await Assert.ThrowsAsync<ExtensionException>(() => extensions.ApproveAsync(db, 4711, "office.user", null, fixture.Now));
        Assert.Equal(ExtensionProblem.UnknownRequest, unknown.Problem);
        Assert.Equal(NewDue, (await db.Obligations.AsNoTracking().SingleAsync()).DueDate);
    }

    [Fact]
    public async Task A_reply_link_of_another_institution_cannot_ask_for_this_obligation()
    {
        var (fixture, obligationId) = await AtFirstReminderAsync();
        using var _ = fixture;
        await using var db = fixture.Create();
        var token = ReplyTokens.Issue(db, ReplyTokens.NewToken(), "police-directorate", "2013-Q1", "cnr", fixture.Now, fixture.Now.AddDays(30), null);
        await db.SaveChangesAsync();
        var ex = await Assert.ThrowsAsync<ExtensionException>(() => Extensions(fixture).RequestAsync(db, obligationId, NewDue, "reason", "Ana", token.Id, fixture.Now));
        Assert.Equal(ExtensionProblem.NotThisInstitution, ex.Problem);
        Assert.Empty(await db.Extensions.ToListAsync());
    }
}
