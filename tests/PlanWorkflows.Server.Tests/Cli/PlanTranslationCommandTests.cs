namespace PlanWorkflows.Server.Tests.Cli;

public sealed class PlanTranslationCommandTests
{
    private static string Plans => CliRunner.Repo("workflows", "plans");

    private static string Catalogue => Path.Combine(Plans, "action-plan-2012-2013.yaml");

    private static string Translation => Path.Combine(Plans, "action-plan-2012-2013.cnr.yaml");

    private static string Workflows => CliRunner.Repo("workflows");

    /// <summary>The catalogue, its overrides and its translation copied into a scratch folder.</summary>
    private static string CopyPlan(TempFolder temp)
    {
        foreach (var file in new[] { "action-plan-2012-2013.yaml", "action-plan-2012-2013.overrides.yaml", "action-plan-2012-2013.cnr.yaml" })
        {
            File.Copy(Path.Combine(Plans, file), temp.File(file));
        }

        return temp.File("action-plan-2012-2013.yaml");
    }

    [Fact]
    public void The_shipped_plan_has_nothing_missing_or_stale_and_lists_its_unreviewed_drafts()
    {
        var result = CliRunner.Run("plan", "translations", "check", Catalogue);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        Assert.DoesNotContain("missing:", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("stale:", result.Output, StringComparison.Ordinal);
        Assert.Contains($"unreviewed: {Translation}:8: plan title", result.Output, StringComparison.Ordinal);
        Assert.Contains("unreviewed: ", result.Output, StringComparison.Ordinal);
        Assert.Contains(": 525 fields; 525 translated, 0 missing, 0 stale, 0 obsolete, 525 unreviewed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_entry_fails_the_check_naming_the_activity()
    {
        using var temp = new TempFolder();
        var catalogue = CopyPlan(temp);
        var translation = temp.File("action-plan-2012-2013.cnr.yaml");
        var yaml = File.ReadAllText(translation);
        var entry = "    objective:\n      en: \"Effective prosecution\"\n      cnr: \"Djelotvorno krivično gonjenje\"\n      reviewed: false\n";
        Assert.Contains(entry, yaml, StringComparison.Ordinal);
        File.WriteAllText(translation, ReplaceFirst(yaml, entry, string.Empty));

        var result = CliRunner.Run("plan", "translations", "check", catalogue, "--workflows", Workflows);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"missing: {catalogue}:", result.Output, StringComparison.Ordinal);
        Assert.Contains(": effective-prosecution-and-punishment/1.1.1 objective: no cnr translation of \"Effective prosecution\"", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 missing, 0 stale", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_translation_file_fails_in_one_line_with_its_file_line_and_field()
    {
        using var temp = new TempFolder();
        var catalogue = CopyPlan(temp);
        var translation = temp.File("action-plan-2012-2013.cnr.yaml");
        File.WriteAllText(translation, File.ReadAllText(translation).Replace("    reviewed: false\n", "    reviewed: maybe\n", StringComparison.Ordinal));

        var result = CliRunner.Run("plan", "translations", "check", catalogue, "--workflows", Workflows);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: {translation}:10: plan.title.reviewed: 'maybe' must be true or false", result.Error.TrimEnd());
    }

    [Fact]
    public void Re_import_keeps_the_translation_file_and_the_check_then_reports_the_changed_English_as_stale()
    {
        using var temp = new TempFolder();
        var catalogue = CopyPlan(temp);
        var translation = temp.File("action-plan-2012-2013.cnr.yaml");
        var before = File.ReadAllBytes(translation);
        var document = temp.File("action-plan-2012-2013.txt");
        var source = File.ReadAllText(CliRunner.Repo("workflows", "plans", "sources", "action-plan-2012-2013.txt"));
        File.WriteAllText(document, source.Replace("Organizing public lectures and workshops at faculties",
            "Organizing public lectures and workshops at faculties and secondary schools", StringComparison.Ordinal));

        var import = CliRunner.Run("plan", "import", document, "--out", catalogue, "--workflows", Workflows);
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("and secondary schools", File.ReadAllText(catalogue), StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(translation));

        var result = CliRunner.Run("plan", "translations", "check", catalogue, "--workflows", Workflows);

        Assert.Equal(1, result.ExitCode);
        var yaml = File.ReadAllText(translation);
        var line = 1 + yaml[..yaml.IndexOf("      en: \"Organizing public lectures and workshops at faculties\"", StringComparison.Ordinal)].Count(c => c == '\n');
        Assert.Contains($"stale: {translation}:{line}: prevention-and-education/1.1.2 title: translated from \"Organizing public lectures and workshops at faculties\", "
            + "the catalogue now says \"Organizing public lectures and workshops at faculties and secondary schools\"", result.Output, StringComparison.Ordinal);
        Assert.Contains("0 missing, 1 stale", result.Output, StringComparison.Ordinal);
    }

    private static string ReplaceFirst(string text, string find, string replacement)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        return text[..at] + replacement + text[(at + find.Length)..];
    }
}
