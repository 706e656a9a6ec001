using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Core.Tests.Catalogue;

public sealed class CatalogueOverridesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("catalogue-").FullName;

    private string CopyCatalogue()
    {
        var path = Path.Combine(_folder, "plan.yaml");
        File.Copy(RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.yaml"), path);
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Overrides_beside_the_catalogue_are_applied_on_load()
    {
        var path = CopyCatalogue();
        File.WriteAllText(CatalogueYaml.OverridesPathFor(path), """
            activities:
              - key: international-cooperation/1.1.5
                timeframe: twice a year
                implementers: [ministry-justice-human-rights, moi]
                reviewed: [code-malformed]
                note: agreed at the Working Group
            """);
        var activity = CatalogueYaml.Load(path).FindActivity("international-cooperation/1.1.5")!;
        Assert.Equal(ScheduleKind.Recurring, activity.Timeframe.Kind);
        Assert.Equal("0 9 L 6,12 *", activity.Timeframe.Cron);
        Assert.Equal(["ministry-justice-human-rights", "moi"], activity.Implementers);
        Assert.DoesNotContain(activity.Warnings, w => w.Code == "code-malformed");
        var applied = Assert.Single(activity.Warnings, w => w.Code == "override");
        Assert.Equal("implementers, timeframe", applied.Column);
        Assert.Equal("agreed at the Working Group", applied.Found);
    }

    [Fact]
    public void Override_for_an_unknown_activity_names_its_line_and_changes_nothing()
    {
        var path = CopyCatalogue();
        File.WriteAllText(CatalogueYaml.OverridesPathFor(path), """
            activities:
              - key: education/1.1.1
                title: Changed title
              - key: education/9.9.9
                title: Nothing here
            """);
        var error = Assert.Throws<ImportException>(() => CatalogueYaml.Load(path));
        Assert.Equal(4, error.Line);
        Assert.Contains("no activity with key 'education/9.9.9'", error.Message, StringComparison.Ordinal);

        var catalogue = CatalogueYaml.Parse(File.ReadAllText(path), path);
        var overrides = CatalogueOverrides.Parse(File.ReadAllText(CatalogueYaml.OverridesPathFor(path)), "o.yaml");
        Assert.Throws<ImportException>(() => CatalogueOverrides.Apply(catalogue, overrides));
        Assert.Equal("Continuing trainings of judges and prosecutors", catalogue.FindActivity("education/1.1.1")!.Title);
    }

    [Fact]
    public void Misspelt_override_field_is_an_error_with_its_line()
    {
        var path = CopyCatalogue();
        File.WriteAllText(CatalogueYaml.OverridesPathFor(path), "activities:\n  - key: education/1.1.1\n    titel: typo\n");
        var error = Assert.Throws<ImportException>(() => CatalogueYaml.Load(path));
        Assert.Equal(3, error.Line);
        Assert.Contains("titel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checked_in_overrides_apply_to_the_checked_in_catalogue()
    {
        var catalogue = CatalogueYaml.Load(RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.yaml"));
        Assert.DoesNotContain(catalogue.FindActivity("international-cooperation/1.1.5")!.Warnings, w => w.Code == "code-malformed");
        Assert.Contains(catalogue.FindActivity("education/1.6.2")!.Title, catalogue.Activities.Select(a => a.Title));
    }
}
