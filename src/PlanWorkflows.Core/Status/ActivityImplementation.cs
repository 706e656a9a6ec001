using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;

namespace PlanWorkflows.Core.Status;

/// <summary>
/// Where one implementing institution stands on one activity: the status of its latest report (null: none received),
/// when that report came and whether it came after its due date, and whether a report from it was due by then.
/// </summary>
public sealed record InstitutionImplementation(
    string InstitutionId,
    string Name,
    ImplementationStatus? Status,
    DateTime? ReportedAt,
    bool Late,
    bool Owes)
{
    /// <summary>The institution's word in a language: its report's status, "No report received" when one was due, else "Report not yet due".</summary>
    public string Label(string language) => ActivityImplementation.Label(Status, Owes, language);
}

/// <summary>
/// The one rule that turns the reports of an activity's several implementers into one status in the Government's
/// vocabulary. Each implementer counts with the status of its latest report; an implementer that has not reported
/// counts as "no report received" when a report from it was due by the day, and not at all before that. Then:
/// <list type="number">
/// <item>implementers that report the activity <b>not applicable</b> to them are left out; when that leaves none, the activity is <i>Not applicable</i>;</item>
/// <item>no report from any of them: <i>No report received</i>;</item>
/// <item>every one reported <b>Implemented</b>: <i>Implemented</i>;</item>
/// <item>every one reported Implemented or <b>Continuously implemented</b>: <i>Continuously implemented</i>;</item>
/// <item>every report received says <b>Not implemented</b> (whether or not the others reported): <i>Not implemented</i>;</item>
/// <item>otherwise (some report progress, others report none or have not reported): <i>Partially implemented</i>.</item>
/// </list>
/// So an activity is never Implemented while one of its implementers owes a report or reports less.
/// </summary>
public static class ActivityImplementation
{
    /// <summary>The activity's status under the rule above; null for "No report received".</summary>
    public static ImplementationStatus? Combine(IEnumerable<InstitutionImplementation> institutions)
    {
        ArgumentNullException.ThrowIfNull(institutions);
        return Combine(institutions.Select(i => (i.Status, i.Owes)));
    }

    /// <summary>The rule over (latest reported status or null, whether a report was due) per implementer.</summary>
    public static ImplementationStatus? Combine(IEnumerable<(ImplementationStatus? Status, bool Owes)> institutions)
    {
        ArgumentNullException.ThrowIfNull(institutions);
        var counted = institutions.Where(i => i.Status is not null || i.Owes).Select(i => i.Status).ToList();
        var applicable = counted.Where(s => s != ImplementationStatus.NotApplicable).ToList();
        if (counted.Count > 0 && applicable.Count == 0)
        {
            return ImplementationStatus.NotApplicable;
        }

        var reported = applicable.OfType<ImplementationStatus>().ToList();
        if (reported.Count == 0)
        {
            return null;
        }

        if (reported.Count == applicable.Count)
        {
            if (reported.All(s => s == ImplementationStatus.Implemented))
            {
                return ImplementationStatus.Implemented;
            }

            if (reported.All(s => s is ImplementationStatus.Implemented or ImplementationStatus.ContinuouslyImplemented))
            {
                return ImplementationStatus.ContinuouslyImplemented;
            }
        }

        return reported.All(s => s == ImplementationStatus.NotImplemented) ? ImplementationStatus.NotImplemented : ImplementationStatus.PartiallyImplemented;
    }

    /// <summary>en "No report received", cnr "Nije dostavljen izvještaj".</summary>
    public static string NoReportReceived(string language) =>
        language == MailLanguages.Montenegrin ? "Nije dostavljen izvještaj" : PlanStatus.NoReportReceived;

    /// <summary>en "Report not yet due", cnr "Izvještaj još nije dospio".</summary>
    public static string NotYetDue(string language) =>
        language == MailLanguages.Montenegrin ? "Izvještaj još nije dospio" : "Report not yet due";

    /// <summary>A status in the Government's vocabulary, or what stands in for a report not received.</summary>
    public static string Label(ImplementationStatus? status, bool owes, string language) =>
        status is { } s ? StatusNames.For(s, language) : owes ? NoReportReceived(language) : NotYetDue(language);
}
