using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Server.Office.Pages;

namespace PlanWorkflows.Server.Tests.Office;

public sealed class InstanceMoveTests
{
    private static WorkflowDefinitionDocument Shipped() => DefinitionJson.Load(CliRunner.Repo("workflows", "definitions", "deadline-report.json"));

    private static WorkflowDefinitionDocument Copy(WorkflowDefinitionDocument document) => DefinitionJson.Parse(DefinitionJson.Serialize(document), "copy");

    /// <summary>Waiting inside the first branch of the first branch step of the definition.</summary>
    private static (InstanceState State, StepNode Branching, string Branch) InsideBranch(WorkflowDefinitionDocument document)
    {
        var index = document.Sequence.FindIndex(s => s.Branches is { Count: > 0 });
        var branching = document.Sequence[index];
        var (branch, steps) = branching.Branches!.First(b => b.Value.Count > 0);
        var state = new InstanceState
        {
            Stack = [new Frame { Index = index }, new Frame { StepId = branching.Id, Branch = branch, Index = 0 }],
            Waiting = new WaitInfo { StepId = steps[0].Id, For = "timer" },
        };
        return (state, branching, branch);
    }

    [Fact]
    public void Changes_after_the_position_allow_the_move()
    {
        var from = Shipped();
        var (state, _, _) = InsideBranch(from);
        var to = Copy(from);
        to.Sequence[^1].Name = "Another name";
        to.Sequence.Add(Copy(from).Sequence[0].Walk().First());
        to.Sequence[^1].Id = "appended-step";
        Assert.Null(InstanceMove.Compare(from, to, state));
    }

    [Fact]
    public void A_different_step_before_the_position_prevents_the_move()
    {
        var from = Shipped();
        var (state, _, _) = InsideBranch(from);
        var to = Copy(from);
        to.Sequence[0].Type = "NotifyOffice";
        Assert.Contains("step 1 of the main sequence", InstanceMove.Compare(from, to, state), StringComparison.Ordinal);
    }

    [Fact]
    public void A_branch_that_is_gone_prevents_the_move()
    {
        var from = Shipped();
        var (state, branching, branch) = InsideBranch(from);
        var to = Copy(from);
        to.Walk().First(s => s.Id == branching.Id).Branches!.Remove(branch);
        Assert.Contains($"step '{branching.Id}' ({branch}) is not in both versions", InstanceMove.Compare(from, to, state), StringComparison.Ordinal);
    }
}
