using System.Reflection;
using PlanWorkflows.Core.Transliteration;

namespace PlanWorkflows.Core.Packs;

/// <summary>
/// A Montenegrin pack in Cyrillic script (<see cref="MailLanguages.MontenegrinCyrillic"/>): every word the pack prints —
/// its labels, the catalogue's text, institutions' names and what they reported — transliterated from the Latin pack.
/// Links, dates, codes and numbers stay as they are (<see cref="MontenegrinScript"/>).
/// </summary>
internal static class CyrillicPack
{
    private static string C(string text) => MontenegrinScript.ToCyrillic(text);

    private static string? N(string? text) => text is null ? null : C(text);

    public static PackData Transliterate(PackData pack) => pack with
    {
        Language = MailLanguages.MontenegrinCyrillic,
        Labels = Labels(pack.Labels),
        Agenda = [.. pack.Agenda.Select(C)],
        Summary = [.. pack.Summary.Select(s => s with { Label = C(s.Label) })],
        Areas = [.. pack.Areas.Select(a => a with { Title = C(a.Title) })],
        Overdue = [.. pack.Overdue.Select(o => o with
        {
            ActivityTitle = C(o.ActivityTitle),
            Institution = C(o.Institution),
            Period = C(o.Period),
            LastMail = N(o.LastMail),
            History = [.. o.History.Select(h => h with { Text = C(h.Text) })],
        })],
        Activities = [.. pack.Activities.Select(a => a with
        {
            AreaTitle = C(a.AreaTitle),
            Title = C(a.Title),
            // The timeframe is the plan's English wording (the translation file has none yet): kept as written, not transliterated.
            Implementation = C(a.Implementation),
            Implementers = [.. a.Implementers.Select(C)],
            Reports = [.. a.Reports.Select(r => r with
            {
                Institution = C(r.Institution),
                StatusLabel = C(r.StatusLabel),
                Indicators = [.. r.Indicators.Select(i => i with { Name = C(i.Name), Value = C(i.Value) })],
                Narrative = C(r.Narrative),
            })],
            Changes = [.. a.Changes.Select(C)],
        })],
        Indicators = [.. pack.Indicators.Select(i => i with { Indicator = C(i.Indicator) })],
        Decisions = [.. pack.Decisions.Select(d => d with { Kind = C(d.Kind), Institution = C(d.Institution), Text = C(d.Text) })],
        Obligations = [.. pack.Obligations.Select(o => o with
        {
            AreaTitle = C(o.AreaTitle),
            ActivityTitle = C(o.ActivityTitle),
            Institution = C(o.Institution),
            Period = C(o.Period),
            Status = C(o.Status),
            LatestReport = N(o.LatestReport),
            History = C(o.History),
        })],
        Introduction = N(pack.Introduction),
    };

    /// <summary>Every word of the labels: a copy of the record with each of its texts transliterated.</summary>
    private static PackLabels Labels(PackLabels labels)
    {
        var copy = (PackLabels)typeof(PackLabels).GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance)!.Invoke(labels, null)!;
        foreach (var property in typeof(PackLabels).GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.PropertyType == typeof(string) && p.CanWrite))
        {
            property.SetValue(copy, C((string)property.GetValue(labels)!));
        }

        return copy;
    }
}
