using System.CommandLine;
using System.Globalization;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Packs;

namespace PlanWorkflows.Server.Cli;

/// <summary>
/// <c>pack build --meeting yyyy-MM-dd [--previous yyyy-MM-dd] [--lang en|cnr] --out dir [--database file]</c>: a meeting pack
/// (DOCX, XLSX annex, HTML, chart) from the current data, as the plan stands at the end of the meeting day;
/// <c>pack build --report semiannual --period 2012-H2 …</c>: the report to the Government for a half-year, as of its last day.
/// </summary>
internal static class PackCommands
{
    public const string Semiannual = "semiannual";

    public static Command Build()
    {
        var meeting = new Option<string?>("--meeting") { Description = "The meeting date, yyyy-MM-dd." };
        var previous = new Option<string?>("--previous") { Description = "The previous meeting's date, yyyy-MM-dd: the pack lists what changed since." };
        var report = new Option<string?>("--report") { Description = $"Build a report instead of a meeting pack: {Semiannual} (the report to the Government)." };
        report.AcceptOnlyFromAmong(Semiannual);
        var period = new Option<string?>("--period") { Description = "The report's half-year, yyyy-H1 or yyyy-H2 (period ends from GovernmentReport:PeriodEnds)." };
        var language = new Option<string>("--lang") { Description = "en, cnr or cnr-Cyrl.", DefaultValueFactory = _ => "en" };
        language.AcceptOnlyFromAmong([.. MailLanguages.Written]);
        var output = new Option<string>("--out") { Description = "The folder to write the pack into.", Required = true };
        var workflows = new Option<string?>("--workflows") { Description = "The workflows folder with the holiday calendar (default: the service's, Workflows:Folder, else the shipped one)." };
        var build = new Command("build", "Build a meeting pack, or the report to the Government, from the current data.")
        {
            meeting, previous, report, period, language, output, workflows, CliConfiguration.DatabaseFile,
        };
        build.SetAction(result => CliIo.Run(result, () =>
        {
            var workspace = CliWorkspace.Load(result.GetValue(workflows), null);
            var reportPeriod = Period(result.GetValue(meeting), result.GetValue(previous), result.GetValue(report), result.GetValue(period), workspace.Reports);
            var calendar = workspace.Calendar;
            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            // The catalogue's Montenegrin text beside the workspace's catalogue, for a Montenegrin pack.
            var text = PlanText.LoadBeside(workspace.Catalogue, workspace.CataloguePath, MailLanguages.Montenegrin);
            var pack = reportPeriod is not null
                // Reports on the period count until it was assembled: when the report workflow did, else now.
                ? PackBuilder.LoadReport(db, calendar, reportPeriod, result.GetValue(language)!,
                    assembledAt: PackBuilder.AssembledAt(db, reportPeriod) ?? CliConfiguration.Clock(result).GetUtcNow().UtcDateTime, text: text)
                : PackBuilder.Load(db, calendar, Date("--meeting", result.GetValue(meeting)!), result.GetValue(previous) is { } p ? Date("--previous", p) : null, result.GetValue(language)!, text: text);
            var writer = CliIo.Out(result);
            foreach (var file in PackFiles.Write(pack, result.GetValue(output)!))
            {
                writer.WriteLine(file);
            }

            return 0;
        }));
        return new Command("pack", "Working Group meeting packs and the report to the Government.") { build };
    }

    /// <summary>The report period asked for, or null for a meeting pack; a mix of the two is refused.</summary>
    private static ReportPeriod? Period(string? meeting, string? previous, string? report, string? period, GovernmentReportOptions options)
    {
        if (report is null)
        {
            return meeting is null
                ? throw new CliException("give --meeting yyyy-MM-dd, or --report semiannual --period yyyy-H1|H2")
                : period is null ? null : throw new CliException("--period belongs to --report");
        }

        if (meeting is not null || previous is not null)
        {
            throw new CliException("--report builds a report, not a meeting pack: leave out --meeting and --previous");
        }

        if (period is null)
        {
            throw new CliException("--report semiannual needs --period yyyy-H1 or yyyy-H2");
        }

        try
        {
            return GovernmentReport.Parse(period, options);
        }
        catch (FormatException ex)
        {
            throw new CliException($"--period {ex.Message}");
        }
    }

    private static DateOnly Date(string option, string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CliException($"{option} '{text}': expected a date as yyyy-MM-dd");
}
