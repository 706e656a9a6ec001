namespace PlanWorkflows.Core.Schedules;

/// <summary>
/// Reporting rhythm shared by every activity without its own: the Working Group reports to the
/// Government twice a year, so continuous and as-needed activities are asked at those rounds.
/// </summary>
public sealed record ScheduleOptions
{
    public const string SectionName = "Schedules";

    public static ScheduleOptions Default { get; } = new();

    /// <summary>Months whose last day closes a reporting round (default June and December).</summary>
    public IReadOnlyList<int> SemiannualRoundMonths { get; init; } = [6, 12];

    /// <summary>Season window when the timeframe names a season without months (tourist season: June).</summary>
    public int DefaultSeasonStartMonth { get; init; } = 6;

    /// <summary>Last month of the default season window (September).</summary>
    public int DefaultSeasonEndMonth { get; init; } = 9;

    /// <summary>
    /// Whole months after the season's last month whose last day is the report's due date; the default
    /// of 1 gives institutions October to report on a June–September season.
    /// </summary>
    public int SeasonReportLagMonths { get; init; } = 1;

    /// <summary>Problems that make these options unusable; empty when valid. For validation on start.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (SemiannualRoundMonths is null || SemiannualRoundMonths.Count == 0)
        {
            errors.Add($"{nameof(SemiannualRoundMonths)} must list at least one month.");
        }
        else if (SemiannualRoundMonths.Any(m => m is < 1 or > 12))
        {
            errors.Add($"{nameof(SemiannualRoundMonths)} must hold months 1–12.");
        }

        if (DefaultSeasonStartMonth is < 1 or > 12)
        {
            errors.Add($"{nameof(DefaultSeasonStartMonth)} must be 1–12.");
        }

        if (DefaultSeasonEndMonth is < 1 or > 12)
        {
            errors.Add($"{nameof(DefaultSeasonEndMonth)} must be 1–12.");
        }

        if (SeasonReportLagMonths is < 0 or > 12)
        {
            errors.Add($"{nameof(SeasonReportLagMonths)} must be 0–12.");
        }

        return errors;
    }
}
