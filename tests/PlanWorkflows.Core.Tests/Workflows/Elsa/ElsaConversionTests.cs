using System.Text.Json.Nodes;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Elsa;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Tests.Workflows.Elsa;

public sealed class ElsaConversionTests
{
    private static readonly IReadOnlyDictionary<string, StepTypeInfo> Steps = BuiltInStepMetadata.ByType;
    private static readonly string Folder = RepoPaths.Combine("workflows", "definitions");

    public static TheoryData<string> ShippedFiles() =>
        new(Directory.EnumerateFiles(Folder, "*.json").Select(Path.GetFileName).Where(f => f != "schema.json").Order(StringComparer.Ordinal)!);

    private static JsonObject StudioSample() =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("tests", "PlanWorkflows.Core.Tests", "Workflows", "Elsa", "studio-save-request.json")))!["model"]!;

    private static string Structured(WorkflowDefinitionDocument document)
    {
        var copy = DefinitionJson.Parse(DefinitionJson.Serialize(document), "copy");
        copy.Elsa = null;
        return DefinitionJson.Serialize(copy);
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void Shipped_definition_goes_to_an_Elsa_flowchart_and_back_unchanged(string file)
    {
        var original = DefinitionJson.Load(Path.Combine(Folder, file));

        var elsa = ElsaWorkflowWriter.ToElsa(original, Steps);
        var back = ElsaWorkflowReader.Parse(ElsaWorkflowWriter.Serialize(elsa), file, Steps);

        Assert.Empty(back.Problems.Select(p => p.ToString()));
        Assert.Equal("Elsa.Flowchart", elsa["root"]!["type"]!.GetValue<string>());
        Assert.Equal(original.Walk().Count(), elsa["root"]!["activities"]!.AsArray().Count);
        Assert.Equal(DefinitionJson.Serialize(original), Structured(back.Document));
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void Shipped_definition_is_laid_out_top_down_with_ports_of_its_step_types(string file)
    {
        var original = DefinitionJson.Load(Path.Combine(Folder, file));
        var elsa = ElsaWorkflowWriter.ToElsa(original, Steps);
        var activities = elsa["root"]!["activities"]!.AsArray().Select(a => a!.AsObject()).ToDictionary(a => a["id"]!.GetValue<string>());
        (double X, double Y) Position(string id) =>
            (activities[id]["metadata"]!["designer"]!["position"]!["x"]!.GetValue<double>(), activities[id]["metadata"]!["designer"]!["position"]!["y"]!.GetValue<double>());

        // No two nodes on top of each other.
        Assert.Equal(activities.Count, activities.Keys.Select(Position).Distinct().Count());
        foreach (var connection in elsa["root"]!["connections"]!.AsArray())
        {
            var source = connection!["source"]!["activity"]!.GetValue<string>();
            var target = connection["target"]!["activity"]!.GetValue<string>();
            var port = connection["source"]!["port"]!.GetValue<string>();
            var type = activities[source]["type"]!.GetValue<string>()["PlanWorkflows.".Length..];
            var info = Steps[type];
            string[] ports = info.Component switch
            {
                StepComponent.Switch => [.. info.Outcomes],
                StepComponent.Container => ["Iterate", "Done"],
                _ => ["Done"],
            };
            Assert.Contains(port, ports);

            // Flow goes down the page, except the connection that closes a Repeat's loop.
            if (info.Component != StepComponent.Container || port != "Done")
            {
                var loopsBack = Steps[activities[target]["type"]!.GetValue<string>()["PlanWorkflows.".Length..]].Component == StepComponent.Container && Position(target).Y < Position(source).Y;
                Assert.True(loopsBack || Position(target).Y > Position(source).Y, $"{source} -> {target}");
            }
        }

        // The branches of a switch stand side by side.
        foreach (var step in original.Walk().Where(s => s.Branches is { Count: > 1 }))
        {
            var firsts = step.Branches!.Values.Select(b => Position(b[0].Id)).ToList();
            Assert.Equal(firsts.Count, firsts.Select(p => p.X).Distinct().Count());
            Assert.Single(firsts.Select(p => p.Y).Distinct());
        }
    }

    [Fact]
    public void Studio_save_body_is_structured_and_given_back_with_every_field_it_had()
    {
        var sample = StudioSample();

        var read = ElsaWorkflowReader.Read(sample, Steps);

        var doc = read.Document;
        Assert.Equal("plan-wf-1", doc.Name);
        Assert.Equal("Plan review reminders", doc.Title);
        Assert.Equal(["SendReminder1", "WaitForReply1"], doc.Sequence.Select(s => s.Id));
        var wait = doc.Sequence[1];
        Assert.Equal("switch", wait.ComponentType);
        // Replied goes to End: nothing to do; TimedOut sends the second reminder.
        // Replied leads to the End: an empty branch, named all the same (the engine needs every outcome's branch).
        Assert.Equal(["replied", "timedOut"], wait.Branches!.Keys);
        Assert.Empty(wait.Branches["replied"]);
        Assert.Equal("SendReminder2", Assert.Single(wait.Branches["timedOut"]).Id);
        // The activity dropped on the canvas but never connected is named.
        var stray = Assert.Single(read.Problems);
        Assert.Equal("60b3d050d4937e05", stray.StepId);

        var stored = DefinitionJson.Parse(DefinitionJson.Serialize(doc), "draft");
        var again = ElsaWorkflowWriter.ToElsa(stored, Steps);
        Assert.True(JsonNode.DeepEquals(sample, again), again.ToJsonString());
    }

    [Fact]
    public void After_an_edit_elsewhere_the_flowchart_is_rewritten_keeping_positions_and_inputs_the_engine_ignores()
    {
        var read = ElsaWorkflowReader.Read(StudioSample(), Steps);
        var doc = DefinitionJson.Parse(DefinitionJson.Serialize(read.Document), "draft");
        doc.Sequence[0].Properties["template"] = "first-reminder";
        doc.Sequence[0].Name = "First reminder";

        var elsa = ElsaWorkflowWriter.ToElsa(doc, Steps);

        var reminder = elsa["root"]!["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "SendReminder1")!;
        Assert.Equal(300, reminder["metadata"]!["designer"]!["position"]!["x"]!.GetValue<double>());
        Assert.Equal("Edited subject from spike", reminder["subject"]!["expression"]!["value"]!.GetValue<string>());
        Assert.Equal("first-reminder", reminder["template"]!["expression"]!["value"]!.GetValue<string>());
        Assert.Equal("First reminder", reminder["metadata"]!["displayText"]!.GetValue<string>());
        Assert.Equal("3.8.2.0", elsa["toolVersion"]!.GetValue<string>());
        Assert.Equal("Spike workflow", elsa["description"]!.GetValue<string>());
        var back = ElsaWorkflowReader.Read(elsa, Steps);
        Assert.Equal(Structured(doc), Structured(back.Document));
    }

    private static JsonObject Flowchart(JsonArray activities, params (string From, string Port, string To)[] connections) => new()
    {
        ["definitionId"] = "drawn",
        ["name"] = "Drawn",
        ["root"] = new JsonObject
        {
            ["type"] = "Elsa.Flowchart",
            ["activities"] = activities,
            ["connections"] = new JsonArray([.. connections.Select(c => (JsonNode?)new JsonObject
            {
                ["source"] = new JsonObject { ["activity"] = c.From, ["port"] = c.Port },
                ["target"] = new JsonObject { ["activity"] = c.To, ["port"] = "In" },
            })]),
        },
    };

    private static JsonObject A(string id, string type, params (string Name, string Syntax, string Value)[] inputs)
    {
        var activity = new JsonObject { ["id"] = id, ["type"] = type.StartsWith("Elsa.", StringComparison.Ordinal) ? type : "PlanWorkflows." + type };
        foreach (var (name, syntax, value) in inputs)
        {
            activity[name] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = syntax, ["value"] = value } };
        }

        return activity;
    }

    [Fact]
    public void A_loop_back_to_a_step_that_is_not_a_Repeat_is_refused_naming_the_activity()
    {
        var elsa = Flowchart([A("start", "Elsa.Start"), A("remind", "SendReminder"), A("wait", "WaitForReply"), A("end", "Elsa.End")],
            ("start", "Done", "remind"), ("remind", "Done", "wait"), ("wait", "timedOut", "remind"), ("wait", "replied", "end"));

        var problems = ElsaWorkflowReader.Read(elsa, Steps).Problems;

        var loop = Assert.Single(problems);
        Assert.Contains("makes a loop", loop.Message, StringComparison.Ordinal);
        Assert.Equal("timedOut", loop.Property);
        Assert.Equal("wait", loop.StepId);
        Assert.Contains("petlju", loop.MessageCnr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loop_back_to_a_Repeat_through_its_Iterate_port_is_its_body()
    {
        var elsa = Flowchart(
            [A("start", "Elsa.Start"), A("loop", "Repeat"), A("remind", "SendReminder", ("template", "Literal", "first-reminder"), ("recipients", "Literal", "[\"focalPoint\",\"head\"]")), A("pause", "WaitUntil", ("dueOffsetWorkingDays", "Literal", "-2")), A("done", "SetStatus", ("status", "Literal", "Overdue"))],
            ("start", "Done", "loop"), ("loop", "Iterate", "remind"), ("remind", "Done", "pause"), ("pause", "Done", "loop"), ("loop", "Done", "done"));

        var read = ElsaWorkflowReader.Read(elsa, Steps);

        Assert.Empty(read.Problems.Select(p => p.ToString()));
        Assert.Equal(["loop", "done"], read.Document.Sequence.Select(s => s.Id));
        Assert.Equal(["remind", "pause"], read.Document.Sequence[0].Sequence!.Select(s => s.Id));
        Assert.Equal("""["focalPoint","head"]""", read.Document.Sequence[0].Sequence![0].Properties["recipients"]!.ToJsonString());
        Assert.Equal(-2, read.Document.Sequence[0].Sequence![1].Properties["dueOffsetWorkingDays"]!.GetValue<int>());
    }

    [Fact]
    public void Branches_that_meet_again_continue_with_the_step_where_they_meet()
    {
        var elsa = Flowchart([A("wait", "WaitForReply"), A("thanks", "SetStatus"), A("late", "SetStatus"), A("remind", "SendReminder"), A("after", "NotifyOffice")],
            ("wait", "replied", "thanks"), ("wait", "timedOut", "late"), ("late", "Done", "remind"), ("thanks", "Done", "after"), ("remind", "Done", "after"));

        var read = ElsaWorkflowReader.Read(elsa, Steps);

        Assert.Empty(read.Problems);
        Assert.Equal(["wait", "after"], read.Document.Sequence.Select(s => s.Id));
        Assert.Equal(["thanks"], read.Document.Sequence[0].Branches!["replied"].Select(s => s.Id));
        Assert.Equal(["late", "remind"], read.Document.Sequence[0].Branches!["timedOut"].Select(s => s.Id));
    }

    [Fact]
    public void An_unconnected_outcome_is_refused_where_the_other_branches_go_on()
    {
        var elsa = Flowchart([A("first", "WaitForReply"), A("review", "ReviewReport"), A("thanks", "SetStatus"), A("after", "NotifyOffice")],
            ("first", "replied", "review"), ("first", "timedOut", "after"), ("review", "accepted", "thanks"), ("thanks", "Done", "after"));

        var problems = ElsaWorkflowReader.Read(elsa, Steps).Problems;

        var open = Assert.Single(problems);
        Assert.Equal("review", open.StepId);
        Assert.Equal("returned", open.Property);
    }

    [Fact]
    public void Paths_from_different_switches_that_meet_are_refused_naming_the_meeting_activity()
    {
        // b's accepted outcome jumps into the other branch of a: shared is reached from two places that are not one switch's join.
        var elsa = Flowchart([A("a", "WaitForReply"), A("b", "ReviewReport"), A("shared", "SetStatus"), A("z", "SetStatus"), A("w", "NotifyOffice")],
            ("a", "replied", "b"), ("a", "timedOut", "shared"), ("b", "accepted", "shared"), ("b", "returned", "z"), ("shared", "Done", "w"), ("z", "Done", "w"));

        var problems = ElsaWorkflowReader.Read(elsa, Steps).Problems;

        Assert.Contains(problems, p => p.StepId == "shared" && p.Message.Contains("reached from", StringComparison.Ordinal));
    }

    [Fact]
    public void A_port_leading_to_two_activities_at_once_is_refused()
    {
        var elsa = Flowchart([A("a", "SetStatus"), A("b", "SetStatus"), A("c", "SetStatus")], ("a", "Done", "b"), ("a", "Done", "c"));

        var problems = ElsaWorkflowReader.Read(elsa, Steps).Problems;

        Assert.Contains(problems, p => p.StepId == "a" && p.Property == "Done");
    }

    [Fact]
    public void Expressions_the_engine_cannot_evaluate_are_refused_naming_activity_and_input()
    {
        var elsa = Flowchart(
            [A("if", "If", ("condition", "Scriban", "obligation.status == 'Overdue'")), A("mail", "NotifyOffice", ("template", "Scriban", "{{ x }}")), A("js", "NotifyOffice", ("template", "JavaScript", "'digest'"))],
            ("if", "true", "mail"), ("if", "false", "js"));

        var read = ElsaWorkflowReader.Read(elsa, Steps);

        Assert.Equal([("mail", "template"), ("js", "template")], read.Problems.Select(p => (p.StepId, p.Property)));
        Assert.Contains("JavaScript", read.Problems[1].Message, StringComparison.Ordinal);
        Assert.Equal("obligation.status == 'Overdue'", read.Document.Sequence[0].Properties["condition"]!.GetValue<string>());
    }

    [Fact]
    public void An_Elsa_Sequence_root_runs_its_activities_in_order_with_branches_in_outcome_properties()
    {
        var wait = A("wait", "WaitForReply", ("timeoutWorkingDays", "Literal", "5"));
        wait["timedOut"] = new JsonObject { ["type"] = "Elsa.Sequence", ["activities"] = new JsonArray(A("escalate", "Escalate", ("level", "Literal", "1"))) };
        var elsa = new JsonObject
        {
            ["definitionId"] = "seq",
            ["name"] = "Seq",
            ["root"] = new JsonObject { ["type"] = "Elsa.Sequence", ["activities"] = new JsonArray(A("remind", "SendReminder"), wait) },
        };

        var read = ElsaWorkflowReader.Read(elsa, Steps);

        Assert.Empty(read.Problems);
        Assert.Equal(["remind", "wait"], read.Document.Sequence.Select(s => s.Id));
        Assert.Equal(5, read.Document.Sequence[1].Properties["timeoutWorkingDays"]!.GetValue<int>());
        Assert.Equal(1, read.Document.Sequence[1].Branches!["timedOut"][0].Properties["level"]!.GetValue<int>());
    }
}
