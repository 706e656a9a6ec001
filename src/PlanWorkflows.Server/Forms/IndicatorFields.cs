namespace PlanWorkflows.Server.Forms;

/// <summary>One field of the form per indicator the catalogue names for an activity.</summary>
public sealed record IndicatorField(int Index, string Text, bool Numeric);

public static class IndicatorFields
{
    private static readonly string[] CountPrefixes = ["Number", "Amount", "Broj", "Iznos"];

    /// <summary>The catalogue keeps an activity's indicators as one text, separated by semicolons or lines.</summary>
    public static IReadOnlyList<IndicatorField> Split(string? indicators) =>
        [.. (indicators ?? string.Empty)
            .Split([';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select((text, index) => new IndicatorField(index, text, CountsSomething(text)))];

    // Commas are not separators: "Number of media representation, number of brochures" is one count the Office reads as one.
    public static bool CountsSomething(string indicator) =>
        CountPrefixes.Any(p => indicator.StartsWith(p, StringComparison.OrdinalIgnoreCase))
        || indicator.Contains("number of", StringComparison.OrdinalIgnoreCase);
}
