using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Workflows.Definitions;

namespace PlanWorkflows.Core.Tests.Workflows.Definitions;

public sealed class DefinitionCatalogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("definitions-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string file, string text)
    {
        var path = Path.Combine(_folder, file);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Definition(string name) =>
        $$"""
        {
          "name": "{{name}}",
          "title": "T",
          "properties": {},
          "sequence": []
        }
        """;

    [Fact]
    public void Duplicate_names_are_an_error_naming_both_files()
    {
        var first = Write("a.json", Definition("same"));
        var second = Write("b.json", Definition("same"));

        var ex = Assert.Throws<ImportException>(() => DefinitionCatalog.LoadFolder(_folder));

        Assert.Equal(second, ex.File);
        Assert.Equal(2, ex.Line);
        Assert.Contains(first, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_and_other_files_are_not_loaded_as_definitions()
    {
        Write("schema.json", """{ "$schema": "https://json-schema.org/draft/2020-12/schema" }""");
        Write("bindings.yaml", "meetings: x");
        Write("one.json", Definition("one"));

        var catalog = DefinitionCatalog.LoadFolder(_folder);

        Assert.Equal(["one"], catalog.ByName.Keys);
    }

    [Fact]
    public void Malformed_definition_in_the_folder_names_its_file()
    {
        var path = Write("bad.json", "{\n  \"name\": \"bad\",\n  oops\n}");

        var ex = Assert.Throws<ImportException>(() => DefinitionCatalog.LoadFolder(_folder));

        Assert.Equal((path, 3), (ex.File, ex.Line));
    }

    private const string AllKinds = """
        Deadline: deadline-report
        Recurring: recurring-report
        Continuous: continuous-report
        Seasonal: seasonal-report
        AsNeeded: as-needed-report
        AfterActivity: after-activity-report
        Unparsed: continuous-report
        meetings: working-group-meeting
        """;

    [Fact]
    public void Bindings_with_an_unknown_kind_report_its_line()
    {
        var ex = Assert.Throws<ImportException>(() => DefinitionBindings.Parse(AllKinds.Replace("Seasonal:", "Seasonl:", StringComparison.Ordinal), "bindings.yaml"));

        Assert.Equal(4, ex.Line);
        Assert.Contains("Seasonl", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bindings_missing_a_kind_are_an_error()
    {
        var ex = Assert.Throws<ImportException>(() => DefinitionBindings.Parse(AllKinds.Replace("AsNeeded: as-needed-report\n", "", StringComparison.Ordinal).Replace("AsNeeded: as-needed-report\r\n", "", StringComparison.Ordinal), "bindings.yaml"));

        Assert.Contains(nameof(ScheduleKind.AsNeeded), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bindings_without_meetings_or_with_a_list_value_are_errors()
    {
        var noMeetings = Assert.Throws<ImportException>(() => DefinitionBindings.Parse(AllKinds.Replace("meetings: working-group-meeting", "", StringComparison.Ordinal), "bindings.yaml"));
        var list = Assert.Throws<ImportException>(() => DefinitionBindings.Parse(AllKinds.Replace("Recurring: recurring-report", "Recurring: [a, b]", StringComparison.Ordinal), "bindings.yaml"));

        Assert.Contains("meetings", noMeetings.Message, StringComparison.Ordinal);
        Assert.Equal(2, list.Line);
    }

    [Fact]
    public void Malformed_bindings_yaml_reports_its_line()
    {
        var ex = Assert.Throws<ImportException>(() => DefinitionBindings.Parse("Deadline: deadline-report\nRecurring: recurring-report\n  Seasonal: x: y\n", "bindings.yaml"));

        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void Bindings_cut_short_are_an_import_error()
    {
        var ex = Assert.Throws<ImportException>(() => DefinitionBindings.Parse("Deadline: deadline-report\nRecurring: [unclosed\n", "bindings.yaml"));

        Assert.Equal("bindings.yaml", ex.File);
    }

    [Fact]
    public void Unresolved_lists_names_with_no_definition()
    {
        var bindings = DefinitionBindings.Parse(AllKinds, "bindings.yaml");

        Assert.Equal(["after-activity-report", "working-group-meeting"], bindings.Unresolved(["deadline-report", "recurring-report", "continuous-report", "seasonal-report", "as-needed-report"]));
    }
}
