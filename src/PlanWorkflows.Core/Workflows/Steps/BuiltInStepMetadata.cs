using System.Text.Json.Nodes;

namespace PlanWorkflows.Core.Workflows.Steps;

/// <summary>
/// The toolbox the engine implements. Kept here as data, apart from the step classes, so the
/// designer, the definition validator and the shipped definitions agree on one description.
/// </summary>
public static class BuiltInStepMetadata
{
    /// <summary>Recipient roles a <see cref="StepInputKind.Recipients"/> input may name; it may also name institutions, see <see cref="Recipients"/>.</summary>
    public static IReadOnlyList<string> RecipientRoles { get; } =
        ["focalPoint", "deputy", "head", "office", "workingGroupChair", "secretary", "members"];

    /// <summary>Obligation statuses <c>SetStatus</c> may set.</summary>
    public static IReadOnlyList<string> ObligationStatuses { get; } =
        ["Pending", "Reminded", "Reported", "Accepted", "Returned", "Overdue", "Escalated", "Extended", "NotApplicable"];

    public static IReadOnlyList<StepTypeInfo> All { get; } =
    [
        new(
            "SendReminder",
            StepComponent.Task,
            "Mail",
            "Sends a reminder about the obligation to its institution's contacts.",
            [
                new("template", StepInputKind.Template, "Mail template of the reminder.", Required: true, Default: "first-reminder") { DescriptionCnr = "Šablon poruke podsjetnika." },
                new("recipients", StepInputKind.Recipients, "Who receives the reminder.", Default: Roles("focalPoint")) { DescriptionCnr = "Ko prima podsjetnik." },
                new("copy", StepInputKind.Recipients, "Who receives a copy (Cc) of the reminder.") { DescriptionCnr = "Ko prima kopiju podsjetnika." },
            ],
            [])
        {
            NameCnr = "Pošalji podsjetnik",
            DescriptionCnr = "Šalje podsjetnik o obavezi kontakt osobama institucije nosioca.",
        },
        new(
            "WaitUntil",
            StepComponent.Task,
            "Flow",
            "Pauses until a date, absolute or counted in working days from the obligation's due date.",
            [
                new("at", StepInputKind.DateTime, "Absolute date (yyyy-MM-dd) or date-time (yyyy-MM-ddTHH:mm).") { DescriptionCnr = "Tačan datum (gggg-MM-dd) ili datum i vrijeme (gggg-MM-ddTHH:mm)." },
                new("dueOffsetWorkingDays", StepInputKind.WorkingDays, "Working days from the due date: negative before, positive after.") { DescriptionCnr = "Radni dani u odnosu na rok: negativno prije, pozitivno poslije." },
                new("timeOfDay", StepInputKind.TimeOfDay, "Time of day (HH:mm) when only a date is known.", Default: "09:00") { DescriptionCnr = "Vrijeme u danu (HH:mm) kada je poznat samo datum." },
            ],
            [])
        {
            NameCnr = "Čekaj do",
            DescriptionCnr = "Čeka do datuma, zadatog tačno ili u radnim danima od roka obaveze.",
            ExactlyOneOf = [["at", "dueOffsetWorkingDays"]],
        },
        new(
            "WaitForReply",
            StepComponent.Switch,
            "Replies",
            "Waits for the institution's report; times out a number of working days after the due date, or after the step began to wait (a corrected report after a return).",
            [
                new("timeoutWorkingDays", StepInputKind.WorkingDays, "Working days after the due date (or the start of the wait) before the timedOut branch runs.", Default: 1) { Minimum = 0, DescriptionCnr = "Radni dani poslije roka (ili početka čekanja) do izvršavanja grane timedOut." },
                new("countFrom", StepInputKind.Choice, "What the working days count from: the obligation's due date, or when this step began to wait.", Default: "dueDate", Choices: ["dueDate", "stepStart"]) { DescriptionCnr = "Od čega se broje radni dani: od roka obaveze ili od početka čekanja u ovom koraku." },
            ],
            ["replied", "timedOut"])
        {
            NameCnr = "Čekaj izvještaj",
            DescriptionCnr = "Čeka izvještaj institucije nosioca; ističe zadati broj radnih dana poslije roka ili poslije početka čekanja (ispravljeni izvještaj nakon vraćanja).",
        },
        new(
            "If",
            StepComponent.Switch,
            "Flow",
            "Runs the true or the false branch depending on a condition.",
            [
                new("condition", StepInputKind.Expression, "Scriban expression over obligation, report, vars and now.", Required: true) { DescriptionCnr = "Scriban izraz nad obligation, report, vars i now." },
            ],
            ["true", "false"])
        {
            NameCnr = "Ako",
            DescriptionCnr = "Izvršava granu true ili false, zavisno od uslova.",
            // An If whose true branch is empty says nothing; its author meant the negated condition.
            RequiredBranches = ["true"],
        },
        new(
            "Switch",
            StepComponent.Switch,
            "Flow",
            "Runs the branch named by the value of an expression, else the default branch.",
            [
                new("expression", StepInputKind.Expression, "Scriban expression whose value names a branch.", Required: true) { DescriptionCnr = "Scriban izraz čija je vrijednost naziv grane." },
            ],
            ["default"])
        {
            NameCnr = "Grananje",
            DescriptionCnr = "Izvršava granu čiji je naziv vrijednost izraza, a inače granu default.",
            OpenOutcomes = true,
        },
        new(
            "Escalate",
            StepComponent.Task,
            "Escalation",
            "Raises the obligation's escalation level and tells the people of that level.",
            [
                new("level", StepInputKind.Integer, "Escalation level, 1 (head of institution) to 4.", Required: true) { Minimum = 1, Maximum = 4, DescriptionCnr = "Nivo eskalacije, od 1 (starješina institucije) do 4." },
                new("recipients", StepInputKind.Recipients, "Who is told.", Required: true) { DescriptionCnr = "Ko se obavještava." },
                new("template", StepInputKind.Template, "Mail template of the escalation.", Required: true) { DescriptionCnr = "Šablon poruke o eskalaciji." },
                new("copyOffice", StepInputKind.Boolean, "Copy the Office on the mail.", Default: false) { DescriptionCnr = "Kopija poruke Kancelariji." },
                new("copy", StepInputKind.Recipients, "Who else receives a copy (Cc), e.g. a supervising ministry.") { DescriptionCnr = "Ko još prima kopiju, npr. nadležno ministarstvo." },
            ],
            [])
        {
            NameCnr = "Eskaliraj",
            DescriptionCnr = "Podiže nivo eskalacije obaveze i obavještava osobe tog nivoa.",
        },
        new(
            "SetStatus",
            StepComponent.Task,
            "Obligation",
            "Sets the obligation's status.",
            [
                new("status", StepInputKind.Choice, "The new status.", Required: true, Choices: ObligationStatuses) { DescriptionCnr = "Novi status." },
            ],
            [])
        {
            NameCnr = "Postavi status",
            DescriptionCnr = "Postavlja status obaveze.",
        },
        new(
            "NotifyOffice",
            StepComponent.Task,
            "Mail",
            "Sends a mail to the Office.",
            [
                new("template", StepInputKind.Template, "Mail template.", Required: true) { DescriptionCnr = "Šablon poruke." },
                new("message", StepInputKind.Text, "Extra text for the mail.") { DescriptionCnr = "Dodatni tekst poruke." },
            ],
            [])
        {
            NameCnr = "Obavijesti Kancelariju",
            DescriptionCnr = "Šalje poruku Kancelariji.",
        },
        new(
            "ReviewReport",
            StepComponent.Switch,
            "Replies",
            "Waits for the Office to accept or return the received report.",
            [
                new("timeoutWorkingDays", StepInputKind.WorkingDays, "Working days the Office has for the review before it is reminded.") { Minimum = 0, DescriptionCnr = "Radni dani koje Kancelarija ima za pregled prije nego što dobije podsjetnik." },
            ],
            ["accepted", "returned"])
        {
            NameCnr = "Pregled izvještaja",
            DescriptionCnr = "Čeka da Kancelarija prihvati ili vrati primljeni izvještaj.",
        },
        new(
            "AssemblePack",
            StepComponent.Task,
            "Packs",
            "Assembles the meeting pack: status of every obligation, reports received, overdue list.",
            [
                new("language", StepInputKind.Choice, "Language of the pack.", Default: "en", Choices: ["en", "cnr"]) { DescriptionCnr = "Jezik materijala." },
                new("workingDaysBefore", StepInputKind.Integer, "Working days before the meeting the pack reflects.", Default: 5) { Minimum = 0, DescriptionCnr = "Broj radnih dana prije sjednice za koji materijal prikazuje stanje." },
            ],
            [])
        {
            NameCnr = "Pripremi materijal",
            DescriptionCnr = "Priprema materijal za sjednicu: status svake obaveze, primljene izvještaje i spisak obaveza kojima je prošao rok.",
        },
        new(
            "SendPack",
            StepComponent.Task,
            "Packs",
            "Sends the assembled pack.",
            [
                new("recipients", StepInputKind.Recipients, "Who receives the pack.", Default: Roles("secretary")) { DescriptionCnr = "Ko prima materijal." },
                new("template", StepInputKind.Template, "Mail template of the covering mail.", Default: "pack-ready") { DescriptionCnr = "Šablon propratne poruke." },
            ],
            [])
        {
            NameCnr = "Pošalji materijal",
            DescriptionCnr = "Šalje pripremljeni materijal za sjednicu.",
        },
        new(
            "Repeat",
            StepComponent.Container,
            "Flow",
            "Runs its sequence again a number of times or until a condition holds.",
            [
                new("times", StepInputKind.Integer, "Most iterations.") { Minimum = 1, DescriptionCnr = "Najveći broj ponavljanja." },
                new("until", StepInputKind.Expression, "Scriban expression; the loop stops once it is true after an iteration.") { DescriptionCnr = "Scriban izraz; petlja staje čim je tačan poslije ponavljanja." },
                new("intervalWorkingDays", StepInputKind.WorkingDays, "Working days between iterations.") { Minimum = 0, DescriptionCnr = "Radni dani između ponavljanja." },
            ],
            [])
        {
            NameCnr = "Ponavljaj",
            DescriptionCnr = "Ponovo izvršava svoj niz koraka zadati broj puta ili dok uslov ne bude ispunjen.",
            // Without either the loop never ends.
            AtLeastOneOf = [["times", "until"]],
        },
        new(
            "RequestProgress",
            StepComponent.Task,
            "Mail",
            "Asks for progress on an activity due months ahead: a request on the first working day of each period of the year (each quarter by default), until the reminders take over. A reply that the activity is implemented is the report; a partial one is kept as progress and the report stays owed.",
            [
                new("everyMonths", StepInputKind.Integer, "Months between requests, counted in periods of the calendar year (3: January, April, July, October).", Default: 3) { Minimum = 1, Maximum = 12, DescriptionCnr = "Broj mjeseci između zahtjeva, po periodima kalendarske godine (3: januar, april, jul, oktobar)." },
                new("firstAfterDays", StepInputKind.Integer, "Days the step waits before the first request, so a new obligation is not asked for progress at once.", Default: 30) { Minimum = 0, DescriptionCnr = "Broj dana do prvog zahtjeva, da nova obaveza ne dobije zahtjev odmah." },
                new("stopWorkingDaysBeforeDue", StepInputKind.WorkingDays, "No request this many working days or fewer before the due date; the reminders take over.", Default: 20) { Minimum = 0, DescriptionCnr = "Nema zahtjeva u ovoliko radnih dana prije roka; tada slijede podsjetnici." },
                new("timeOfDay", StepInputKind.TimeOfDay, "Time of day (HH:mm) of the requests.", Default: "09:00") { DescriptionCnr = "Vrijeme u danu (HH:mm) slanja zahtjeva." },
                new("template", StepInputKind.Template, "Mail template of the request.", Required: true, Default: "progress-request") { DescriptionCnr = "Šablon poruke zahtjeva." },
                new("recipients", StepInputKind.Recipients, "Who receives the request.", Default: Roles("focalPoint")) { DescriptionCnr = "Ko prima zahtjev." },
                new("copy", StepInputKind.Recipients, "Who receives a copy (Cc) of the request.") { DescriptionCnr = "Ko prima kopiju zahtjeva." },
            ],
            [])
        {
            NameCnr = "Zatraži informaciju o napretku",
            DescriptionCnr = "Traži informaciju o napretku aktivnosti čiji je rok daleko: zahtjev prvog radnog dana svakog perioda godine (podrazumijevano svakog kvartala), dok ne počnu podsjetnici. Odgovor da je aktivnost realizovana je izvještaj; djelimičan se čuva kao napredak, a izvještaj ostaje dužan.",
        },
    ];

    /// <summary>The built-in categories in Montenegrin, also for a step type of its own that files itself under one of them.</summary>
    public static IReadOnlyDictionary<string, string> CategoriesCnr { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Mail"] = "Pošta",
        ["Flow"] = "Tok",
        ["Replies"] = "Odgovori",
        ["Escalation"] = "Eskalacija",
        ["Obligation"] = "Obaveza",
        ["Packs"] = "Materijali",
    };

    public static IReadOnlyDictionary<string, StepTypeInfo> ByType { get; } =
        All.ToDictionary(t => t.Type, StringComparer.Ordinal);

    private static JsonArray Roles(params string[] roles) => new([.. roles.Select(r => (JsonNode?)JsonValue.Create(r))]);
}
