using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Tests.Workflows.Runtime;

public sealed class WorkflowEngineTests
{
    private static readonly DateTimeOffset Start = new(2013, 1, 7, 8, 0, 0, TimeSpan.Zero);

    // Due 2013-03-31 (a Sunday) → 2013-04-01; 10 working days before is 2013-03-18, 1 after is 2013-04-02.
    private static readonly PlanWorkflows.Core.Catalogue.PlanCatalogue OneDeadline =
        EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31), ("1.1.1", "I Quarter of 2013", ["ministry-health"]));

    private static async Task<EngineFixture> ReadyAsync(PlanWorkflows.Core.Catalogue.PlanCatalogue catalogue)
    {
        var fixture = new EngineFixture(Start);
        await fixture.PublishAsync(EngineFixture.Ladder);
        await fixture.SyncAsync(catalogue);
        return fixture;
    }

    [Fact]
    public async Task Instance_waits_for_its_reminder_date_and_sends_one_reminder_there()
    {
        using var fixture = await ReadyAsync(OneDeadline);
        var engine = fixture.Engine();
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 18, 7, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            Assert.Empty(db.Outbox);
            var bookmark = Assert.Single(db.Bookmarks);
            Assert.Equal("wait-first", bookmark.StepId);
            Assert.Equal(new DateTime(2013, 3, 18, 8, 0, 0, DateTimeKind.Utc), bookmark.WakeAt); // 09:00 in Podgorica (CET)
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 18, 9, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            var mail = Assert.Single(db.Outbox);
            Assert.Equal("first-reminder", mail.Template);
            Assert.Equal("ministry-health.focal@example.org", mail.To);
            Assert.Equal("cnr", mail.Language);
            Assert.Equal(new DateTime(2013, 3, 18, 8, 0, 0, DateTimeKind.Utc), mail.CreatedAt);
            var model = JsonNode.Parse(mail.ModelJson)!;
            Assert.Equal("2013-04-01", model["dueDate"]!.GetValue<string>());
            Assert.Equal("Activity 1.1.1", model["activityTitle"]!.GetValue<string>());
            Assert.Equal(ObligationStatus.Reminded, db.Obligations.Single().Status);
            Assert.Equal("reply", db.Bookmarks.Single().StepId);
        }
    }

    [Fact]
    public async Task Institution_that_never_replies_is_marked_overdue_and_escalated_with_a_copy_to_the_office()
    {
        using var fixture = await ReadyAsync(OneDeadline);
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 6, 1, 0, 0, 0, TimeSpan.Zero), fixture.Engine());
        await using var db = fixture.Create();
        var mails = db.Outbox.OrderBy(m => m.Id).ToList();
        Assert.Equal(["first-reminder", "escalation-head"], mails.Select(m => m.Template));
        Assert.Equal(new DateTime(2013, 4, 2, 7, 0, 0, DateTimeKind.Utc), mails[1].CreatedAt); // 09:00 CEST the working day after the due date
        Assert.Equal("ministry-health.head@example.org", mails[1].To);
        Assert.Equal("moi-office.focal@example.org", mails[1].Cc);
        var obligation = db.Obligations.Single();
        Assert.Equal(ObligationStatus.Escalated, obligation.Status);
        Assert.Equal(1, obligation.EscalationLevel);
        Assert.Equal(InstanceStatus.Completed, db.Instances.Single().Status);
        Assert.Empty(db.Timers);
        Assert.Contains(db.Journal, j => j.StepId == "reply" && j.Message == "timedOut");
    }

    [Fact]
    public async Task Reply_before_the_deadline_resumes_the_workflow_on_the_replied_branch()
    {
        using var fixture = await ReadyAsync(OneDeadline);
        var engine = fixture.Engine();
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 25, 10, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            await WorkflowEngine.SubmitReportAsync(db, db.Obligations.Single().Id, ImplementationStatus.Implemented, "Done.", "form", "focal point", fixture.Now);
            await db.SaveChangesAsync();
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 6, 1, 0, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            Assert.Equal(["first-reminder"], db.Outbox.Select(m => m.Template));
            Assert.Equal(ObligationStatus.Accepted, db.Obligations.Single().Status);
            Assert.Equal(InstanceStatus.Completed, db.Instances.Single().Status);
            Assert.Contains(db.Journal, j => j.StepId == "reply" && j.Message == "replied");
            Assert.Empty(db.Timers); // the timeout timer of the finished wait went with it
        }
    }

    [Fact]
    public async Task A_new_engine_on_the_same_database_continues_where_the_last_one_stopped()
    {
        using var fixture = await ReadyAsync(OneDeadline);
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 20, 0, 0, 0, TimeSpan.Zero), fixture.Engine(host: "host-a"));
        // "Restart": a new engine object, nothing carried over in memory.
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 6, 1, 0, 0, 0, TimeSpan.Zero), fixture.Engine(host: "host-b"));
        await using var db = fixture.Create();
        Assert.Equal(["first-reminder", "escalation-head"], db.Outbox.OrderBy(m => m.Id).Select(m => m.Template));
    }

    [Fact]
    public async Task Running_due_timers_twice_sends_nothing_twice()
    {
        using var fixture = await ReadyAsync(OneDeadline);
        var engine = fixture.Engine();
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 19, 0, 0, 0, TimeSpan.Zero), engine);
        var again = await engine.RunDueAsync();
        Assert.Equal(0, again.TimersClaimed);
        await using var db = fixture.Create();
        Assert.Single(db.Outbox);
    }

    [Fact]
    public async Task A_host_that_dies_after_claiming_leaves_nothing_done_and_another_host_finishes_after_the_lease()
    {
        using var fixture = await ReadyAsync(OneDeadline);
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 18, 7, 0, 0, TimeSpan.Zero), fixture.Engine());
        fixture.Time.SetUtcNow(new DateTimeOffset(2013, 3, 18, 9, 0, 0, TimeSpan.Zero));

        // The dying host claims the due reminder timer, then never commits.
        var dead = fixture.Engine(host: "dead");
        var claimed = await dead.ClaimForTestAsync();
        Assert.Single(claimed);

        var survivor = fixture.Engine(host: "survivor");
        Assert.Equal(0, (await survivor.RunDueAsync()).TimersClaimed); // still leased
        await using (var db = fixture.Create())
        {
            Assert.Empty(db.Outbox);
        }

        fixture.Time.Advance(fixture.EngineOptions.LeaseDuration + TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await survivor.RunDueAsync()).Transitions);
        await using (var db = fixture.Create())
        {
            Assert.Equal(["first-reminder"], db.Outbox.Select(m => m.Template));
        }
    }

    [Fact]
    public async Task A_failing_step_raises_incidents_retries_with_backoff_then_faults_and_can_be_retried()
    {
        using var fixture = new EngineFixture(Start);
        await fixture.PublishAsync(EngineFixture.Ladder.Replace("\"type\": \"SendReminder\"", "\"type\": \"Flaky\"", StringComparison.Ordinal));
        await fixture.SyncAsync(OneDeadline);
        var flaky = new FlakyStep(failures: 10);
        var engine = fixture.Engine([.. BuiltInSteps.All, flaky]);
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 18, 8, 5, 0, TimeSpan.Zero), engine);

        await using (var db = fixture.Create())
        {
            var incident = Assert.Single(db.Incidents);
            Assert.Equal("first", incident.StepId);
            Assert.Equal(1, incident.Attempt);
            var retry = Assert.Single(db.Timers);
            Assert.Equal(TimerKind.Retry, retry.Kind);
            Assert.Equal(new DateTime(2013, 3, 18, 8, 10, 0, DateTimeKind.Utc), retry.DueAt);
            Assert.Empty(db.Outbox);
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 18, 12, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            Assert.Equal([1, 2, 3], db.Incidents.OrderBy(i => i.Id).Select(i => i.Attempt));
            Assert.Equal(InstanceStatus.Faulted, db.Instances.Single().Status);
            Assert.Empty(db.Timers);
        }

        flaky.Failures = 0;
        await using (var db = fixture.Create())
        {
            Assert.True(await WorkflowEngine.RetryAsync(db, db.Instances.Single().Id, fixture.Now));
            await db.SaveChangesAsync();
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 18, 13, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            Assert.Equal(InstanceStatus.Waiting, db.Instances.Single().Status);
            Assert.Equal("reply", db.Bookmarks.Single().StepId);
            Assert.All(db.Incidents, i => Assert.NotNull(i.ResolvedAt));
        }
    }

    [Fact]
    public async Task Faulted_instance_ignores_replies_until_retried_and_then_sees_the_report()
    {
        using var fixture = new EngineFixture(Start);
        await fixture.PublishAsync(EngineFixture.Ladder.Replace("\"type\": \"SendReminder\"", "\"type\": \"Flaky\"", StringComparison.Ordinal));
        await fixture.SyncAsync(OneDeadline);
        var flaky = new FlakyStep(failures: 3);
        var engine = fixture.Engine([.. BuiltInSteps.All, flaky]);
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 18, 12, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            Assert.Equal(InstanceStatus.Faulted, db.Instances.Single().Status);
            await WorkflowEngine.SubmitReportAsync(db, db.Obligations.Single().Id, ImplementationStatus.PartiallyImplemented, "Half done.", "email", "focal point", fixture.Now);
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 18, 13, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            Assert.Equal(3, db.Incidents.Count());
            Assert.Equal(ObligationStatus.Reported, db.Obligations.Single().Status);
            Assert.True(await WorkflowEngine.RetryAsync(db, db.Instances.Single().Id, fixture.Now));
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 18, 14, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            Assert.Equal(3, db.Incidents.Count());
            Assert.Equal(InstanceStatus.Completed, db.Instances.Single().Status);
            Assert.Equal(ObligationStatus.Accepted, db.Obligations.Single().Status);
            Assert.Contains(db.Journal, j => j.StepId == "reply" && j.Message == "replied");
        }
    }

    [Fact]
    public async Task Cancelled_instance_stops_and_its_queued_mail_is_withdrawn()
    {
        using var fixture = await ReadyAsync(OneDeadline);
        var engine = fixture.Engine();
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 19, 0, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            Assert.True(await WorkflowEngine.CancelAsync(db, db.Instances.Single().Id, "Office decision", fixture.Now));
            await db.SaveChangesAsync();
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 6, 1, 0, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            Assert.Equal(OutboxStatus.Cancelled, db.Outbox.Single().Status);
            Assert.Equal(InstanceStatus.Cancelled, db.Instances.Single().Status);
            Assert.Empty(db.Timers);
        }
    }

    private sealed class FlakyStep(int failures) : StepType(new StepTypeInfo("Flaky", StepComponent.Task, "Test", "Fails a number of times.", [], []))
    {
        public int Failures { get; set; } = failures;

        public override StepResult Execute(StepContext context)
        {
            if (Failures-- > 0)
            {
                throw new InvalidOperationException("mail relay unreachable");
            }

            context.SendMail("first-reminder", ["focalPoint"]);
            return StepResult.Next;
        }
    }
}

public sealed class DefinitionVersionTests
{
    [Fact]
    public async Task Running_instance_keeps_its_version_while_new_instances_take_the_published_one()
    {
        using var fixture = new EngineFixture(new DateTimeOffset(2013, 1, 7, 8, 0, 0, TimeSpan.Zero));
        await fixture.PublishAsync(EngineFixture.Ladder);
        await fixture.SyncAsync(EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31), ("1.1.1", "I Quarter of 2013", ["ministry-health"])));
        var engine = fixture.Engine();
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 1, 8, 0, 0, 0, TimeSpan.Zero), engine);

        // v2 sends the final reminder template instead of the first one.
        await fixture.PublishAsync(EngineFixture.Ladder.Replace("\"template\": \"first-reminder\"", "\"template\": \"final-reminder\"", StringComparison.Ordinal));
        await fixture.SyncAsync(EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31),
            ("1.1.1", "I Quarter of 2013", ["ministry-health"]), ("1.1.2", "I Quarter of 2013", ["ministry-culture"])));
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 19, 0, 0, 0, TimeSpan.Zero), engine);

        await using var db = fixture.Create();
        Assert.Equal([1, 2], db.Definitions.Where(d => d.Name == "test-ladder").OrderBy(d => d.Version).Select(d => d.Version));
        Assert.Equal(Data.DefinitionState.Retired, db.Definitions.Single(d => d.Version == 1).State);
        var byInstitution = db.Outbox.ToDictionary(m => m.InstitutionId!, m => m.Template);
        Assert.Equal("first-reminder", byInstitution["ministry-health"]);
        Assert.Equal("final-reminder", byInstitution["ministry-culture"]);
        Assert.Equal([1, 2], db.Instances.OrderBy(i => i.Id).Select(i => i.DefinitionVersion));
    }
}
