using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Institutions;

namespace PlanWorkflows.Core.Tests.Catalogue;

public sealed class PlanTranslationsTests
{
    private static string CataloguePath => RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.yaml");

    private static string TranslationPath => RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.cnr.yaml");

    private static readonly Lazy<string> ShippedYaml = new(() => File.ReadAllText(TranslationPath));

    /// <summary>The line (1-based) of the <c>en:</c> of <paramref name="field"/> under the activity <paramref name="key"/> in the file.</summary>
    private static int EnglishLine(string yaml, string key, string field)
    {
        var at = yaml.IndexOf($"\n  {key}:\n", StringComparison.Ordinal);
        at = yaml.IndexOf($"\n    {field}:\n", at, StringComparison.Ordinal);
        return yaml[..at].Count(c => c == '\n') + 3;
    }

    [Fact]
    public void The_shipped_plan_has_every_field_translated_from_its_current_English()
    {
        var catalogue = CatalogueYaml.Load(CataloguePath);
        var text = PlanText.LoadBeside(catalogue, CataloguePath, "cnr");

        var findings = text.Check("cnr", CataloguePath);

        Assert.Empty(findings.Where(f => f.State != TranslationState.Current).Select(f => $"{f.State} {f.Key}"));
        // Every title, objective, measure, indicator, fund, partner and implementer text of the 87 activities, the
        // plan's title, the 8 areas' titles and their objectives.
        Assert.Equal(PlanTranslations.Fields(catalogue).Count(), findings.Count);
        Assert.Equal(87, findings.Select(f => f.Key.Subject).Distinct().Count(s => s.Contains('/', StringComparison.Ordinal)));
        Assert.All(findings, f => Assert.False(f.Reviewed));
    }

    [Fact]
    public void Every_shipped_translation_is_Montenegrin_text_not_the_English()
    {
        var translations = PlanTranslations.Load(TranslationPath);
        Assert.Equal("cnr", translations.Language);
        // The adopted document left two cells in Montenegrin; their translation is the same text.
        string[] montenegrinInTheDocument = ["Crveni krst Crne Gore, UNICEF, nevladine organizacije", "Ministarstvo pravde i ljudskih prava"];
        var same = translations.Entries.Where(e => e.Text == e.English && !montenegrinInTheDocument.Contains(e.English)).Select(e => e.Key.ToString()).ToList();
        Assert.Empty(same);
        // Words of the English catalogue that never belong in Montenegrin text.
        string[] english = [" the ", " of ", " and ", " for ", "Ministry", "Office for", "Police Directorate", "trafficking"];
        Assert.Empty(translations.Entries.Where(e => english.Any(w => (" " + e.Text + " ").Contains(w, StringComparison.OrdinalIgnoreCase)))
            .Select(e => $"{e.Line}: {e.Text}"));
    }

    [Fact]
    public void Every_institution_has_a_Montenegrin_name()
    {
        var institutions = InstitutionDirectory.Load(RepoPaths.Combine("workflows", "institutions.yaml"));
        Assert.NotEmpty(institutions.All);
        Assert.All(institutions.All, i =>
        {
            Assert.False(string.IsNullOrWhiteSpace(i.NameCnr), i.Id);
            Assert.NotEqual(i.NameEn, i.NameCnr);
        });
    }

    [Fact]
    public void A_field_is_looked_up_by_activity_field_and_language_and_falls_back_to_English_when_untranslated()
    {
        var catalogue = CatalogueYaml.Load(CataloguePath);
        var yaml = ShippedYaml.Value.Replace(
            "    funds:\n      en: \"Regular funds, donations\"\n      cnr: \"Redovna sredstva, donacije\"\n      reviewed: false\n",
            string.Empty, StringComparison.Ordinal);
        var text = new PlanText(catalogue, PlanTranslations.Parse(yaml, "plan.cnr.yaml"));

        var title = text.Activity("prevention-and-education/1.1.2", "title", "cnr");
        Assert.Equal(new LocalizedText("Organizovanje javnih predavanja i radionica na fakultetima", "cnr", FellBack: false, Stale: false), title);
        Assert.Equal("Organizing public lectures and workshops at faculties", text.Activity("prevention-and-education/1.1.2", "title", "en").Text);
        Assert.Equal("Broj organizovanih javnih predavanja i radionica", text.Activity("prevention-and-education/1.1.2", "indicators", "cnr").Text);
        Assert.Equal("Prevencija i edukacija", text.AreaTitle("prevention-and-education", "cnr").Text);
        Assert.StartsWith("AKCIONI PLAN ZA SPROVOĐENJE STRATEGIJE", text.PlanTitle("cnr").Text, StringComparison.Ordinal);
        Assert.Empty(text.Fallbacks);

        var funds = text.Activity("prevention-and-education/1.1.1", "funds", "cnr");

        Assert.Equal(new LocalizedText("Regular funds, donations", "en", FellBack: true, Stale: false), funds);
        Assert.Equal([(new TranslationKey("prevention-and-education/1.1.1", "funds"), "cnr")], text.Fallbacks);
    }

    [Fact]
    public void A_changed_English_source_makes_its_entry_stale_with_the_file_and_line()
    {
        var catalogue = CatalogueYaml.Load(CataloguePath);
        catalogue.FindActivity("prevention-and-education/1.1.2")!.Title = "Organizing public lectures and workshops at faculties and secondary schools";
        var text = new PlanText(catalogue, PlanTranslations.Parse(ShippedYaml.Value, "plan.cnr.yaml"));

        var problems = text.Check("cnr", "plan.yaml").Where(f => f.State != TranslationState.Current).ToList();

        var stale = Assert.Single(problems);
        Assert.Equal(TranslationState.Stale, stale.State);
        Assert.Equal(new TranslationKey("prevention-and-education/1.1.2", "title"), stale.Key);
        Assert.Equal("plan.cnr.yaml", stale.File);
        Assert.Equal(EnglishLine(ShippedYaml.Value, "prevention-and-education/1.1.2", "title"), stale.Line);
        Assert.Equal("Organizing public lectures and workshops at faculties", stale.TranslatedFrom);
        // The old translation is still shown, marked stale.
        Assert.True(text.Activity("prevention-and-education/1.1.2", "title", "cnr").Stale);
    }

    [Fact]
    public void A_missing_entry_is_reported_with_the_catalogue_line_and_an_entry_of_a_removed_activity_as_obsolete()
    {
        var catalogue = CatalogueYaml.Load(CataloguePath);
        var yaml = ShippedYaml.Value.Replace(
            "    indicators:\n      en: \"Number of organized public lectures and workshops\"\n      cnr: \"Broj organizovanih javnih predavanja i radionica\"\n      reviewed: false\n",
            string.Empty, StringComparison.Ordinal)
            + "  prevention-and-education/9.9.9:\n    title:\n      en: \"Gone\"\n      cnr: \"Nema\"\n";
        var text = new PlanText(catalogue, PlanTranslations.Parse(yaml, "plan.cnr.yaml"));

        var problems = text.Check("cnr", "plan.yaml").Where(f => f.State != TranslationState.Current).ToList();

        Assert.Equal(2, problems.Count);
        Assert.Equal(TranslationState.Missing, problems[0].State);
        Assert.Equal(new TranslationKey("prevention-and-education/1.1.2", "indicators"), problems[0].Key);
        Assert.Equal(("plan.yaml", catalogue.FindActivity("prevention-and-education/1.1.2")!.CatalogueLine), (problems[0].File, problems[0].Line));
        Assert.True(problems[0].Line > 0);
        Assert.Equal(TranslationState.Obsolete, problems[1].State);
        Assert.Equal(yaml.Split('\n').Length - 2, problems[1].Line); // its en: line, the second to last
    }

    [Theory]
    [InlineData("language: cnr\nplan:\n  title:\n    en: \"Plan\"\n", 4, "plan.title.cnr: missing")]
    [InlineData("language: cnr\nplan:\n  title:\n    en: \"Plan\"\n    cnr: \"\"\n", 5, "plan.title.cnr: the translation is empty")]
    [InlineData("language: cnr\nactivities:\n  a/1.1:\n    title:\n      en: \"A\"\n      cnr: \"B\"\n      reviewed: maybe\n", 7, "activities.a/1.1.title.reviewed: 'maybe' must be true or false")]
    [InlineData("language: cnr\nactivities:\n  a/1.1:\n    titel:\n      en: \"A\"\n      cnr: \"B\"\n", 4, "activities.a/1.1.titel: unknown field")]
    [InlineData("language: cnr\nactivities:\n  a/1.1:\n    title: \"B\"\n", 4, "activities.a/1.1.title: expected a mapping")]
    [InlineData("language: cnr\nareas:\n  education:\n    objectives:\n      first:\n        en: A\n        cnr: B\n", 5, "areas.education.objectives: 'first' is not an objective number")]
    [InlineData("language: en\n", 1, "language: 'en' is not a language code other than en")]
    [InlineData("plan: {}\n", 1, "language: missing")]
    public void A_bad_entry_names_the_file_line_and_field(string yaml, int line, string message)
    {
        var ex = Assert.Throws<ImportException>(() => PlanTranslations.Parse(yaml, "plan.cnr.yaml"));
        Assert.StartsWith($"plan.cnr.yaml:{line}: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_translation_file_of_a_catalogue_is_named_after_it_and_its_language()
    {
        Assert.Equal(Path.Combine("plans", "action-plan-2012-2013.cnr.yaml"), PlanTranslations.PathFor(Path.Combine("plans", "action-plan-2012-2013.yaml"), "cnr"));
        Assert.Null(PlanTranslations.LoadBeside(Path.Combine(Path.GetTempPath(), "no-such-plan.yaml"), "cnr"));
    }
}
