using PlanWorkflows.Core.Catalogue;

namespace PlanWorkflows.Core.Tests.Catalogue;

public sealed class ActivityReferenceTests
{
    private static readonly Lazy<PlanCatalogue> Shipped = new(() => CatalogueYaml.Load(RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.yaml")));

    [Fact]
    public void Every_area_of_the_shipped_plan_has_a_short_unique_code()
    {
        Assert.Equal(
            [("prevention-and-education", "PRE"), ("education", "EDU"), ("identification-of-victims-of-trafficking-in-human-beings", "IDE"),
             ("support-protection-and-reintegration-of-victims", "SUP"), ("effective-prosecution-and-punishment", "EFF"),
             ("international-cooperation", "INT"), ("coordination-and-partnership", "COO"), ("partnership", "PAR")],
            Shipped.Value.Areas.Select(a => (a.Id, a.Code)));
        // 1.1.2 exists in several areas; with the area code each reference names one activity.
        Assert.True(Shipped.Value.Activities.Count(a => a.Code == "1.1.2") > 1);
        Assert.Equal(Shipped.Value.Activities.Count(), Shipped.Value.Activities.Select(Shipped.Value.Reference).Distinct().Count());
        Assert.Equal("EDU 1.1.2", Shipped.Value.Reference(Shipped.Value.FindActivity("education/1.1.2")!));
    }

    [Fact]
    public void Codes_once_given_are_kept_and_new_areas_avoid_them()
    {
        var areas = new List<CatalogueArea>
        {
            new() { Id = "education", Title = "Education", Code = "EDX" },
            new() { Id = "education-2", Title = "Education" },
            new() { Id = "educational-campaigns", Title = "Educational Campaigns" },
            new() { Id = "edu", Title = "Education" },
        };
        ActivityCodes.AssignAreaCodes(areas);
        Assert.Equal(["EDX", "EDU", "EC", "EDU2"], areas.Select(a => a.Code));
    }

    [Fact]
    public void A_repeated_area_code_in_the_catalogue_is_an_error()
    {
        var catalogue = CatalogueYaml.Load(RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.yaml"));
        catalogue.Areas[1].Code = "PRE";
        catalogue.Areas[2].Code = "x";
        var errors = CatalogueValidator.Validate(catalogue, Institutions.RealCatalogue.Directory, "plan.yaml").Select(e => e.Message).ToList();
        Assert.Contains("area education: code 'PRE' is also the code of area prevention-and-education", errors);
        Assert.Contains(errors, e => e.StartsWith("area identification-of-victims-of-trafficking-in-human-beings: code 'x' is not", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("EDU 1.1.2", "EDU", "1.1.2")]
    [InlineData("edu-1.1.2", "EDU", "1.1.2")]
    [InlineData("[EDU 1.1.2]", "EDU", "1.1.2")]
    [InlineData("1.1.2", null, "1.1.2")]
    [InlineData(" 1.1.10. ", null, "1.1.10")]
    public void References_are_read_with_or_without_the_area(string written, string? area, string code) =>
        Assert.Equal(new ActivityReference(area, code), ActivityCodes.Parse(written));

    [Fact]
    public void A_bare_code_resolves_only_where_the_replys_obligations_hold_it_once()
    {
        (string Area, string Code)[] round = [("PRE", "1.1.2"), ("EDU", "1.1.2"), ("EDU", "1.3.1")];
        Assert.Equal([("EDU", "1.1.2")], ActivityCodes.Resolve(round, r => r.Area, r => r.Code, "EDU 1.1.2"));
        Assert.Equal([("EDU", "1.3.1")], ActivityCodes.Resolve(round, r => r.Area, r => r.Code, "1.3.1"));
        Assert.Equal(2, ActivityCodes.Resolve(round, r => r.Area, r => r.Code, "1.1.2").Count);
        Assert.Empty(ActivityCodes.Resolve(round, r => r.Area, r => r.Code, "INT 1.1.2"));
        Assert.Equal("EDU 1.1.2 (Education)", ActivityCodes.WithArea("EDU", "1.1.2", "Education"));
    }
}
