namespace PlanWorkflows.Core.Catalogue.Reading;

/// <summary>The columns an Action Plan table carries, whatever its header calls them.</summary>
public enum PlanColumn
{
    Objective,
    Measure,
    Activity,
    Implementers,
    Timeframe,
    Indicators,
    Funds,
    Partners,
}

public static class PlanColumns
{
    // Header wording varies between tables and translations; these are the names seen in adopted plans.
    private static readonly (PlanColumn Column, string[] Names)[] Synonyms =
    [
        (PlanColumn.Objective, ["strategic objective", "strategic objectives", "objective", "objectives", "strateški cilj", "strateski cilj", "cilj", "ciljevi"]),
        (PlanColumn.Measure, ["measure", "measures", "mjera", "mjere"]),
        (PlanColumn.Activity, ["activity", "activities", "aktivnost", "aktivnosti"]),
        (PlanColumn.Implementers, ["implementers", "implementer", "implementing institutions", "responsible institutions", "nosioci", "nosilac", "nosioci aktivnosti"]),
        (PlanColumn.Timeframe, ["timeframe", "time frame", "timeline", "deadline", "rok", "rokovi", "vremenski okvir"]),
        (PlanColumn.Indicators, ["indicators of success", "indicator of success", "indicators", "indicator", "indikatori uspjeha", "indikator uspjeha", "indikatori"]),
        (PlanColumn.Funds, ["required funds", "funds", "necessary funds", "budget", "potrebna sredstva", "sredstva"]),
        (PlanColumn.Partners, ["partners", "partner", "partneri"]),
    ];

    public static PlanColumn? FromHeader(string header)
    {
        var key = TextCleaner.Clean(header).TrimEnd(':', '.').ToLowerInvariant();
        foreach (var (column, names) in Synonyms)
        {
            if (names.Contains(key))
            {
                return column;
            }
        }

        return null;
    }

    public static string DisplayName(this PlanColumn column) => column switch
    {
        PlanColumn.Objective => "objective",
        PlanColumn.Measure => "measure",
        PlanColumn.Activity => "activity",
        PlanColumn.Implementers => "implementers",
        PlanColumn.Timeframe => "timeframe",
        PlanColumn.Indicators => "indicators",
        PlanColumn.Funds => "funds",
        PlanColumn.Partners => "partners",
        _ => column.ToString(),
    };
}
