using System.Text.Json.Nodes;

namespace PlanWorkflows.Core.Workflows.Definitions;

/// <summary>One difference between two versions of a definition, in words an author reads: which step, where, what.</summary>
public sealed record DefinitionChange(string Change, string StepId, string Where, string Text);

/// <summary>
/// A structural diff of two definitions: steps matched by id, so a moved step is "moved", not a removal
/// and an addition hundreds of JSON lines apart, and a changed input names the input and both values.
/// </summary>
public static class DefinitionDiff
{
    public const string Added = "added";
    public const string Removed = "removed";
    public const string Changed = "changed";
    public const string Moved = "moved";

    public static IReadOnlyList<DefinitionChange> Compare(WorkflowDefinitionDocument older, WorkflowDefinitionDocument newer)
    {
        ArgumentNullException.ThrowIfNull(older);
        ArgumentNullException.ThrowIfNull(newer);
        var changes = new List<DefinitionChange>();
        Field(changes, string.Empty, "definition", "title", older.Title, newer.Title);
        Field(changes, string.Empty, "definition", "description", older.Description, newer.Description);
        Properties(changes, string.Empty, "definition", older.Properties, newer.Properties);

        var before = Locate(older.Sequence);
        var after = Locate(newer.Sequence);
        foreach (var (id, (step, where)) in after)
        {
            if (!before.TryGetValue(id, out var old))
            {
                changes.Add(new(Added, id, where, $"{step.Type} '{step.Name}' added"));
                continue;
            }

            if (old.Where != where)
            {
                changes.Add(new(Moved, id, where, $"moved from {old.Where}"));
            }

            Field(changes, id, where, "type", old.Step.Type, step.Type);
            Field(changes, id, where, "name", old.Step.Name, step.Name);
            Properties(changes, id, where, old.Step.Properties, step.Properties);
        }

        foreach (var (id, (step, where)) in before.Where(b => !after.ContainsKey(b.Key)))
        {
            changes.Add(new(Removed, id, where, $"{step.Type} '{step.Name}' removed"));
        }

        return changes;
    }

    private static void Field(List<DefinitionChange> changes, string id, string where, string field, string? older, string? newer)
    {
        if (!string.Equals(older ?? string.Empty, newer ?? string.Empty, StringComparison.Ordinal))
        {
            changes.Add(new(Changed, id, where, $"{field}: '{older}' → '{newer}'"));
        }
    }

    private static void Properties(List<DefinitionChange> changes, string id, string where, JsonObject older, JsonObject newer)
    {
        foreach (var name in older.Select(p => p.Key).Union(newer.Select(p => p.Key), StringComparer.Ordinal))
        {
            var hadIt = older.TryGetPropertyValue(name, out var a);
            var hasIt = newer.TryGetPropertyValue(name, out var b);
            if (hadIt && hasIt && JsonNode.DeepEquals(a, b))
            {
                continue;
            }

            var text = !hadIt ? $"{name} set to {Show(b)}" : !hasIt ? $"{name} cleared (was {Show(a)})" : $"{name}: {Show(a)} → {Show(b)}";
            changes.Add(new(Changed, id, where, text));
        }
    }

    private static string Show(JsonNode? value) => value is null ? "null" : value.ToJsonString();

    /// <summary>Every step by id with where it sits: "root #2", "wait-reply-1 › timedOut #1", "resubmission-1 #1".</summary>
    private static Dictionary<string, (StepNode Step, string Where)> Locate(List<StepNode> root)
    {
        var found = new Dictionary<string, (StepNode, string)>(StringComparer.Ordinal);
        var pending = new Stack<(List<StepNode> Sequence, string Parent)>();
        pending.Push((root, "root"));
        while (pending.Count > 0)
        {
            var (sequence, parent) = pending.Pop();
            for (var i = 0; i < sequence.Count; i++)
            {
                var step = sequence[i];
                // Duplicate ids are a validation error; the diff keeps the first and goes on.
                found.TryAdd(step.Id, (step, $"{parent} #{i + 1}"));
                if (step.Sequence is { } inner)
                {
                    pending.Push((inner, step.Id));
                }

                foreach (var (branch, steps) in step.Branches ?? [])
                {
                    pending.Push((steps, $"{step.Id} › {branch}"));
                }
            }
        }

        return found;
    }
}
