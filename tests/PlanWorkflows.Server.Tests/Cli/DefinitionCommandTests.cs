using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Elsa;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Server.Tests.Cli;

public sealed class DefinitionCommandTests
{
    private static async Task<IReadOnlyList<WorkflowDefinitionDocument>> PublishShippedAsync(CliDatabase database)
    {
        await using var db = await database.SeededAsync();
        var shipped = DefinitionCatalog.LoadFolder(CliRunner.Repo("workflows", "definitions")).ByName.Values.ToList();
        await DefinitionStore.PublishShippedAsync(db, shipped, CliDatabase.Seeded);
        return shipped;
    }

    [Fact]
    public async Task Export_in_elsa_format_writes_every_published_definition_as_a_flowchart_that_reads_back_the_same()
    {
        using var database = new CliDatabase();
        var shipped = await PublishShippedAsync(database);
        using var output = new TempFolder();

        var result = CliRunner.Run("definitions", "export", "--format", "elsa", "--out", output.Path, "--database", database.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(shipped.Select(d => d.Name + ".json").Order(StringComparer.Ordinal), Directory.EnumerateFiles(output.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var original in shipped)
        {
            var file = Path.Combine(output.Path, original.Name + ".json");
            var elsa = JsonNode.Parse(File.ReadAllText(file))!;
            Assert.Equal("Elsa.Flowchart", elsa["root"]!["type"]!.GetValue<string>());
            Assert.Equal($"{original.Name}-v1", elsa["id"]!.GetValue<string>());
            Assert.True(elsa["isPublished"]!.GetValue<bool>());
            var back = ElsaWorkflowReader.Parse(File.ReadAllText(file), file, BuiltInStepMetadata.ByType);
            Assert.Empty(back.Problems);
            back.Document.Elsa = null;
            Assert.Equal(DefinitionJson.Serialize(original), DefinitionJson.Serialize(back.Document));
        }
    }

    [Fact]
    public async Task Import_in_elsa_format_stores_a_draft_keeping_the_studio_json_and_names_the_problems()
    {
        using var database = new CliDatabase();
        await PublishShippedAsync(database);
        var sample = CliRunner.Repo("tests", "PlanWorkflows.Core.Tests", "Workflows", "Elsa", "studio-save-request.json");

        var result = CliRunner.Run("definitions", "import", sample, "--format", "elsa", "--database", database.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("saved as the draft plan-wf-1 v1", result.Output, StringComparison.Ordinal);
        // The activity never connected, and the reminders without a template, are named.
        Assert.Contains("activity 60b3d050d4937e05, connections", result.Error, StringComparison.Ordinal);
        Assert.Contains("activity SendReminder1, template", result.Error, StringComparison.Ordinal);
        await using var db = database.Open();
        var draft = await db.Definitions.SingleAsync(d => d.Name == "plan-wf-1");
        Assert.Equal(DefinitionState.Draft, draft.State);
        var document = DefinitionJson.Parse(draft.Json, "draft");
        Assert.Equal(["SendReminder1", "WaitForReply1"], document.Sequence.Select(s => s.Id));
        var model = JsonNode.Parse(File.ReadAllText(sample))!["model"]!;
        Assert.True(JsonNode.DeepEquals(model, ElsaWorkflowWriter.ToElsa(document, BuiltInStepMetadata.ByType)));
        var audit = await db.Audit.SingleAsync(a => a.Action == "definition-imported");
        Assert.Contains("studio-save-request.json", audit.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_of_a_file_that_is_not_json_names_the_file_and_line()
    {
        using var database = new CliDatabase();
        using var folder = new TempFolder();
        var path = folder.File("broken.json");
        File.WriteAllText(path, "{\n  \"definitionId\": \"x\",\n  oops\n}");

        var result = CliRunner.Run("definitions", "import", path, "--format", "elsa", "--database", database.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{path}:3", result.Error, StringComparison.Ordinal);
    }
}
