using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Catalogue.Reading;
using PlanWorkflows.Core.Tests.Institutions;

namespace PlanWorkflows.Core.Tests.Catalogue;

public sealed class IndicatorRuleTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("indicators-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly Lazy<PlanCatalogue> Imported = new(() =>
        new CatalogueImporter(RealCatalogue.Directory).Import(PlanDocumentReader.ReadFile(RealCatalogue.ActionPlanPath)));

    private static string[] Names(string text) => [.. IndicatorRule.Split(text).Select(i => i.Name)];

    [Theory]
    // Real rows of the 2012–2013 plan, one for each way it separates indicators.
    [InlineData("Number of media representation, number of printed and distributed brochures", new[] { "Number of media representation", "Number of printed and distributed brochures" })]
    [InlineData("Sprovedeno istraživanje; Izvještaj usvojen u Skupštini", new[] { "Sprovedeno istraživanje", "Izvještaj usvojen u Skupštini" })]
    [InlineData("Developed training plan, Number of conducted trainings in relation to the plan, number of participants",
        new[] { "Developed training plan", "Number of conducted trainings in relation to the plan", "Number of participants" })]
    [InlineData("1.1. printed and distributed materials", new[] { "Printed and distributed materials" })]
    [InlineData("Number of judges and prosecutors who have attended specific training", new[] { "Number of judges and prosecutors who have attended specific training" })]
    [InlineData("Number of trained inspectors and number of inspections", new[] { "Number of trained inspectors", "Number of inspections" })]
    [InlineData("Number of police officers who have undergone training by sector (border police, criminal police, Community police), number of students",
        new[] { "Number of police officers who have undergone training by sector (border police, criminal police, Community police)", "Number of students" })]
    [InlineData("Meetings held\nReport on agreed activities", new[] { "Meetings held", "Report on agreed activities" })]
    public void The_rule_splits_the_plans_separators(string text, string[] expected) =>
        Assert.Equal(expected, Names(text));

    [Fact]
    public void A_comma_or_semicolon_inside_a_phrase_keeps_the_indicator_whole_and_is_flagged()
    {
        var commas = IndicatorRule.SplitWithNotes("Number of issued, renewed, suspended and revoked licenses");
        Assert.Equal(["Number of issued, renewed, suspended and revoked licenses"], commas.Indicators.Select(i => i.Name));
        Assert.Equal(2, commas.Unsure.Count);

        var semicolons = IndicatorRule.SplitWithNotes("Adopted norms for counseling and therapy; accommodation; immediate intervention");
        Assert.Single(semicolons.Indicators);
        Assert.Equal(2, semicolons.Unsure.Count);

        Assert.Empty(IndicatorRule.SplitWithNotes("Number of brochures distributed, number of interviews").Unsure);
    }

    [Theory]
    [InlineData("Number of organized public lectures and workshops", IndicatorKind.Count)]
    [InlineData("Amount of allocated funds", IndicatorKind.Count)]
    [InlineData("Broj održanih sastanaka", IndicatorKind.Count)]
    [InlineData("Reports submitted to the Office on the number of completed inspection controls", IndicatorKind.Count)]
    [InlineData("Printed and distributed materials", IndicatorKind.Text)]
    [InlineData("Adopted law", IndicatorKind.Text)]
    [InlineData("Conducted campaigns", IndicatorKind.Text)]
    public void Counts_are_the_indicators_that_ask_for_a_number(string name, IndicatorKind kind) =>
        Assert.Equal(kind, IndicatorRule.Describe(name).Kind);

    [Theory]
    [InlineData("Number of trainings held (at least 5)", 5)]
    [InlineData("Number of workshops: 12 in each municipality", 12)]
    [InlineData("Number of trainings held in 2013", null)]
    [InlineData("Number of trainings", null)]
    [InlineData("At least 5 trainings, 3 of them regional", null)]
    public void A_target_is_the_one_number_a_count_states(string name, int? target) =>
        Assert.Equal(target, IndicatorRule.Describe(name).Target is { } t ? (int)t : null);

    [Fact]
    public void Import_of_the_shipped_plan_stores_each_indicator_and_flags_the_unsure_splits()
    {
        var catalogue = Imported.Value;
        var brochures = catalogue.FindActivity("prevention-and-education/1.1.3")!;
        Assert.Equal("Number of media representation, number of printed and distributed brochures", brochures.Indicators);
        Assert.Equal([("Number of media representation", IndicatorKind.Count), ("Number of printed and distributed brochures", IndicatorKind.Count)],
            brochures.IndicatorList.Select(i => (i.Name, i.Kind)));

        var research = catalogue.FindActivity("prevention-and-education/1.1.6")!;
        Assert.Equal(2, research.IndicatorList.Count);
        Assert.All(research.IndicatorList, i => Assert.Equal(IndicatorKind.Text, i.Kind));

        var seminars = catalogue.FindActivity("support-protection-and-reintegration-of-victims/1.2.1")!;
        var warning = Assert.Single(seminars.Warnings, w => w.Code == IndicatorRule.UnsureWarning);
        Assert.Contains("', meetings'", warning.Found, StringComparison.Ordinal);
        Assert.Equal(seminars.Line, warning.Line);

        // Every activity with an indicator text has fields; none has a name a reply form could not read back.
        Assert.All(catalogue.Activities.Where(a => a.Indicators.Length > 0), a => Assert.NotEmpty(a.IndicatorList));
        Assert.DoesNotContain(catalogue.Activities.SelectMany(a => a.IndicatorList), i => i.Name.Contains(':', StringComparison.Ordinal));
    }

    [Fact]
    public void The_committed_catalogue_is_what_import_writes_and_keeps_the_split_through_load()
    {
        var written = CatalogueYaml.Serialize(Imported.Value);
        Assert.Equal(File.ReadAllText(RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.yaml")), written);

        var loaded = CatalogueYaml.Parse(written, "plan.yaml");
        Assert.Equal(Imported.Value.Activities.SelectMany(a => a.IndicatorList).Select(i => (i.Name, i.Kind)),
            loaded.Activities.SelectMany(a => a.IndicatorList).Select(i => (i.Name, i.Kind)));
    }

    [Fact]
    public void The_overrides_file_corrects_a_split_and_the_shipped_one_does_for_the_plans_comma_lists()
    {
        var path = Path.Combine(_folder, "plan.yaml");
        File.Copy(RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.yaml"), path);
        File.WriteAllText(CatalogueYaml.OverridesPathFor(path), """
            activities:
              - key: prevention-and-education/1.1.1
                indicatorList:
                  - name: Number of printed materials
                    target: 2000
                  - name: Distribution points
                    kind: Count
              - key: education/1.1.1
                indicators: Number of judges trained; number of prosecutors trained
            """);
        var catalogue = CatalogueYaml.Load(path);
        var materials = catalogue.FindActivity("prevention-and-education/1.1.1")!;
        Assert.Equal([("Number of printed materials", IndicatorKind.Count, (decimal?)2000), ("Distribution points", IndicatorKind.Count, null)],
            materials.IndicatorList.Select(i => (i.Name, i.Kind, i.Target)));
        Assert.Equal("1.1. printed and distributed materials", materials.Indicators);
        Assert.Equal(["Number of judges trained", "Number of prosecutors trained"], catalogue.FindActivity("education/1.1.1")!.IndicatorList.Select(i => i.Name));

        var shipped = CatalogueYaml.Load(RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.yaml"));
        var press = shipped.FindActivity("coordination-and-partnership/1.1.6")!;
        Assert.Equal(3, press.IndicatorList.Count);
        Assert.DoesNotContain(press.Warnings, w => w.Code == IndicatorRule.UnsureWarning);
    }

    [Fact]
    public void An_override_indicator_with_a_colon_is_refused_with_file_and_line()
    {
        var path = Path.Combine(_folder, "plan.yaml");
        File.Copy(RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.yaml"), path);
        File.WriteAllText(CatalogueYaml.OverridesPathFor(path), """
            activities:
              - key: education/1.1.1
                indicatorList:
                  - name: "Trainings: number"
            """);
        var error = Assert.Throws<ImportException>(() => CatalogueYaml.Load(path));
        Assert.Contains("plan.overrides.yaml:2", error.Message, StringComparison.Ordinal);
        Assert.Contains("Trainings: number", error.Message, StringComparison.Ordinal);
    }
}
