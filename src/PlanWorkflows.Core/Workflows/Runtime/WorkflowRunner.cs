using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Workflows.Runtime;

/// <summary>A parsed definition with its steps indexed by id, shared by every instance of one version.</summary>
public sealed class LoadedDefinition
{
    public LoadedDefinition(string name, int version, WorkflowDefinitionDocument document)
    {
        Name = name;
        Version = version;
        Document = document;
        Steps = document.Walk().GroupBy(s => s.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    public string Name { get; }
    public int Version { get; }
    public WorkflowDefinitionDocument Document { get; }

    /// <summary>Institutions its recipients name by id (<c>institution:&lt;id&gt;</c>), whose contacts a batch loads up front.</summary>
    public IReadOnlySet<string> NamedInstitutions { get; init; } = new HashSet<string>();
    public IReadOnlyDictionary<string, StepNode> Steps { get; }

    public List<StepNode> Sequence(Frame frame)
    {
        if (frame.StepId is null)
        {
            return Document.Sequence;
        }

        var step = Steps[frame.StepId];
        return frame.Branch == Frame.LoopBody
            ? step.Sequence ?? []
            : step.Branches is not null && step.Branches.TryGetValue(frame.Branch ?? string.Empty, out var branch) ? branch : [];
    }
}

public enum RunOutcome { Waiting, Completed }

/// <summary>
/// Walks an instance through its definition until it waits or completes. Pure: it changes only the
/// state and the step context; the engine decides what is committed.
/// </summary>
public sealed class WorkflowRunner(IReadOnlyDictionary<string, StepType> steps, int maxSteps)
{
    public int StepsExecuted { get; private set; }

    public RunOutcome Start(LoadedDefinition definition, InstanceState state, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Stack = [new Frame()];
        state.Waiting = null;
        return Continue(definition, state, context);
    }

    public RunOutcome Resume(LoadedDefinition definition, InstanceState state, StepContext context, ResumeEvent resumeEvent)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(context);
        if (state.Waiting is not { } waiting)
        {
            // Nothing waits (a signal raced the start, or the instance already moved on): just go on.
            return Continue(definition, state, context);
        }

        var step = definition.Steps[waiting.StepId];
        context.Step = step;
        state.Waiting = null;
        var result = Type(step).Resume(context, resumeEvent);
        Count(context, step, result);
        return Apply(state, step, result) ? RunOutcome.Waiting : Continue(definition, state, context);
    }

    private RunOutcome Continue(LoadedDefinition definition, InstanceState state, StepContext context)
    {
        var executed = 0;
        while (state.Stack.Count > 0)
        {
            var frame = state.Stack[^1];
            var sequence = definition.Sequence(frame);
            if (frame.Index >= sequence.Count)
            {
                state.Stack.RemoveAt(state.Stack.Count - 1);
                if (state.Stack.Count > 0 && frame.Branch != Frame.LoopBody)
                {
                    // A branch is done: the switch step that chose it is done too. A loop body
                    // returns to its container step, which decides whether to run it again.
                    state.Stack[^1].Index++;
                }

                continue;
            }

            if (++executed > maxSteps)
            {
                throw new InvalidOperationException($"more than {maxSteps} steps without waiting; the definition loops");
            }

            var step = sequence[frame.Index];
            context.Step = step;
            var result = Type(step).Execute(context);
            Count(context, step, result);
            if (Apply(state, step, result))
            {
                return RunOutcome.Waiting;
            }
        }

        return RunOutcome.Completed;
    }

    private static bool Apply(InstanceState state, StepNode step, StepResult result)
    {
        var top = state.Stack[^1];
        switch (result.Kind)
        {
            case StepResultKind.Next:
                top.Index++;
                return false;
            case StepResultKind.Branch:
                if (step.Branches is not null && step.Branches.TryGetValue(result.Branch!, out var branch) && branch.Count > 0)
                {
                    state.Stack.Add(new Frame { StepId = step.Id, Branch = result.Branch });
                }
                else
                {
                    top.Index++;
                }

                return false;
            case StepResultKind.Loop:
                state.Stack.Add(new Frame { StepId = step.Id, Branch = Frame.LoopBody });
                return false;
            case StepResultKind.Wait:
                state.WaitSequence++;
                state.Waiting = new WaitInfo { StepId = step.Id, For = result.WaitFor ?? ResumeEvent.Timer, WakeAt = result.WakeAt };
                return true;
            default:
                throw new InvalidOperationException($"unknown step result {result.Kind}");
        }
    }

    private void Count(StepContext context, StepNode step, StepResult result)
    {
        StepsExecuted++;
        context.Executed.Add(new ExecutedStep(step.Id, step.Type, result.Kind switch
        {
            StepResultKind.Branch => result.Branch ?? "branch",
            StepResultKind.Wait => $"waits for {result.WaitFor}" + (result.WakeAt is { } at ? $" until {at:yyyy-MM-dd HH:mm}Z" : string.Empty),
            StepResultKind.Loop => "loop",
            _ => "done",
        }));
    }

    private StepType Type(StepNode step) =>
        steps.TryGetValue(step.Type, out var type) ? type : throw new InvalidOperationException($"step {step.Id}: unknown step type '{step.Type}'");
}
