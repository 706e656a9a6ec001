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
