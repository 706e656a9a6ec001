using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Simulation;
using PlanWorkflows.Core.Tests;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Server.Tests.Designer;

/// <summary>The diff and the preview on their own, without the web host.</summary>
public sealed class DefinitionDiffAndPreviewTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.Load(RepoPaths.Combine("workflows", "calendar", "holidays-me.yaml"));

    private static WorkflowDefinitionDocument Parse(string sequence, string title = "Flow") => DefinitionJson.Parse(
        $$"""{ "name": "flow", "title": "{{title}}", "description": "", "properties": {}, "sequence": [ {{sequence}} ] }""", "test");

    private const string Reply = """
        { "id": "reply", "componentType": "switch", "type": "WaitForReply", "name": "Reply?", "properties": { "timeoutWorkingDays": 1 },
          "branches": { "replied": [], "timedOut": [ { "id": "escalate", "componentType": "task", "type": "Escalate", "name": "Escalate",
            "properties": { "level": 1, "recipients": ["head"], "template": "escalation-head", "copyOffice": true } } ] } }
        """;

    [Fact]
    public void Diff_names_removed_steps_their_branch_and_cleared_inputs()
    {
        var older = Parse(Reply + """, { "id": "done", "componentType": "task", "type": "SetStatus", "name": "Done", "properties": { "status": "Accepted" } }""");
        var newer = Parse(Reply.Replace("\"copyOffice\": true", "\"copyOffice\": true, \"level\": 2", StringComparison.Ordinal).Replace("\"level\": 1, ", string.Empty, StringComparison.Ordinal)
            .Replace(", \"copyOffice\": true", string.Empty, StringComparison.Ordinal), title: "Flow 2");

        var changes = DefinitionDiff.Compare(older, newer).Select(c => $"{c.Change} {c.StepId} @ {c.Where}: {c.Text}").ToList();

        Assert.Equal(
            [
                "changed  @ definition: title: 'Flow' → 'Flow 2'",
                "changed escalate @ reply › timedOut #1: copyOffice cleared (was true)",
                "changed escalate @ reply › timedOut #1: level: 1 → 2",
                "removed done @ root #2: SetStatus 'Done' removed",
            ],
            changes.Order(StringComparer.Ordinal));
        Assert.Empty(DefinitionDiff.Compare(older, Parse(Reply + """, { "id": "done", "componentType": "task", "type": "SetStatus", "name": "Done", "properties": { "status": "Accepted" } }""")));
    }

    [Fact]
    public async Task Preview_of_a_definition_that_faults_reports_the_incident_instead_of_failing()
    {
        var broken = Parse("""
            { "id": "wait", "componentType": "task", "type": "WaitUntil", "name": "Wait", "properties": { "dueOffsetWorkingDays": -3 } },
            { "id": "mystery", "componentType": "task", "type": "NoSuchStep", "name": "Mystery", "properties": {} }
            """);
        var institutions = new List<InstitutionRecord>
        {
            new() { Id = "police", Kind = "police", NameEn = "Police", NameCnr = "Policija", Contacts = [new() { Role = "focalPoint", Email = "police.focal@example.org", Name = "Focal", Language = "en" }] },
        };
        var obligation = new PreviewObligation("area/1.1.1", "1.1.1", "Training", "police", "2013-Q1", new DateOnly(2013, 1, 1), new DateOnly(2013, 3, 31), new DateOnly(2013, 4, 1));

        var run = await new DefinitionPreview(Calendar, new EngineOptions()).RunAsync(broken, obligation, institutions, PreviewReplier.Never);

        Assert.Equal("Faulted", run.InstanceStatus);
        Assert.Contains(run.Incidents, i => i.StartsWith("mystery:", StringComparison.Ordinal) && i.Contains("NoSuchStep", StringComparison.Ordinal));
        Assert.Empty(run.Mails);
        // It waited in virtual time until three working days before the due date, then reached the broken step.
        Assert.Contains(run.Events, e => e.StepId == "mystery" && e.Local.StartsWith("2013-03-27", StringComparison.Ordinal));
    }
}
