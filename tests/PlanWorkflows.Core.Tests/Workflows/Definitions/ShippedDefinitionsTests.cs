using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Tests.Institutions;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Tests.Workflows.Definitions;

public sealed class ShippedDefinitionsTests
{
    private static readonly string Folder = RepoPaths.Combine("workflows", WorkflowsFolder.DefinitionsFolder);

    private static List<string> FileNames() =>
        Directory.EnumerateFiles(Folder, "*.json").Select(f => Path.GetFileName(f)).Where(f => f != "schema.json").Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> Files() => new(FileNames());

    [Fact]
    public void Every_schedule_kind_report_and_the_meeting_workflow_are_shipped()
    {
        var names = FileNames();
        Assert.Equal(
            ["after-activity-report.json", "as-needed-report.json", "continuous-report.json", "deadline-report.json", "government-report.json", "recurring-report.json", "seasonal-report.json", "working-group-meeting.json"],
            names);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Definition_is_named_after_its_file_and_validates_without_errors(string file)
    {
        var document = DefinitionJson.Load(Path.Combine(Folder, file));
        Assert.Equal(Path.GetFileNameWithoutExtension(file), document.Name);
        Assert.False(string.IsNullOrWhiteSpace(document.Description));

        var errors = DefinitionValidator.Validate(document, BuiltInStepMetadata.ByType, KnownTemplates.Contains, RealCatalogue.Directory.Ids);

        Assert.Empty(errors.Select(e => e.ToString()));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Definition_file_is_exactly_what_the_writer_produces(string file)
    {
        // Files stay in the writer's form, so saving from the designer gives a diff of real changes only.
        var text = File.ReadAllText(Path.Combine(Folder, file)).ReplaceLineEndings("\n");
        var document = DefinitionJson.Parse(text, file);

        var written = DefinitionJson.Serialize(document).ReplaceLineEndings("\n") + "\n";

        Assert.Equal(text, written);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(text), JsonNode.Parse(written)));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Definition_conforms_to_the_schema(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, file)));

        var result = SchemaFixture.Schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, SchemaFixture.Describe(result));
    }

    [Fact]
    public void Report_ladder_reminds_twice_before_and_escalates_twice_after_the_due_date()
    {
        var document = DefinitionJson.Load(Path.Combine(Folder, "deadline-report.json"));
        var steps = document.Walk().ToDictionary(s => s.Id);

        Assert.Equal(-10, steps["wait-first-reminder"].Properties["dueOffsetWorkingDays"]!.GetValue<int>());
        Assert.Equal("first-reminder", steps["first-reminder"].Properties["template"]!.GetValue<string>());
        Assert.Equal(-2, steps["wait-final-reminder"].Properties["dueOffsetWorkingDays"]!.GetValue<int>());
        Assert.Equal([1, 5, 10], new[] { "wait-reply-1", "wait-reply-2", "wait-reply-3" }.Select(id => steps[id].Properties["timeoutWorkingDays"]!.GetValue<int>()));
        Assert.Equal("Overdue", steps["wait-reply-1"].Branches!["timedOut"][0].Properties["status"]!.GetValue<string>());

        var head = steps["escalate-head"];
        Assert.Same(head, steps["wait-reply-2"].Branches!["timedOut"][0]);
        Assert.Equal(1, head.Properties["level"]!.GetValue<int>());
        Assert.True(head.Properties["copyOffice"]!.GetValue<bool>());
        Assert.Equal("escalation-head", head.Properties["template"]!.GetValue<string>());

        var office = steps["escalate-office"];
        Assert.Same(office, steps["wait-reply-3"].Branches!["timedOut"][0]);
        Assert.Equal(2, office.Properties["level"]!.GetValue<int>());
        Assert.Equal(["office", "workingGroupChair"], office.Properties["recipients"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public void Folder_loads_as_a_catalogue_without_the_schema()
    {
        var catalog = DefinitionCatalog.LoadFolder(Folder);

        Assert.Equal(8, catalog.ByName.Count);
        Assert.DoesNotContain(catalog.ByName.Keys, n => n.Contains("schema", StringComparison.Ordinal));
        Assert.Equal(Path.Combine(Folder, "deadline-report.json"), catalog.SourceOf("deadline-report"));
    }

    [Fact]
    public void Bindings_cover_every_schedule_kind_and_name_shipped_definitions()
    {
        var bindings = DefinitionBindings.Load(RepoPaths.Combine("workflows", WorkflowsFolder.BindingsFile));
        var catalog = DefinitionCatalog.LoadFolder(Folder);

        Assert.Equal(Enum.GetValues<ScheduleKind>().Order(), bindings.ByKind.Keys.Order());
        Assert.Empty(bindings.Unresolved(catalog.ByName.Keys));
        Assert.Equal("working-group-meeting", bindings.Meetings);
        Assert.Equal("continuous-report", bindings.For(ScheduleKind.Unparsed, activityOverride: null));
        Assert.Equal("deadline-report", bindings.For(ScheduleKind.Deadline, activityOverride: " "));
        Assert.Equal("as-needed-report", bindings.For(ScheduleKind.Deadline, activityOverride: "as-needed-report"));
    }

    [Fact]
    public void Every_template_a_shipped_definition_uses_is_a_known_template()
    {
        var used = DefinitionCatalog.LoadFolder(Folder).ByName.Values
            .SelectMany(d => d.Walk())
            .Select(s => s.Properties["template"]?.GetValue<string>())
            .OfType<string>()
            .ToHashSet();

        Assert.Subset(KnownTemplates.Names.ToHashSet(), used);
        Assert.Contains("escalation-office", used);
    }
}
