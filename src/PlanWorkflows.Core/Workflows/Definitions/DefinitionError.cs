namespace PlanWorkflows.Core.Workflows.Definitions;

/// <summary>
/// One problem in a definition. <see cref="StepId"/> is empty for the document itself. <see cref="Message"/> is English
/// (CLI, logs); <see cref="MessageCnr"/> says the same in Montenegrin for the designer, with the same identifiers.
/// </summary>
public sealed record DefinitionError(string StepId, string Property, string Message, string MessageCnr)
{
    public DefinitionError(string stepId, string property, BilingualText text)
        : this(stepId, property, (text ?? throw new ArgumentNullException(nameof(text))).En, text.Cnr)
    {
    }

    public override string ToString() => $"step {StepId}, {Property}: {Message}";
}
