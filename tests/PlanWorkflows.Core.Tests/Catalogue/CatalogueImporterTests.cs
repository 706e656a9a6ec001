using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Catalogue.Reading;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Tests.Institutions;

namespace PlanWorkflows.Core.Tests.Catalogue;

public sealed class CatalogueImporterTests
{
    private static readonly Lazy<PlanCatalogue> Real = new(() =>
        new CatalogueImporter(RealCatalogue.Directory).Import(PlanDocumentReader.ReadFile(RepoPaths.PlanDocument)));

    private static PlanCatalogue Catalogue => Real.Value;

    private static CatalogueActivity Activity(string areaId, string code) =>
        Catalogue.FindActivity($"{areaId}/{code}") ?? throw new Xunit.Sdk.XunitException($"no activity {areaId}/{code}");

    [Fact]
    public void Imports_87_activities_with_the_documented_count_per_area()
    {
        Assert.Equal(
        [
            ("Prevention and Education", 9),
            ("Education", 18),
            ("Identification of Victims of Trafficking in Human Beings", 12),
            ("Support, Protection and Reintegration of Victims", 15),
            ("Effective Prosecution and Punishment", 3),
            ("International Cooperation", 10),
            ("Coordination and Partnership", 14),
            ("Partnership", 6),
        ], Catalogue.Areas.Select(a => (a.Title, a.Activities.Count)));
        Assert.Equal(87, Catalogue.Activities.Count());
    }

    [Fact]
    public void Plan_title_period_and_adoption_come_from_the_document()
    {
        Assert.Equal("ACTION PLAN FOR IMPLEMENTATION OF THE STRATEGY FOR COMBATING TRAFFICKING IN HUMAN BEINGS 2012-2013", Catalogue.Plan.Title);
        Assert.Equal(new DateOnly(2012, 1, 1), Catalogue.Plan.PeriodStart);
        Assert.Equal(new DateOnly(2013, 12, 31), Catalogue.Plan.PeriodEnd);
        Assert.Equal(new DateOnly(2012, 9, 13), Catalogue.Plan.Adopted);
    }

    [Fact]
    public void Keys_are_unique_and_every_activity_has_implementers()
    {
        var keys = Catalogue.Activities.Select(a => a.Key).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(Catalogue.Activities, a => Assert.NotEmpty(a.Implementers));
        Assert.DoesNotContain(Catalogue.Activities.SelectMany(a => a.Warnings), w => w.Code == "institution-unknown" && w.Column == "implementers");
    }

    [Fact]
    public void First_row_of_a_table_gives_every_field()
    {
        var a = Activity("prevention-and-education", "1.1.1");
        Assert.Equal(1, a.ObjectiveNumber);
        Assert.StartsWith("To raise the awareness level of the entire public", a.Objective, StringComparison.Ordinal);
        Assert.Equal("1.1", a.MeasureCode);
        Assert.Equal("To increase informing of the citizens on the problem of trafficking in human beings, in particular children and youth", a.Measure);
        Assert.StartsWith("Preparation, printing and distribution of educational materials", a.Title, StringComparison.Ordinal);
        Assert.Equal(["moi-office", "police-directorate", "ministry-labour-social-welfare", "ministry-education-sports"], a.Implementers);
        Assert.Equal(ScheduleKind.Recurring, a.Timeframe.Kind);
        Assert.Equal("once a year", a.Timeframe.Text);
        Assert.Equal("Regular funds, donations", a.Funds);
        Assert.Equal(["international-organizations", "ngos"], a.Partners);
    }

    [Fact]
    public void Objective_and_measure_carry_down_their_group()
    {
        var a = Activity("prevention-and-education", "1.1.4");
        Assert.Equal(1, a.ObjectiveNumber);
        Assert.Equal("1.1", a.MeasureCode);
        Assert.StartsWith("To increase informing of the citizens", a.Measure, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_broken_by_a_page_break_is_joined_in_every_column()
    {
        // 1.5.1: measure, activity and partners all continue on the next page.
        var a = Activity("education", "1.5.1");
        Assert.EndsWith("and protection of their data", a.Measure, StringComparison.Ordinal);
        Assert.Contains("for editors and members of the Public Service Council", a.Title, StringComparison.Ordinal);
        Assert.Equal("Ministry of Interior – Office for Fight against Trafficking in Human Beings, IO", a.PartnersText);
        Assert.Equal(["moi-office", "international-organizations"], a.Partners);
        Assert.Contains(a.Warnings, w => w.Code == "continuation" && w.Line == 106);
    }

    [Fact]
    public void Implementer_name_broken_across_the_page_is_resolved_after_joining()
    {
        var a = Activity("identification-of-victims-of-trafficking-in-human-beings", "1.1.2");
        Assert.Equal("Ministry of interior – Office for Fight against Trafficking in Human Beings, Police Directorate, Ministry of Labor and Social Welfare", a.ImplementersText);
        Assert.Equal(["moi-office", "police-directorate", "ministry-labour-social-welfare"], a.Implementers);
    }

    [Fact]
    public void Word_split_across_a_page_break_is_mended()
    {
        var hyphenated = Activity("support-protection-and-reintegration-of-victims", "2.5.1");
        Assert.Contains("(in order to mitigate consequences of secondary victimization", hyphenated.Title, StringComparison.Ordinal);
        Assert.Contains(hyphenated.Warnings, w => w.Code == "hyphenation");

        var repeated = Activity("identification-of-victims-of-trafficking-in-human-beings", "1.2.2");
        Assert.Contains("possible dangers and consequences of trafficking in human beings", repeated.Title, StringComparison.Ordinal);
        Assert.DoesNotContain("consequences ces", repeated.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_wrapped_cells_are_read_as_text()
    {
        var a = Activity("partnership", "2.1.1");
        Assert.Equal("Evaluation of the implementation of the Code of Conduct for the Protection of Children against Sexual Exploitation in Travel and Tourism Industry", a.Title);
        Assert.Equal(2, a.ObjectiveNumber);
        Assert.Equal(ScheduleKind.Recurring, a.Timeframe.Kind);
        Assert.Equal(["code-of-conduct-signatories"], a.Partners);
        Assert.Contains(a.Warnings, w => w.Code == "markup");
        Assert.DoesNotContain('<', a.Title + a.Objective + a.Measure + a.Indicators);
    }

    [Fact]
    public void Partner_list_in_the_timeframe_column_is_moved_back()
    {
        var a = Activity("support-protection-and-reintegration-of-victims", "2.4.1");
        Assert.Equal("II Quarter of 2013", a.Timeframe.Text);
        Assert.Equal(ScheduleKind.Deadline, a.Timeframe.Kind);
        Assert.Equal(new DateOnly(2013, 6, 30), a.Timeframe.Deadline);
        Assert.Equal("Developed and signed Memorandum on Cooperation", a.Indicators);
        Assert.Equal("Regular funds", a.Funds);
        Assert.Equal(["ngos", "red-cross", "employers-union"], a.Partners);
        Assert.Contains(a.Warnings, w => w.Code == "columns-shifted");
    }

    [Fact]
    public void Indicator_in_the_timeframe_column_is_swapped_back()
    {
        var a = Activity("coordination-and-partnership", "1.2.2");
        Assert.Equal("2013", a.Timeframe.Text);
        Assert.Equal(new DateOnly(2013, 12, 31), a.Timeframe.Deadline);
        Assert.StartsWith("Composed and conducted training program", a.Indicators, StringComparison.Ordinal);
        Assert.Contains(a.Warnings, w => w.Code == "columns-swapped" && w.Line == 224);
    }

    [Fact]
    public void Funds_in_the_indicator_column_move_to_funds()
    {
        var a = Activity("international-cooperation", "2.2.1");
        Assert.Equal("No additional funds required", a.Funds);
        Assert.Equal(string.Empty, a.Indicators);
        Assert.Contains(a.Warnings, w => w.Code == "columns-shifted");
    }

    [Fact]
    public void Funds_repeated_in_the_partner_cell_are_removed()
    {
        var a = Activity("support-protection-and-reintegration-of-victims", "2.1.4");
        Assert.Equal("Nongovernmental organizations, Red Cross", a.PartnersText);
        Assert.Equal(["ngos", "red-cross"], a.Partners);
        Assert.Contains(a.Warnings, w => w.Code == "funds-in-partners");
    }

    [Fact]
    public void Montenegrin_cells_are_kept_and_understood()
    {
        var a = Activity("prevention-and-education", "1.1.6");
        Assert.Equal(["ombudsman", "moi-office", "police-directorate"], a.Implementers);
        Assert.Equal("Sprovedeno istraživanje; Izvještaj usvojen u Skupštini", a.Indicators);
        Assert.Equal(["red-cross", "unicef", "ngos"], a.Partners);

        var law = Activity("support-protection-and-reintegration-of-victims", "2.6.1");
        Assert.Equal(["ministry-justice-human-rights"], law.Implementers);
        Assert.Equal(ScheduleKind.Deadline, law.Timeframe.Kind);
        Assert.Equal(new DateOnly(2013, 12, 31), law.Timeframe.Deadline);
        Assert.Equal("redovna sredstva, donacije", law.Funds);
    }

    [Fact]
    public void Malformed_activity_code_gets_the_next_free_code_of_its_measure()
    {
        var a = Activity("international-cooperation", "1.1.5");
        Assert.StartsWith("Monitoring EU legislation", a.Title, StringComparison.Ordinal);
        Assert.Equal("1.1", a.MeasureCode);
        var warning = Assert.Single(a.Warnings, w => w.Code == "code-malformed");
        Assert.Contains("'2.1'", warning.Found, StringComparison.Ordinal);
        Assert.Equal(197, warning.Line);
    }

    [Fact]
    public void Codes_without_trailing_dot_or_space_are_read()
    {
        Assert.Equal("Continuing trainings of judges and prosecutors", Activity("education", "1.1.1").Title);
        Assert.StartsWith("Development and distribution of educational materials", Activity("education", "1.4.1").Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Activities_that_start_after_another_are_linked_to_it()
    {
        var records = Activity("education", "1.6.3");
        Assert.Equal(ScheduleKind.AfterActivity, records.Timeframe.Kind);
        Assert.Equal("education/1.6.2", records.Timeframe.AfterActivityCode);

        var licences = Activity("support-protection-and-reintegration-of-victims", "2.1.3");
        Assert.Equal("support-protection-and-reintegration-of-victims/2.1.1", licences.Timeframe.AfterActivityCode);
    }

    [Theory]
    [InlineData("prevention-and-education", "1.1.2", ScheduleKind.Recurring)]
    [InlineData("prevention-and-education", "1.1.3", ScheduleKind.Continuous)]
    [InlineData("prevention-and-education", "1.1.5", ScheduleKind.Deadline)]
    [InlineData("prevention-and-education", "1.1.7", ScheduleKind.Seasonal)]
    [InlineData("education", "1.1.1", ScheduleKind.Continuous)]
    [InlineData("education", "1.3.1", ScheduleKind.Deadline)]
    [InlineData("education", "1.9.1", ScheduleKind.Deadline)]
    [InlineData("support-protection-and-reintegration-of-victims", "2.1.4", ScheduleKind.AsNeeded)]
    [InlineData("effective-prosecution-and-punishment", "1.1.2", ScheduleKind.Recurring)]
    [InlineData("effective-prosecution-and-punishment", "1.1.3", ScheduleKind.Recurring)]
    [InlineData("coordination-and-partnership", "1.1.1", ScheduleKind.Continuous)]
    [InlineData("coordination-and-partnership", "1.2.4", ScheduleKind.Recurring)]
    [InlineData("coordination-and-partnership", "1.3.1", ScheduleKind.Recurring)]
    public void Timeframes_of_the_document_are_parsed(string area, string code, ScheduleKind kind) =>
        Assert.Equal(kind, Activity(area, code).Timeframe.Kind);

    [Fact]
    public void No_timeframe_of_the_document_is_left_unparsed() =>
        Assert.DoesNotContain(Catalogue.Activities, a => a.Timeframe.Kind == ScheduleKind.Unparsed);

    [Fact]
    public void Yaml_round_trip_keeps_every_field()
    {
        var yaml = CatalogueYaml.Serialize(Catalogue);
        var back = CatalogueYaml.Parse(yaml, "round-trip.yaml");
        Assert.Equal(yaml, CatalogueYaml.Serialize(back));
        var a = back.FindActivity("support-protection-and-reintegration-of-victims/2.1.3")!;
        Assert.Equal(ScheduleKind.AfterActivity, a.Timeframe.Kind);
        Assert.Equal("support-protection-and-reintegration-of-victims/2.1.1", a.Timeframe.AfterActivityCode);
        Assert.Equal(Catalogue.Activities.Sum(x => x.Warnings.Count), back.Activities.Sum(x => x.Warnings.Count));
        Assert.Equal(159, a.Line);
        Assert.True(a.CatalogueLine > 100, "activity line in the YAML is located for error messages");
    }

    [Fact]
    public void Plan_without_years_in_its_title_needs_an_explicit_period()
    {
        const string text = "PLAN OF WORK\n\nSOME AREA\n\nObjective\tMeasure\tActivity\tImplementers\tTimeframe\tIndicators\tFunds\tPartners\n1. Obj\t1.1. Measure\t1.1.1. Do it\tPolice Directorate\tannually\tDone\t\t\n";
        var document = PlanDocumentReader.Read(text, "plan.txt");
        var error = Assert.Throws<ImportException>(() => new CatalogueImporter(RealCatalogue.Directory).Import(document));
        Assert.Contains("plan period", error.Message, StringComparison.Ordinal);

        var catalogue = new CatalogueImporter(RealCatalogue.Directory).Import(document, new PlanPeriod(new DateOnly(2020, 1, 1), new DateOnly(2021, 12, 31)));
        Assert.Equal("Some Area", Assert.Single(catalogue.Areas).Title);
        Assert.Equal(ScheduleKind.Recurring, Assert.Single(catalogue.Activities).Timeframe.Kind);
    }
}
