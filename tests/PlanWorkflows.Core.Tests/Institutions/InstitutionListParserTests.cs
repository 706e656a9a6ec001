using PlanWorkflows.Core.Institutions;

namespace PlanWorkflows.Core.Tests.Institutions;

/// <summary>Cells are copied verbatim from action-plan-2012-2013.txt.</summary>
public sealed class InstitutionListParserTests
{
    private static InstitutionListResult Parse(string? cell) => InstitutionListParser.Parse(cell, RealCatalogue.Directory);

    [Theory]
    [InlineData("Ministry of Interior-Office for Fight against Trafficking in Human Beings, Police Directorate, Ministry of Labor and Social Welfare",
        "moi-office", "police-directorate", "ministry-labour-social-welfare")]
    [InlineData("Ministry of Justice and Human rights, MI-Office for Fight against Trafficking in Human Beings and Ministry of Foreign Affairs and European Integration",
        "ministry-justice-human-rights", "moi-office", "ministry-foreign-affairs")]
    [InlineData("Police Directorate, Ministry of Labor and Social Welfare, Ministry of Tourism and Sustainable Development (tourist inspection)",
        "police-directorate", "ministry-labour-social-welfare", "ministry-tourism")]
    [InlineData("Ministry of Health and Ministry of Labor and Social Welfare", "ministry-health", "ministry-labour-social-welfare")]
    [InlineData("Ministry of Labor and Social Welfare and Ministry of Health", "ministry-labour-social-welfare", "ministry-health")]
    [InlineData("Ministry of Justice, Ministry of Interior and Ministry of Foreign Affairs",
        "ministry-justice-human-rights", "moi", "ministry-foreign-affairs")]
    [InlineData("MI- Office for Fight against Trafficking in Human Beings, Police Directorate, Ministry of Justice and Human Rights, Supreme Court and Supreme State Prosecutor's Office",
        "moi-office", "police-directorate", "ministry-justice-human-rights", "supreme-court", "supreme-state-prosecutor")]
    [InlineData("Kancelarija Ombudsmana, MUP-Kancelarija za borbu protiv trgovine ljudima, Uprava policije",
        "ombudsman", "moi-office", "police-directorate")]
    [InlineData("Crveni krst Crne Gore, UNICEF, nevladine organizacije", "red-cross", "unicef", "ngos")]
    [InlineData("MUP Ministry of Interior – Office for Fight against Trafficking in Human Beings, Police Directorate",
        "moi-office", "police-directorate")]
    [InlineData("Employment Agency, Ministry of Interior", "employment-agency", "moi")]
    [InlineData("U.S. Embassy in Podgorica, “Red Cross”", "us-embassy", "red-cross")]
    public void Parse_keeps_commas_and_and_inside_known_names(string cell, params string[] expected)
    {
        var result = Parse(cell);

        Assert.Equal(expected, result.InstitutionIds);
        Assert.Empty(result.Unknown);
    }

    [Fact]
    public void Parse_takes_both_sides_of_in_cooperation_with()
    {
        var result = Parse("MI-Office for Fight against Trafficking in Human Beings in cooperation with members of the Working Group");

        Assert.Equal(["moi-office", "working-group-members"], result.InstitutionIds);
        Assert.Empty(result.Unknown);
    }

    [Fact]
    public void Parse_maps_all_implementing_institutions_of_the_national_strategy_to_the_group()
    {
        var result = Parse("Ministry of Interior-Office for Fight against Trafficking in Human Beings, Police Directorate in cooperation with all implementing institutions in implementation of the national strategy");

        Assert.Equal(["moi-office", "police-directorate", "implementing-institutions"], result.InstitutionIds);
        Assert.Empty(result.Unknown);
    }

    [Fact]
    public void Parse_maps_and_other_implementing_institutions_to_the_group()
    {
        var result = Parse("Ministry of Interior-Office for Fight against Trafficking in Human Beings and other implementing institutions");

        Assert.Equal(["moi-office", "implementing-institutions"], result.InstitutionIds);
    }

    [Fact]
    public void Parse_ignores_a_trailing_comma()
    {
        var result = Parse("Police Directorate, Police Academy,");

        Assert.Equal(["police-directorate", "police-academy"], result.InstitutionIds);
        Assert.Equal(2, result.Mentions.Count);
        Assert.Empty(result.Unknown);
    }

    [Fact]
    public void Parse_splits_on_semicolons_and_keeps_the_io_prefix_with_the_organisation()
    {
        var result = Parse("IO UNICEF, IO OSCE; IO IOM, NGOs, Red Cross Montenegro");

        Assert.Equal(["unicef", "osce", "iom", "ngos", "red-cross"], result.InstitutionIds);
        Assert.Equal(["IO UNICEF", "IO OSCE", "IO IOM", "NGOs", "Red Cross Montenegro"], result.Mentions.Select(m => m.Text));
    }

    [Fact]
    public void Parse_handles_a_trailing_semicolon_after_io()
    {
        var result = Parse("MI-Office for Fight against Trafficking in Human Beings, IO IOM;");

        Assert.Equal(["moi-office", "iom"], result.InstitutionIds);
        Assert.Empty(result.Unknown);
    }

    [Fact]
    public void Parse_reports_funds_text_leaked_into_partners_as_unknown_and_still_resolves_the_rest()
    {
        var result = Parse("Regular funds Nongovernmental organizations, Red Cross");

        Assert.Equal(["ngos", "red-cross"], result.InstitutionIds);
        Assert.Equal(["Regular funds"], result.Unknown);
        Assert.Equal(
            [new InstitutionMention("Regular funds", null), new InstitutionMention("Nongovernmental organizations", "ngos"), new InstitutionMention("Red Cross", "red-cross")],
            result.Mentions);
    }

    [Fact]
    public void Parse_expands_a_shared_head_noun()
    {
        var result = Parse("International and non-governmental organizations");

        Assert.Equal(["international-organizations", "ngos"], result.InstitutionIds);
        Assert.Empty(result.Unknown);
    }

    [Fact]
    public void Parse_resolves_the_organisation_named_after_international_organization()
    {
        var result = Parse("NGO, international organization UNICEF, IOM");

        Assert.Equal(["ngos", "unicef", "iom"], result.InstitutionIds);
    }

    [Fact]
    public void Parse_strips_html_paragraphs_and_drops_with_partners()
    {
        var result = Parse("<p>MI-Office for Fight against Trafficking in Human Beings with partners, Administration for Prevention of Money Laundering and Terrorism Financing</p>");

        Assert.Equal(["moi-office", "money-laundering-administration"], result.InstitutionIds);
        Assert.Empty(result.Unknown);
        Assert.Equal("MI-Office for Fight against Trafficking in Human Beings", result.Mentions[0].Text);
    }

    [Fact]
    public void Parse_reads_the_long_multi_part_cell_of_activity_2_1_2()
    {
        var result = Parse("<p>Ministry of Interior – Office for Fight against Trafficking in Human Beings, Police Directorate and State Prosecutor's office, representative of inspection services, centers for social work</p>");

        Assert.Equal(
            ["moi-office", "police-directorate", "state-prosecution", "inspection-administration", "social-work-centres"],
            result.InstitutionIds);
        Assert.Empty(result.Unknown);
    }

    [Fact]
    public void Parse_deduplicates_ids_in_order_of_first_mention()
    {
        var result = Parse("Ministry of Culture, MI-Office for Fight against Trafficking in Human Beings, Ministry of Interior – Office for Fight against Trafficking in Human Beings, Ministry of Culture");

        Assert.Equal(["ministry-culture", "moi-office"], result.InstitutionIds);
        Assert.Equal(4, result.Mentions.Count);
    }

    [Fact]
    public void Parse_reports_unknown_names_between_separators_without_throwing()
    {
        var result = Parse("Police Directorate, Ministry of Magic; Gringotts and NGOs");

        Assert.Equal(["police-directorate", "ngos"], result.InstitutionIds);
        Assert.Equal(["Ministry of Magic", "Gringotts"], result.Unknown);
        Assert.Equal([null, null], result.Mentions.Where(m => m.InstitutionId is null).Select(m => m.InstitutionId));
    }

    [Fact]
    public void Parse_reports_a_name_truncated_at_a_page_break_as_unknown()
    {
        var result = Parse("Ministry of interior – Office for Fight against Trafficking in");

        Assert.DoesNotContain("moi-office", result.InstitutionIds);
        Assert.NotEmpty(result.Unknown);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \t ")]
    [InlineData(", ;")]
    public void Parse_returns_an_empty_result_for_an_empty_cell(string? cell)
    {
        var result = Parse(cell);

        Assert.Empty(result.InstitutionIds);
        Assert.Empty(result.Mentions);
        Assert.Empty(result.Unknown);
    }
}
