using System.Text.Json.Nodes;

namespace PlanWorkflows.Core.Workflows.Steps;

public enum StepResultKind
{
    /// <summary>Go on with the next step of the sequence.</summary>
    Next,

    /// <summary>Run the named branch of this (switch) step, then go on after it.</summary>
    Branch,

    /// <summary>Run this (container) step's sequence once more, then come back to the step.</summary>
    Loop,

    /// <summary>Suspend: the instance waits for a time, a reply or a review.</summary>
    Wait,
}

public readonly record struct StepResult(StepResultKind Kind, string? Branch = null, string? WaitFor = null, DateTime? WakeAt = null)
{
    public static StepResult Next { get; } = new(StepResultKind.Next);

    public static StepResult Loop { get; } = new(StepResultKind.Loop);

    public static StepResult Take(string branch) => new(StepResultKind.Branch, Branch: branch);

    /// <summary>Wait for <paramref name="waitFor"/> (timer, reply, review), or until <paramref name="wakeAt"/> (UTC) at the latest.</summary>
    public static StepResult Wait(string waitFor, DateTime? wakeAt) => new(StepResultKind.Wait, WaitFor: waitFor, WakeAt: wakeAt);
}

/// <summary>What wakes a waiting step.</summary>
public sealed record ResumeEvent(string Kind, JsonNode? Payload = null)
{
    public const string Timer = "timer";
    public const string Reply = "reply";
    public const string Review = "review";
    public const string DueDateChanged = "due-changed";
}

/// <summary>
/// A step type: one class with its metadata (<see cref="BuiltInStepMetadata"/> for built-ins).
/// Steps never touch the database: every effect goes through the <see cref="StepContext"/>, so a
/// transition commits whole or not at all.
/// </summary>
public abstract class StepType
{
    protected StepType(StepTypeInfo info) => Info = info;

    public StepTypeInfo Info { get; }

    public string Name => Info.Type;

    public abstract StepResult Execute(StepContext context);

    /// <summary>Called when the instance waits in this step and something happens.</summary>
    public virtual StepResult Resume(StepContext context, ResumeEvent resumeEvent) => StepResult.Next;
}
