using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Catalogue.Reading;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Server.Cli;

/// <summary><c>plan import | validate | export | schedule | translations check | revise</c>: the catalogue from the adopted document.</summary>
internal static class PlanCommands
{
    private static readonly Option<string?> WorkflowsOption = new("--workflows")
    {
        Description = "The workflows folder: institutions.yaml, calendar/, definitions/, meetings.yaml (default: the one beside the catalogue; without a catalogue, the service's Workflows:Folder, else the shipped one).",
        Recursive = true,
    };

    public static Command Build()
    {
        var plan = new Command("plan", "Import, check and export the Action Plan catalogue.");
        plan.Options.Add(WorkflowsOption);
        plan.Subcommands.Add(Import());
        plan.Subcommands.Add(Validate());
        plan.Subcommands.Add(Export());
        plan.Subcommands.Add(Schedule());
        plan.Subcommands.Add(PlanTranslationCommands.Build());
        plan.Subcommands.Add(PlanReviseCommand.Build(WorkflowsOption));
        return plan;
    }

    private static Command Import()
    {
        var document = new Argument<string>("document") { Description = "The plan document: the adopted Word document (.docx) or its text form (tab-separated tables), told apart by content." };
        var output = new Option<string>("--out") { Description = "Where to write the catalogue YAML.", Required = true };
        var period = new Option<string?>("--period") { Description = "Plan period yyyy-MM-dd..yyyy-MM-dd when the title does not say." };
        var command = new Command("import", "Read a plan document into a catalogue and print what needs review.") { document, output, period };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            var path = result.GetValue(document)!;
            var outPath = result.GetValue(output)!;
            var institutions = PlanWorkspace.LoadInstitutions(PlanWorkspace.FolderOf(CliWorkspace.Source(result.GetValue(WorkflowsOption), outPath)));
            var parsed = PlanDocumentReader.ReadFile(path);
            var catalogue = new CatalogueImporter(institutions).Import(parsed, ParsePeriod(result.GetValue(period)));
            CatalogueYaml.Write(catalogue, outPath);

            var writer = CliIo.Out(result);
            foreach (var warning in catalogue.Warnings)
            {
                writer.WriteLine($"warning: {Path.GetFileName(path)}:{parsed.Locate(warning.Line)}: [{warning.Code}] {warning.Column}: {warning.Found} — {warning.Action}");
            }

            foreach (var activity in catalogue.Activities)
            {
                foreach (var warning in activity.Warnings)
                {
                    writer.WriteLine($"warning: {Path.GetFileName(path)}:{parsed.Locate(warning.Line)}: {activity.Key} [{warning.Code}] {warning.Column}: {warning.Found} — {warning.Action}");
                }
            }

            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"imported {catalogue.Activities.Count()} activities in {catalogue.Areas.Count} areas ({string.Join(", ", catalogue.Areas.Select(a => $"{a.Title} {a.Activities.Count}"))}); {catalogue.Warnings.Count + catalogue.Activities.Sum(a => a.Warnings.Count)} warnings; written to {outPath}"));
            return 0;
        }));
        return command;
    }

    private static Command Validate()
    {
        var file = CatalogueArgument();
        var command = new Command("validate", "Check a catalogue (and its overrides) for schema and reference errors.") { file };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            var workspace = Workspace(result, file);
            var (catalogue, path) = (workspace.Catalogue, workspace.CataloguePath);
            var errors = CatalogueValidator.Validate(catalogue, workspace.Institutions, path);
            foreach (var error in errors)
            {
                CliIo.Error(result).WriteLine($"error: {error}");
            }

            if (errors.Count > 0)
            {
                return 1;
            }

            var pending = catalogue.Activities.Sum(a => a.Warnings.Count(w => w.Code != "override"));
            CliIo.Out(result).WriteLine($"{path}: valid; {catalogue.Activities.Count()} activities, {pending} warnings to review");
            return 0;
        }));
        return command;
    }

    private static Command Export()
    {
        var file = CatalogueArgument();
        var format = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json");
        var command = new Command("export", "Write the catalogue, with due dates, to standard output.") { file, format };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            var workspace = Workspace(result, file);
            CliIo.Out(result).WriteLine(CatalogueExport.ToJson(workspace.Catalogue, workspace.Institutions, workspace.Calendar));
            return 0;
        }));
        return command;
    }

    private static Command Schedule()
    {
        var file = CatalogueArgument();
        var from = new Option<string?>("--from") { Description = "First due date to list (yyyy-MM-dd)." };
        var to = new Option<string?>("--to") { Description = "Last due date to list (yyyy-MM-dd)." };
        var format = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "csv");
        var command = new Command("schedule", "List every reporting obligation: activity, institution, period and due date.") { file, from, to, format };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            var (fromDate, toDate) = (ParseDate(result.GetValue(from), "--from"), ParseDate(result.GetValue(to), "--to"));
            var workspace = Workspace(result, file);
            var obligations = ObligationPlanner.Plan(workspace.Catalogue, workspace.Calendar, fromDate, toDate);
            var writer = CliIo.Out(result);
            if (result.GetValue(format) == "csv")
            {
                // The activity as people name it (EDU 1.1.2), with its area's name beside it.
                var areas = workspace.Catalogue.Areas.ToDictionary(a => a.Id, StringComparer.Ordinal);
                writer.WriteLine("activity,area,institution,period,periodStart,periodEnd,nominalDue,dueDate,kind");
                foreach (var o in obligations)
                {
                    var area = areas[o.Area];
                    writer.WriteLine(string.Join(',', Csv(ActivityCodes.Format(area.Code, o.ActivityCode)), Csv(area.Title), Csv(o.InstitutionId), Csv(o.PeriodLabel),
                        Date(o.PeriodStart), Date(o.PeriodEnd), Date(o.NominalDue), Date(o.DueDate), o.Kind));
                }
            }
            else
            {
                writer.WriteLine(JsonSerializer.Serialize(obligations, CatalogueExport.JsonOptions));
            }

            return 0;
        }));
        return command;
    }

    private static Argument<string?> CatalogueArgument() => new("catalogue")
    {
        Description = "The catalogue YAML (default: the service's, Catalogue:Path, else the shipped plan).",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>The service's workspace with the verb's catalogue and <c>--workflows</c> over it.</summary>
    private static PlanWorkspace Workspace(ParseResult result, Argument<string?> catalogue) =>
        CliWorkspace.Load(result.GetValue(WorkflowsOption), result.GetValue(catalogue));

    private static PlanPeriod? ParsePeriod(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Split("..");
        if (parts.Length != 2 || ParseDate(parts[0], "--period") is not { } start || ParseDate(parts[1], "--period") is not { } end || end < start)
        {
            throw new CliException($"--period '{text}' is not yyyy-MM-dd..yyyy-MM-dd");
        }

        return new PlanPeriod(start, end);
    }

    private static DateOnly? ParseDate(string? text, string option) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new CliException($"{option} '{text}' is not a date (yyyy-MM-dd)");

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
