using System.CommandLine;
using System.Globalization;
using PlanWorkflows.Core;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Server.Cli;

/// <summary>
/// <c>pack build --meeting yyyy-MM-dd [--previous yyyy-MM-dd] [--lang en|cnr] --out dir [--database file]</c>:
/// a meeting pack (DOCX, XLSX annex, HTML, chart) from the current data, as the plan stands at the end of the meeting day.
/// </summary>
internal static class PackCommands
{
    public static Command Build()
    {
        var meeting = new Option<string>("--meeting") { Description = "The meeting date, yyyy-MM-dd.", Required = true };
        var previous = new Option<string?>("--previous") { Description = "The previous meeting's date, yyyy-MM-dd: the pack lists what changed since." };
        var language = new Option<string>("--lang") { Description = "en or cnr.", DefaultValueFactory = _ => "en" };
        language.AcceptOnlyFromAmong("en", "cnr");
        var output = new Option<string>("--out") { Description = "The folder to write the pack into.", Required = true };
        var workflows = new Option<string?>("--workflows") { Description = "The workflows folder with the holiday calendar (default: the shipped one)." };
        var build = new Command("build", "Build a meeting pack from the current data.") { meeting, previous, language, output, workflows, CliConfiguration.DatabaseFile };
        build.SetAction(result => CliIo.Run(result, () =>
        {
            var folder = result.GetValue(workflows) ?? WorkflowsFolder.Locate();
            var calendar = WorkingDayCalendar.Load(Path.Combine(folder, WorkflowsFolder.HolidaysFile));
            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            var pack = PackBuilder.Load(db, calendar, Date("--meeting", result.GetValue(meeting)!), result.GetValue(previous) is { } p ? Date("--previous", p) : null, result.GetValue(language)!);
            var writer = CliIo.Out(result);
            foreach (var file in PackFiles.Write(pack, result.GetValue(output)!))
            {
                writer.WriteLine(file);
            }

            return 0;
        }));
        return new Command("pack", "Working Group meeting packs.") { build };
    }

    private static DateOnly Date(string option, string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CliException($"{option} '{text}': expected a date as yyyy-MM-dd");
}
