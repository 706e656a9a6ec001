using PlanWorkflows.Core.Catalogue;

namespace PlanWorkflows.Server.Forms;

/// <summary>One field of the form per indicator the catalogue names for an activity.</summary>
public sealed record IndicatorField(int Index, string Text, bool Numeric)
{
    /// <summary>The number the plan states for a count, shown beside the field.</summary>
    public decimal? Target { get; init; }

    /// <summary>What the field is labelled in the form's language; <see cref="Text"/>, the catalogue's name, stays the key of the value.</summary>
    public string? Label { get; init; }

    public string Shown => Label ?? Text;
}

public static class IndicatorFields
{
    /// <summary>The catalogue's split of an activity's indicators (<see cref="IndicatorRule"/>), as stored beside the activity.</summary>
    public static IReadOnlyList<IndicatorField> For(string? indicatorsJson, string? indicatorsText) =>
        [.. IndicatorRule.FromJson(indicatorsJson, indicatorsText)
            .Select((indicator, index) => new IndicatorField(index, indicator.Name, indicator.Kind == IndicatorKind.Count) { Target = indicator.Target })];

    /// <summary>An indicator text split by the catalogue's rule, for callers that have no stored list.</summary>
    public static IReadOnlyList<IndicatorField> Split(string? indicators) => For(null, indicators);
}
