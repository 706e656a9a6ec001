using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Core.Catalogue;

/// <summary>The catalogue as JSON for other programs and the web app (shape of <c>plan export</c>).</summary>
public static class CatalogueExport
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static ExportDocument Build(PlanCatalogue catalogue, InstitutionDirectory institutions, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(institutions);
        return new ExportDocument(
            new ExportPlan(catalogue.Plan.Title, catalogue.Plan.PeriodStart, catalogue.Plan.PeriodEnd, catalogue.Plan.Adopted, catalogue.Plan.TimeZone),
            [.. catalogue.Areas.Select(area => new ExportArea(area.Id, area.Title, [.. area.Activities.Select(activity => new ExportActivity(
                activity.Key,
                activity.Code,
                activity.Objective,
                activity.Measure,
                activity.Title,
                activity.Implementers,
                activity.Partners,
                new ExportTimeframe(
                    activity.Timeframe.Text,
                    activity.Timeframe.Kind,
                    activity.Timeframe.Cron,
                    activity.Timeframe.AfterActivityCode,
                    [.. ActivityPeriods.Owed(catalogue, activity, calendar).Select(p => p.DueDate)]),
                activity.Indicators,
                activity.Funds,
                activity.Warnings))]))],
            [.. institutions.All.Select(i => new ExportInstitution(i.Id, i.NameEn, i.NameCnr, i.Kind, i.Aliases))],
            catalogue.Warnings);
    }

    public static string ToJson(PlanCatalogue catalogue, InstitutionDirectory institutions, WorkingDayCalendar calendar) =>
        JsonSerializer.Serialize(Build(catalogue, institutions, calendar), JsonOptions);
}

public sealed record ExportDocument(ExportPlan Plan, IReadOnlyList<ExportArea> Areas, IReadOnlyList<ExportInstitution> Institutions, IReadOnlyList<ImportWarning> Warnings);

public sealed record ExportPlan(string Title, DateOnly PeriodStart, DateOnly PeriodEnd, DateOnly? Adopted, string TimeZone);

public sealed record ExportArea(string Id, string Title, IReadOnlyList<ExportActivity> Activities);

public sealed record ExportActivity(
    string Key,
    string Code,
    string Objective,
    string Measure,
    string Title,
    IReadOnlyList<string> Implementers,
    IReadOnlyList<string> Partners,
    ExportTimeframe Timeframe,
    string Indicators,
    string Funds,
    IReadOnlyList<ImportWarning> Warnings);

public sealed record ExportTimeframe(string Text, ScheduleKind Kind, string? Cron, string? AfterActivity, IReadOnlyList<DateOnly> DueDates);

public sealed record ExportInstitution(string Id, string Name, string NameCnr, string Kind, IReadOnlyList<string> Aliases);
