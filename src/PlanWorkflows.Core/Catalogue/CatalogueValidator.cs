using Cronos;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Core.Catalogue;

public sealed record ValidationError(string Source, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{Source}:{Line}: {Message}" : $"{Source}: {Message}";
}

/// <summary>Checks a loaded catalogue for what YAML cannot: references, ranges and consistency.</summary>
public static class CatalogueValidator
{
    public static IReadOnlyList<ValidationError> Validate(PlanCatalogue catalogue, InstitutionDirectory institutions, string source)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(institutions);
        var errors = new List<ValidationError>();
        void Error(int line, string message) => errors.Add(new ValidationError(source, line, message));

        if (string.IsNullOrWhiteSpace(catalogue.Plan.Title))
        {
            Error(0, "plan.title is missing");
        }

        if (catalogue.Plan.PeriodStart == default || catalogue.Plan.PeriodEnd == default || catalogue.Plan.PeriodEnd < catalogue.Plan.PeriodStart)
        {
            Error(0, $"plan period {catalogue.Plan.PeriodStart:yyyy-MM-dd}..{catalogue.Plan.PeriodEnd:yyyy-MM-dd} is not a valid range");
        }

        if (catalogue.Areas.Count == 0)
        {
            Error(0, "the catalogue has no areas");
        }

        var keys = new Dictionary<string, CatalogueActivity>(StringComparer.OrdinalIgnoreCase);
        var areaCodes = new Dictionary<string, CatalogueArea>(StringComparer.OrdinalIgnoreCase);
        foreach (var area in catalogue.Areas)
        {
            if (string.IsNullOrWhiteSpace(area.Id))
            {
                Error(0, $"area '{area.Title}' has no id");
            }

            if (!ActivityCodes.IsAreaCode(area.Code))
            {
                Error(0, $"area {area.Id}: code '{area.Code}' is not 2 to 6 capital letters or digits starting with a letter");
            }
            else if (!areaCodes.TryAdd(area.Code, area))
            {
                Error(0, $"area {area.Id}: code '{area.Code}' is also the code of area {areaCodes[area.Code].Id}");
            }

            foreach (var activity in area.Activities)
            {
                var where = $"activity {activity.Key}";
                if (string.IsNullOrWhiteSpace(activity.Code) || string.IsNullOrWhiteSpace(activity.Key))
                {
                    Error(activity.CatalogueLine, $"activity '{activity.Title}' has no code or key");
                }
                else if (!keys.TryAdd(activity.Key, activity))
                {
                    Error(activity.CatalogueLine, $"{where}: key used twice (also line {keys[activity.Key].CatalogueLine})");
                }

                if (string.IsNullOrWhiteSpace(activity.Title))
                {
                    Error(activity.CatalogueLine, $"{where}: title is empty");
                }

                foreach (var id in activity.Implementers.Concat(activity.Partners))
                {
                    if (institutions.Find(id) is null)
                    {
                        Error(activity.CatalogueLine, $"{where}: institution '{id}' is not in institutions.yaml");
                    }
                }

                foreach (var name in activity.IndicatorList.GroupBy(i => i.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key))
                {
                    Error(activity.CatalogueLine, $"{where}: indicator '{name}' is listed twice");
                }

                foreach (var indicator in activity.IndicatorList.Where(i => i.Name.Trim().Length == 0 || i.Name.Contains(':', StringComparison.Ordinal)))
                {
                    Error(activity.CatalogueLine, $"{where}: indicator '{indicator.Name}' is empty or has a ':' a reply form could not read back");
                }

                ValidateTimeframe(catalogue, activity, where, Error);
            }
        }

        foreach (var activity in catalogue.Activities)
        {
            if (activity.Timeframe.AfterActivityCode is { } after && !keys.ContainsKey(after))
            {
                Error(activity.CatalogueLine, $"activity {activity.Key}: timeframe.afterActivity '{after}' is not an activity of this catalogue");
            }
        }

        return errors;
    }

    private static void ValidateTimeframe(PlanCatalogue catalogue, CatalogueActivity activity, string where, Action<int, string> error)
    {
        var schedule = activity.Timeframe;
        switch (schedule.Kind)
        {
            case ScheduleKind.Recurring:
                if (string.IsNullOrWhiteSpace(schedule.Cron))
                {
                    error(activity.CatalogueLine, $"{where}: a recurring timeframe needs a cron expression");
                }
                else
                {
                    try
                    {
                        CronExpression.Parse(schedule.Cron);
                    }
                    catch (CronFormatException ex)
                    {
                        error(activity.CatalogueLine, $"{where}: timeframe.cron '{schedule.Cron}' is not valid: {ex.Message}");
                    }
                }

                break;
            case ScheduleKind.Deadline:
                if (schedule.Deadline is not { } deadline)
                {
                    error(activity.CatalogueLine, $"{where}: a deadline timeframe needs timeframe.deadline");
                }
                else if (deadline < catalogue.Plan.PeriodStart || deadline > catalogue.Plan.PeriodEnd)
                {
                    error(activity.CatalogueLine, $"{where}: timeframe.deadline {deadline:yyyy-MM-dd} is outside the plan period");
                }

                break;
        }
    }
}
