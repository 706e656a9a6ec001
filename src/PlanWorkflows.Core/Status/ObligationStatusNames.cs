using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;

namespace PlanWorkflows.Core.Status;

/// <summary>An obligation's status as the Office's people say it, in each language (the enum's names are for the database).</summary>
public static class ObligationStatusNames
{
    public static string For(ObligationStatus status, string language) => (status, language == MailLanguages.Montenegrin) switch
    {
        (ObligationStatus.Pending, false) => "Not yet reminded",
        (ObligationStatus.Reminded, false) => "Reminded",
        (ObligationStatus.Reported, false) => "Reported",
        (ObligationStatus.Accepted, false) => "Accepted",
        (ObligationStatus.Returned, false) => "Returned for completion",
        (ObligationStatus.Overdue, false) => "Overdue",
        (ObligationStatus.Escalated, false) => "Escalated",
        (ObligationStatus.Extended, false) => "Due date extended",
        (ObligationStatus.NotApplicable, false) => "Not applicable",
        (ObligationStatus.Cancelled, false) => "Cancelled",
        (ObligationStatus.Pending, true) => "Bez podsjetnika",
        (ObligationStatus.Reminded, true) => "Podsjetnik poslat",
        (ObligationStatus.Reported, true) => "Izvještaj dostavljen",
        (ObligationStatus.Accepted, true) => "Izvještaj prihvaćen",
        (ObligationStatus.Returned, true) => "Vraćen na dopunu",
        (ObligationStatus.Overdue, true) => "U kašnjenju",
        (ObligationStatus.Escalated, true) => "Eskalirano",
        (ObligationStatus.Extended, true) => "Rok produžen",
        (ObligationStatus.NotApplicable, true) => "Nije primjenljivo",
        (ObligationStatus.Cancelled, true) => "Otkazano",
        _ => status.ToString(),
    };
}
