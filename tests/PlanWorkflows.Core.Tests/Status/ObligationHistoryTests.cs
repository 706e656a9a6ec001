using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Status;

namespace PlanWorkflows.Core.Tests.Status;

/// <summary>An obligation's journal as people read it (<see cref="ObligationHistory"/>).</summary>
public sealed class ObligationHistoryTests
{
    private static readonly TimeZoneInfo Podgorica = TimeZoneInfo.FindSystemTimeZoneById("Europe/Podgorica");

    private static readonly Obligation Due1October = new() { Id = 7, ActivityKey = "prevention-and-education/1.1.2", InstitutionId = "moi-office", PeriodLabel = "by 2012-Q3", DueDate = new DateOnly(2012, 10, 1) };

    private static JournalEntry Row(int id, string at, string @event, string? stepType, string message) => new()
    {
        Id = id, ObligationId = 7, At = DateTime.Parse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal),
        Event = @event, StepType = stepType, Message = message,
    };

    // The journal of an obligation of the shipped plan as the simulation wrote it (steps and waits included).
    private static readonly JournalEntry[] Journal =
    [
        Row(1, "2012-09-14T07:00:00Z", "created", null, "obligation prevention-and-education/1.1.2 / moi-office / by 2012-Q3, due 2012-10-01; workflow deadline-report v1"),
        Row(2, "2012-09-17T07:00:00Z", "step", "WaitUntil", "done"),
        Row(3, "2012-09-17T07:00:00Z", "mail", "SendReminder", "first-reminder to focalPoint"),
        Row(4, "2012-09-17T07:00:00Z", "status", "SendReminder", "Pending → Reminded"),
        Row(5, "2012-09-27T07:00:00Z", "mail", "SendReminder", "final-reminder to focalPoint, deputy"),
        Row(6, "2012-10-02T07:00:00Z", "status", "SetStatus", "Reminded → Overdue"),
        Row(7, "2012-10-02T07:00:00Z", "mail", "SendReminder", "overdue-notice to focalPoint, deputy"),
        Row(8, "2012-10-08T07:00:00Z", "step", "Escalate", "done"),
        Row(9, "2012-10-08T07:00:00Z", "mail", "Escalate", "escalation-head to head (copy office)"),
        Row(10, "2012-10-08T07:00:00Z", "status", "Escalate", "Overdue → Escalated"),
        Row(11, "2012-10-15T07:00:00Z", "mail", "Escalate", "escalation-office to office, workingGroupChair"),
        Row(12, "2012-10-20T09:00:00Z", "extension-requested", null, "extension to 2012-11-30 requested by focal point: staff away"),
        Row(13, "2012-10-22T09:00:00Z", "extended", null, "due date moved from 2012-10-01 to 2012-11-30 (extension 1 approved by office)"),
        Row(14, "2012-12-03T23:30:00Z", "report", null, "report v1 (PartiallyImplemented) by moi-office focal point via form"),
        Row(15, "2012-12-05T10:00:00Z", "returned", null, "returned by office: figures missing"),
        Row(16, "2012-12-05T10:00:00Z", "status", "ReviewReport", "Reported → Returned"),
    ];

    [Fact]
    public void The_journal_reads_as_dated_events_in_english()
    {
        var line = ObligationHistory.Line(ObligationHistory.From(Due1October, Journal, Podgorica), "en");

        Assert.Equal(
            "reminded 17 September 2012; reminded again 27 September 2012; overdue 2 October 2012; escalated to the head of the institution 8 October 2012; "
            + "escalated to the Office and the Working Group chair 15 October 2012; extension to 30 November 2012 requested on 20 October 2012; "
            + "due date extended to 30 November 2012 on 22 October 2012; report received late 4 December 2012; report returned for completion 5 December 2012",
            line);
        Assert.DoesNotContain("→", line, StringComparison.Ordinal);
        Assert.DoesNotContain("done", line, StringComparison.Ordinal);
    }

    [Fact]
    public void The_journal_reads_as_dated_events_in_montenegrin_with_its_month_names()
    {
        var events = ObligationHistory.From(Due1October, Journal, Podgorica);

        Assert.Equal("podsjetnik poslat 17. septembar 2012.", ObligationHistory.Text(events[0], "cnr"));
        Assert.Equal("u kašnjenju od 2. oktobar 2012.", ObligationHistory.Text(events[2], "cnr"));
        Assert.Equal("eskalirano: rukovodiocu institucije 8. oktobar 2012.", ObligationHistory.Text(events[3], "cnr"));
        Assert.Equal("eskalirano: Kancelariji i predsjedavajućem Radne grupe 15. oktobar 2012.", ObligationHistory.Text(events[4], "cnr"));
        // 23:30 UTC on 3 December is 00:30 on the 4th in Podgorica: the day is the plan's.
        Assert.Equal("rok produžen do 30. novembar 2012., dana 22. oktobar 2012.", ObligationHistory.Text(events[6], "cnr"));
        Assert.Equal("izvještaj primljen sa zakašnjenjem 4. decembar 2012.", ObligationHistory.Text(events[7], "cnr"));
    }

    [Fact]
    public void A_report_within_its_due_date_is_not_late_and_the_same_event_twice_a_day_is_said_once()
    {
        var onTime = new Obligation { Id = 7, DueDate = new DateOnly(2012, 12, 31) };
        var events = ObligationHistory.From(onTime, [Journal[13], Journal[14], Journal[15]], Podgorica);

        Assert.Equal([HistoryKind.ReportReceived, HistoryKind.Returned], events.Select(e => e.Kind));
        Assert.False(events[0].Late);
    }

    [Theory]
    [InlineData("escalation-office", "en", "escalation to the Office and the Working Group chair, 15 October 2012")]
    [InlineData("first-reminder", "cnr", "podsjetnik, 15. oktobar 2012.")]
    [InlineData("my-own-template", "en", "my-own-template, 15 October 2012")]
    public void The_last_mail_is_named_for_what_it_said(string template, string language, string expected)
    {
        Assert.Equal(expected, ObligationHistory.Mail(template, new DateOnly(2012, 10, 15), language));
    }
}
