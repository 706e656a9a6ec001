using PlanWorkflows.Core.Schedules;
using YamlDotNet.Serialization;

namespace PlanWorkflows.Core.Catalogue;

/// <summary>
/// Manual corrections to a generated catalogue, kept in their own file so that re-importing the
/// source document never loses them. Applied every time the catalogue is loaded.
/// </summary>
public sealed class CatalogueOverrides
{
    private const string OverrideWarning = "override";

    public List<ActivityOverride> Activities { get; set; } = [];

    [YamlIgnore]
    public string Source { get; set; } = string.Empty;

    public static CatalogueOverrides Load(string path) => Parse(CatalogueYaml.ReadText(path), path);

    public static CatalogueOverrides Parse(string yaml, string source)
    {
        var overrides = CatalogueYaml.Deserialize<CatalogueOverrides>(yaml, source);
        overrides.Source = source;
        foreach (var item in overrides.Activities)
        {
            item.Line = CatalogueYaml.LineOf(yaml, $"key: {item.Key}");
        }

        return overrides;
    }

    public static void Apply(PlanCatalogue catalogue, CatalogueOverrides overrides)
    {
        ApplyChanges(catalogue, overrides);
        ApplyReviewed(catalogue, overrides);
    }

    /// <summary>The corrections, without taking off the warnings the Office reviewed (<see cref="ApplyReviewed"/>).</summary>
    internal static void ApplyChanges(PlanCatalogue catalogue, CatalogueOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(overrides);

        // Check every key first: a bad overrides file changes nothing at all.
        foreach (var item in overrides.Activities)
        {
            if (string.IsNullOrWhiteSpace(item.Key))
            {
                throw new ImportException(overrides.Source, item.Line, "an override has no 'key' (area-id/code of the activity)");
            }

            if (catalogue.FindActivity(item.Key) is null)
            {
                throw new ImportException(overrides.Source, item.Line, $"no activity with key '{item.Key}' in the catalogue");
            }

            if (item.IndicatorList?.FirstOrDefault(i => string.IsNullOrWhiteSpace(i.Name) || i.Name.Contains(':', StringComparison.Ordinal)) is { } bad)
            {
                throw new ImportException(overrides.Source, item.Line,
                    $"{item.Key}: indicatorList has an indicator without a name or with a ':' in it ('{bad.Name}'); a reply form could not read it back");
            }
        }

        foreach (var item in overrides.Activities)
        {
            var activity = catalogue.FindActivity(item.Key)!;
            var changed = new List<string>();
            if (item.Title is { } title)
            {
                activity.Title = title;
                changed.Add("title");
            }

            if (item.Implementers is { } implementers)
            {
                activity.Implementers = implementers;
                changed.Add("implementers");
            }

            if (item.Partners is { } partners)
            {
                activity.Partners = partners;
                changed.Add("partners");
            }

            if (item.Timeframe is { } timeframe)
            {
                activity.Timeframe = TimeframeParser.Parse(timeframe, catalogue.Period);
                changed.Add("timeframe");
            }

            if (item.AfterActivity is { } after)
            {
                activity.Timeframe = activity.Timeframe with { AfterActivityCode = after };
                changed.Add("afterActivity");
            }

            if (item.Indicators is { } indicators)
            {
                activity.Indicators = indicators;
                activity.Warnings.RemoveAll(w => w.Code == IndicatorRule.UnsureWarning);
                activity.IndicatorList = IndicatorRule.ForActivity(indicators, activity.Line, activity.Warnings);
                changed.Add("indicators");
            }

            if (item.IndicatorList is { } list)
            {
                // The Office's own split: the rule's doubts about the plan's wording no longer apply.
                activity.Warnings.RemoveAll(w => w.Code == IndicatorRule.UnsureWarning);
                activity.IndicatorList = [.. list.Select(i =>
                {
                    var described = IndicatorRule.Describe(i.Name.Trim());
                    return new CatalogueIndicator(described.Name, i.Kind ?? described.Kind,
                        (i.Kind ?? described.Kind) == IndicatorKind.Count ? i.Target ?? described.Target : null);
                })];
                changed.Add("indicatorList");
            }

            if (item.Funds is { } funds)
            {
                activity.Funds = funds;
                changed.Add("funds");
            }

            if (item.Definition is { } definition)
            {
                activity.Definition = definition;
                changed.Add("definition");
            }

            if (changed.Count > 0)
            {
                activity.Warnings.Add(new ImportWarning(OverrideWarning, string.Join(", ", changed),
                    item.Note ?? "manual correction", $"applied from {Path.GetFileName(overrides.Source)}", item.Line));
            }
        }
    }

    /// <summary>Takes off each activity's warnings whose codes the overrides list as reviewed.</summary>
    internal static void ApplyReviewed(PlanCatalogue catalogue, CatalogueOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(overrides);
        foreach (var item in overrides.Activities)
        {
            if (item.Reviewed is { Count: > 0 } reviewed && catalogue.FindActivity(item.Key) is { } activity)
            {
                // The note that a correction was applied is not a finding to review: it stays.
                activity.Warnings.RemoveAll(w => w.Code != OverrideWarning && reviewed.Contains(w.Code, StringComparer.OrdinalIgnoreCase));
            }
        }
    }
}

public sealed class ActivityOverride
{
    public string Key { get; set; } = string.Empty;
    public string? Title { get; set; }
    public List<string>? Implementers { get; set; }
    public List<string>? Partners { get; set; }
    public string? Timeframe { get; set; }
    public string? AfterActivity { get; set; }
    public string? Indicators { get; set; }

    /// <summary>The indicators as the Office splits them, replacing the rule's split; kind and target default to the rule's.</summary>
    public List<IndicatorOverride>? IndicatorList { get; set; }
    public string? Funds { get; set; }
    public string? Definition { get; set; }
    /// <summary>Warning codes the Office has reviewed and accepted; they no longer show.</summary>
    public List<string>? Reviewed { get; set; }
    public string? Note { get; set; }

    [YamlIgnore]
    public int Line { get; set; }
}

public sealed class IndicatorOverride
{
    public string Name { get; set; } = string.Empty;
    public IndicatorKind? Kind { get; set; }
    public decimal? Target { get; set; }
}
