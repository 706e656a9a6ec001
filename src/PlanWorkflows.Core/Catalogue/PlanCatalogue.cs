using PlanWorkflows.Core.Schedules;
using YamlDotNet.Serialization;

namespace PlanWorkflows.Core.Catalogue;

/// <summary>
/// The reviewed catalogue of an Action Plan: every activity with its implementers and reporting
/// schedule. Stored as YAML (<see cref="CatalogueYaml"/>); manual corrections live in an overrides file.
/// </summary>
public sealed class PlanCatalogue
{
    public PlanInfo Plan { get; set; } = new();
    public List<CatalogueArea> Areas { get; set; } = [];
    public List<ImportWarning> Warnings { get; set; } = [];

    [YamlIgnore]
    public IEnumerable<CatalogueActivity> Activities => Areas.SelectMany(a => a.Activities);

    public CatalogueActivity? FindActivity(string key) =>
        Activities.FirstOrDefault(a => string.Equals(a.Key, key, StringComparison.OrdinalIgnoreCase));

    public CatalogueArea? FindArea(string id) => Areas.FirstOrDefault(a => string.Equals(a.Id, id, StringComparison.Ordinal));

    /// <summary>How people read an activity's reference: <c>EDU 1.1.2</c>.</summary>
    public string Reference(CatalogueActivity activity) => ActivityCodes.Format(FindArea(activity.Area)?.Code, activity.Code);

    [YamlIgnore]
    public PlanPeriod Period => new(Plan.PeriodStart, Plan.PeriodEnd);
}

public sealed class PlanInfo
{
    public string Title { get; set; } = string.Empty;
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public DateOnly? Adopted { get; set; }
    public string TimeZone { get; set; } = "Europe/Podgorica";
    public string Source { get; set; } = string.Empty;
}

public sealed class CatalogueArea
{
    public string Id { get; set; } = string.Empty;

    /// <summary>Short code naming the area beside an activity's code in everything people read: <c>EDU</c> in <c>EDU 1.1.2</c>.</summary>
    public string Code { get; set; } = string.Empty;
    public string Title { get; set; } = string.Empty;
    public List<CatalogueObjective> Objectives { get; set; } = [];
    public List<CatalogueActivity> Activities { get; set; } = [];
}

public sealed class CatalogueObjective
{
    public int Number { get; set; }
    public string Text { get; set; } = string.Empty;
}

public sealed class CatalogueActivity
{
    /// <summary>Unique in the plan: area id and code, e.g. <c>education/1.2.3</c>.</summary>
    public string Key { get; set; } = string.Empty;
    public string Code { get; set; } = string.Empty;
    public string Area { get; set; } = string.Empty;
    public int? ObjectiveNumber { get; set; }
    public string Objective { get; set; } = string.Empty;
    public string MeasureCode { get; set; } = string.Empty;
    public string Measure { get; set; } = string.Empty;
    public string Title { get; set; } = string.Empty;
    public List<string> Implementers { get; set; } = [];
    public string ImplementersText { get; set; } = string.Empty;
    public List<string> Partners { get; set; } = [];
    public string PartnersText { get; set; } = string.Empty;
    [YamlIgnore]
    public Schedule Timeframe { get; set; } = new(ScheduleKind.Unparsed, string.Empty);

    [YamlMember(Alias = "timeframe")]
    public TimeframeData TimeframeData
    {
        get => TimeframeData.From(Timeframe);
        set => Timeframe = value.ToSchedule();
    }
    /// <summary>The indicators of success as the plan writes them, in one cell.</summary>
    public string Indicators { get; set; } = string.Empty;

    /// <summary>Each indicator as its own field, split from <see cref="Indicators"/> by <see cref="IndicatorRule"/>.</summary>
    public List<CatalogueIndicator> IndicatorList { get; set; } = [];
    public string Funds { get; set; } = string.Empty;
    /// <summary>Workflow definition serving this activity when not the default for its schedule kind.</summary>
    public string? Definition { get; set; }
    /// <summary>Line of the activity's row in the source document.</summary>
    public int Line { get; set; }

    /// <summary>Line of the activity in the catalogue file it was loaded from, for error messages.</summary>
    [YamlIgnore]
    public int CatalogueLine { get; set; }

    public List<ImportWarning> Warnings { get; set; } = [];
}

/// <summary>The stored form of a <see cref="Schedule"/>: plain fields, so the YAML reads well.</summary>
public sealed class TimeframeData
{
    public string Text { get; set; } = string.Empty;

    [YamlMember(DefaultValuesHandling = DefaultValuesHandling.Preserve)]
    public ScheduleKind Kind { get; set; } = ScheduleKind.Unparsed;
    public string? Cron { get; set; }
    public DateOnly? Deadline { get; set; }
    public DeadlineUnit? DeadlineUnit { get; set; }
    public DateOnly? Start { get; set; }
    public int? SeasonStartMonth { get; set; }
    public int? SeasonEndMonth { get; set; }
    public string? AfterReference { get; set; }
    public string? AfterActivity { get; set; }
    public bool Occasional { get; set; }
    public string? Note { get; set; }

    public static TimeframeData From(Schedule schedule) => new()
    {
        Text = schedule.Text,
        Kind = schedule.Kind,
        Cron = schedule.Cron,
        Deadline = schedule.Deadline,
        DeadlineUnit = schedule.DeadlineUnit,
        Start = schedule.Start,
        SeasonStartMonth = schedule.SeasonStartMonth,
        SeasonEndMonth = schedule.SeasonEndMonth,
        AfterReference = schedule.AfterReference,
        AfterActivity = schedule.AfterActivityCode,
        Occasional = schedule.Occasional,
        Note = schedule.Note,
    };

    public Schedule ToSchedule() => new(Kind, Text)
    {
        Cron = Cron,
        Deadline = Deadline,
        DeadlineUnit = DeadlineUnit,
        Start = Start,
        SeasonStartMonth = SeasonStartMonth,
        SeasonEndMonth = SeasonEndMonth,
        AfterReference = AfterReference,
        AfterActivityCode = AfterActivity,
        Occasional = Occasional,
        Note = Note,
    };
}
