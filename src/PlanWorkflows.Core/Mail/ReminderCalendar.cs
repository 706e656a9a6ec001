using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace PlanWorkflows.Core.Mail;

/// <summary>The <c>.ics</c> attached to reminders: one event on the due date, in the plan's time zone.</summary>
public static class ReminderCalendar
{
    // Morning of the due date: early enough to still send the report that day.
    private static readonly TimeOnly Start = new(9, 0);
    private static readonly TimeOnly End = new(9, 30);

    public static string Build(ReminderEvent reminder, MailOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        ArgumentNullException.ThrowIfNull(options);
        var calendar = new Calendar { ProductId = "-//PlanWorkflows//Reminders//EN", Method = "PUBLISH" };
        calendar.AddTimeZone(options.TimeZone);
        var due = reminder.DueDate;
        var codes = string.Join(", ", reminder.Codes);
        calendar.Events.Add(new CalendarEvent
        {
            // Stable per institution and round: a later reminder updates the same entry instead of adding another.
            Uid = $"{MailComposer.SafeId(reminder.InstitutionId)}.{MailComposer.SafeId(reminder.Round)}@{options.ReplyDomain}",
            DtStamp = new CalDateTime(now.UtcDateTime, "UTC"),
            DtStart = new CalDateTime(due.ToDateTime(Start), options.TimeZone),
            DtEnd = new CalDateTime(due.ToDateTime(End), options.TimeZone),
            Summary = string.IsNullOrEmpty(codes) ? reminder.Summary : $"{reminder.Summary} [{codes}]",
            Description = string.IsNullOrEmpty(codes) ? reminder.Summary : $"{reminder.Summary}\n{codes}",
            Transparency = TransparencyType.Transparent,
        });
        return new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
    }
}
