using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Simulation;

namespace PlanWorkflows.Core.Tests.Simulation;

public sealed class SyntheticRepliesTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.Load(RepoPaths.Combine("workflows", "calendar", "holidays-me.yaml"));
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Podgorica");
    private static readonly DateTime Reminder = new(2013, 3, 18, 8, 0, 0, DateTimeKind.Utc);

    private static List<Obligation> Obligations() =>
        [.. Enumerable.Range(1, 200).Select(i => new Obligation
        {
            Id = i,
            ActivityKey = $"area/1.1.{i % 17}",
            InstitutionId = $"institution-{i % 7}",
            PeriodLabel = $"2013-Q{1 + (i % 4)}",
            DueDate = new DateOnly(2013, 4, 1),
        })];

    [Fact]
    public void What_an_institution_does_does_not_depend_on_the_order_the_simulator_meets_obligations()
    {
        var obligations = Obligations();
        var forward = new SyntheticReplies(ReplyMode.Realistic, 7, Calendar, Zone);
        var backward = new SyntheticReplies(ReplyMode.Realistic, 7, Calendar, Zone);
        var a = obligations.ToDictionary(o => o.Id, o => forward.FirstMail(o, Reminder));
        var b = Enumerable.Reverse(obligations).ToDictionary(o => o.Id, o => backward.FirstMail(o, Reminder));
        Assert.All(obligations, o => Assert.Equal(a[o.Id], b[o.Id]));
    }

    [Fact]
    public void Realistic_mode_draws_on_time_late_and_never_in_about_the_planned_shares()
    {
        var replies = new SyntheticReplies(ReplyMode.Realistic, 1, Calendar, Zone);
        var obligations = Obligations();
        var events = obligations.Select(o => replies.FirstMail(o, Reminder)).ToList();
        var due = new DateOnly(2013, 4, 1);
        var never = events.Count(e => e is null);
        var late = events.Count(e => e is not null && DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(e.At, Zone)) > due);
        Assert.InRange(never, 8, 35);      // ~10% of 200
        Assert.InRange(late, 20, 60);      // ~20%
        Assert.All(events.OfType<SyntheticEvent>(), e => Assert.True(e.At > Reminder));
        Assert.All(events.OfType<SyntheticEvent>(), e => Assert.NotEqual(ImplementationStatus.NotApplicable, e.Status));
    }

    [Fact]
    public void On_time_replies_fall_between_the_first_reminder_and_the_due_date_and_none_mode_never_replies()
    {
        var onTime = new SyntheticReplies(ReplyMode.OnTime, 3, Calendar, Zone);
        var none = new SyntheticReplies(ReplyMode.None, 3, Calendar, Zone);
        foreach (var obligation in Obligations())
        {
            var reply = onTime.FirstMail(obligation, Reminder);
            Assert.NotNull(reply);
            Assert.InRange(reply.At, Reminder.AddTicks(1), new DateTime(2013, 4, 1, 15, 0, 0, DateTimeKind.Utc));
            Assert.Null(none.FirstMail(obligation, Reminder));
            Assert.Null(none.Returned(obligation, Reminder));
        }
    }

    [Fact]
    public void The_office_accepts_most_reports_and_returns_some()
    {
        var replies = new SyntheticReplies(ReplyMode.Realistic, 1, Calendar, Zone);
        var decisions = Obligations().Select(o => replies.Review(o, o.Id, Reminder)).ToList();
        var returned = decisions.Count(d => d.Decision == "returned");
        Assert.InRange(returned, 8, 35);
        Assert.All(decisions, d => Assert.True(d.Decision is "accepted" or "returned"));
        Assert.All(decisions, d => Assert.InRange(Calendar.WorkingDaysBetween(new DateOnly(2013, 3, 18), DateOnly.FromDateTime(d.At)), 1, 4));
    }
}
