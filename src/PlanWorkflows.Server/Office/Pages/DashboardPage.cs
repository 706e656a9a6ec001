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

    private static (StatusReport Status, PlanSnapshot Snapshot) Load(Func<PlanDbContext> createContext, WorkingDayCalendar calendar, MailOptions mail, TimeProvider time)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(mail.TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        using var db = createContext();
        var snapshot = PlanStatus.Snapshot(db, today, zone);
        return (PlanStatus.Build(snapshot, calendar, db), snapshot);
    }

    private static IResult Show(HttpContext http, Func<PlanDbContext> createContext, WorkingDayCalendar calendar, MailOptions mail, TimeProvider time)
    {
        var r = For(http);
        var (status, snapshot) = Load(createContext, calendar, mail, time);
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
        html.Append(CountsTable(r, r.T("Area", "Oblast"), status.Areas.Select(a => (StatusChart.AreaName(a), a.Counts))));
        html.Append($"<h2>{E(r.T("Activities by implementation status", "Aktivnosti prema statusu realizacije"))}</h2>");
        html.Append($"<p class=\"muted\">{E(r.T(
            "An activity with several implementers is Implemented only when every one of them reports it implemented; Partially implemented when some report progress and others report none or have not reported.",
            "Aktivnost sa više nosilaca je realizovana tek kada je svaki od njih izvijestio da je realizovana; djelimično realizovana kada neki izvještavaju o napretku, a drugi ne ili nijesu dostavili izvještaj."))}</p>");
        html.Append(ImplementationTable(r, status));
        html.Append($"<h2>{E(r.T("Status by institution", "Stanje po institucijama"))}</h2>");
        html.Append(CountsTable(r, r.T("Institution", "Institucija"), status.Institutions.Select(i => (snapshot.InstitutionName(i.InstitutionId, r.Lang), i.Counts))));
        var obligations = snapshot.Obligations.ToDictionary(o => (o.ActivityKey, o.InstitutionId, o.PeriodLabel));
        html.Append($"<h2 id=\"overdue\">{E(r.T("Overdue", "Kasni"))}</h2>");
        html.Append(OfficeLayout.Table(
            [r.T("Activity", "Aktivnost"), r.T("Institution", "Institucija"), r.T("Period", "Period"), r.T("Due", "Rok"), r.T("Working days late", "Radnih dana kašnjenja"), r.T("Escalation level", "Nivo eskalacije"), r.T("Last mail", "Posljednja poruka"), r.T("History", "Istorija")],
            status.Overdue.Select(o => new[]
            {
                $"{E(o.Activity.Code)} {E(o.Activity.Title)}", E(snapshot.InstitutionName(o.Institution.Id, r.Lang)), E(PeriodLabels.Title(o.Period, r.Lang)), E(r.Date(o.DueDate)), r.Number(o.WorkingDaysOverdue), r.Number(o.EscalationLevel),
                o.LastMail is { } m ? E(ObligationHistory.Mail(m.Template, snapshot.LocalDay(m.SentAt), r.Lang)) : string.Empty,
                obligations.TryGetValue((o.Activity.Key, o.Institution.Id, o.Period), out var obligation)
                    ? string.Join("<br>", snapshot.History(obligation).Select(e => E(ObligationHistory.Text(e, r.Lang))))
                    : string.Empty,
            }),
            r.T("Nothing is overdue.", "Ništa ne kasni.")));
        return OfficeLayout.Page(r, r.T("Dashboard", "Pregled"), html.ToString());
    }

    // The Government's vocabulary in its order, "no report received" last, as the packs count it.
    private static readonly ImplementationStatus?[] Vocabulary =
    [
        ImplementationStatus.Implemented, ImplementationStatus.ContinuouslyImplemented, ImplementationStatus.PartiallyImplemented,
        ImplementationStatus.NotImplemented, ImplementationStatus.NotApplicable, null,
    ];

    /// <summary>Activities by area in the Government's vocabulary, each activity's status by <see cref="ActivityImplementation"/>.</summary>
    private static string ImplementationTable(OfficeRequest r, StatusReport status)
    {
        var names = status.Areas.ToDictionary(a => a.AreaId, StatusChart.AreaName, StringComparer.Ordinal);
        var rows = status.Activities.GroupBy(a => a.AreaId, StringComparer.Ordinal)
            .Select(g => (Name: names.GetValueOrDefault(g.Key, g.Key), Activities: g.ToList()))
            .Append((Name: r.T("Total", "Ukupno"), Activities: status.Activities.ToList()));
        return OfficeLayout.Table(
            [r.T("Area", "Oblast"), .. Vocabulary.Select(v => ActivityImplementation.Label(v, owes: true, r.Lang))],
            rows.Select(x => (string[])[E(x.Name), .. Vocabulary.Select(v => r.Number(x.Activities.Count(a => a.Status == v)))]),
            r.T("No activities yet.", "Još nema aktivnosti."));
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
        var (status, _) = Load(createContext, calendar, mail, time);
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(StatusChart.ByAreaPng(status, r.T("Reported", "Izvješteno"), r.T("Open", "Otvoreno"), r.T("Overdue", "Kasni"), r.T("Obligations by area", "Obaveze po oblastima")), "image/png");
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
