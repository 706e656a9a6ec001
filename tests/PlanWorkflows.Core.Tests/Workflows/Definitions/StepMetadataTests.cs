using PlanWorkflows.Core.Tests.Institutions;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Tests.Workflows.Definitions;

public sealed class StepMetadataTests
{
    [Fact]
    public void Every_default_value_passes_its_own_input_check()
    {
        var problems = BuiltInStepMetadata.All
            .SelectMany(t => t.Inputs.Where(i => i.Default is not null).Select(i => (t.Type, i.Name, Problem: DefinitionValidator.CheckValue(i, i.Default!, KnownTemplates.Contains, RealCatalogue.Directory.Ids))))
            .Where(x => x.Problem is not null)
            .Select(x => $"{x.Type}.{x.Name}: {x.Problem}");

        Assert.Empty(problems);
    }

    [Fact]
    public void Input_groups_and_branches_name_declared_inputs_and_outcomes()
    {
        foreach (var type in BuiltInStepMetadata.All)
        {
            var inputs = type.Inputs.Select(i => i.Name).ToHashSet();
            Assert.All(type.ExactlyOneOf.Concat(type.AtLeastOneOf).SelectMany(g => g), name => Assert.Contains(name, inputs));
            Assert.All(type.RequiredBranches, b => Assert.Contains(b, type.Outcomes));
            Assert.Equal(type.Component == StepComponent.Switch, type.Outcomes.Count > 0);
            Assert.All(type.Inputs.Where(i => i.Kind == StepInputKind.Choice), i => Assert.NotEmpty(i.Choices!));
        }
    }

    [Fact]
    public void Toolbox_matches_the_design()
    {
        Assert.Equal(
            ["SendReminder", "WaitUntil", "WaitForReply", "If", "Switch", "Escalate", "SetStatus", "NotifyOffice", "ReviewReport", "AssemblePack", "SendPack", "Repeat", "RequestProgress"],
            BuiltInStepMetadata.All.Select(t => t.Type));
        Assert.Equal(["replied", "timedOut"], BuiltInStepMetadata.ByType["WaitForReply"].Outcomes);
        Assert.True(BuiltInStepMetadata.ByType["Switch"].OpenOutcomes);
        Assert.Equal(1, BuiltInStepMetadata.ByType["WaitForReply"].Inputs[0].Default!.GetValue<int>());
        Assert.Equal(StepComponent.Container, BuiltInStepMetadata.ByType["Repeat"].Component);
    }
}
