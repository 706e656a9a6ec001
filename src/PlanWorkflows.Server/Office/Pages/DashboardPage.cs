using System.Text;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Status;
using static PlanWorkflows.Server.Office.OfficeRequest;

namespace PlanWorkflows.Server.Office.Pages;

/// <summary>The plan today: totals, status by area and by institution, what is overdue, and a chart of it.</summary>
public static class DashboardPage
{
    public const string ChartPath = OfficePaths.Root + "/dashboard/chart.png";

    public static void Map(RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/", Show);
        group.MapGet("/dashboard/chart.png", Chart);
    }

    private static StatusReport Load(Func<PlanDbContext> createContext, WorkingDayCalendar calendar, MailOptions mail, TimeProvider time)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(mail.TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        using var db = createContext();
        return PlanStatus.Build(db, calendar, today, zone);
    }

    private static IResult Show(HttpContext http, Func<PlanDbContext> createContext, WorkingDayCalendar calendar, MailOptions mail, TimeProvider time)
    {
        var r = For(http);
        var status = Load(createContext, calendar, mail, time);
        var t = status.Totals;
        var html = new StringBuilder();
        html.Append($"<p class=\"muted\">{E(r.T("As of", "Stanje na dan"))} {E(r.Date(status.AsOf))}</p><div class=\"cards\">");
        Card(html, r.T("Obligations", "Obaveze"), t.Obligations);
        Card(html, r.T("Due so far", "Dospjelo"), t.Due);
        Card(html, r.T("Reported", "Izvješteno"), t.Reported + t.Accepted);
        Card(html, r.T("Overdue", "Kasni"), t.Overdue + t.Escalated);
        Card(html, r.T("Extended", "Produženo"), t.Extended);
        html.Append("</div>");
        html.Append($"<h2>{E(r.T("Status by area", "Stanje po oblastima"))}</h2>");
        html.Append($"<img class=\"chart\" src=\"{ChartPath}\" width=\"800\" height=\"400\" alt=\"{E(r.T("Obligations by area: reported, open and overdue", "Obaveze po oblastima: izvještene, otvorene i zakašnjele"))}\">");
        html.Append(CountsTable(r, r.T("Area", "Oblast"), status.Areas.Select(a => (a.Title.Length > 0 ? a.Title : a.AreaId, a.Counts))));
        html.Append($"<h2>{E(r.T("Status by institution", "Stanje po institucijama"))}</h2>");
        html.Append(CountsTable(r, r.T("Institution", "Institucija"), status.Institutions.Select(i => (i.Name, i.Counts))));
        html.Append($"<h2 id=\"overdue\">{E(r.T("Overdue", "Kasni"))}</h2>");
        html.Append(OfficeLayout.Table(
            [r.T("Activity", "Aktivnost"), r.T("Institution", "Institucija"), r.T("Period", "Period"), r.T("Due", "Rok"), r.T("Working days late", "Radnih dana kašnjenja"), r.T("Escalation level", "Nivo eskalacije"), r.T("Last mail", "Posljednja poruka")],
            status.Overdue.Select(o => new[]
            {
                $"{E(o.Activity.Code)} {E(o.Activity.Title)}", E(o.Institution.Name), E(PeriodLabels.Title(o.Period, r.Lang)), E(r.Date(o.DueDate)), r.Number(o.WorkingDaysOverdue), r.Number(o.EscalationLevel),
                o.LastMail is { } m ? $"{E(m.Template)} {E(r.Time(m.SentAt))}" : string.Empty,
            }),
            r.T("Nothing is overdue.", "Ništa ne kasni.")));
        return OfficeLayout.Page(r, r.T("Dashboard", "Pregled"), html.ToString());
    }

    private static void Card(StringBuilder html, string label, int value) =>
        html.Append($"<div class=\"card\"><strong>{value}</strong>{E(label)}</div>");

    private static string CountsTable(OfficeRequest r, string first, IEnumerable<(string Name, StatusCounts Counts)> rows) =>
        OfficeLayout.Table(
            [first, r.T("Obligations", "Obaveze"), r.T("Due", "Dospjelo"), r.T("Reported", "Izvješteno"), r.T("Accepted", "Prihvaćeno"), r.T("Overdue", "Kasni"), r.T("Escalated", "Eskalirano"), r.T("Extended", "Produženo")],
            rows.Select(x => new[]
            {
                E(x.Name), r.Number(x.Counts.Obligations), r.Number(x.Counts.Due), r.Number(x.Counts.Reported), r.Number(x.Counts.Accepted),
                r.Number(x.Counts.Overdue), r.Number(x.Counts.Escalated), r.Number(x.Counts.Extended),
            }),
            r.T("No obligations yet.", "Još nema obaveza."));

    private static IResult Chart(HttpContext http, Func<PlanDbContext> createContext, WorkingDayCalendar calendar, MailOptions mail, TimeProvider time)
    {
        var r = For(http);
        var status = Load(createContext, calendar, mail, time);
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(StatusChart.ByAreaPng(status, r.T("Reported", "Izvješteno"), r.T("Open", "Otvoreno"), r.T("Overdue", "Kasni"), r.T("Obligations by area", "Obaveze po oblastima")), "image/png");
    }
}

/// <summary>Obligations by area as stacked bars: reported (or accepted, or not applicable), still open, overdue.</summary>
public static class StatusChart
{
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
        plot.Axes.Bottom.SetTicks([.. status.Areas.Select((_, i) => (double)i)], [.. status.Areas.Select(a => a.AreaId.Length > 20 ? a.AreaId[..19] + "…" : a.AreaId)]);
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
