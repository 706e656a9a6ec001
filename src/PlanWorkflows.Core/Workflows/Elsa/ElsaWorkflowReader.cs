using System.Text.Json;
using System.Text.Json.Nodes;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Workflows.Elsa;

/// <summary>
/// What reading an Elsa workflow gave: the definition in the engine's structured form (steps as far as the drawing
/// could be structured) and every reason it could not be; a definition with problems may be kept as a draft but not published.
/// </summary>
public sealed record ElsaReadResult(WorkflowDefinitionDocument Document, IReadOnlyList<DefinitionError> Problems);

/// <summary>
/// Reads an Elsa 3 workflow definition (an <c>Elsa.Flowchart</c> or <c>Elsa.Sequence</c> root) into the engine's structured form.
/// </summary>
/// <remarks>
/// The engine runs sequences, switches with named branches and <c>Repeat</c> loops, so a flowchart is structured:
/// <list type="bullet">
/// <item>The flow starts at the target of <c>Elsa.Start</c>, or else at the one activity without an incoming connection.
/// An <c>Elsa.End</c> ends the workflow.</item>
/// <item>A task's <c>Done</c> port leads to the next step; a port may lead to one activity only (no parallel paths).</item>
/// <item>The branches of a switch run until the first activity every branch reaches; that activity is the step after the
/// switch. This is Elsa 3's implicit join: a node with several incoming connections runs once, when every connection into
/// it has been followed or can no longer be; the engine's switches take exactly one outcome, so it runs when the taken branch
/// reaches it. An outcome port left unconnected ends the workflow in Elsa, so it is refused where other branches go on.</item>
/// <item>The only loop is a connection back to a <c>Repeat</c> from the end of the body that starts at its <c>Iterate</c>
/// port; its <c>Done</c> port leads on. Any other cycle, an activity reached from two places that do not join as above, or
/// one not connected to the start is a problem naming the activity.</item>
/// </list>
/// </remarks>
public static class ElsaWorkflowReader
{
    /// <summary>Fields of an Elsa activity that are not inputs.</summary>
    private static readonly HashSet<string> ActivityFields = new(StringComparer.Ordinal)
    {
        "id", "nodeId", "name", "type", "version", "customProperties", "metadata", "activities", "connections", "variables", "canStartWorkflow", "runAsynchronously",
    };

    public static ElsaReadResult Read(JsonObject elsa, IReadOnlyDictionary<string, StepTypeInfo> stepTypes)
    {
        ArgumentNullException.ThrowIfNull(elsa);
        ArgumentNullException.ThrowIfNull(stepTypes);
        var problems = new List<DefinitionError>();
        var document = new WorkflowDefinitionDocument
        {
            Name = Text(elsa["definitionId"]) ?? string.Empty,
            Title = Text(elsa["name"]) ?? string.Empty,
            Description = Text(elsa["description"]) ?? string.Empty,
            Properties = elsa["customProperties"]?["planWorkflows"] is JsonObject properties ? (JsonObject)properties.DeepClone() : [],
        };
        if (string.IsNullOrWhiteSpace(document.Name))
        {
            problems.Add(new(string.Empty, "definitionId", T("the Elsa workflow has no definitionId", "Elsa tok rada nema definitionId")));
        }

        var root = elsa["root"] as JsonObject;
        switch (Text(root?["type"]))
        {
            case ElsaWorkflowWriter.FlowchartType:
                document.Sequence = new FlowchartReader(root!, stepTypes, problems).Read();
                break;
            case ElsaWorkflowWriter.SequenceType:
                document.Sequence = ReadSequence(root!, stepTypes, problems);
                break;
            default:
                problems.Add(new(string.Empty, "root", T(
                    $"the root activity is '{Text(root?["type"]) ?? "missing"}'; the engine runs an {ElsaWorkflowWriter.FlowchartType} or an {ElsaWorkflowWriter.SequenceType}",
                    $"korijenska aktivnost je '{Text(root?["type"]) ?? "nema je"}'; mašina izvršava {ElsaWorkflowWriter.FlowchartType} ili {ElsaWorkflowWriter.SequenceType}")));
                break;
        }

        document.Elsa = new JsonObject { ["source"] = elsa.DeepClone() };
        document.Elsa["fingerprint"] = ElsaWorkflowWriter.Fingerprint(document);
        return new ElsaReadResult(document, problems);
    }

    /// <summary>Reads an Elsa workflow file; a file that is not JSON is an <see cref="Catalogue.ImportException"/> naming the line.</summary>
    public static ElsaReadResult Parse(string json, string source, IReadOnlyDictionary<string, StepTypeInfo> stepTypes)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } zeroBased ? (int)zeroBased + 1 : 0;
            throw new Vocabulary.ImportException(source, line, ex.Message, ex) { ReasonCnr = $"JSON nije ispravan: {ex.Message}" };
        }

        if (node is not JsonObject elsa)
        {
            throw new Vocabulary.ImportException(source, 1, "an Elsa workflow is a JSON object") { ReasonCnr = "Elsa tok rada je JSON objekat" };
        }

        // Studio's save body wraps the definition: {"model": {...}, "publish": ...}.
        return Read(elsa["model"] as JsonObject ?? elsa, stepTypes);
    }

    /// <summary>
    /// Inputs whose expression the engine cannot evaluate: Literal (and Object, a JSON value) everywhere, Scriban only in expression inputs (conditions);
    /// anything else (JavaScript, C#, variables) is refused at publish, naming the activity and the input.
    /// </summary>
    /// <summary>Elsa's JSON value expression; Studio's check lists (recipients) write their choice with it. The engine reads it as a Literal.</summary>
    public const string ObjectSyntax = "Object";

    internal static JsonNode? InputValue(string id, StepInput input, JsonNode? wrapped, List<DefinitionError> problems)
    {
        if (wrapped is not JsonObject obj)
        {
            // A bare value (a file written by hand) stands for a Literal.
            return wrapped?.DeepClone();
        }

        if (obj["expression"] is not JsonObject expression)
        {
            return null;
        }

        var syntax = Text(expression["type"]) ?? ElsaWorkflowWriter.LiteralSyntax;
        if (syntax == ElsaWorkflowWriter.ScribanSyntax && input.Kind != StepInputKind.Expression)
        {
            problems.Add(new(id, input.Name, T(
                $"the input is a {ElsaWorkflowWriter.ScribanSyntax} expression, but the engine evaluates expressions only in condition inputs; give a Literal value",
                $"ulaz je {ElsaWorkflowWriter.ScribanSyntax} izraz, a mašina izračunava izraze samo u ulazima uslova; unesite Literal vrijednost")));
        }
        else if (syntax != ElsaWorkflowWriter.ScribanSyntax && syntax != ElsaWorkflowWriter.LiteralSyntax && syntax != ObjectSyntax)
        {
            problems.Add(new(id, input.Name, T(
                $"expression type '{syntax}' is not evaluated by the engine; use {ElsaWorkflowWriter.LiteralSyntax}" + (input.Kind == StepInputKind.Expression ? $" or {ElsaWorkflowWriter.ScribanSyntax}" : string.Empty),
                $"mašina ne izračunava izraze vrste '{syntax}'; koristite {ElsaWorkflowWriter.LiteralSyntax}" + (input.Kind == StepInputKind.Expression ? $" ili {ElsaWorkflowWriter.ScribanSyntax}" : string.Empty))));
        }

        return expression["value"]?.DeepClone();
    }

    /// <summary>A Literal as Studio's editors write it (text) turned into the value the step expects; what does not parse stays text for the validator to name.</summary>
    internal static JsonNode? Value(StepInputKind kind, JsonNode? value)
    {
        if (value?.GetValueKind() != JsonValueKind.String)
        {
            return value;
        }

        var text = value.GetValue<string>();
        switch (kind)
        {
            case StepInputKind.Integer or StepInputKind.WorkingDays when int.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number):
                return JsonValue.Create(number);
            case StepInputKind.Boolean when bool.TryParse(text.Trim(), out var flag):
                return JsonValue.Create(flag);
            case StepInputKind.Recipients:
                if (text.TrimStart().StartsWith('['))
                {
                    try
                    {
                        if (JsonNode.Parse(text) is JsonArray array)
                        {
                            return array;
                        }
                    }
                    catch (JsonException)
                    {
                        // Left as text; the validator names the input.
                    }
                }

                return new JsonArray([.. text.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r => (JsonNode?)JsonValue.Create(r))]);
            default:
                return value;
        }
    }

    /// <summary>A step from an activity: its type without the prefix, its inputs in the order the activity lists them.</summary>
    internal static StepNode? Step(JsonObject activity, IReadOnlyDictionary<string, StepTypeInfo> stepTypes, List<DefinitionError> problems)
    {
        var id = Text(activity["id"]) ?? string.Empty;
        var type = Text(activity["type"]) ?? string.Empty;
        var stepType = type.StartsWith(ElsaWorkflowWriter.TypePrefix, StringComparison.Ordinal) ? type[ElsaWorkflowWriter.TypePrefix.Length..] : null;
        if (stepType is null || !stepTypes.TryGetValue(stepType, out var info))
        {
            problems.Add(new(id, "type", T(
                $"activity type '{type}' is not a step the engine runs; the engine's steps are {ElsaWorkflowWriter.TypePrefix}{string.Join($", {ElsaWorkflowWriter.TypePrefix}", stepTypes.Keys.Order(StringComparer.Ordinal))}",
                $"vrsta aktivnosti '{type}' nije korak koji mašina izvršava; koraci mašine su {ElsaWorkflowWriter.TypePrefix}{string.Join($", {ElsaWorkflowWriter.TypePrefix}", stepTypes.Keys.Order(StringComparer.Ordinal))}")));
            return null;
        }

        var step = new StepNode
        {
            Id = id,
            Type = stepType,
            ComponentType = info.Component switch { StepComponent.Switch => "switch", StepComponent.Container => "container", _ => "task" },
            Name = Text(activity["metadata"]?["displayText"]) ?? Text(activity["name"]) ?? string.Empty,
        };
        foreach (var (name, wrapped) in activity)
        {
            if (ActivityFields.Contains(name) || info.Inputs.FirstOrDefault(i => i.Name == name) is not { } input)
            {
                continue;
            }

            var node = InputValue(id, input, wrapped, problems);
            if (node is not null && !(node.GetValueKind() == JsonValueKind.String && string.IsNullOrEmpty(node.GetValue<string>())))
            {
                step.Properties[name] = Value(input.Kind, node);
            }
        }

        if (step.ComponentType == "switch")
        {
            step.Branches = [];
        }
        else if (step.ComponentType == "container")
        {
            step.Sequence = [];
        }

        return step;
    }

    /// <summary>
    /// An <c>Elsa.Sequence</c> root: its activities in order. A switch's branches are activities (or sequences) in properties
    /// named by its outcomes, as Elsa's If keeps <c>then</c>/<c>else</c>; a Repeat's body is in <c>body</c>.
    /// </summary>
    private static List<StepNode> ReadSequence(JsonObject sequence, IReadOnlyDictionary<string, StepTypeInfo> stepTypes, List<DefinitionError> problems)
    {
        var steps = new List<StepNode>();
        foreach (var activity in (sequence["activities"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var type = Text(activity["type"]);
            if (type == ElsaWorkflowWriter.StartType)
            {
                continue;
            }

            if (type == ElsaWorkflowWriter.EndType)
            {
                break;
            }

            if (Step(activity, stepTypes, problems) is not { } step)
            {
                continue;
            }

            var info = stepTypes[step.Type];
            if (step.ComponentType == "switch")
            {
                foreach (var (name, value) in activity)
                {
                    if (value is JsonObject nested && nested["type"] is not null && !ActivityFields.Contains(name))
                    {
                        var outcome = info.Outcomes.FirstOrDefault(o => string.Equals(o, name, StringComparison.OrdinalIgnoreCase)) ?? (info.OpenOutcomes ? name : null);
                        if (outcome is null)
                        {
                            problems.Add(new(step.Id, name, T($"'{name}' is not an outcome of {step.Type}; its outcomes are {string.Join(", ", info.Outcomes)}", $"'{name}' nije ishod koraka {step.Type}; ishodi su {string.Join(", ", info.Outcomes)}")));
                            continue;
                        }

                        step.Branches![outcome] = Nested(nested, stepTypes, problems);
                    }
                }
            }
            else if (step.ComponentType == "container" && activity["body"] is JsonObject body)
            {
                step.Sequence = Nested(body, stepTypes, problems);
            }

            steps.Add(step);
        }

        return steps;
    }

    private static List<StepNode> Nested(JsonObject activity, IReadOnlyDictionary<string, StepTypeInfo> stepTypes, List<DefinitionError> problems) =>
        Text(activity["type"]) == ElsaWorkflowWriter.SequenceType
            ? ReadSequence(activity, stepTypes, problems)
            : ReadSequence(new JsonObject { ["activities"] = new JsonArray(activity.DeepClone()) }, stepTypes, problems);

    internal static string? Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    internal static BilingualText T(string en, string cnr) => new(en, cnr);
}
