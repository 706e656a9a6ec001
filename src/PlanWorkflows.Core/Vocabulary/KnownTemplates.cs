namespace PlanWorkflows.Core.Vocabulary;

/// <summary>
/// Mail templates the shipped definitions use. The template files come later; until then this list
/// stands in for the email-templates folder when definitions are checked.
/// </summary>
public static class KnownTemplates
{
    public const string FirstReminder = "first-reminder";
    public const string FinalReminder = "final-reminder";
    public const string OverdueNotice = "overdue-notice";
    public const string EscalationHead = "escalation-head";
    public const string EscalationOffice = "escalation-office";
    public const string ReportReceived = "report-received";
    public const string ReportReturned = "report-returned";
    public const string Digest = "digest";
    public const string PackReady = "pack-ready";
    public const string ExtensionRequested = "extension-requested";
    public const string ExtensionApproved = "extension-approved";
    public const string ExtensionDeclined = "extension-declined";
    public const string MeetingInvitation = "meeting-invitation";
    public const string ReportReady = "report-ready";
    public const string ProgressRequest = "progress-request";

    public static IReadOnlyList<string> Names { get; } =
        [FirstReminder, FinalReminder, OverdueNotice, EscalationHead, EscalationOffice, ReportReceived, ReportReturned, Digest, PackReady, ExtensionRequested, ExtensionApproved, ExtensionDeclined, MeetingInvitation, ReportReady, ProgressRequest];

    public static bool Contains(string name) => Names.Contains(name, StringComparer.Ordinal);

    public static bool IsReminder(string template) => template is FirstReminder or FinalReminder or OverdueNotice or Digest;

    /// <summary>Mails that gather an institution's items of one round: reminders, progress requests, and escalations (one mail per level).</summary>
    public static bool IsDigest(string template) => IsReminder(template) || template is ProgressRequest or EscalationHead or EscalationOffice;

    /// <summary>Mails that only make sense while the obligation is unreported; a report withdraws the queued ones.</summary>
    public static bool IsChasing(string template) => IsDigest(template);
}
