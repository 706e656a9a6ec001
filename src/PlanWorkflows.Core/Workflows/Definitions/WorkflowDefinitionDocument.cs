using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PlanWorkflows.Core.Workflows.Definitions;

/// <summary>
/// A workflow definition in the designer's format (sequential-workflow-designer): properties and a
/// root sequence of steps, plus our own name, title and description.
/// </summary>
public sealed class WorkflowDefinitionDocument
{
    /// <summary>Kebab-case id, e.g. <c>deadline-report</c>; bindings refer to definitions by it.</summary>
    [JsonPropertyOrder(0)]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyOrder(1)]
    public string Title { get; set; } = string.Empty;

    [JsonPropertyOrder(2)]
    public string Description { get; set; } = string.Empty;

    [JsonPropertyOrder(3)]
    public JsonObject Properties { get; set; } = [];

    [JsonPropertyOrder(4)]
    public List<StepNode> Sequence { get; set; } = [];

    /// <summary>
    /// The Elsa 3 workflow JSON this definition was last saved from (Elsa Studio, an import), kept whole so that
    /// fields the engine ignores survive; absent for definitions written in this format. See <c>Workflows/Elsa</c>.
    /// </summary>
    [JsonPropertyOrder(5)]
    public JsonObject? Elsa { get; set; }

    /// <summary>Every step, depth-first in document order: a step, then its branches in order, then its sequence.</summary>
    public IEnumerable<StepNode> Walk() => StepNode.Walk(Sequence);
}

/// <summary>One step of a definition; <see cref="Branches"/> for switch steps, <see cref="Sequence"/> for containers.</summary>
public sealed class StepNode
{
    [JsonPropertyOrder(0)]
    public string Id { get; set; } = string.Empty;

    /// <summary><c>task</c>, <c>switch</c> or <c>container</c>; kept as text so a wrong value is a validation error, not a parse failure.</summary>
    [JsonPropertyOrder(1)]
    public string ComponentType { get; set; } = string.Empty;

    [JsonPropertyOrder(2)]
    public string Type { get; set; } = string.Empty;

    [JsonPropertyOrder(3)]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyOrder(4)]
    public JsonObject Properties { get; set; } = [];

    [JsonPropertyOrder(5)]
    public Dictionary<string, List<StepNode>>? Branches { get; set; }

    [JsonPropertyOrder(6)]
    public List<StepNode>? Sequence { get; set; }

    /// <summary>This step and every step below it, depth-first.</summary>
    public IEnumerable<StepNode> Walk() => Walk([this]);

    public static IEnumerable<StepNode> Walk(IEnumerable<StepNode> sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);

        // An explicit stack: definitions nest deeply enough (ladders of waits) that lazy recursion would stack iterators.
        var pending = new Stack<IEnumerator<StepNode>>();
        pending.Push(sequence.GetEnumerator());
        while (pending.Count > 0)
        {
            var current = pending.Peek();
            if (!current.MoveNext())
            {
                current.Dispose();
                pending.Pop();
                continue;
            }

            var step = current.Current;
            yield return step;
            if (step.Sequence is { Count: > 0 } inner)
            {
                pending.Push(inner.GetEnumerator());
            }

            if (step.Branches is { Count: > 0 } branches)
            {
                pending.Push(branches.Values.SelectMany(b => b).GetEnumerator());
            }
        }
    }
}
