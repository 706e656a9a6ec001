using System.Globalization;
using System.Text.RegularExpressions;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Vocabulary;

namespace PlanWorkflows.Core.Status;

/// <summary>What happened to an obligation, as a person says it (not as the engine journals it).</summary>
public enum HistoryKind
{
    Reminded,
    RemindedAgain,
    Overdue,
    /// <summary>Escalated along the ladder; <see cref="HistoryEvent.Recipients"/> says to whom.</summary>
    Escalated,
    ReportReceived,
    Accepted,
    Returned,
    ExtensionRequested,
    ExtensionApproved,
    ExtensionDeclined,
}

/// <summary>
/// One event of an obligation's history, on a day in the plan's zone. <see cref="Late"/> marks a report received
/// after the due date; <see cref="Date"/> is the date an extension asks for or grants; <see cref="Recipients"/> the
/// ladder's roles an escalation went to (<c>head</c>, <c>office</c>, <c>workingGroupChair</c>…).
/// </summary>
public sealed record HistoryEvent(DateOnly On, HistoryKind Kind, bool Late = false, DateOnly? Date = null, IReadOnlyList<string>? Recipients = null);

/// <summary>
/// Turns an obligation's journal into its history in plain language with dates ("reminded 17 September 2012;
/// overdue 2 October 2012; escalated to the head of the institution 8 October 2012"), in English or Montenegrin.
/// The one place that reads journal lines for people: packs (HTML, DOCX, XLSX) and the Office's pages use it.
/// Engine bookkeeping (steps, waits, "done") is left out; the same event twice on one day is said once.
/// </summary>
public static partial class ObligationHistory
{
    // Templates whose mails are the obligation's reminders; the others a reminder step sends say something else
    // (the overdue notice goes with the Overdue status, the returned report's notice with the return).
    private const string FinalReminder = "final-reminder";
    private static readonly string[] NotReminders = ["overdue-notice", "report-returned"];

    /// <summary>The journal rows (any order, any events) of one obligation as its history, oldest first.</summary>
    public static IReadOnlyList<HistoryEvent> From(Obligation obligation, IEnumerable<JournalEntry> journal, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(obligation);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(zone);
        var events = new List<HistoryEvent>();
        foreach (var entry in journal.OrderBy(j => j.At).ThenBy(j => j.Id))
        {
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(entry.At, DateTimeKind.Utc), zone));
            HistoryEvent? e = (entry.Event, entry.StepType) switch
            {
                ("mail", "Escalate") => new HistoryEvent(day, HistoryKind.Escalated, Recipients: RecipientsOf(entry.Message)),
                ("mail", "SendReminder") => TemplateOf(entry.Message) switch
                {
                    FinalReminder => new HistoryEvent(day, HistoryKind.RemindedAgain),
                    var t when NotReminders.Contains(t) => null,
                    _ => new HistoryEvent(day, events.Any(x => x.Kind is HistoryKind.Reminded or HistoryKind.RemindedAgain) ? HistoryKind.RemindedAgain : HistoryKind.Reminded),
                },
                ("status", _) => To(entry.Message) switch
                {
                    nameof(ObligationStatus.Overdue) => new HistoryEvent(day, HistoryKind.Overdue),
                    nameof(ObligationStatus.Returned) => new HistoryEvent(day, HistoryKind.Returned),
                    nameof(ObligationStatus.Accepted) => new HistoryEvent(day, HistoryKind.Accepted),
                    _ => null,
                },
                ("report", _) => new HistoryEvent(day, HistoryKind.ReportReceived, Late: day > obligation.DueDate),
                ("accepted", _) => new HistoryEvent(day, HistoryKind.Accepted),
                ("returned", _) => new HistoryEvent(day, HistoryKind.Returned),
                ("extension-requested", _) => new HistoryEvent(day, HistoryKind.ExtensionRequested, Date: FirstDate(entry.Message)),
                ("extended", _) => new HistoryEvent(day, HistoryKind.ExtensionApproved, Date: LastDate(entry.Message)),
                ("extension-declined", _) => new HistoryEvent(day, HistoryKind.ExtensionDeclined),
                _ => null,
            };
            if (e is not null && !events.Contains(e))
            {
                events.Add(e);
            }
        }

        return events;
    }

    /// <summary>en: <c>reminded 17 September 2012</c>; cnr: <c>podsjetnik poslat 17. septembar 2012.</c></summary>
    public static string Text(HistoryEvent e, string language)
    {
        ArgumentNullException.ThrowIfNull(e);
        var cnr = language == MailLanguages.Montenegrin;
        var on = MailFormat.Date(e.On, language);
        string? date = e.Date is { } d ? MailFormat.Date(d, language) : null;
        return e.Kind switch
        {
            HistoryKind.Reminded => cnr ? $"podsjetnik poslat {on}" : $"reminded {on}",
            HistoryKind.RemindedAgain => cnr ? $"ponovni podsjetnik {on}" : $"reminded again {on}",
            HistoryKind.Overdue => cnr ? $"u kašnjenju od {on}" : $"overdue {on}",
            HistoryKind.Escalated => cnr ? $"eskalirano: {Whom(e.Recipients, language)} {on}" : $"escalated to {Whom(e.Recipients, language)} {on}",
            HistoryKind.ReportReceived when e.Late => cnr ? $"izvještaj primljen sa zakašnjenjem {on}" : $"report received late {on}",
            HistoryKind.ReportReceived => cnr ? $"izvještaj primljen {on}" : $"report received {on}",
            HistoryKind.Accepted => cnr ? $"izvještaj prihvaćen {on}" : $"report accepted {on}",
            HistoryKind.Returned => cnr ? $"izvještaj vraćen na dopunu {on}" : $"report returned for completion {on}",
            // Two dates: the one asked for or granted, and the day it happened.
            HistoryKind.ExtensionRequested => cnr ? $"zatraženo produženje roka{(date is null ? string.Empty : $" do {date}")}, dana {on}" : $"extension{(date is null ? string.Empty : $" to {date}")} requested on {on}",
            HistoryKind.ExtensionApproved => cnr ? $"rok produžen{(date is null ? string.Empty : $" do {date}")}, dana {on}" : $"due date extended{(date is null ? string.Empty : $" to {date}")} on {on}",
            HistoryKind.ExtensionDeclined => cnr ? $"zahtjev za produženje roka odbijen {on}" : $"extension declined {on}",
            _ => on,
        };
    }

    /// <summary>The whole history on one line: <c>reminded 17 September 2012; overdue 2 October 2012; …</c></summary>
    public static string Line(IEnumerable<HistoryEvent> events, string language) => string.Join("; ", events.Select(e => Text(e, language)));

    /// <summary>
    /// The last mail sent about an obligation, by its template, as a person says it: <c>escalation to the Office and the
    /// Working Group chair, 15 October 2012</c>. Templates the Office adds in the designer keep their name.
    /// </summary>
    public static string Mail(string template, DateOnly sent, string language)
    {
        ArgumentNullException.ThrowIfNull(template);
        var cnr = language == MailLanguages.Montenegrin;
        var what = template switch
        {
            "first-reminder" => cnr ? "podsjetnik" : "reminder",
            FinalReminder => cnr ? "posljednji podsjetnik" : "final reminder",
            "overdue-notice" => cnr ? "obavještenje o kašnjenju" : "overdue notice",
            "escalation-head" => cnr ? "eskalacija rukovodiocu institucije" : "escalation to the head of the institution",
            "escalation-office" => cnr ? "eskalacija Kancelariji i predsjedavajućem Radne grupe" : "escalation to the Office and the Working Group chair",
            "report-returned" => cnr ? "izvještaj vraćen na dopunu" : "report returned for completion",
            "extension-approved" => cnr ? "produženje roka odobreno" : "extension approved",
            "extension-declined" => cnr ? "produženje roka odbijeno" : "extension declined",
            "digest" => cnr ? "pregled obaveza" : "digest of due reports",
            _ => template,
        };
        return $"{what}, {MailFormat.Date(sent, language)}";
    }

    /// <summary>The ladder's roles as a person names them, joined: <c>the Office and the Working Group chair</c>.</summary>
    private static string Whom(IReadOnlyList<string>? recipients, string language)
    {
        var cnr = language == MailLanguages.Montenegrin;
        var names = (recipients ?? []).Select(r => r switch
        {
            "head" => cnr ? "rukovodiocu institucije" : "the head of the institution",
            "office" => cnr ? "Kancelariji" : "the Office",
            "workingGroupChair" => cnr ? "predsjedavajućem Radne grupe" : "the Working Group chair",
            "focalPoint" => cnr ? "kontakt osobi" : "the focal point",
            "deputy" => cnr ? "zamjeniku kontakt osobe" : "the deputy focal point",
            "secretary" => cnr ? "sekretaru Radne grupe" : "the Working Group secretary",
            _ => cnr ? "drugim primaocima" : "other recipients",
        }).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return cnr ? "na viši nivo" : "the next level";
        }

        var and = cnr ? " i " : " and ";
        return names.Count == 1 ? names[0] : $"{string.Join(", ", names[..^1])}{and}{names[^1]}";
    }

    // "escalation-head to head, deputy (copy office)": the engine's wording of a mail effect.
    private static string TemplateOf(string message)
    {
        var space = message.IndexOf(" to ", StringComparison.Ordinal);
        return space < 0 ? message : message[..space];
    }

    private static List<string> RecipientsOf(string message)
    {
        var to = message.IndexOf(" to ", StringComparison.Ordinal);
        if (to < 0)
        {
            return [];
        }

        var list = message[(to + 4)..];
        var copy = list.IndexOf(" (copy ", StringComparison.Ordinal);
        return [.. (copy < 0 ? list : list[..copy]).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
    }

    // "Reminded → Overdue"
    private static string To(string message)
    {
        var arrow = message.LastIndexOf('→');
        return arrow < 0 ? string.Empty : message[(arrow + 1)..].Trim();
    }

    private static DateOnly? FirstDate(string message) => IsoDate().Matches(message).Select(Parse).FirstOrDefault(d => d is not null);

    private static DateOnly? LastDate(string message) => IsoDate().Matches(message).Select(Parse).LastOrDefault(d => d is not null);

    private static DateOnly? Parse(Match m) =>
        DateOnly.TryParseExact(m.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDate();
}
