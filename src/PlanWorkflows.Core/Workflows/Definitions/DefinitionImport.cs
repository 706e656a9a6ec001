using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Workflows.Definitions;

/// <summary>
/// A problem of an imported file: the line for JSON that does not parse, the step and input for one that does not validate.
/// <see cref="Message"/> is English, <see cref="MessageCnr"/> the same in Montenegrin.
/// </summary>
public sealed record ImportProblem(int Line, string StepId, string Property, string Message, string MessageCnr)
{
    public string Where => Line > 0 ? $"line {Line}" : string.IsNullOrEmpty(StepId) ? $"definition, {Property}" : $"step {StepId}, {Property}";

    public string WhereCnr => Line > 0 ? $"red {Line}" : string.IsNullOrEmpty(StepId) ? $"tok rada, {Property}" : $"korak {StepId}, {Property}";
}

public sealed record ImportResult(WorkflowDefinitionDocument? Definition, IReadOnlyList<ImportProblem> Problems);

/// <summary>Reads a definition file someone brings (export of another installation, an edited copy) and says everything wrong with it.</summary>
public static class DefinitionImport
{
    public static ImportResult Read(string json, string source, IReadOnlyDictionary<string, StepTypeInfo> stepTypes, Func<string, bool> templateExists, IReadOnlySet<string> institutionIds)
    {
        WorkflowDefinitionDocument document;
        try
        {
            document = DefinitionJson.Parse(json, source);
        }
        catch (ImportException ex)
        {
            return new ImportResult(null, [new ImportProblem(ex.Line, string.Empty, string.Empty, ex.Reason, ex.ReasonCnr ?? ex.Reason)]);
        }

        var errors = DefinitionValidator.Validate(document, stepTypes, templateExists, institutionIds);
        return new ImportResult(document, [.. errors.Select(e => new ImportProblem(0, e.StepId, e.Property, e.Message, e.MessageCnr))]);
    }
}
