namespace PlanWorkflows.Core.Vocabulary;

/// <summary>The Government's vocabulary for implementation status, as mails say it in each language.</summary>
public static class StatusNames
{
    public static string For(ImplementationStatus status, string language) => (status, language == MailLanguages.Montenegrin) switch
    {
        (ImplementationStatus.Implemented, false) => "Implemented",
        (ImplementationStatus.ContinuouslyImplemented, false) => "Continuously implemented",
        (ImplementationStatus.PartiallyImplemented, false) => "Partially implemented",
        (ImplementationStatus.NotImplemented, false) => "Not implemented",
        (ImplementationStatus.NotApplicable, false) => "Not applicable",
        (ImplementationStatus.Implemented, true) => "Realizovano",
        (ImplementationStatus.ContinuouslyImplemented, true) => "Kontinuirano se realizuje",
        (ImplementationStatus.PartiallyImplemented, true) => "Djelimično realizovano",
        (ImplementationStatus.NotImplemented, true) => "Nije realizovano",
        (ImplementationStatus.NotApplicable, true) => "Nije primjenljivo",
        _ => status.ToString(),
    };
}
