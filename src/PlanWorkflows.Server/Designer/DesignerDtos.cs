using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PlanWorkflows.Core.Simulation;
using PlanWorkflows.Core;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Server.Designer;

public sealed record InputDto(string Name, string Kind, string Description, bool Required, JsonNode? Default, IReadOnlyList<string>? Choices, int? Minimum, int? Maximum, string DescriptionCnr);

/// <summary>
/// A step type in both of the Office's languages: the designer picks by its page's language, so one answer serves both.
/// The *Cnr texts fall back to the English where a step type gives no Montenegrin.
/// </summary>
public sealed record StepTypeDto(
    string Type, string ComponentType, string Category, string Description, IReadOnlyList<InputDto> Inputs, IReadOnlyList<string> Outcomes,
    bool OpenOutcomes, IReadOnlyList<string> RequiredBranches, IReadOnlyList<IReadOnlyList<string>> ExactlyOneOf, IReadOnlyList<IReadOnlyList<string>> AtLeastOneOf,
    string NameCnr, string CategoryCnr, string DescriptionCnr)
{
    public static StepTypeDto From(StepTypeInfo info) => new(
        info.Type, ComponentName(info.Component), info.Category, info.Description,
        [.. info.Inputs.Select(i => new InputDto(i.Name, KindName(i.Kind), i.Description, i.Required, i.Default?.DeepClone(), i.Choices, i.Minimum, i.Maximum, i.DescriptionCnrOrEnglish))],
        info.Outcomes, info.OpenOutcomes, info.RequiredBranches, info.ExactlyOneOf, info.AtLeastOneOf,
        info.NameCnrOrEnglish, info.CategoryCnrOrEnglish, info.DescriptionCnrOrEnglish);

    /// <summary>Editor kinds as the front-end names them: camel case of <see cref="StepInputKind"/>.</summary>
    public static string KindName(StepInputKind kind) => char.ToLowerInvariant(kind.ToString()[0]) + kind.ToString()[1..];

    public static string ComponentName(StepComponent component) => component.ToString().ToLowerInvariant();
}

/// <summary>An institution a recipient may name; <see cref="Name"/> is the English name.</summary>
public sealed record InstitutionDto(string Id, string Name, string NameCnr, string Kind);

/// <summary>How a recipient names an institution: <c>{Prefix}&lt;id&gt;</c> for its first role, <c>{Prefix}&lt;id&gt;:&lt;role&gt;</c> for another.</summary>
public sealed record InstitutionRecipientDto(string Prefix, IReadOnlyList<string> Roles);

public sealed record MetadataDto(
    IReadOnlyList<StepTypeDto> StepTypes, IReadOnlyList<string> Templates, IReadOnlyList<string> RecipientRoles, IReadOnlyList<InstitutionDto> Institutions,
    InstitutionRecipientDto InstitutionRecipient);

/// <summary>A problem in both languages; the designer shows <see cref="MessageCnr"/> on its <c>cnr</c> pages.</summary>
public sealed record ErrorDto(string StepId, string Property, string Message, string MessageCnr)
{
    public static ErrorDto From(DefinitionError e) => new(e.StepId, e.Property, e.Message, e.MessageCnr);

    public static ErrorDto Of(string property, BilingualText text) => new(string.Empty, property, text.En, text.Cnr);

    public static ErrorDto FromImport(string property, ImportException ex) => new(string.Empty, property, ex.Reason, ex.ReasonCnr ?? ex.Reason);
}

public sealed record ValidationDto(bool Valid, IReadOnlyList<ErrorDto> Errors);

public sealed record ExpressionCheckDto(bool Valid, string? Error, string? ErrorCnr);

public sealed record ActivityUseDto(string Key, string Code, string Title, string ScheduleKind, bool Override);

public sealed record UsageDto(IReadOnlyList<string> ScheduleKinds, bool Meetings, IReadOnlyList<ActivityUseDto> Activities);

public sealed record DefinitionSummaryDto(string Name, string Title, int? PublishedVersion, int? DraftVersion, UsageDto Usage);

public sealed record VersionDto(int Version, string State, DateTime CreatedAt, DateTime? PublishedAt, int Instances);

/// <summary>A definition as the designer opens it: the draft when there is one, else the published version.</summary>
public sealed record DefinitionDto(string Name, int Version, string State, JsonNode Definition, IReadOnlyList<ErrorDto> Errors);

public sealed record SavedDto(string Name, int Version, string State, IReadOnlyList<ErrorDto> Errors);

public sealed record DiffDto(string Name, int From, int To, IReadOnlyList<DefinitionChange> Changes);

public sealed record ImportDto(bool Valid, JsonNode? Definition, IReadOnlyList<ImportProblemDto> Problems);

public sealed record ImportProblemDto(string Where, int Line, string StepId, string Property, string Message, string WhereCnr, string MessageCnr);

public sealed record ObligationDto(long Id, string ActivityKey, string ActivityCode, string ActivityTitle, string InstitutionId, string Institution, string Period, DateOnly DueDate, string Definition);

public sealed record PreviewDto(ObligationDto Obligation, PreviewRun OnTime, PreviewRun Never);

/// <summary>A definition as the audit log records it before and after a change: the whole JSON, so the log shows what changed.</summary>
internal sealed record DefinitionAudit(int Version, string State, JsonNode Definition, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ImportedFrom);

/// <summary>The versions a publish moved: the published one before and after, and the draft it published.</summary>
internal sealed record PublishAudit(int? Published, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Draft);
