using System.Globalization;
using PlanWorkflows.Core.Mail;

namespace PlanWorkflows.Core.Obligations;

/// <summary>The Working Group's meetings (<c>Meetings</c> section): the dates packs are assembled for, and the invitation's details.</summary>
public sealed class MeetingOptions
{
    public const string SectionName = "Meetings";

    /// <summary>Meeting dates as yyyy-MM-dd.</summary>
    public IList<string> Dates { get; } = [];

    /// <summary>The packs' language (en, cnr or cnr-Cyrl); empty: what the meeting workflow asks for.</summary>
    public string? Language { get; set; }

    /// <summary>When meetings begin, HH:mm in the plan's time zone (the members' invitation).</summary>
    public string StartTime { get; set; } = "10:00";

    public int DurationMinutes { get; set; } = 120;

    public string? Location { get; set; }

    /// <summary>Ad-hoc meetings; empty: <c>meetings.yaml</c> in the workflows folder, when there is one.</summary>
    public string? File { get; set; }

    /// <summary>The dates, parsed and in order; a date that does not parse is an error the service refuses to start with.</summary>
    public IReadOnlyList<DateOnly> Parse()
    {
        var dates = new SortedSet<DateOnly>();
        foreach (var text in Dates)
        {
            if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new FormatException($"{SectionName}:Dates: '{text}' is not a date as yyyy-MM-dd");
            }

            dates.Add(date);
        }

        if (!string.IsNullOrEmpty(Language) && MailLanguages.Canonical(Language) != Language)
        {
            throw new FormatException($"{SectionName}:{nameof(Language)}: '{Language}' must be one of {MailLanguages.Choices}");
        }

        if (DurationMinutes is <= 0 or > 24 * 60)
        {
            throw new FormatException($"{SectionName}:{nameof(DurationMinutes)}: {DurationMinutes} must be between 1 and 1440");
        }

        return [.. dates];
    }

    public TimeOnly ParseStartTime() =>
        TimeOnly.TryParseExact(StartTime, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new FormatException($"{SectionName}:{nameof(StartTime)}: '{StartTime}' is not a time as HH:mm");
}
