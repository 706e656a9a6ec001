using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Workflows.Elsa;

/// <summary>
/// Writes a definition as an Elsa 3 workflow definition with an <c>Elsa.Flowchart</c> root, the model Elsa Studio edits:
/// one activity per step (type <c>PlanWorkflows.&lt;step type&gt;</c>), inputs as Literal (Scriban for expression inputs),
/// outcomes as ports, connections, and positions laid out top to bottom with the branches of a switch side by side.
/// </summary>
/// <remarks>
/// Shapes: a task's next step hangs on its <c>Done</c> port; a switch's branches on the ports named by its outcomes, and
/// every branch ends in a connection to the step after the switch (Elsa's implicit join); a <c>Repeat</c> has an
/// <c>Iterate</c> port to its body, whose end connects back to the <c>Repeat</c>, and a <c>Done</c> port to the step after it.
/// A definition saved from Studio keeps the JSON Studio sent (<see cref="WorkflowDefinitionDocument.Elsa"/>): while the
/// steps are those it was read as, that JSON is given back unchanged; after an edit elsewhere the flowchart is written
/// anew and each activity keeps the fields it had (position, names, inputs the engine ignores).
/// </remarks>
public static class ElsaWorkflowWriter
{
    public const string TypePrefix = "PlanWorkflows.";
    public const string FlowchartType = "Elsa.Flowchart";
    public const string SequenceType = "Elsa.Sequence";
    public const string StartType = "Elsa.Start";
    public const string EndType = "Elsa.End";
    public const string DonePort = "Done";
    public const string IteratePort = "Iterate";
    public const string LiteralSyntax = "Literal";
    public const string ScribanSyntax = "Scriban";
    public const string ToolVersion = "3.8.2.0";

    /// <summary>Size of a node as Studio draws it, and the distance between rows and columns of the layout.</summary>
    public const double NodeWidth = 220;
    public const double NodeHeight = 60;
    public const double ColumnWidth = 280;
    public const double RowHeight = 130;

    public static JsonObject ToElsa(WorkflowDefinitionDocument document, IReadOnlyDictionary<string, StepTypeInfo> stepTypes)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(stepTypes);
        var source = document.Elsa?["source"] as JsonObject;
        if (source is not null && document.Elsa?["fingerprint"]?.GetValue<string>() == Fingerprint(document))
        {
            return (JsonObject)source.DeepClone();
        }

        var result = source is null ? NewDefinition() : (JsonObject)source.DeepClone();
        result["definitionId"] = document.Name;
        result["name"] = document.Title;
        result["description"] = document.Description;
        var custom = result["customProperties"] as JsonObject ?? [];
        result["customProperties"] = custom;
        if (document.Properties.Count > 0)
        {
            custom["planWorkflows"] = document.Properties.DeepClone();
        }
        else
        {
            custom.Remove("planWorkflows");
        }

        var oldRoot = result["root"] as JsonObject;
        var oldActivities = (oldRoot?["activities"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(a => a["id"]?.GetValueKind() == JsonValueKind.String)
            .GroupBy(a => a["id"]!.GetValue<string>(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var root = oldRoot is not null && oldRoot["type"]?.GetValue<string>() == FlowchartType ? (JsonObject)oldRoot.DeepClone() : NewRoot();
        var positions = Layout(document.Sequence);
        var activities = new JsonArray();
        foreach (var step in document.Walk())
        {
            activities.Add(Activity(step, stepTypes.GetValueOrDefault(step.Type), oldActivities.GetValueOrDefault(step.Id), positions[step.Id], RootId(root)));
        }

        var connections = new JsonArray();
        Connect(document.Sequence, null, stepTypes, connections);
        root["activities"] = activities;
        root["connections"] = connections;
        result["root"] = root;
        return result;
    }

    /// <summary>The JSON text of the Elsa definition, indented as people read it.</summary>
    public static string Serialize(JsonObject elsa)
    {
        ArgumentNullException.ThrowIfNull(elsa);
        return elsa.ToJsonString(JsonOptions);
    }

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A hash of the steps and properties, without the kept Elsa JSON: tells whether that JSON still shows this definition.</summary>
    public static string Fingerprint(WorkflowDefinitionDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var kept = document.Elsa;
        document.Elsa = null;
        try
        {
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(DefinitionJson.Serialize(document))));
        }
        finally
        {
            document.Elsa = kept;
        }
    }

    private static JsonObject NewDefinition() => new()
    {
        ["id"] = string.Empty,
        ["definitionId"] = string.Empty,
        ["name"] = string.Empty,
        ["description"] = string.Empty,
        ["toolVersion"] = ToolVersion,
        ["variables"] = new JsonArray(),
        ["inputs"] = new JsonArray(),
        ["outputs"] = new JsonArray(),
        ["outcomes"] = new JsonArray(),
        ["customProperties"] = new JsonObject(),
        ["isReadonly"] = false,
        ["options"] = new JsonObject
        {
            ["activationStrategyType"] = null,
            ["usableAsActivity"] = false,
            ["autoUpdateConsumingWorkflows"] = false,
            ["activityCategory"] = null,
            ["incidentStrategyType"] = null,
            ["commitStrategyName"] = null,
        },
    };

    private static JsonObject NewRoot() => new()
    {
        ["id"] = "Flowchart1",
        ["nodeId"] = "Workflow1:Flowchart1",
        ["name"] = "Flowchart1",
        ["type"] = FlowchartType,
        ["version"] = 1,
        ["customProperties"] = new JsonObject(),
        ["metadata"] = new JsonObject(),
    };

    private static string RootId(JsonObject root) => root["nodeId"]?.GetValueKind() == JsonValueKind.String ? root["nodeId"]!.GetValue<string>() : "Workflow1:Flowchart1";

    private static JsonObject Activity(StepNode step, StepTypeInfo? info, JsonObject? old, (double X, double Y) position, string rootNodeId)
    {
        var activity = old is null ? [] : (JsonObject)old.DeepClone();
        activity["id"] = step.Id;
        activity["nodeId"] ??= $"{rootNodeId}:{step.Id}";
        activity["name"] ??= PascalCase(step.Id);
        activity["type"] = TypePrefix + step.Type;
        activity["version"] ??= 1;
        activity["customProperties"] ??= new JsonObject();
        var metadata = activity["metadata"] as JsonObject ?? [];
        activity["metadata"] = metadata;
        metadata["displayText"] = step.Name;
        if (metadata["designer"] is not JsonObject { } designer || designer["position"] is null)
        {
            metadata["designer"] = new JsonObject
            {
                ["position"] = new JsonObject { ["x"] = position.X, ["y"] = position.Y },
                ["size"] = new JsonObject { ["width"] = NodeWidth, ["height"] = NodeHeight },
            };
        }

        // Inputs of the step type that the step no longer sets are cleared; fields the engine does not know stay.
        foreach (var input in info?.Inputs ?? [])
        {
            if (!step.Properties.ContainsKey(input.Name))
            {
                activity.Remove(input.Name);
            }
        }

        foreach (var (name, value) in step.Properties)
        {
            var input = info?.Inputs.FirstOrDefault(i => i.Name == name);
            activity[name] = Input(input?.Kind, value);
        }

        return activity;
    }

    /// <summary>An input as Elsa wraps it: <c>{typeName, expression: {type, value}}</c>; values are written as Studio's editors write them.</summary>
    public static JsonObject Input(StepInputKind? kind, JsonNode? value)
    {
        var (typeName, text) = kind switch
        {
            StepInputKind.Integer or StepInputKind.WorkingDays when value?.GetValueKind() == JsonValueKind.Number => ("Int32", (JsonNode?)value.ToJsonString()),
            StepInputKind.Boolean when value?.GetValueKind() is JsonValueKind.True or JsonValueKind.False => ("Boolean", value.GetValue<bool>() ? "true" : "false"),
            StepInputKind.Recipients when value is JsonArray => ("String[]", value.ToJsonString()),
            _ when value?.GetValueKind() == JsonValueKind.String => ("String", value.DeepClone()),
            _ => ("Object", value?.DeepClone()),
        };
        return new JsonObject
        {
            ["typeName"] = typeName,
            ["expression"] = new JsonObject
            {
                ["type"] = kind == StepInputKind.Expression ? ScribanSyntax : LiteralSyntax,
                ["value"] = text,
            },
        };
    }

    /// <summary>Connections of a sequence whose end leads to <paramref name="next"/> (null: the end of the workflow).</summary>
    private static void Connect(List<StepNode> sequence, string? next, IReadOnlyDictionary<string, StepTypeInfo> stepTypes, JsonArray connections)
    {
        for (var i = 0; i < sequence.Count; i++)
        {
            var step = sequence[i];
            var after = i + 1 < sequence.Count ? sequence[i + 1].Id : next;
            switch (step.ComponentType)
            {
                case "switch":
                    foreach (var (outcome, branch) in step.Branches ?? [])
                    {
                        if (branch.Count > 0)
                        {
                            connections.Add(Connection(step.Id, outcome, branch[0].Id));
                            Connect(branch, after, stepTypes, connections);
                        }
                        else if (after is not null)
                        {
                            connections.Add(Connection(step.Id, outcome, after));
                        }
                    }

                    // An outcome without a branch goes on with the step after the switch; in a flowchart that is a connection.
                    if (after is not null)
                    {
                        foreach (var outcome in stepTypes.GetValueOrDefault(step.Type)?.Outcomes ?? [])
                        {
                            if (step.Branches?.ContainsKey(outcome) != true)
                            {
                                connections.Add(Connection(step.Id, outcome, after));
                            }
                        }
                    }

                    break;
                case "container":
                    if (step.Sequence is { Count: > 0 } body)
                    {
                        connections.Add(Connection(step.Id, IteratePort, body[0].Id));
                        Connect(body, step.Id, stepTypes, connections);
                    }

                    if (after is not null)
                    {
                        connections.Add(Connection(step.Id, DonePort, after));
                    }

                    break;
                default:
                    if (after is not null)
                    {
                        connections.Add(Connection(step.Id, DonePort, after));
                    }

                    break;
            }
        }
    }

    private static JsonObject Connection(string source, string port, string target) => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
        ["vertices"] = new JsonArray(),
    };

    /// <summary>Top-left corners: a sequence runs down one column; a switch stands centred over its branches, which stand side by side.</summary>
    internal static Dictionary<string, (double X, double Y)> Layout(List<StepNode> sequence)
    {
        var positions = new Dictionary<string, (double X, double Y)>(StringComparer.Ordinal);
        Place(sequence, 0, 0, positions);
        return positions;
    }

    private static int Width(StepNode step) => step.ComponentType switch
    {
        "switch" when step.Branches is { Count: > 0 } branches => Math.Max(1, branches.Values.Sum(b => Math.Max(1, Width(b)))),
        "container" when step.Sequence is { Count: > 0 } body => Width(body),
        _ => 1,
    };

    private static int Width(List<StepNode> sequence) => sequence.Count == 0 ? 1 : sequence.Max(Width);

    /// <summary>Places a sequence with its left edge at <paramref name="column"/> and its first row at <paramref name="row"/>; returns the row after it.</summary>
    private static int Place(List<StepNode> sequence, double column, int row, Dictionary<string, (double X, double Y)> positions)
    {
        var width = Width(sequence);
        foreach (var step in sequence)
        {
            var own = Width(step);
            var left = column + ((width - own) / 2.0);
            positions[step.Id] = ((left + ((own - 1) / 2.0)) * ColumnWidth, row * RowHeight);
            row++;
            if (step.ComponentType == "switch" && step.Branches is { Count: > 0 } branches)
            {
                var x = left;
                var bottom = row;
                foreach (var branch in branches.Values)
                {
                    bottom = Math.Max(bottom, Place(branch, x, row, positions));
                    x += Math.Max(1, Width(branch));
                }

                row = bottom;
            }
            else if (step.ComponentType == "container" && step.Sequence is { Count: > 0 } body)
            {
                row = Place(body, left, row, positions);
            }
        }

        return row;
    }

    internal static string PascalCase(string id)
    {
        var builder = new StringBuilder();
        foreach (var part in id.Split(['-', '_', ' ', '.'], StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        }

        return builder.Length == 0 ? "Activity" : builder.ToString();
    }
}
