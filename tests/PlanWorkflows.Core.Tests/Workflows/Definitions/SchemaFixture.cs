using Json.Schema;

namespace PlanWorkflows.Core.Tests.Workflows.Definitions;

internal static class SchemaFixture
{
    // Built once: JsonSchema.Net registers built schemas, and building the same one twice is wasted work.
    private static readonly Lazy<JsonSchema> Lazy = new(() =>
        JsonSchema.FromText(File.ReadAllText(RepoPaths.Combine("workflows", "definitions", "schema.json"))));

    public static JsonSchema Schema => Lazy.Value;

    public static string Describe(EvaluationResults result) =>
        string.Join(
            "\n",
            (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));
}
