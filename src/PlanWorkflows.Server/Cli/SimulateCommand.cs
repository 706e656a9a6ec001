using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PlanWorkflows.Core;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Simulation;
using Spectre.Console;

namespace PlanWorkflows.Server.Cli;

/// <summary>
/// <c>simulate</c>: the whole plan through the real engine in virtual time. Standard output holds
/// only the final JSON object, so it can be piped; progress goes to standard error.
/// </summary>
internal static class SimulateCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Build()
    {
        var plan = new Option<string>("--plan") { Description = "The catalogue YAML to simulate.", Required = true };
        var from = new Option<string?>("--from") { Description = "First simulated day (yyyy-MM-dd; default: adoption date, else period start)." };
        var to = new Option<string?>("--to") { Description = $"Last simulated day (yyyy-MM-dd; default: period end plus {PlanSimulator.TailWorkingDays} working days)." };
        var replies = new Option<string>("--replies") { Description = "How institutions answer: realistic, on-time or none.", DefaultValueFactory = _ => "realistic" };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic replies; the same seed gives the same run.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Folder for planworkflows.db, mail/ and packs/ (one folder per meeting and report).", Required = true };
        var workflows = new Option<string?>("--workflows") { Description = "Folder with institutions.yaml, calendar/ and definitions/ (default: the one beside the catalogue, else the shipped one)." };
        var templates = new Option<string?>("--templates") { Description = "Folder of the mail templates (default: the email-templates/ the service uses)." };
        var command = new Command("simulate", "Run the plan through the real engine in virtual time, writing every mail as the service would send it (.eml), and print a JSON summary.")
        {
            plan, from, to, replies, seed, output, workflows, templates,
        };
        command.SetAction((result, cancellationToken) => RunAsync(result, () =>
        {
            var path = result.GetValue(plan)!;
            if (!File.Exists(path))
            {
                throw new CliException($"--plan: {path}: file not found");
            }

            var repliesText = result.GetValue(replies)!;
            if (!SimulationOptions.TryParseReplies(repliesText, out var mode))
            {
                throw new CliException($"--replies '{repliesText}' is not one of realistic, on-time, none");
            }

            var folder = result.GetValue(workflows) ?? WorkflowsFolder.Locate(path);
            if (!Directory.Exists(folder))
            {
                throw new CliException($"--workflows: {folder}: folder not found");
            }

            var templatesFolder = result.GetValue(templates) ?? EmailTemplatesFolder.Locate();
            if (!Directory.Exists(templatesFolder))
            {
                throw new CliException($"--templates: {templatesFolder}: folder not found");
            }

            var fromDate = ParseDate(result.GetValue(from), "--from");
            var toDate = ParseDate(result.GetValue(to), "--to");
            if (fromDate is { } f && toDate is { } t && t < f)
            {
                throw new CliException($"--to {t:yyyy-MM-dd} is before --from {f:yyyy-MM-dd}");
            }

            // The service's workspace (configuration's meetings and report periods too), so the simulation builds the packs the service would.
            var workspace = CliWorkspace.Load(folder, path);
            // The defaults come from the catalogue, so an explicit date is checked against them too.
            var (catalogue, calendar) = (workspace.Catalogue, workspace.Calendar);
            try
            {
                PlanSimulator.Window(catalogue, calendar, fromDate, toDate);
            }
            catch (ArgumentException)
            {
                var (start, end) = (fromDate ?? PlanWindow.Of(catalogue).Adopted, toDate ?? catalogue.Plan.PeriodEnd);
                throw new CliException(fromDate is null
                    ? $"--to {end:yyyy-MM-dd} is before the simulation start {start:yyyy-MM-dd} (the plan's adoption or period start; give --from)"
                    : $"--from {start:yyyy-MM-dd} is after the simulation end {PlanSimulator.Window(catalogue, calendar, null, null).To:yyyy-MM-dd} (give --to)");
            }

            return new SimulationOptions
            {
                CataloguePath = path,
                OutputFolder = result.GetValue(output)!,
                WorkflowsFolder = folder,
                TemplatesFolder = templatesFolder,
                From = fromDate,
                To = toDate,
                Replies = mode,
                Seed = result.GetValue(seed),
                Workspace = workspace,
            };
        }, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, Func<SimulationOptions> prepare, CancellationToken cancellationToken)
    {
        var error = CliIo.Error(result);
        try
        {
            var options = prepare();
            var simulator = new PlanSimulator();
            SimulationResult summary;
            if (IsInteractive(result))
            {
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
                summary = await console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask("simulating", maxValue: 1);
                        var progress = new Inline<SimulationProgress>(p =>
                        {
                            task.Value = p.Fraction;
                            task.Description = string.Create(CultureInfo.InvariantCulture, $"{p.Today:yyyy-MM-dd}  {p.StepsExecuted} steps  {p.EmailsQueued} mails  {p.RepliesReceived} replies");
                        });
                        return await simulator.RunAsync(options, progress, cancellationToken);
                    });
            }
            else
            {
                var lastMonth = (Year: 0, Month: 0);
                var progress = new Inline<SimulationProgress>(p =>
                {
                    // A line per virtual month: enough to see it move, little enough for a log.
                    if ((p.Today.Year, p.Today.Month) == lastMonth)
                    {
                        return;
                    }

                    lastMonth = (p.Today.Year, p.Today.Month);
                    error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"simulate: {p.Today:yyyy-MM-dd} ({p.Fraction:P0})  {p.StepsExecuted} steps  {p.EmailsQueued} mails  {p.RepliesReceived} replies"));
                });
                summary = await simulator.RunAsync(options, progress, cancellationToken);
            }

            await CliIo.Out(result).WriteLineAsync(JsonSerializer.Serialize(summary, Json));
            return 0;
        }
        catch (ImportException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        catch (CliException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return ex.ExitCode;
        }
        catch (IOException ex)
        {
            await error.WriteLineAsync($"error: --out: {ex.Message}");
            return 1;
        }
        catch (UnauthorizedAccessException ex)
        {
            await error.WriteLineAsync($"error: --out: {ex.Message}");
            return 1;
        }
    }

    /// <summary>A bar only for a person at a terminal; captured or redirected output gets plain lines.</summary>
    private static bool IsInteractive(ParseResult result) =>
        ReferenceEquals(CliIo.Out(result), Console.Out) && ReferenceEquals(CliIo.Error(result), Console.Error)
        && !Console.IsOutputRedirected && !Console.IsErrorRedirected;

    private static DateOnly? ParseDate(string? text, string option) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new CliException($"{option} '{text}' is not a date (yyyy-MM-dd)");

    /// <summary>Reports on the simulator's own thread: <see cref="Progress{T}"/> would post them out of order.</summary>
    private sealed class Inline<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
