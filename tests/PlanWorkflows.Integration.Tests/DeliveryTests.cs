using System.Text.Json.Nodes;
using PlanWorkflows.Core;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Integration.Tests;

/// <summary>The delivery assertions the runs rely on: they pass what the service may do and catch a real duplicate.</summary>
public sealed class DeliveryTests
{
    private static long _id;

    private static OutboxMessage Row(long obligation, string template, DateTime createdAt) => new()
    {
        Id = Interlocked.Increment(ref _id), MessageId = $"pw.{_id}@test", ObligationId = obligation, InstitutionId = "police",
        Template = template, To = "ana@policija.me", CreatedAt = createdAt, NotBefore = createdAt, Status = OutboxStatus.Sent,
    };

    /// <summary>09:00 in Podgorica (CET, winter) on a day.</summary>
    private static DateTime At(int year, int month, int day) => new(year, month, day, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_progress_request_each_quarter_is_no_duplicate()
    {
        OutboxMessage[] outbox =
        [
            Row(1, KnownTemplates.ProgressRequest, At(2012, 10, 1)),
            Row(1, KnownTemplates.ProgressRequest, At(2013, 1, 3)),
            Row(1, KnownTemplates.ProgressRequest, At(2013, 4, 2)),
            Row(1, KnownTemplates.FirstReminder, At(2013, 6, 14)),
            Row(2, KnownTemplates.ProgressRequest, At(2013, 1, 3)),
            Row(2, KnownTemplates.FirstReminder, At(2013, 6, 14)),
        ];

        Assert.Empty(Delivery.RemindersDecidedTwice(outbox));
        Delivery.AssertNoReminderDecidedTwice(outbox);
    }

    [Fact]
    public void Two_progress_requests_in_one_quarter_are_a_duplicate()
    {
        OutboxMessage[] outbox =
        [
            Row(1, KnownTemplates.ProgressRequest, At(2013, 1, 3)),
            Row(1, KnownTemplates.ProgressRequest, At(2013, 2, 1)),
            Row(2, KnownTemplates.ProgressRequest, At(2013, 1, 3)),
        ];

        Assert.Equal(new[] { (1L, KnownTemplates.ProgressRequest, (string?)"2013-Q1") }, Delivery.RemindersDecidedTwice(outbox).Select(d => (d.ObligationId!.Value, d.Template, d.Round)));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Delivery.AssertNoReminderDecidedTwice(outbox));
    }

    [Fact]
    public void Any_other_reminder_twice_is_a_duplicate_whenever_it_was_written()
    {
        OutboxMessage[] outbox =
        [
            Row(1, KnownTemplates.FirstReminder, At(2013, 6, 14)),
            Row(1, KnownTemplates.FirstReminder, At(2013, 9, 13)),
            Row(1, KnownTemplates.FinalReminder, At(2013, 6, 26)),
        ];

        Assert.Equal(new[] { (1L, KnownTemplates.FirstReminder, (string?)null) }, Delivery.RemindersDecidedTwice(outbox).Select(d => (d.ObligationId!.Value, d.Template, d.Round)));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Delivery.AssertNoReminderDecidedTwice(outbox));
    }

    [Fact]
    public void The_round_is_the_quarter_of_the_day_in_the_plans_zone()
    {
        // 23:30 UTC on 31 March 2013 is already 1 April in Podgorica (CEST from 31 March).
        Assert.Equal("2013-Q2", Delivery.Round(Row(1, KnownTemplates.ProgressRequest, new DateTime(2013, 3, 31, 23, 30, 0, DateTimeKind.Utc))));
        Assert.Equal("2013-Q1", Delivery.Round(Row(1, KnownTemplates.ProgressRequest, new DateTime(2013, 3, 31, 20, 0, 0, DateTimeKind.Utc))));
        Assert.Null(Delivery.Round(Row(1, KnownTemplates.OverdueNotice, new DateTime(2013, 3, 31, 20, 0, 0, DateTimeKind.Utc))));
    }

    [Fact]
    public void Rounds_follow_the_shipped_deadline_definitions_progress_requests()
    {
        var path = Path.Combine(WorkflowsFolder.Locate(), WorkflowsFolder.DefinitionsFolder, "deadline-report.json");
        var steps = JsonNode.Parse(File.ReadAllText(path))!["sequence"]!.AsArray();
        var progress = Assert.Single(steps, s => s!["type"]!.GetValue<string>() == "RequestProgress")!;
        Assert.Equal(Delivery.ProgressRequestMonths, progress["properties"]!["everyMonths"]!.GetValue<int>());
    }
}
