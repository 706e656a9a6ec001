namespace PlanWorkflows.Core.Workflows.Definitions;

/// <summary>One problem in a definition. <see cref="StepId"/> is empty for the document itself.</summary>
public sealed record DefinitionError(string StepId, string Property, string Message)
{
    public override string ToString() => $"step {StepId}, {Property}: {Message}";
}
