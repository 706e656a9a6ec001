using System.Globalization;
using Microsoft.Extensions.Localization;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Status;
using static PlanWorkflows.Server.Office.OfficeRequest;

namespace PlanWorkflows.Server.Office.Pages;

/// <summary>The dashboard's chart and the status it shows (the page is <see cref="Components.Pages.Dashboard"/>).</summary>
public static class DashboardPage
{
    public const string ChartPath = OfficePaths.Root + "/dashboard/chart.png";

    public static void Map(RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/dashboard/chart.png", Chart);
    }

    /// <summary>The status as of <paramref name="asOf"/>, or today in the service's time zone.</summary>
    internal static (StatusReport Status, PlanSnapshot Snapshot) Load(Func<PlanDbContext> createContext, WorkingDayCalendar calendar, MailOptions mail, TimeProvider time, DateOnly? asOf = null)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(mail.TimeZone);
        var today = asOf ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        using var db = createContext();
        var snapshot = PlanStatus.Snapshot(db, today, zone);
        return (PlanStatus.Build(snapshot, calendar, db), snapshot);
    }

    private static IResult Chart(HttpContext http, Func<PlanDbContext> createContext, WorkingDayCalendar calendar, MailOptions mail, TimeProvider time, IStringLocalizer<OfficeText> l, string? asof)
    {
        var day = DateOnly.TryParseExact(asof, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
        var (status, _) = Load(createContext, calendar, mail, time, day);
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(StatusChart.ByAreaPng(status, l["Dashboard.Reported"], l["Dashboard.Open"], l["Dashboard.Overdue"], l["Dashboard.ChartTitle"]), "image/png");
    }
}

/// <summary>Obligations by area as stacked bars: reported (or accepted, or not applicable), still open, overdue.</summary>
public static class StatusChart
{
    private const int MaxLabel = 30;

    /// <summary>The area's name as the plan titles it (its id only when the catalogue has no title).</summary>
    public static string AreaName(AreaStatus area)
    {
        ArgumentNullException.ThrowIfNull(area);
        return string.IsNullOrWhiteSpace(area.Title) ? area.AreaId : area.Title;
    }

    /// <summary>The chart's labels under the bars: the areas' names, long ones cut with an ellipsis.</summary>
    public static IReadOnlyList<string> AxisLabels(StatusReport status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return [.. status.Areas.Select(AreaName).Select(n => n.Length > MaxLabel ? n[..(MaxLabel - 1)].TrimEnd() + "…" : n)];
    }

    public static byte[] ByAreaPng(StatusReport status, string reported, string open, string overdue, string title)
    {
        ArgumentNullException.ThrowIfNull(status);
        var plot = new ScottPlot.Plot();
        var done = ScottPlot.Color.FromHex("#1D6B35");
        var waiting = ScottPlot.Color.FromHex("#4682B4");
        var late = ScottPlot.Color.FromHex("#A4161A");
        var bars = new List<ScottPlot.Bar>();
        for (var i = 0; i < status.Areas.Count; i++)
        {
            var c = status.Areas[i].Counts;
            var finished = c.Reported + c.Accepted + c.NotApplicable;
            var behind = c.Overdue + c.Escalated;
            var rest = c.Obligations - finished - behind;
            bars.Add(new ScottPlot.Bar { Position = i, ValueBase = 0, Value = finished, FillColor = done });
            bars.Add(new ScottPlot.Bar { Position = i, ValueBase = finished, Value = finished + rest, FillColor = waiting });
            bars.Add(new ScottPlot.Bar { Position = i, ValueBase = finished + rest, Value = finished + rest + behind, FillColor = late });
        }

        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks([.. status.Areas.Select((_, i) => (double)i)], [.. AxisLabels(status)]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = ScottPlot.Alignment.MiddleLeft;
        // Room for the slanted area names below the bars.
        plot.Axes.Bottom.MinimumSize = 110;
        plot.Axes.Margins(bottom: 0);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = reported, FillColor = done });
        plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = open, FillColor = waiting });
        plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = overdue, FillColor = late });
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        plot.Title(title);
        return plot.GetImageBytes(800, 400, ScottPlot.ImageFormat.Png);
    }
}
