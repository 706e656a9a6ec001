using PlanWorkflows.Core.Transliteration;
using PlanWorkflows.Core.Vocabulary;

namespace PlanWorkflows.Server.Office.Reports;

/// <summary>The texts of the reports pages: <c>ReportText.resx</c> (English) and <c>ReportText.cnr.resx</c> (Montenegrin) beside this class.</summary>
public sealed class ReportText
{
    /// <summary>A message of Core (a refused decision) in the page's language, Cyrillic written from the Latin.</summary>
    public static string For(BilingualText text, string language)
    {
        ArgumentNullException.ThrowIfNull(text);
        return language switch
        {
            MailLanguages.English => text.En,
            MailLanguages.MontenegrinCyrillic => MontenegrinScript.ToCyrillic(text.Cnr),
            _ => text.Cnr,
        };
    }
}
