using System.Globalization;
using System.Net;
using PlanWorkflows.Core.Mail;

namespace PlanWorkflows.Core.Packs;

/// <summary>The pack as one self-contained HTML page (styles and chart inline), for the browser, printing and the mail body.</summary>
public static class HtmlPackWriter
{
    private const string Style = """
        body{font-family:"Segoe UI",Arial,sans-serif;font-size:11pt;margin:2em;color:#222}
        h1{font-size:20pt}h2{font-size:15pt;margin-top:1.6em;border-bottom:1px solid #999}h3{font-size:12pt}
        table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #999;padding:3px 6px;vertical-align:top;text-align:left}
        th{background:#e8eef4}td.n{text-align:right}.narrative{white-space:pre-wrap;overflow-wrap:anywhere}
        img{max-width:100%}
        @media print{body{margin:0}h2{break-after:avoid}thead{display:table-header-group}tr{break-inside:avoid}section.activity{break-inside:avoid-page}}
        """;

    public static string Write(PackData pack, byte[]? chartPng = null)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Write(pack, text, chartPng);
        return text.ToString();
    }

    /// <summary>The page written as it is made (into the archive's file), so a plan of a thousand activities is never one string in memory.</summary>
    public static void Write(PackData pack, TextWriter output, byte[]? chartPng = null)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(output);
        var l = pack.Labels;
        var html = new Html(output);
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(pack.Language == MailLanguages.MontenegrinCyrillic ? "sr-Cyrl-ME" : pack.Language == MailLanguages.Montenegrin ? "sr-Latn-ME" : "en").Append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(E(pack.DocumentTitle)).Append("</title>\n<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(E(l.Title)).Append("</h1>\n<p>").Append(E(pack.Heading)).Append("</p>\n");
        if (pack.Introduction is { } introduction)
        {
            html.Append("<p>").Append(E(introduction)).Append("</p>\n");
        }

        if (pack.PreviousMeeting is { } previous && pack.Report is null)
        {
            html.Append("<p>").Append(E($"{l.PreviousMeeting}: {PackBuilder.Date(previous)}")).Append("</p>\n");
        }

        html.Append("<h2>").Append(E(l.Agenda)).Append("</h2>\n<ol>\n");
        foreach (var item in pack.Agenda)
        {
            html.Append("<li>").Append(E(item)).Append("</li>\n");
        }

        html.Append("</ol>\n<h2>").Append(E(l.Summary)).Append("</h2>\n<h3>").Append(E(l.ByStatus)).Append("</h3>\n");
        Table(html, [l.Status, l.Activities], pack.Summary.Select(s => new[] { s.Label, N(s.Activities) }), numeric: 1);
        if (chartPng is not null)
        {
            html.Append("<p><img alt=\"").Append(E(l.Chart)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(chartPng)).Append("\"></p>\n");
        }

        html.Append("<h3>").Append(E(l.ByArea)).Append("</h3>\n");
        Table(html, [l.Area, .. pack.Summary.Select(s => s.Label), l.Total],
            pack.Areas.Select(a => (string[])[a.Title, .. a.Counts.Select(N), N(a.Total)]), numeric: 1);

        html.Append("<h2>").Append(E(l.Overdue)).Append("</h2>\n");
        if (pack.Overdue.Count == 0)
        {
            html.Append("<p>").Append(E(l.NothingOverdue)).Append("</p>\n");
        }
        else
        {
            Table(html, [l.Activity, l.Institution, l.Period, l.DueDate, l.WorkingDaysOverdue, l.EscalationLevel, l.LastMail, l.EscalationHistory],
                pack.Overdue.Select(o => new[]
                {
                    $"{o.ActivityCode} {o.ActivityTitle}", o.Institution, o.Period, PackBuilder.Date(o.DueDate), N(o.WorkingDaysOverdue), N(o.EscalationLevel), o.LastMail ?? "–",
                    string.Join("\n", o.History.Select(h => h.Text)),
                }));
        }

        html.Append("<h2>").Append(E(l.Activities)).Append("</h2>\n");
        foreach (var a in pack.Activities)
        {
            html.Append("<section class=\"activity\">\n<h3>").Append(E($"{a.Code} {a.Title}")).Append("</h3>\n<p>")
                .Append(E($"{l.Area}: {a.AreaTitle} · {l.Timeframe}: {a.Timeframe} · {l.Status}: {a.Implementation}")).Append("</p>\n<p>")
                .Append(E($"{l.Implementers}: {(a.Implementers.Count == 0 ? l.NoImplementer : string.Join(", ", a.Implementers))}")).Append("</p>\n");
            if (a.Reports.Count == 0)
            {
                html.Append("<p>").Append(E(l.NoReports)).Append("</p>\n");
            }
            else
            {
                html.Append("<table>\n<thead><tr>");
                foreach (var h in new[] { l.Institution, l.Status, l.Submitted, l.IndicatorValues, l.Narrative, l.Evidence })
                {
                    html.Append("<th>").Append(E(h)).Append("</th>");
                }

                html.Append("</tr></thead>\n<tbody>\n");
                foreach (var r in a.Reports)
                {
                    html.Append("<tr><td>").Append(E(r.Institution)).Append("</td><td>").Append(E(r.StatusLabel)).Append("</td><td>")
                        .Append(E(r.SubmittedOn is { } d ? l.Received(d, r.Late) : string.Empty)).Append("</td><td>")
                        .Append(E(string.Join("\n", r.Indicators.Select(i => $"{i.Name}: {i.Value}")))).Append("</td><td class=\"narrative\">")
                        .Append(E(r.Narrative)).Append("</td><td>");
                    foreach (var link in r.EvidenceLinks)
                    {
                        // Only web links become anchors: a "javascript:" link from a reply stays text.
                        if (Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
                        {
                            html.Append("<a href=\"").Append(E(uri.AbsoluteUri)).Append("\">").Append(E(link)).Append("</a><br>");
                        }
                        else
                        {
                            html.Append(E(link)).Append("<br>");
                        }
                    }

                    html.Append("</td></tr>\n");
                }

                html.Append("</tbody>\n</table>\n");
            }

            if (pack.PreviousMeeting is not null)
            {
                html.Append("<p><strong>").Append(E(l.ChangesSince)).Append(":</strong> ")
                    .Append(E(a.Changes.Count == 0 ? l.NoChanges : string.Join("; ", a.Changes))).Append("</p>\n");
            }

            html.Append("</section>\n");
        }

        html.Append("<h2>").Append(E(l.IndicatorTable)).Append("</h2>\n");
        Table(html, [l.Activity, l.Indicator, l.Sum, l.Target, l.Reporting],
            pack.Indicators.Select(i => new[] { i.ActivityCode, i.Indicator, MailFormat.Number(i.Total, pack.Language), i.Target is { } t ? MailFormat.Number(t, pack.Language) : string.Empty, N(i.Institutions) }), numeric: 2);

        // The Government's report states where the plan stands; the Working Group's decisions stay in the meeting packs.
        if (pack.Report is null)
        {
            html.Append("<h2>").Append(E(l.ItemsForDecision)).Append("</h2>\n");
            if (pack.Decisions.Count == 0)
            {
                html.Append("<p>").Append(E(l.NoDecisions)).Append("</p>\n");
            }
            else
            {
                Table(html, [l.ItemsForDecision, l.Activity, l.Institution, string.Empty], pack.Decisions.Select(d => new[] { d.Kind, d.ActivityCode, d.Institution, d.Text }));
            }
        }

        html.Append("</body>\n</html>\n");
    }

    /// <summary>The writer with the builder's chaining, so the page reads the same whether it goes to a string or a file.</summary>
    private sealed class Html(TextWriter output)
    {
        public Html Append(string? text)
        {
            output.Write(text);
            return this;
        }
    }

    private static void Table(Html html, IEnumerable<string> header, IEnumerable<string[]> rows, int numeric = int.MaxValue)
    {
        html.Append("<table>\n<thead><tr>");
        foreach (var h in header)
        {
            html.Append("<th>").Append(E(h)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Length; i++)
            {
                html.Append(i >= numeric ? "<td class=\"n\">" : "<td>").Append(E(row[i])).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text).Replace("\n", "<br>", StringComparison.Ordinal);

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
