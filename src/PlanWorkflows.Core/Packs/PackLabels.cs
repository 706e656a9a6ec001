using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Obligations;

namespace PlanWorkflows.Core.Packs;

/// <summary>The fixed words of a pack in one language; data (titles, narratives) stays as institutions wrote it.</summary>
public sealed record PackLabels(
    string Title,
    string MeetingOn,
    string PreviousMeeting,
    string Agenda,
    string Summary,
    string ByStatus,
    string ByArea,
    string Area,
    string Total,
    string Activities,
    string Status,
    string NoReportReceived,
    string Overdue,
    string NothingOverdue,
    string Activity,
    string Institution,
    string Period,
    string DueDate,
    string WorkingDaysOverdue,
    string EscalationLevel,
    string LastMail,
    string EscalationHistory,
    string Implementers,
    string NoImplementer,
    string Timeframe,
    string LatestReports,
    string NoReports,
    string Submitted,
    string IndicatorValues,
    string Narrative,
    string Evidence,
    string ChangesSince,
    string NoChanges,
    string IndicatorTable,
    string Indicator,
    string Sum,
    string Reporting,
    string ItemsForDecision,
    string NoDecisions,
    string ExtensionRequest,
    string ReturnedReport,
    string UnparsedTimeframe,
    string Chart,
    string Page,
    string Of,
    string ObligationsSheet,
    string LatestReport,
    string ReportedOn)
{
    /// <summary>The mark on a report that came after its due date.</summary>
    public string Late { get; init; } = "late";

    /// <summary>The annex's column of each obligation's history in plain language.</summary>
    public string History { get; init; } = "History";

    /// <summary>"3 January 2013, late": a report's day, with the late mark when it came after its due date.</summary>
    public string Received(DateOnly on, bool late) => late ? $"{PackBuilder.Date(on)} ({Late})" : PackBuilder.Date(on);
    /// <summary>Column of the indicator table beside the sum.</summary>
    public string Target { get; init; } = "Target";

    public static PackLabels For(string language) => language == MailLanguages.Montenegrin ? Montenegrin : English;

    public static readonly PackLabels English = new(
        "Working Group meeting pack", "Meeting of", "Previous meeting", "Agenda", "Summary", "Activities by implementation status",
        "Activities by area", "Area", "Total", "Activities", "Status", "No report received", "Overdue reports", "Nothing is overdue.",
        "Activity", "Institution", "Period", "Due date", "Working days overdue", "Escalation level", "Last mail", "Escalation history",
        "Implementers", "No implementer named", "Timeframe", "Latest report per institution", "No report received yet.", "Submitted",
        "Indicator values", "Narrative", "Evidence", "Changes since the previous meeting", "No changes.", "Indicator table", "Indicator",
        "Sum", "Institutions reporting", "Items for decision", "Nothing awaits a decision.", "Extension request", "Returned report",
        "Timeframe to review", "Activities by implementation status (chart)", "Page", "of", "Obligations", "Latest report", "Reported on")
    {
        Target = "Target",
    };

    public static readonly PackLabels Montenegrin = new(
        "Materijal za sjednicu Radne grupe", "Sjednica od", "Prethodna sjednica", "Dnevni red", "Pregled", "Aktivnosti prema statusu realizacije",
        "Aktivnosti po oblastima", "Oblast", "Ukupno", "Aktivnosti", "Status", "Nije dostavljen izvještaj", "Izvještaji u kašnjenju", "Nema kašnjenja.",
        "Aktivnost", "Institucija", "Period", "Rok", "Radnih dana kašnjenja", "Nivo eskalacije", "Posljednja poruka", "Istorija eskalacije",
        "Nosioci", "Nosilac nije naveden", "Rok realizacije", "Posljednji izvještaj po instituciji", "Izvještaj još nije dostavljen.", "Dostavljeno",
        "Vrijednosti indikatora", "Opis", "Dokazi", "Promjene od prethodne sjednice", "Nema promjena.", "Tabela indikatora", "Indikator",
        "Zbir", "Institucija izvijestilo", "Pitanja za odlučivanje", "Nema pitanja za odlučivanje.", "Zahtjev za produženje roka", "Vraćen izvještaj",
        "Rok realizacije za provjeru", "Aktivnosti prema statusu realizacije (grafikon)", "Strana", "od", "Obaveze", "Posljednji izvještaj", "Datum izvještaja")
    {
        Late = "sa zakašnjenjem",
        History = "Istorija",
        Target = "Cilj",
    };

    /// <summary>The report to the Government: the pack's words, with the title and the lines a report has instead of a meeting's.</summary>
    public static PackLabels ReportFor(string language) => language == MailLanguages.Montenegrin ? MontenegrinReport : EnglishReport;

    public static readonly PackLabels EnglishReport = English with
    {
        Title = "Semiannual report on the implementation of the Strategy for the Fight against Trafficking in Human Beings and its Action Plan",
        MeetingOn = "Reporting period",
        PreviousMeeting = "Previous report",
        Agenda = "Contents",
        ChangesSince = "Changes since the previous report",
    };

    public static readonly PackLabels MontenegrinReport = Montenegrin with
    {
        Title = "Polugodišnji izvještaj o realizaciji Strategije za borbu protiv trgovine ljudima i Akcionog plana",
        MeetingOn = "Izvještajni period",
        PreviousMeeting = "Prethodni izvještaj",
        Agenda = "Sadržaj",
        ChangesSince = "Promjene od prethodnog izvještaja",
    };

    /// <summary>The report's opening paragraph: the period, and until when reports on it were taken in (the day it was assembled).</summary>
    public string ReportIntroduction(ReportPeriod period, DateOnly reportsUntil)
    {
        ArgumentNullException.ThrowIfNull(period);
        var (start, end, until) = (PackBuilder.Date(period.Start), PackBuilder.Date(period.End), PackBuilder.Date(reportsUntil));
        return ReferenceEquals(this, MontenegrinReport)
            ? $"Izvještaj prikazuje realizaciju Akcionog plana u periodu od {start} do {end}, na osnovu izvještaja nadležnih institucija dostavljenih do {until}; izvještaji dostavljeni nakon roka označeni su „{Late}“."
            : $"This report presents the implementation of the Action Plan from {start} to {end}, based on the reports the implementing institutions had sent by {until}; reports sent after their due date are marked \"{Late}\".";
    }

    public IReadOnlyList<string> AgendaItems(bool hasPrevious) => ReferenceEquals(this, Montenegrin)
        ? [.. hasPrevious ? new[] { "Usvajanje zapisnika sa prethodne sjednice" } : [], "Pregled realizacije Akcionog plana", "Izvještaji u kašnjenju i eskalacije", "Pitanja za odlučivanje", "Razno"]
        : [.. hasPrevious ? new[] { "Adoption of the minutes of the previous meeting" } : [], "Review of the implementation of the Action Plan", "Overdue reports and escalations", "Items for decision", "Any other business"];
}
