using System.Text.Json.Nodes;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Elsa;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Server.Studio;

/// <summary>A stored definition version as an Elsa 3 workflow definition: its JSON with Elsa's version fields.</summary>
internal static class ElsaVersions
{
    /// <summary>Elsa's id of one version of a definition; <c>definitionId</c> is the definition's name.</summary>
    public static string VersionId(string name, int version) => FormattableString.Invariant($"{name}-v{version}");

    public static JsonObject ToElsa(WorkflowDefinitionRecord record, IReadOnlyDictionary<string, StepTypeInfo> steps, bool isLatest)
    {
        ArgumentNullException.ThrowIfNull(record);
        var document = DefinitionJson.Parse(record.Json, $"{record.Name} v{record.Version}");
        var elsa = ElsaWorkflowWriter.ToElsa(document, steps);
        elsa["id"] = VersionId(record.Name, record.Version);
        elsa["definitionId"] = record.Name;
        elsa["version"] = record.Version;
        elsa["isLatest"] = isLatest;
        elsa["isPublished"] = record.State == DefinitionState.Published;
        elsa["createdAt"] = new DateTimeOffset(DateTime.SpecifyKind(record.CreatedAt, DateTimeKind.Utc)).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        return elsa;
    }
}
