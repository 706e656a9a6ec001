using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Elsa;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;
using PlanWorkflows.Server.Designer;
using PlanWorkflows.Server.Office;
using PlanWorkflows.Server.Studio;

namespace PlanWorkflows.Server.Cli;

/// <summary><c>definitions export | import</c>: definitions to and from files, in the service's JSON or Elsa 3's, so they move between installations and Elsa servers.</summary>
internal static class DefinitionCommands
{
    private const string Elsa = "elsa";
    private const string Json = "json";

    public static Command Build()
    {
        var definitions = new Command("definitions", "Workflow definitions: export the published ones, import one as a draft.");
        definitions.Options.Add(CliConfiguration.DatabaseFile);
        definitions.Subcommands.Add(Export());
        definitions.Subcommands.Add(Import());
        return definitions;
    }

    private static Option<string> Format() => new("--format")
    {
        Description = "elsa: Elsa 3 workflow JSON (a flowchart, as Elsa Studio edits it); json: the service's own definition format.",
        DefaultValueFactory = _ => Json,
    };

    private static IReadOnlyDictionary<string, StepTypeInfo> Steps => BuiltInStepMetadata.ByType;

    private static Command Export()
    {
        var format = Format();
        format.AcceptOnlyFromAmong(Elsa, Json);
        var output = new Option<string>("--out") { Description = "Folder to write to, one <name>.json per definition.", Required = true };
        var command = new Command("export", "Write the latest published version of every definition, one file each.") { format, output };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            var folder = result.GetValue(output)!;
            Directory.CreateDirectory(folder);
            var published = db.Definitions.AsNoTracking().Where(d => d.State == DefinitionState.Published).ToList()
                .GroupBy(d => d.Name, StringComparer.Ordinal).Select(g => g.MaxBy(d => d.Version)!).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
            var elsa = result.GetValue(format) == Elsa;
            foreach (var record in published)
            {
                var path = Path.Combine(folder, record.Name + ".json");
                var text = elsa ? ElsaWorkflowWriter.Serialize(ElsaVersions.ToElsa(record, Steps, isLatest: true)) : record.Json;
                File.WriteAllText(path, text + (text.EndsWith('\n') ? string.Empty : "\n"));
                CliIo.Out(result).WriteLine($"{path}: {record.Name} v{record.Version}");
            }

            CliIo.Out(result).WriteLine($"{published.Count} published definitions written to {folder}{(elsa ? " in Elsa 3's workflow JSON" : string.Empty)}");
            return 0;
        }));
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<string>("file") { Description = "The definition file." };
        var format = Format();
        format.AcceptOnlyFromAmong(Elsa, Json);
        var command = new Command("import", "Store a definition file as the draft of its definition (publish it in the designer or Elsa Studio).") { file, format };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            var path = result.GetValue(file)!;
            var text = ImportException.ReadText(path, "workflow definition");
            IReadOnlyList<DefinitionError> problems;
            WorkflowDefinitionDocument document;
            try
            {
                if (result.GetValue(format) == Elsa)
                {
                    var read = ElsaWorkflowReader.Parse(text, path, Steps);
                    (document, problems) = (read.Document, read.Problems);
                }
                else
                {
                    document = DefinitionJson.Parse(text, path);
                    problems = [];
                }
            }
            catch (ImportException ex)
            {
                throw new CliException(ex.Message);
            }

            if (string.IsNullOrWhiteSpace(document.Name))
            {
                throw new CliException($"{path}: the definition has no name (definitionId in Elsa's JSON)");
            }

            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            var institutions = db.Institutions.AsNoTracking().Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            problems = [.. problems, .. DefinitionValidator.Validate(document, Steps, KnownTemplates.Contains, institutions)];
            var now = CliAudit.Now(result);
            WorkflowDefinitionRecord? draft = null;
            OfficeAudit.ChangeAsync(db, CliAudit.Who, "definition-imported", "WorkflowDefinition", document.Name, now,
                async () => Snapshot(await db.Definitions.AsNoTracking().FirstOrDefaultAsync(d => d.Name == document.Name && d.State == DefinitionState.Draft).ConfigureAwait(false)
                    ?? await DefinitionStore.LatestPublishedAsync(db, document.Name).ConfigureAwait(false), null),
                async () => draft = await DefinitionStore.SaveDraftAsync(db, document, now).ConfigureAwait(false),
                () => Task.FromResult<object?>(Snapshot(draft, path)), CancellationToken.None).GetAwaiter().GetResult();
            foreach (var problem in problems)
            {
                CliIo.Error(result).WriteLine($"{path}: {(string.IsNullOrEmpty(problem.StepId) ? problem.Property : $"activity {problem.StepId}, {problem.Property}")}: {problem.Message}");
            }

            CliIo.Out(result).WriteLine($"{path}: saved as the draft {draft!.Name} v{draft.Version}"
                + (problems.Count > 0 ? $" with {problems.Count} problem(s); publishing refuses it until they are fixed" : "; publish it in the designer"));
            return 0;
        }));
        return command;
    }

    private static DefinitionAudit? Snapshot(WorkflowDefinitionRecord? record, string? importedFrom) =>
        record is null ? null : new DefinitionAudit(record.Version, record.State.ToString(), JsonNode.Parse(record.Json)!, importedFrom);
}
