using PlanWorkflows.Core.Catalogue;

namespace PlanWorkflows.Core.Tests.Catalogue;

public sealed class CatalogueDiffTests
{
    private static PlanCatalogue Shipped() => CatalogueYaml.Load(RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.yaml"));

    [Fact]
    public void The_same_plan_has_no_difference()
    {
        Assert.Empty(CatalogueDiff.Compare(Shipped(), Shipped()));
    }

    [Fact]
    public void Each_changed_field_is_named_and_text_only_changes_are_told_apart_from_what_changes_obligations()
    {
        var before = Shipped();
        var after = Shipped();
        var first = after.FindActivity("education/1.1.2")!;
        first.Implementers.Add("ministry-health");
        first.IndicatorList[0].Target = 40;
        var second = after.FindActivity("education/1.5.2")!;
        second.Title += " (revised)";

        var changes = CatalogueDiff.Compare(before, after);

        Assert.Equal(2, changes.Count);
        var implementers = Assert.Single(changes, c => c.Key == "education/1.1.2");
        Assert.Equal(ActivityChangeKind.Changed, implementers.Kind);
        Assert.Equal(["implementers", "indicators"], implementers.Fields);
        Assert.Equal(["title"], Assert.Single(changes, c => c.Key == "education/1.5.2").Fields);
    }
}
