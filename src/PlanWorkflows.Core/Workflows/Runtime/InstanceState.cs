using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PlanWorkflows.Core.Workflows.Runtime;

/// <summary>Where an instance stands in its step tree, what it waits for, and its variables.</summary>
public sealed class InstanceState
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Innermost last. A frame is a sequence being walked: the root, a branch of a step, or a loop body.</summary>
    public List<Frame> Stack { get; set; } = [];

    public WaitInfo? Waiting { get; set; }

    /// <summary>Counts waits, so a timer set for an earlier wait is recognised as stale.</summary>
    public int WaitSequence { get; set; }

    public Dictionary<string, JsonNode?> Vars { get; set; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static InstanceState FromJson(string json) =>
        string.IsNullOrWhiteSpace(json) ? new InstanceState() : JsonSerializer.Deserialize<InstanceState>(json, Json) ?? new InstanceState();
}

public sealed class Frame
{
    /// <summary>The step whose branch or loop body this is; null for the root sequence.</summary>
    public string? StepId { get; set; }

    /// <summary>The branch name, or <see cref="LoopBody"/>.</summary>
    public string? Branch { get; set; }

    public int Index { get; set; }

    public const string LoopBody = "#loop";
}

public sealed class WaitInfo
{
    public string StepId { get; set; } = string.Empty;
    public string For { get; set; } = string.Empty;
    public DateTime? WakeAt { get; set; }
}
