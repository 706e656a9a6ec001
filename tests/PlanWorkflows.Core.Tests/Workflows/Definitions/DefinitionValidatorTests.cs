using System.Text.Json.Nodes;
using PlanWorkflows.Core.Tests.Institutions;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Tests.Workflows.Definitions;

public sealed class DefinitionValidatorTests
{
    private static IReadOnlyList<DefinitionError> Validate(string steps)
    {
        var document = DefinitionJson.Parse($$"""{ "name": "test", "title": "Test", "properties": {}, "sequence": [ {{steps}} ] }""", "test.json");
        return DefinitionValidator.Validate(document, BuiltInStepMetadata.ByType, KnownTemplates.Contains, RealCatalogue.Directory.Ids);
    }

    private static DefinitionError Single(string steps)
    {
        var errors = Validate(steps);
        return errors.Count == 1 ? errors[0] : throw new Xunit.Sdk.XunitException("expected one error, got: " + string.Join(" | ", errors));
    }

    private static string Task(string id, string type, string properties) =>
        $$"""{ "id": "{{id}}", "componentType": "task", "type": "{{type}}", "name": "{{id}}", "properties": {{{properties}}} }""";

    private const string Accept = """{ "id": "accept", "componentType": "task", "type": "SetStatus", "name": "Accept", "properties": { "status": "Accepted" } }""";

    [Fact]
    public void A_small_valid_definition_has_no_errors()
    {
        Assert.Empty(Validate(Task("remind", "SendReminder", """ "template": "first-reminder" """)));
    }

    [Fact]
    public void Error_text_names_step_and_property()
    {
        Assert.Equal("step remind, template: no mail template 'x'", new DefinitionError("remind", "template", "no mail template 'x'", "nema šablona poruke 'x'").ToString());
    }

    [Fact]
    public void Unknown_step_type_is_reported_with_a_suggestion()
    {
        var error = Single(Task("remind", "SendRemindr", """ "template": "first-reminder" """));

        Assert.Equal(("remind", "type"), (error.StepId, error.Property));
        Assert.Contains("did you mean 'SendReminder'", error.Message);
    }

    [Fact]
    public void Component_type_must_match_the_step_type()
    {
        var error = Single("""{ "id": "check", "componentType": "container", "type": "SetStatus", "name": "x", "properties": { "status": "Accepted" } }""");

        Assert.Equal(("check", "componentType"), (error.StepId, error.Property));
        Assert.Contains("'task'", error.Message);
    }

    [Fact]
    public void Duplicate_step_id_is_reported_on_the_second_step_even_inside_branches()
    {
        var error = Single(Accept + ","
            + """{ "id": "wait", "componentType": "switch", "type": "WaitForReply", "name": "w", "properties": {}, "branches": { "replied": [ """ + Accept + """ ], "timedOut": [] } }""");

        Assert.Equal(("accept", "id"), (error.StepId, error.Property));
    }

    [Fact]
    public void Step_without_id_is_a_document_level_error()
    {
        var error = Single(Task("", "SetStatus", """ "status": "Accepted" """));

        Assert.Equal(("", "id"), (error.StepId, error.Property));
        Assert.StartsWith("step , id:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_input_is_reported()
    {
        var error = Single(Task("esc", "Escalate", """ "level": 1, "recipients": ["head"] """));

        Assert.Equal(("esc", "template"), (error.StepId, error.Property));
        Assert.Contains("required", error.Message);
    }

    [Fact]
    public void Misspelt_input_is_reported_with_a_suggestion()
    {
        var error = Single(Task("remind", "SendReminder", """ "template": "first-reminder", "recipents": ["head"] """));

        Assert.Equal(("remind", "recipents"), (error.StepId, error.Property));
        Assert.Contains("did you mean 'recipients'", error.Message);
    }

    [Theory]
    [InlineData("Escalate", "level", "\"1\"", "whole number")]
    [InlineData("Escalate", "level", "1.5", "whole number")]
    [InlineData("Escalate", "level", "5", "out of range 1..4")]
    [InlineData("Escalate", "level", "0", "out of range 1..4")]
    [InlineData("Escalate", "copyOffice", "\"yes\"", "true or false")]
    [InlineData("Escalate", "recipients", "[]", "empty")]
    [InlineData("Escalate", "recipients", "\"head\"", "list of roles and institutions")]
    [InlineData("Escalate", "recipients", "[\"head\", \"minister\"]", "unknown recipient role 'minister'")]
    [InlineData("Escalate", "recipients", "[\"institution:\"]", "is not a named institution")]
    [InlineData("Escalate", "recipients", "[\"institution:moi:minister\"]", "role one of focalPoint, deputy, head")]
    [InlineData("Escalate", "copy", "[\"institution:moi:head:extra\"]", "is not a named institution")]
    [InlineData("SendReminder", "copy", "[\"institution:ministry-of-magic\"]", "unknown institution 'ministry-of-magic'")]
    [InlineData("WaitForReply", "timeoutWorkingDays", "\"P5D\"", "whole number")]
    [InlineData("WaitForReply", "timeoutWorkingDays", "-1", "out of range 0..")]
    [InlineData("WaitUntil", "at", "\"2013-02-30\"", "not a date")]
    [InlineData("WaitUntil", "at", "\"15.03.2013\"", "not a date")]
    [InlineData("WaitUntil", "timeOfDay", "\"9:00\"", "HH:mm")]
    [InlineData("WaitUntil", "timeOfDay", "\"25:00\"", "HH:mm")]
    [InlineData("SetStatus", "status", "\"accepted\"", "did you mean 'Accepted'")]
    [InlineData("SetStatus", "status", "\"Done\"", "not one of")]
    [InlineData("AssemblePack", "language", "\"me\"", "not one of en, cnr")]
    [InlineData("NotifyOffice", "message", "42", "expected text")]
    [InlineData("NotifyOffice", "template", "\"welcome\"", "no mail template 'welcome'")]
    public void Value_of_the_wrong_kind_is_reported(string type, string input, string json, string expected)
    {
        var required = BuiltInStepMetadata.ByType[type].Inputs.Where(i => i.Required && i.Name != input)
            .Select(i => $"\"{i.Name}\": {Sample(i)}");
        var extra = type == "WaitUntil" && input != "at" ? ", \"dueOffsetWorkingDays\": -2" : string.Empty;
        var properties = string.Join(", ", required.Append($"\"{input}\": {json}")) + extra;
        var step = BuiltInStepMetadata.ByType[type].Component == StepComponent.Switch
            ? $$"""{ "id": "s", "componentType": "switch", "type": "{{type}}", "name": "s", "properties": { {{properties}} }, "branches": { {{string.Join(", ", BuiltInStepMetadata.ByType[type].Outcomes.Select(o => $"\"{o}\": []"))}} } }"""
            : Task("s", type, properties);

        var error = Single(step);

        Assert.Equal(("s", input), (error.StepId, error.Property));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Named_institutions_in_recipients_and_copy_validate_by_their_ids()
    {
        Assert.Empty(Validate(Task("escalate", "Escalate", """
            "level": 2, "template": "escalation-head", "recipients": ["head", "institution:moi:head"],
            "copy": ["institution:supreme-state-prosecutor", "institution:moi:deputy", "institution:police-directorate:focalPoint", "office"]
            """)));
    }

    [Fact]
    public void Unknown_institution_is_reported_at_its_step_and_input_with_a_suggestion()
    {
        var errors = Validate(Task("remind", "SendReminder", """ "template": "first-reminder", "recipients": ["institution:moi"] """) + ","
            + Task("escalate", "Escalate", """ "level": 1, "template": "escalation-head", "recipients": ["head"], "copy": ["office", "institution:supreme-state-prosecutr"] """));

        var error = Assert.Single(errors);
        Assert.Equal(("escalate", "copy"), (error.StepId, error.Property));
        Assert.Equal("step escalate, copy: unknown institution 'supreme-state-prosecutr' in recipient 'institution:supreme-state-prosecutr'; "
            + "the institutions are those of institutions.yaml; did you mean 'supreme-state-prosecutor'?", error.ToString());
    }

    [Fact]
    public void Institution_ids_are_checked_against_the_list_the_caller_gives()
    {
        var document = DefinitionJson.Parse($$"""{ "name": "test", "title": "Test", "properties": {}, "sequence": [ {{Task("remind", "SendReminder", """ "template": "first-reminder", "recipients": ["institution:moi"] """)}} ] }""", "test.json");

        Assert.Empty(DefinitionValidator.Validate(document, BuiltInStepMetadata.ByType, KnownTemplates.Contains, new HashSet<string> { "moi" }));
        var error = Assert.Single(DefinitionValidator.Validate(document, BuiltInStepMetadata.ByType, KnownTemplates.Contains, new HashSet<string> { "police-directorate" }));
        Assert.Equal(("remind", "recipients"), (error.StepId, error.Property));
        Assert.Contains("unknown institution 'moi'", error.Message, StringComparison.Ordinal);
    }

    private static string Sample(StepInput input) => input.Kind switch
    {
        StepInputKind.Integer => "1",
        StepInputKind.Recipients => "[\"head\"]",
        StepInputKind.Template => "\"first-reminder\"",
        StepInputKind.Choice => $"\"{input.Choices![0]}\"",
        StepInputKind.Expression => "\"true\"",
        _ => "\"x\"",
    };

    [Fact]
    public void Duration_must_be_iso_8601()
    {
        var info = new StepTypeInfo("Pause", StepComponent.Task, "Flow", "test", [new StepInput("for", StepInputKind.Duration, "d")], []);
        Assert.Null(DefinitionValidator.CheckValue(info.Inputs[0], JsonValue.Create("P3DT12H"), _ => true, RealCatalogue.Directory.Ids));

        var problem = DefinitionValidator.CheckValue(info.Inputs[0], JsonValue.Create("3 days"), _ => true, RealCatalogue.Directory.Ids);

        Assert.Contains("ISO 8601", problem?.En);
    }

    [Fact]
    public void Duration_error_names_step_and_input_of_a_custom_step_type()
    {
        var types = new Dictionary<string, StepTypeInfo>
        {
            ["Pause"] = new("Pause", StepComponent.Task, "Flow", "test", [new StepInput("for", StepInputKind.Duration, "d", Required: true)], []),
        };
        var document = DefinitionJson.Parse("""{ "name": "t", "title": "T", "properties": {}, "sequence": [ { "id": "pause", "componentType": "task", "type": "Pause", "name": "p", "properties": { "for": "PT" } } ] }""", "t.json");

        var error = Assert.Single(DefinitionValidator.Validate(document, types, _ => true, RealCatalogue.Directory.Ids));

        Assert.Equal(("pause", "for"), (error.StepId, error.Property));
    }

    [Fact]
    public void Expression_that_does_not_parse_reports_the_scriban_message()
    {
        var error = Single("""{ "id": "check", "componentType": "switch", "type": "If", "name": "c", "properties": { "condition": "obligation.status ==" }, "branches": { "true": [ """ + Accept + """ ], "false": [] } }""");

        Assert.Equal(("check", "condition"), (error.StepId, error.Property));
        Assert.StartsWith("the expression does not parse: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Expecting an <expression> to the right of the operator", error.Message);
    }

    [Fact]
    public void Expressions_over_obligation_report_vars_and_now_parse()
    {
        Assert.Empty(Validate("""{ "id": "check", "componentType": "switch", "type": "If", "name": "c", "properties": { "condition": "obligation.escalation_level >= 2 && report.version > 1 || vars.count == 0 || now > obligation.due_date" }, "branches": { "true": [ """ + Accept + """ ], "false": [] } }"""));
    }

    [Fact]
    public void Template_that_does_not_exist_is_reported()
    {
        var error = Single(Task("remind", "SendReminder", """ "template": "first-remider" """));

        Assert.Equal(("remind", "template"), (error.StepId, error.Property));
        Assert.Equal("no mail template 'first-remider'", error.Message);
    }

    [Fact]
    public void Wait_until_needs_exactly_one_of_at_and_due_offset()
    {
        var neither = Single(Task("wait", "WaitUntil", """ "timeOfDay": "09:00" """));
        var both = Single(Task("wait", "WaitUntil", """ "at": "2013-03-15", "dueOffsetWorkingDays": -2 """));

        Assert.Equal(("wait", "at"), (neither.StepId, neither.Property));
        Assert.Contains("neither", neither.Message);
        Assert.Equal(("wait", "at"), (both.StepId, both.Property));
        Assert.Contains("more than one", both.Message);
        Assert.Empty(Validate(Task("wait", "WaitUntil", """ "at": "2013-03-15T14:30" """)));
    }

    [Fact]
    public void Repeat_needs_times_or_until()
    {
        var error = Single("""{ "id": "loop", "componentType": "container", "type": "Repeat", "name": "l", "properties": { "intervalWorkingDays": 5 }, "sequence": [ """ + Accept + """ ] }""");

        Assert.Equal(("loop", "times"), (error.StepId, error.Property));
    }

    [Fact]
    public void Switch_step_missing_a_fixed_outcome_branch_is_reported()
    {
        var error = Single("""{ "id": "wait", "componentType": "switch", "type": "WaitForReply", "name": "w", "properties": {}, "branches": { "replied": [] } }""");

        Assert.Equal(("wait", "branches.timedOut"), (error.StepId, error.Property));
    }

    [Fact]
    public void Switch_step_without_branches_is_reported()
    {
        var error = Single("""{ "id": "wait", "componentType": "switch", "type": "WaitForReply", "name": "w", "properties": {} }""");

        Assert.Equal(("wait", "branches"), (error.StepId, error.Property));
    }

    [Fact]
    public void Unknown_branch_is_reported_with_a_suggestion()
    {
        var error = Single("""{ "id": "wait", "componentType": "switch", "type": "WaitForReply", "name": "w", "properties": {}, "branches": { "replied": [], "timedOut": [], "timedout": [] } }""");

        Assert.Equal(("wait", "branches.timedout"), (error.StepId, error.Property));
        Assert.Contains("did you mean 'timedOut'", error.Message);
    }

    [Fact]
    public void Open_outcome_switch_accepts_case_branches_but_still_needs_default()
    {
        Assert.Empty(Validate("""{ "id": "by-status", "componentType": "switch", "type": "Switch", "name": "s", "properties": { "expression": "obligation.status" }, "branches": { "Overdue": [ """ + Accept + """ ], "default": [] } }"""));

        var error = Single("""{ "id": "by-status", "componentType": "switch", "type": "Switch", "name": "s", "properties": { "expression": "obligation.status" }, "branches": { "Overdue": [] } }""");
        Assert.Equal(("by-status", "branches.default"), (error.StepId, error.Property));
    }

    [Fact]
    public void Required_branch_without_steps_is_reported()
    {
        var error = Single("""{ "id": "check", "componentType": "switch", "type": "If", "name": "c", "properties": { "condition": "true" }, "branches": { "true": [], "false": [ """ + Accept + """ ] } }""");

        Assert.Equal(("check", "branches.true"), (error.StepId, error.Property));
    }

    [Theory]
    [InlineData("", "has no sequence")]
    [InlineData(""", "sequence": [] """, "has an empty sequence")]
    public void Container_without_steps_is_reported(string sequence, string expected)
    {
        var error = Single($$"""{ "id": "loop", "componentType": "container", "type": "Repeat", "name": "l", "properties": { "times": 3 } {{sequence}} }""");

        Assert.Equal(("loop", "sequence"), (error.StepId, error.Property));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Task_with_branches_is_reported()
    {
        var error = Single("""{ "id": "accept", "componentType": "task", "type": "SetStatus", "name": "a", "properties": { "status": "Accepted" }, "branches": { "x": [] } }""");

        Assert.Equal(("accept", "branches"), (error.StepId, error.Property));
    }

    [Fact]
    public void Empty_root_sequence_is_a_document_level_error()
    {
        var document = DefinitionJson.Parse("""{ "name": "empty", "title": "Empty", "properties": {}, "sequence": [] }""", "empty.json");

        var error = Assert.Single(DefinitionValidator.Validate(document, BuiltInStepMetadata.ByType, KnownTemplates.Contains, RealCatalogue.Directory.Ids));

        Assert.Equal(("", "sequence"), (error.StepId, error.Property));
        Assert.Equal("step , sequence: the root sequence has no steps", error.ToString());
    }

    [Fact]
    public void Name_must_be_kebab_case()
    {
        var document = DefinitionJson.Parse("""{ "name": "Deadline Report", "title": "T", "properties": {}, "sequence": [ """ + Accept + """ ] }""", "t.json");

        var error = Assert.Single(DefinitionValidator.Validate(document, BuiltInStepMetadata.ByType, KnownTemplates.Contains, RealCatalogue.Directory.Ids));

        Assert.Equal(("", "name"), (error.StepId, error.Property));
    }

    [Fact]
    public void All_errors_of_a_definition_are_reported_together()
    {
        var errors = Validate(Task("a", "SendReminder", """ "template": "nope" """) + "," + Task("b", "Nope", "") + "," + Task("a", "SetStatus", ""));

        Assert.Equal(["a/template", "b/type", "a/id", "a/status"], errors.Select(e => $"{e.StepId}/{e.Property}"));
    }
}
