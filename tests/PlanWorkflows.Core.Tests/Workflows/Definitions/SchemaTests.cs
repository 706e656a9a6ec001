using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Tests.Workflows.Definitions;

public sealed class SchemaTests
{
    private static readonly string ValidStep = """{ "id": "accept", "componentType": "task", "type": "SetStatus", "name": "Accept", "properties": { "status": "Accepted" } }""";

    private static bool IsValid(string json)
    {
        using var document = JsonDocument.Parse(json);
        return SchemaFixture.Schema.Evaluate(document.RootElement).IsValid;
    }

    private static string Document(string steps) => $$"""{ "name": "t", "title": "T", "properties": {}, "sequence": [ {{steps}} ] }""";

    [Fact]
    public void A_minimal_document_is_valid()
    {
        Assert.True(IsValid(Document(ValidStep)));
    }

    [Theory]
    [InlineData("step without id", """{ "componentType": "task", "type": "SetStatus", "name": "A", "properties": {} }""")]
    [InlineData("switch without branches", """{ "id": "w", "componentType": "switch", "type": "WaitForReply", "name": "W", "properties": {} }""")]
    [InlineData("container without sequence", """{ "id": "r", "componentType": "container", "type": "Repeat", "name": "R", "properties": { "times": 2 } }""")]
    [InlineData("task with branches", """{ "id": "a", "componentType": "task", "type": "SetStatus", "name": "A", "properties": {}, "branches": {} }""")]
    [InlineData("unknown component type", """{ "id": "a", "componentType": "loop", "type": "Repeat", "name": "A", "properties": {} }""")]
    [InlineData("unknown step type", """{ "id": "a", "componentType": "task", "type": "SendFax", "name": "A", "properties": {} }""")]
    [InlineData("unknown step key", """{ "id": "a", "componentType": "task", "type": "SetStatus", "name": "A", "properties": {}, "next": "b" }""")]
    [InlineData("broken step deep in a branch", """{ "id": "w", "componentType": "switch", "type": "WaitForReply", "name": "W", "properties": {}, "branches": { "replied": [ { "id": "x", "componentType": "task", "type": "SetStatus", "name": "X" } ], "timedOut": [] } }""")]
    public void Broken_step_fails_the_schema(string why, string step)
    {
        Assert.True(IsValid(Document(ValidStep)), why);
        Assert.False(IsValid(Document(step)), why);
    }

    [Theory]
    [InlineData("""{ "name": "t", "title": "T", "properties": {}, "sequence": [] }""")]
    [InlineData("""{ "name": "Deadline Report", "title": "T", "properties": {}, "sequence": [ X ] }""")]
    [InlineData("""{ "title": "T", "properties": {}, "sequence": [ X ] }""")]
    public void Broken_document_fails_the_schema(string json)
    {
        Assert.False(IsValid(json.Replace("X", ValidStep, StringComparison.Ordinal)));
    }

    [Fact]
    public void Schema_lists_exactly_the_built_in_step_types()
    {
        var schema = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("workflows", "definitions", "schema.json")))!;
        var types = schema["$defs"]!["step"]!["properties"]!["type"]!["enum"]!.AsArray().Select(t => t!.GetValue<string>());

        Assert.Equal(BuiltInStepMetadata.All.Select(t => t.Type).Order(), types.Order());
    }
}
