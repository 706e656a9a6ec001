namespace PlanWorkflows.Core.Mail;

/// <summary>How outgoing mail presents itself: sender, reply address, links and the plan's time zone.</summary>
public sealed class MailOptions
{
    public const string SectionName = "Mail";

    public string FromName { get; set; } = "Office for Fight against Trafficking in Human Beings";

    /// <summary>The Office's name in Montenegrin, shown in mails to Montenegrin-speaking contacts.</summary>
    public string FromNameCnr { get; set; } = "Kancelarija za borbu protiv trgovine ljudima";

    public string FromAddress { get; set; } = "reports@antitrafficking.gov.me";

    /// <summary>Replies go to <c>reports+TOKEN@ReplyDomain</c>, so a reply is matched by its token alone.</summary>
    public string ReplyDomain { get; set; } = "antitrafficking.gov.me";

    /// <summary>The web form; the reply token is appended as the last path segment.</summary>
    public string FormBaseUrl { get; set; } = "https://reports.antitrafficking.gov.me/form";

    public string TimeZone { get; set; } = "Europe/Podgorica";

    public string OfficeName(string language) => MailLanguages.IsMontenegrin(language) ? FromNameCnr : FromName;

    public string FormUrl(string token) => FormBaseUrl.TrimEnd('/') + "/" + Uri.EscapeDataString(token);
}

public static class MailLanguages
{
    public const string English = "en";
    public const string Montenegrin = "cnr";

    /// <summary>
    /// Montenegrin in Cyrillic script: written from the Montenegrin (Latin) text and templates by transliteration, so it
    /// has no template folder of its own.
    /// </summary>
    public const string MontenegrinCyrillic = "cnr-Cyrl";

    /// <summary>The languages with a template folder (<c>email-templates/&lt;language&gt;</c>).</summary>
    public static IReadOnlyList<string> All { get; } = [English, Montenegrin];

    /// <summary>Every language a mail can be written in: <see cref="All"/> and <see cref="MontenegrinCyrillic"/>.</summary>
    public static IReadOnlyList<string> Written { get; } = [English, Montenegrin, MontenegrinCyrillic];

    /// <summary>Montenegrin in either script.</summary>
    public static bool IsMontenegrin(string? language) =>
        string.Equals(language, Montenegrin, StringComparison.OrdinalIgnoreCase) || string.Equals(language, MontenegrinCyrillic, StringComparison.OrdinalIgnoreCase);

    /// <summary>The language whose templates and texts a mail is made from: <c>cnr</c> for <c>cnr-Cyrl</c>, else the language itself.</summary>
    public static string TextLanguage(string language) =>
        string.Equals(language, MontenegrinCyrillic, StringComparison.OrdinalIgnoreCase) ? Montenegrin : language;
}
