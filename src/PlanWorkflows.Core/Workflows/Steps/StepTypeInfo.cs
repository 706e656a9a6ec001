using System.Text.Json.Nodes;

namespace PlanWorkflows.Core.Workflows.Steps;

/// <summary>The shape of a step in the designer's model (sequential-workflow-designer).</summary>
public enum StepComponent
{
    /// <summary>A single step: <c>componentType: "task"</c>.</summary>
    Task,

    /// <summary>A step with named branches, each a sequence: <c>componentType: "switch"</c>.</summary>
    Switch,

    /// <summary>A step holding one sequence (a loop): <c>componentType: "container"</c>.</summary>
    Container,
}

/// <summary>What kind of value an input takes; the designer picks its editor from this.</summary>
public enum StepInputKind
{
    Text,

    // The designer and the JSON documents use these names for editor kinds; they are not CLR type names.
#pragma warning disable CA1720
    Integer,
#pragma warning restore CA1720
    Boolean,
    /// <summary>A duration such as <c>P3D</c>, <c>PT12H</c> (ISO 8601).</summary>
    Duration,
    /// <summary>A signed number of working days, e.g. <c>-10</c> (before) or <c>5</c> (after).</summary>
    WorkingDays,
    /// <summary>A date <c>yyyy-MM-dd</c> or date-time <c>yyyy-MM-ddTHH:mm</c> in the plan's time zone.</summary>
    DateTime,
    /// <summary>A time of day <c>HH:mm</c>.</summary>
    TimeOfDay,
    /// <summary>A Scriban expression over obligation, report and variables.</summary>
    Expression,
    /// <summary>The name of a mail template (a folder under email-templates/&lt;lang&gt;/).</summary>
    Template,
    /// <summary>A list of recipient roles (focalPoint, head, office, secretary…) and named institutions (<c>institution:&lt;id&gt;[:&lt;role&gt;]</c>); see <see cref="Recipients"/>.</summary>
    Recipients,
    /// <summary>One of <see cref="StepInput.Choices"/>.</summary>
    Choice,
}

public sealed record StepInput(
    string Name,
    StepInputKind Kind,
    string Description,
    bool Required = false,
    JsonNode? Default = null,
    IReadOnlyList<string>? Choices = null)
{
    /// <summary>Lowest allowed value of an Integer or WorkingDays input; the designer bounds its editor with it.</summary>
    public int? Minimum { get; init; }

    /// <summary>Highest allowed value of an Integer or WorkingDays input.</summary>
    public int? Maximum { get; init; }

    /// <summary>The description in Montenegrin for the designer's <c>cnr</c> pages; without it they show <see cref="Description"/>.</summary>
    public string? DescriptionCnr { get; init; }

    public string DescriptionCnrOrEnglish => DescriptionCnr ?? Description;
}

/// <summary>
/// Metadata of a step type: what the designer shows in its toolbox and the validator checks.
/// <see cref="Outcomes"/> are the branch names of a switch step.
/// </summary>
public sealed record StepTypeInfo(
    string Type,
    StepComponent Component,
    string Category,
    string Description,
    IReadOnlyList<StepInput> Inputs,
    IReadOnlyList<string> Outcomes)
{
    /// <summary>Switch steps whose branches are named by the author (e.g. Switch cases) rather than fixed.</summary>
    public bool OpenOutcomes { get; init; }

    /// <summary>Branches that must contain at least one step.</summary>
    public IReadOnlyList<string> RequiredBranches { get; init; } = [];

    /// <summary>Groups of inputs of which exactly one must be given (e.g. an absolute or a relative time).</summary>
    public IReadOnlyList<IReadOnlyList<string>> ExactlyOneOf { get; init; } = [];

    /// <summary>Groups of inputs of which at least one must be given.</summary>
    public IReadOnlyList<IReadOnlyList<string>> AtLeastOneOf { get; init; } = [];

    // The Montenegrin wording the designer shows on its cnr pages. A step type written without it still works:
    // the designer then shows the English (see the *OrEnglish members), and a built-in category keeps its known name.

    /// <summary>The toolbox name in Montenegrin; <see cref="Type"/> is the name in English and in definitions.</summary>
    public string? NameCnr { get; init; }

    /// <summary>The category in Montenegrin when it is not one of <see cref="BuiltInStepMetadata.CategoriesCnr"/>.</summary>
    public string? CategoryCnr { get; init; }

    public string? DescriptionCnr { get; init; }

    public string NameCnrOrEnglish => NameCnr ?? Type;

    public string CategoryCnrOrEnglish => CategoryCnr ?? BuiltInStepMetadata.CategoriesCnr.GetValueOrDefault(Category) ?? Category;

    public string DescriptionCnrOrEnglish => DescriptionCnr ?? Description;
}
