namespace PlanWorkflows.Core.Vocabulary;

/// <summary>The languages people are written to in: English and Montenegrin (Latin script).</summary>
public static class MailLanguages
{
    public const string English = "en";
    public const string Montenegrin = "cnr";

    public static IReadOnlyList<string> All { get; } = [English, Montenegrin];
}
