using System.Text.Json.Nodes;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Workflows.Definitions;

namespace PlanWorkflows.Core.Tests.Workflows.Definitions;

public sealed class DefinitionJsonTests
{
    private const string Nested = """
        {
          "name": "nested",
          "title": "Nested",
          "properties": { "owner": "office" },
          "sequence": [
            { "id": "a", "componentType": "task", "type": "SetStatus", "name": "A", "properties": { "status": "Pending" } },
            { "id": "b", "componentType": "switch", "type": "WaitForReply", "name": "B", "properties": {}, "branches": {
                "replied": [ { "id": "b1", "componentType": "task", "type": "SetStatus", "name": "B1", "properties": {} } ],
                "timedOut": [ { "id": "b2", "componentType": "container", "type": "Repeat", "name": "B2", "properties": { "times": 2 }, "sequence": [
                    { "id": "b2a", "componentType": "task", "type": "SetStatus", "name": "B2a", "properties": {} } ] } ] } },
            { "id": "c", "componentType": "task", "type": "SetStatus", "name": "C", "properties": {} }
          ]
        }
        """;

    [Fact]
    public void Parse_reads_document_and_nested_steps()
    {
        var document = DefinitionJson.Parse(Nested, "nested.json");

        Assert.Equal("nested", document.Name);
        Assert.Equal("office", document.Properties["owner"]!.GetValue<string>());
        Assert.Equal(string.Empty, document.Description);
        var wait = document.Sequence[1];
        Assert.Equal("switch", wait.ComponentType);
        Assert.Equal(["replied", "timedOut"], wait.Branches!.Keys);
        Assert.Null(wait.Sequence);
        Assert.Equal("b2a", wait.Branches["timedOut"][0].Sequence![0].Id);
    }

    [Fact]
    public void Walk_visits_every_step_depth_first_in_document_order()
    {
        var document = DefinitionJson.Parse(Nested, "nested.json");

        Assert.Equal(["a", "b", "b1", "b2", "b2a", "c"], document.Walk().Select(s => s.Id));
        Assert.Equal(["b2", "b2a"], document.Sequence[1].Branches!["timedOut"][0].Walk().Select(s => s.Id));
    }

    [Fact]
    public void Serialize_writes_camel_case_in_a_fixed_order_and_round_trips()
    {
        var document = DefinitionJson.Parse(Nested, "nested.json");

        var json = DefinitionJson.Serialize(document);
        var again = DefinitionJson.Serialize(DefinitionJson.Parse(json, "again.json"));

        Assert.Equal(json, again);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Nested)!["sequence"], JsonNode.Parse(json)!["sequence"]));
        var keys = JsonNode.Parse(json)!.AsObject().Select(p => p.Key);
        Assert.Equal(["name", "title", "description", "properties", "sequence"], keys);
        var stepKeys = JsonNode.Parse(json)!["sequence"]![1]!.AsObject().Select(p => p.Key);
        Assert.Equal(["id", "componentType", "type", "name", "properties", "branches"], stepKeys);
        Assert.Contains("\n  \"title\": \"Nested\",", json.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_keeps_quotes_and_local_letters_readable()
    {
        var document = new WorkflowDefinitionDocument { Name = "x", Title = "Izvještaj", Sequence = [new StepNode { Id = "s", Properties = new JsonObject { ["until"] = "obligation.status == \"Accepted\"" } }] };

        var json = DefinitionJson.Serialize(document);

        Assert.Contains("Izvještaj", json, StringComparison.Ordinal);
        Assert.Contains("""obligation.status == \"Accepted\""", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_reports_the_line_of_the_fault()
    {
        const string json = "{\n  \"name\": \"broken\",\n  \"title\": \"Broken\"\n  \"sequence\": []\n}\n";

        var ex = Assert.Throws<ImportException>(() => DefinitionJson.Parse(json, "broken.json"));

        Assert.Equal("broken.json", ex.File);
        Assert.Equal(4, ex.Line);
        Assert.StartsWith("broken.json:4: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Misspelt_key_is_an_error_not_silently_dropped_steps()
    {
        const string json = "{\n  \"name\": \"typo\",\n  \"title\": \"Typo\",\n  \"properties\": {},\n  \"sequnce\": []\n}";

        var ex = Assert.Throws<ImportException>(() => DefinitionJson.Parse(json, "typo.json"));

        Assert.Equal(5, ex.Line);
        Assert.Contains("sequnce", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_shape_reports_its_line()
    {
        const string json = "{\n  \"name\": \"shape\",\n  \"title\": \"Shape\",\n  \"properties\": {},\n  \"sequence\": [\n    { \"id\": 5 }\n  ]\n}";

        var ex = Assert.Throws<ImportException>(() => DefinitionJson.Parse(json, "shape.json"));

        Assert.Equal(6, ex.Line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    public void Empty_or_null_document_is_an_import_error(string json)
    {
        var ex = Assert.Throws<ImportException>(() => DefinitionJson.Parse(json, "empty.json"));

        Assert.Equal("empty.json", ex.File);
    }

    [Fact]
    public void Explicit_nulls_become_empty_values()
    {
        var document = DefinitionJson.Parse("""{ "name": "n", "title": null, "properties": null, "sequence": [ { "id": "a", "componentType": "task", "type": "SetStatus", "name": null, "properties": null } ] }""", "n.json");

        Assert.Equal(string.Empty, document.Title);
        Assert.Empty(document.Properties);
        Assert.Equal(string.Empty, document.Sequence[0].Name);
        Assert.Empty(document.Sequence[0].Properties);
    }
}
