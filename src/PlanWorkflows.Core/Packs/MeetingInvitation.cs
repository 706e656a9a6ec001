using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using PlanWorkflows.Core.Obligations;

namespace PlanWorkflows.Core.Packs;

/// <summary>
/// The members' calendar invitation (<c>METHOD:REQUEST</c>) to one meeting. Its UID depends only on the meeting's
/// date, and each later invitation to the same meeting carries a higher SEQUENCE, so calendars replace the entry.
/// </summary>
public static class MeetingInvitation
{
    public static string Uid(DateOnly meeting, string domain) => $"working-group-meeting-{PackBuilder.Date(meeting)}@{domain}";

    public static string FileName(DateOnly meeting) => $"invitation-{PackBuilder.Date(meeting)}.ics";

    /// <param name="stamp">When the invitation was made (the outbox row's time): the same row always gives the same bytes.</param>
    public static string Build(MeetingEntry meeting, string title, string timeZone, string domain, string organizer, IEnumerable<string> attendees, int sequence, DateTime stamp)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentNullException.ThrowIfNull(attendees);
        var calendar = new Calendar { ProductId = "-//PlanWorkflows//Meetings//EN", Method = "REQUEST" };
        // The zone's rules from a year before the meeting: by default the VTIMEZONE would start at today's rules,
        // and a client would not know the offset of a meeting dated before them.
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(timeZone, meeting.Date.AddYears(-1).ToDateTime(TimeOnly.MinValue), includeHistoricalData: false));
        var start = meeting.Date.ToDateTime(meeting.Start);
        var invitation = new CalendarEvent
        {
            Uid = Uid(meeting.Date, domain),
            Sequence = sequence,
            DtStamp = new CalDateTime(DateTime.SpecifyKind(stamp, DateTimeKind.Utc), "UTC"),
            DtStart = new CalDateTime(start, timeZone),
            DtEnd = new CalDateTime(start.AddMinutes(meeting.DurationMinutes), timeZone),
            Summary = title,
            Location = string.IsNullOrWhiteSpace(meeting.Location) ? null : meeting.Location,
            Organizer = new Organizer($"mailto:{organizer}"),
            Status = "CONFIRMED",
        };
        foreach (var address in attendees.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            invitation.Attendees.Add(new Attendee($"mailto:{address}") { Role = "REQ-PARTICIPANT", ParticipationStatus = "NEEDS-ACTION", Rsvp = true });
        }

        calendar.Events.Add(invitation);
        return new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
    }
}
