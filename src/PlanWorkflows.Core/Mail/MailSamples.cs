using PlanWorkflows.Core.Workflows.Definitions;

namespace PlanWorkflows.Core.Mail;

/// <summary>
/// Models <c>templates check</c> renders every template with: a full one with markup-like text in it, and a
/// sparse one (no contact, no previous report, no message), so a template that trips over an empty member fails the check.
/// </summary>
public static class MailSamples
{
    public static IReadOnlyList<MailModel> For(string name, string language)
    {
        var montenegrin = language == MailLanguages.Montenegrin;
        var office = new MailPerson(montenegrin ? "Kancelarija za borbu protiv trgovine ljudima" : "Office for Fight against Trafficking in Human Beings", "reports@antitrafficking.gov.me");
        var overdue = name is KnownTemplates.EscalationHead or KnownTemplates.EscalationOffice or KnownTemplates.OverdueNotice;
        var level = name == KnownTemplates.EscalationOffice ? 2 : 1;
        var items = new List<MailItem>
        {
            new()
            {
                Code = "PRE 1.1.3",
                Area = "Prevention and Education",
                ActivityKey = "prevention-and-education/1.1.3",
                Title = "Media campaign <b>\"Stop trafficking\"</b> & brochures",
                DueDate = new DateOnly(2013, 3, 31),
                Indicators = ["Number of media representations", "Number of printed and distributed brochures"],
                LastReport = new LastReport(montenegrin ? "Djelimično realizovano" : "Partially implemented", new DateOnly(2012, 12, 28)),
                Status = name == KnownTemplates.ReportReceived ? (montenegrin ? "Realizovano" : "Implemented") : null,
                Narrative = name == KnownTemplates.ReportReceived ? "Two <i>campaigns</i> & 3,000 brochures." : null,
                WorkingDaysOverdue = overdue ? 12 : 0,
                EscalationLevel = overdue ? level : 0,
            },
            new()
            {
                Code = "IDE 2.1.1",
                ActivityKey = "identification/2.1.1",
                Title = "Training of labour inspectors in identifying victims",
                DueDate = new DateOnly(2013, 6, 30),
                Indicators = ["Number of trained inspectors"],
                WorkingDaysOverdue = overdue ? 1 : 0,
                EscalationLevel = overdue ? level : 0,
            },
        };
        var full = new MailModel
        {
            Institution = montenegrin ? "Uprava policije" : "Police Directorate",
            Round = "2013-H1",
            Items = items,
            FormUrl = "https://reports.antitrafficking.gov.me/form/q7Xk2pLm",
            ReplyToken = "q7Xk2pLm",
            Contact = new MailPerson("Ana Petrović", "ana.petrovic@policija.me"),
            Office = office,
            Message = "Please add the number of <script>alert(1)</script> trained officers & the dates.",
            EscalationLevel = level,
            Meeting = montenegrin ? "15. jul 2013." : "15 July 2013",
            MeetingDate = new DateOnly(2013, 7, 15),
            PackUrl = "https://reports.antitrafficking.gov.me/packs/2013-H1",
        };
        var sparse = full with
        {
            Items = [items[1] with { LastReport = null }],
            Contact = null,
            Message = null,
            Meeting = null,
            MeetingDate = null,
            PackUrl = null,
        };
        if (name is KnownTemplates.ExtensionRequested or KnownTemplates.ExtensionApproved or KnownTemplates.ExtensionDeclined)
        {
            // One activity per extension mail; its narrative is the institution's reason, the message the Office's comment.
            var extended = items[0] with { DueDate = new DateOnly(2013, 5, 15), LastReport = null, Narrative = "The <b>survey</b> results arrive in May & we report then." };
            return [full with { Items = [extended] }, sparse with { Items = [extended with { Narrative = null }] }];
        }

        return [full, sparse];
    }
}
