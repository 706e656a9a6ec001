using System.Text.Json;

namespace PlanWorkflows.Core.Catalogue;

public enum ActivityChangeKind
{
    Added,
    Removed,
    Changed,
}

/// <summary>One activity's difference between two versions of a plan, with the fields that changed.</summary>
public sealed record ActivityChange(string Key, ActivityChangeKind Kind, string Title, IReadOnlyList<string> Fields);

/// <summary>
/// What a revision of a plan changes, activity by activity: added, removed, or changed in the fields that
/// decide what is asked of whom and when (timeframe, implementers, indicators, the definition it runs) and
/// in the text people read (title, measure, funds, partners). Activities are matched by their key.
/// </summary>
public static class CatalogueDiff
{
    public static IReadOnlyList<ActivityChange> Compare(PlanCatalogue before, PlanCatalogue after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var old = before.Activities.ToDictionary(a => a.Key, StringComparer.Ordinal);
        var changes = new List<ActivityChange>();
        foreach (var activity in after.Activities)
        {
            if (!old.Remove(activity.Key, out var previous))
            {
                changes.Add(new ActivityChange(activity.Key, ActivityChangeKind.Added, activity.Title, []));
                continue;
            }

            var fields = Fields(previous, activity);
            if (fields.Count > 0)
            {
                changes.Add(new ActivityChange(activity.Key, ActivityChangeKind.Changed, activity.Title, fields));
            }
        }

        changes.AddRange(old.Values.Select(a => new ActivityChange(a.Key, ActivityChangeKind.Removed, a.Title, [])));
        return changes;
    }

    private static List<string> Fields(CatalogueActivity before, CatalogueActivity after)
    {
        var fields = new List<string>();
        void Check(string name, bool same)
        {
            if (!same)
            {
                fields.Add(name);
            }
        }

        // Its text and everything read from it (kind, recurrence, deadline, season, the activity it follows).
        Check("timeframe", JsonSerializer.Serialize(TimeframeData.From(before.Timeframe)) == JsonSerializer.Serialize(TimeframeData.From(after.Timeframe)));
        Check("implementers", before.Implementers.SequenceEqual(after.Implementers, StringComparer.Ordinal));
        Check("indicators", before.Indicators == after.Indicators
            && before.IndicatorList.Select(i => (i.Name, i.Kind, i.Target)).SequenceEqual(after.IndicatorList.Select(i => (i.Name, i.Kind, i.Target))));
        Check("definition", before.Definition == after.Definition);
        Check("title", before.Title == after.Title);
        Check("measure", before.MeasureCode == after.MeasureCode && before.Measure == after.Measure);
        Check("funds", before.Funds == after.Funds);
        Check("partners", before.PartnersText == after.PartnersText);
        return fields;
    }
}
