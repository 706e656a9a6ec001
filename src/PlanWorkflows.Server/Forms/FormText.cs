using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;

namespace PlanWorkflows.Server.Forms;

/// <summary>Every word the form shows, in English and in Montenegrin (Latin script).</summary>
public sealed record FormText
{
    public required string Lang { get; init; }
    public required string Title { get; init; }
    public required string Institution { get; init; }
    public required string Round { get; init; }
    public required string Privacy { get; init; }
    public required string Instructions { get; init; }
    public required string NoItems { get; init; }
    public required string Due { get; init; }
    public required string Status { get; init; }
    public required string NotReporting { get; init; }
    public required string Reason { get; init; }
    public required string Indicators { get; init; }

    /// <summary>Beside a count the plan states a number for: "target" / "cilj".</summary>
    public required string Target { get; init; }
    public required string Narrative { get; init; }
    public required string Links { get; init; }
    public required string LinksHint { get; init; }
    public required string AttachmentsFormat { get; init; }
    public required string Reporter { get; init; }
    public required string SaveDraft { get; init; }
    public required string Submit { get; init; }
    public required string DraftSaved { get; init; }
    public required string DraftKeepsNoFiles { get; init; }
    public required string FilesAgain { get; init; }
    public required string ErrorsTitle { get; init; }
    public required string AlreadyReportedFormat { get; init; }
    public required string NeedOneItem { get; init; }
    public required string ReasonRequired { get; init; }
    public required string Negative { get; init; }
    public required string NotANumber { get; init; }
    public required string TooLarge { get; init; }
    public required string TooLongFormat { get; init; }
    public required string BadLink { get; init; }
    public required string TooManyLinksFormat { get; init; }
    public required string BadFileTypeFormat { get; init; }
    public required string FileTooLargeFormat { get; init; }
    public required string TotalTooLargeFormat { get; init; }
    public required string ReporterRequired { get; init; }
    public required string BadStatus { get; init; }
    public required string RequestTooLargeFormat { get; init; }
    public required string NotVerified { get; init; }
    public required string DoneTitle { get; init; }
    public required string DoneIntro { get; init; }
    public required string DoneMail { get; init; }
    public required string DoneNothing { get; init; }
    public required string SubmittedByFormat { get; init; }
    public required string Version { get; init; }
    public required string Attachments { get; init; }
    public required string BackToForm { get; init; }
    public required string ExtensionTitle { get; init; }
    public required string ExtensionHintFormat { get; init; }
    public required string ExtensionDate { get; init; }
    public required string ExtensionReason { get; init; }
    public required string ExtensionButton { get; init; }
    public required string ExtensionPendingFormat { get; init; }
    public required string ExtensionRequested { get; init; }
    public required string ExtensionBadDate { get; init; }
    public required string ExtensionNotAfterDueFormat { get; init; }
    public required string ExtensionTooLateFormat { get; init; }
    public required string ExtensionReasonRequired { get; init; }
    public required string ExtensionAlreadyRequested { get; init; }
    public required string ExtensionClosed { get; init; }

    public string StatusName(ImplementationStatus status) => StatusNames.For(status, Lang);

    public static FormText For(string? language) => language == MailLanguages.English ? English : Montenegrin;

    public static readonly FormText English = new()
    {
        Lang = MailLanguages.English,
        Title = "Report on implementation",
        Institution = "Institution",
        Round = "Reporting period",
        Privacy = "Reports must not contain personal data of victims of trafficking: no names, addresses, identity numbers, photographs or any other detail from which a victim could be identified.",
        Instructions = "Fill in the items you are reporting on now. Items marked “Not reporting on this item now” are not sent.",
        NoItems = "There are no items to report on for this period.",
        Due = "Due date",
        Status = "Implementation status",
        NotReporting = "Not reporting on this item now",
        Reason = "Reason (required if not applicable)",
        Indicators = "Indicators",
        Target = "target",
        Narrative = "What was done",
        Links = "Links to evidence",
        LinksHint = "One web address per line.",
        AttachmentsFormat = "Attachments: PDF, DOCX, XLSX, JPG or PNG, up to {0} MB each and {1} MB in total",
        Reporter = "Your name (person reporting)",
        SaveDraft = "Save draft",
        Submit = "Submit report",
        DraftSaved = "Draft saved. You can open this link again later and continue.",
        DraftKeepsNoFiles = "Attachments are not kept in a draft; attach them when you submit.",
        FilesAgain = "Nothing was saved. Please attach your files again.",
        ErrorsTitle = "Please correct the following:",
        AlreadyReportedFormat = "Already reported: version {0} of {1}. Submitting again creates a new version; the earlier one is kept.",
        NeedOneItem = "Choose a status for at least one item.",
        ReasonRequired = "Give the reason why the activity is not applicable.",
        Negative = "Enter a number of 0 or more.",
        NotANumber = "Enter a number (digits only).",
        TooLarge = "This number is too large.",
        TooLongFormat = "Too long: at most {0:N0} characters.",
        BadLink = "Each line must be a web address starting with http:// or https://.",
        TooManyLinksFormat = "At most {0} links.",
        BadFileTypeFormat = "“{0}”: this type of file is not accepted. Use PDF, DOCX, XLSX, JPG or PNG.",
        FileTooLargeFormat = "“{0}” is larger than {1} MB.",
        TotalTooLargeFormat = "The attachments together are larger than {0} MB.",
        ReporterRequired = "Enter your name.",
        BadStatus = "Choose one of the statuses.",
        RequestTooLargeFormat = "The upload is too large (at most {0} MB in total). Nothing was saved.",
        NotVerified = "The form could not be verified (it may have been open too long). Open the link again and resend. Nothing was saved.",
        DoneTitle = "Thank you – your report has been received",
        DoneIntro = "The Office has received the report below. It will now be reviewed; if more information is needed, you will be contacted.",
        DoneMail = "A copy has been sent by e-mail to your institution’s focal point.",
        DoneNothing = "No report has been submitted with this link yet.",
        SubmittedByFormat = "Submitted on {0} by {1}",
        Version = "Version",
        Attachments = "Attachments",
        BackToForm = "Back to the form (a change creates a new version)",
        ExtensionTitle = "Request a later due date",
        ExtensionHintFormat = "The Office decides on the request; until then the current due date applies. The latest possible date is {0}.",
        ExtensionDate = "New due date",
        ExtensionReason = "Reason for the request (required)",
        ExtensionButton = "Request the extension",
        ExtensionPendingFormat = "Extension to {0} requested on {1} by {2}; waiting for the Office’s decision.",
        ExtensionRequested = "Your request for an extension has been sent to the Office. You will be informed of its decision by e-mail.",
        ExtensionBadDate = "Enter the new due date as a date (for example 2013-05-15).",
        ExtensionNotAfterDueFormat = "The new due date must be after the current due date ({0}).",
        ExtensionTooLateFormat = "The new due date can be {0} at the latest.",
        ExtensionReasonRequired = "Give the reason why you need more time.",
        ExtensionAlreadyRequested = "An extension has already been requested for this item; wait for the Office’s decision.",
        ExtensionClosed = "This item has already been reported on; there is no due date left to extend.",
    };

    public static readonly FormText Montenegrin = new()
    {
        Lang = MailLanguages.Montenegrin,
        Title = "Izvještaj o realizaciji",
        Institution = "Institucija",
        Round = "Izvještajni period",
        Privacy = "Izvještaji ne smiju sadržati lične podatke žrtava trgovine ljudima: imena, adrese, JMBG, fotografije niti bilo koji drugi podatak na osnovu kojeg se žrtva može identifikovati.",
        Instructions = "Popunite stavke o kojima sada izvještavate. Stavke označene sa „Ne izvještavam sada o ovoj stavci“ se ne šalju.",
        NoItems = "Za ovaj period nema stavki za izvještavanje.",
        Due = "Rok",
        Status = "Status realizacije",
        NotReporting = "Ne izvještavam sada o ovoj stavci",
        Reason = "Razlog (obavezno ako nije primjenljivo)",
        Indicators = "Indikatori",
        Target = "cilj",
        Narrative = "Šta je urađeno",
        Links = "Linkovi ka dokazima",
        LinksHint = "Jedna web adresa po redu.",
        AttachmentsFormat = "Prilozi: PDF, DOCX, XLSX, JPG ili PNG, do {0} MB po fajlu i ukupno do {1} MB",
        Reporter = "Vaše ime i prezime (osoba koja izvještava)",
        SaveDraft = "Sačuvaj nacrt",
        Submit = "Pošalji izvještaj",
        DraftSaved = "Nacrt je sačuvan. Ovaj link možete ponovo otvoriti kasnije i nastaviti.",
        DraftKeepsNoFiles = "Prilozi se ne čuvaju u nacrtu; priložite ih prilikom slanja.",
        FilesAgain = "Ništa nije sačuvano. Molimo ponovo priložite fajlove.",
        ErrorsTitle = "Molimo ispravite sljedeće:",
        AlreadyReportedFormat = "Već izvještavano: verzija {0} od {1}. Ponovnim slanjem nastaje nova verzija; prethodna se čuva.",
        NeedOneItem = "Izaberite status za bar jednu stavku.",
        ReasonRequired = "Navedite razlog zbog kojeg aktivnost nije primjenljiva.",
        Negative = "Unesite broj 0 ili veći.",
        NotANumber = "Unesite broj (samo cifre).",
        TooLarge = "Ovaj broj je prevelik.",
        TooLongFormat = "Predugo: najviše {0:N0} karaktera.",
        BadLink = "Svaki red mora biti web adresa koja počinje sa http:// ili https://.",
        TooManyLinksFormat = "Najviše {0} linkova.",
        BadFileTypeFormat = "„{0}“: ova vrsta fajla nije dozvoljena. Koristite PDF, DOCX, XLSX, JPG ili PNG.",
        FileTooLargeFormat = "„{0}“ je veći od {1} MB.",
        TotalTooLargeFormat = "Prilozi su ukupno veći od {0} MB.",
        ReporterRequired = "Unesite Vaše ime i prezime.",
        BadStatus = "Izaberite jedan od statusa.",
        RequestTooLargeFormat = "Slanje je preveliko (ukupno najviše {0} MB). Ništa nije sačuvano.",
        NotVerified = "Obrazac nije moguće provjeriti (možda je predugo bio otvoren). Ponovo otvorite link i pošaljite. Ništa nije sačuvano.",
        DoneTitle = "Hvala – Vaš izvještaj je primljen",
        DoneIntro = "Kancelarija je primila izvještaj u nastavku. Izvještaj će biti razmotren, a ukoliko budu potrebne dodatne informacije, kontaktiraćemo Vas.",
        DoneMail = "Kopija je poslata e-poštom kontakt osobi Vaše institucije.",
        DoneNothing = "Putem ovog linka još nije poslat nijedan izvještaj.",
        SubmittedByFormat = "Poslato {0}, poslao/la {1}",
        Version = "Verzija",
        Attachments = "Prilozi",
        BackToForm = "Nazad na obrazac (izmjena stvara novu verziju)",
        ExtensionTitle = "Zahtjev za produženje roka",
        ExtensionHintFormat = "O zahtjevu odlučuje Kancelarija; do njene odluke važi postojeći rok. Najkasniji mogući rok je {0}.",
        ExtensionDate = "Novi rok",
        ExtensionReason = "Razlog zahtjeva (obavezno)",
        ExtensionButton = "Pošalji zahtjev za produženje",
        ExtensionPendingFormat = "Produženje roka do {0} zatraženo je {1} (podnosilac: {2}); čeka se odluka Kancelarije.",
        ExtensionRequested = "Vaš zahtjev za produženje roka upućen je Kancelariji. O njenoj odluci bićete obaviješteni e-poštom.",
        ExtensionBadDate = "Unesite novi rok kao datum (na primjer 2013-05-15).",
        ExtensionNotAfterDueFormat = "Novi rok mora biti nakon postojećeg roka ({0}).",
        ExtensionTooLateFormat = "Novi rok može biti najkasnije {0}.",
        ExtensionReasonRequired = "Navedite razlog zbog kojeg Vam je potrebno više vremena.",
        ExtensionAlreadyRequested = "Za ovu stavku je već podnesen zahtjev za produženje roka; sačekajte odluku Kancelarije.",
        ExtensionClosed = "O ovoj stavci je već izvještavano; nema roka koji bi se mogao produžiti.",
    };

    /// <summary>Shown for a link that does not (or no longer) open anything; both languages, as the token's language is not to be trusted.</summary>
    public const string UnknownLinkHtml =
        "<h1>Link nije važeći / This link is not valid</h1>" +
        "<p lang=\"cnr\">Provjerite da li ste kopirali cijeli link iz e-poruke ili zatražite novi od Kancelarije za borbu protiv trgovine ljudima.</p>" +
        "<p lang=\"en\">Check that you copied the whole link from the e-mail, or ask the Office for Fight against Trafficking in Human Beings for a new one.</p>";

    public const string GoneLinkHtml =
        "<h1>Link više ne važi / This link is no longer valid</h1>" +
        "<p lang=\"cnr\">Link je istekao ili ga je Kancelarija povukla. Zatražite novi od Kancelarije za borbu protiv trgovine ljudima.</p>" +
        "<p lang=\"en\">The link has expired or was withdrawn. Ask the Office for Fight against Trafficking in Human Beings for a new one.</p>";

    public const string TooManyRequests =
        "Previše zahtjeva; pokušajte ponovo za minut. / Too many requests; try again in a minute.\n";
}
