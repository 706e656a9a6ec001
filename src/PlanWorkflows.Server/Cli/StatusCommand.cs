using System.CommandLine;
using System.Globalization;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Status;

namespace PlanWorkflows.Server.Cli;

/// <summary>
/// <c>status [--as-of yyyy-MM-dd] [--format json|table] [--database file]</c>: who is late with what,
/// on any day. Without <c>--as-of</c> the date is today's on the service's clock (plan time on the demo clock).
/// </summary>
internal static class StatusCommand
{
    public static Command Build()
    {
        var asOf = new Option<string?>("--as-of") { Description = "The day to report on, yyyy-MM-dd (default: today on the service's clock, UTC)." };
        var format = new Option<string>("--format") { Description = "json (one object) or table (for reading).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("json", "table");
        var workflows = new Option<string?>("--workflows") { Description = "The workflows folder with the holiday calendar (default: the service's, Workflows:Folder, else the shipped one)." };
        var command = new Command("status", "Obligations by status, area and institution; activities in the Government's vocabulary; the overdue list.")
        {
            asOf, format, workflows, CliConfiguration.DatabaseFile,
        };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            var date = ParseAsOf(result, result.GetValue(asOf));
            var workspace = CliWorkspace.Load(result.GetValue(workflows), null);
            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            var report = PlanStatus.Build(db, workspace.Calendar, date);
            var writer = CliIo.Out(result);
            if (result.GetValue(format) == "json")
            {
                writer.WriteLine(PlanStatus.ToJson(report));
            }
            else
            {
                StatusTable.Write(report, writer);
            }

            return 0;
        }));
        return command;
    }

    private static DateOnly ParseAsOf(ParseResult result, string? text)
    {
        if (text is null)
        {
            return DateOnly.FromDateTime(CliConfiguration.Clock(result).GetUtcNow().UtcDateTime);
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CliException($"--as-of '{text}': expected a date as yyyy-MM-dd");
    }
}

/// <summary>The status report as aligned text columns, for a terminal.</summary>
internal static class StatusTable
{
    private static readonly string[] CountHeader = ["obligations", "due", "pending", "reminded", "reported", "accepted", "returned", "overdue", "escalated", "extended", "n/a"];

    public static void Write(StatusReport report, TextWriter writer)
    {
        writer.WriteLine($"Status as of {Date(report.AsOf)} (working days: {report.Calendar})");
        writer.WriteLine();
        writer.WriteLine("Obligations");
        Table(writer, ["", .. CountHeader], [["all", .. Counts(report.Totals)]]);
        if (report.Totals.EscalatedByLevel.Count > 0)
        {
            writer.WriteLine("escalated by level: " + string.Join(", ", report.Totals.EscalatedByLevel.Select(e => $"level {e.Level}: {e.Count}")));
        }

        writer.WriteLine();
        writer.WriteLine("By area");
        Table(writer, ["area", .. CountHeader], [.. report.Areas.Select(a => (string[])[a.Title, .. Counts(a.Counts)])]);
        writer.WriteLine();
        writer.WriteLine("By institution");
        Table(writer, ["institution", .. CountHeader], [.. report.Institutions.Select(i => (string[])[i.Name, .. Counts(i.Counts)])]);
        writer.WriteLine();
        writer.WriteLine("Activities");
        Table(writer, ["area", "code", "implementation", "last report", "by", "reported"],
            [.. report.Activities.Select(a => (string[])[a.AreaId, a.Code, a.Implementation, a.LatestReportAt is { } at ? Date(DateOnly.FromDateTime(at)) : "-", a.Institutions.FirstOrDefault(i => i.InstitutionId == a.LatestReportBy)?.Name ?? "-", $"{a.Reported}/{a.Obligations}"])]);
        writer.WriteLine();
        writer.WriteLine($"Overdue ({report.Overdue.Count})");
        if (report.Overdue.Count == 0)
        {
            writer.WriteLine("  none");
            return;
        }

        Table(writer, ["activity", "institution", "period", "due", "working days", "level", "last mail"],
            [.. report.Overdue.Select(o => (string[])[o.Activity.Code, o.Institution.Name, PeriodLabels.Title(o.Period, MailLanguages.English), Date(o.DueDate), Number(o.WorkingDaysOverdue), Number(o.EscalationLevel),
                o.LastMail is { } m ? $"{m.Template} {Date(DateOnly.FromDateTime(m.SentAt))}" : "-"])]);
    }

    private static string[] Counts(StatusCounts c) =>
        [.. new[] { c.Obligations, c.Due, c.Pending, c.Reminded, c.Reported, c.Accepted, c.Returned, c.Overdue, c.Escalated, c.Extended, c.NotApplicable }.Select(Number)];

    private static void Table(TextWriter writer, string[] header, IReadOnlyList<string[]> rows)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        // Numbers line up on the right, text on the left, as a reader scans them.
        var numeric = header.Select((_, i) => rows.Count > 0 && rows.All(r => r[i].Length > 0 && r[i].All(char.IsAsciiDigit))).ToArray();
        string Line(string[] cells) => "  " + string.Join("  ", cells.Select((c, i) => numeric[i] ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();
        writer.WriteLine(Line(header));
        foreach (var row in rows)
        {
            writer.WriteLine(Line(row));
        }
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
