using System.Text.RegularExpressions;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Workflows.Definitions;

namespace PlanWorkflows.Core.Tests.Mail;

public sealed partial class PeriodLabelTests
{
    [Theory]
    [InlineData("2012-Q3", "2012-10-01", "report for the third quarter of 2012, due 1 October 2012", "izvještaj za treći kvartal 2012. godine, rok 1. oktobar 2012.")]
    [InlineData("2013-H1", "2013-07-01", "report for the first half of 2013, due 1 July 2013", "izvještaj za prvo polugodište 2013. godine, rok 1. jul 2013.")]
    [InlineData("2012", "2012-12-31", "report for 2012, due 31 December 2012", "izvještaj za 2012. godinu, rok 31. decembar 2012.")]
    [InlineData("by 2012-Q4", "2012-12-31", "report for the activity due by the end of the fourth quarter of 2012, due 31 December 2012",
        "izvještaj za aktivnost s rokom do kraja četvrtog kvartala 2012. godine, rok 31. decembar 2012.")]
    [InlineData("by 2013", "2013-12-31", "report for the activity due by the end of 2013, due 31 December 2013",
        "izvještaj za aktivnost s rokom do kraja 2013. godine, rok 31. decembar 2013.")]
    [InlineData("by 2013-03-15", "2013-03-15", "report for the activity due by 15 March 2013, due 15 March 2013",
        "izvještaj za aktivnost s rokom do 15. marta 2013., rok 15. mart 2013.")]
    [InlineData("season 2013", "2013-10-31", "report for the 2013 tourist season, due 31 October 2013",
        "izvještaj za turističku sezonu 2013. godine, rok 31. oktobar 2013.")]
    [InlineData("2013-05", "2013-05-31", "report for May 2013, due 31 May 2013", "izvještaj za maj 2013. godine, rok 31. maj 2013.")]
    [InlineData("report 2012-H2", "2013-01-31", "report for the report to the Government for the second half of 2012, due 31 January 2013",
        "izvještaj za izvještaj Vladi za drugo polugodište 2012. godine, rok 31. januar 2013.")]
    public void Periods_read_naturally_in_each_language(string label, string due, string english, string montenegrin)
    {
        var date = DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(english, PeriodLabels.Report(label, date, MailLanguages.English));
        Assert.Equal(montenegrin, PeriodLabels.Report(label, date, MailLanguages.Montenegrin));
    }

    [Fact]
    public void Titles_head_a_column_or_a_page()
    {
        Assert.Equal("Third quarter of 2012", PeriodLabels.Title("2012-Q3", MailLanguages.English));
        Assert.Equal("Treći kvartal 2012. godine", PeriodLabels.Title("2012-Q3", MailLanguages.Montenegrin));
        Assert.Equal("2013. godina", PeriodLabels.Title("2013", MailLanguages.Montenegrin));
        Assert.Equal("Turistička sezona 2013. godine", PeriodLabels.Title("season 2013", MailLanguages.Montenegrin));
        Assert.Equal("Working Group meeting of 14 March 2013", PeriodLabels.Title("meeting 2013-03-14", MailLanguages.English));
    }

    [Fact]
    public void Every_period_the_shipped_plan_plans_has_words_in_both_languages()
    {
        var catalogue = CatalogueYaml.Load(RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.yaml"));
        var labels = ObligationPlanner.Plan(catalogue, WorkingDayCalendar.Load(RepoPaths.Combine("workflows", "calendar", "holidays-me.yaml"))).Select(o => o.PeriodLabel).Distinct().ToList();
        Assert.Contains("by 2012-Q4", labels);
        foreach (var label in labels)
        {
            var cnr = PeriodLabels.Name(label, MailLanguages.Montenegrin);
            Assert.False(KeyLike().IsMatch(cnr), $"{label} → {cnr}");
            Assert.False(KeyLike().IsMatch(PeriodLabels.Name(label, MailLanguages.English)), label);
            Assert.DoesNotContain(EnglishWords, w => Regex.IsMatch(cnr, $@"\b{w}\b", RegexOptions.IgnoreCase));
        }
    }

    /// <summary>Words of the English templates and labels that must never reach a Montenegrin subject.</summary>
    internal static readonly string[] EnglishWords =
        ["period", "by", "report", "reports", "for", "due", "the", "of", "quarter", "half", "season", "overdue", "reminder", "meeting", "activities", "and", "to"];

    [Fact]
    public void No_montenegrin_subject_carries_an_english_word_for_any_kind_of_period()
    {
        var templates = MailTemplates.Load(RepoPaths.Combine("email-templates"));
        var rounds = new[] { "2012-Q3", "2013-H1", "2012", "by 2012-Q4", "by 2013", "by 2013-03-15", "season 2013", "2013-05", "report 2012-H2" };
        var rendered = 0;
        foreach (var name in templates.Names)
        {
            foreach (var sample in MailSamples.For(name, MailLanguages.Montenegrin))
            {
                foreach (var round in rounds)
                {
                    var subject = templates.Render(name, MailLanguages.Montenegrin, sample with { Round = round }).Subject;
                    rendered++;
                    Assert.False(KeyLike().IsMatch(subject), $"{name}: {subject}");
                    foreach (var word in EnglishWords)
                    {
                        Assert.False(Regex.IsMatch(subject, $@"(?<![\p{{L}}])({word})(?![\p{{L}}])", RegexOptions.IgnoreCase), $"{name}: '{word}' in \"{subject}\"");
                    }
                }
            }
        }

        Assert.True(rendered >= 13 * 2 * rounds.Length);
        var first = templates.Render(KnownTemplates.FirstReminder, MailLanguages.Montenegrin, MailSamples.For(KnownTemplates.FirstReminder, MailLanguages.Montenegrin)[0] with { Round = "2012-Q3" });
        Assert.EndsWith("izvještaj za treći kvartal 2012. godine, rok 31. mart 2013.", first.Subject, StringComparison.Ordinal);
        var english = templates.Render(KnownTemplates.FirstReminder, MailLanguages.English, MailSamples.For(KnownTemplates.FirstReminder, MailLanguages.English)[0] with { Round = "2012-Q3" });
        Assert.EndsWith("report for the third quarter of 2012, due 31 March 2013", english.Subject, StringComparison.Ordinal);
    }

    // A period key left as it is: 2012-Q3, 2013-H1, 2013-05.
    [GeneratedRegex(@"\d{4}-(Q|H)?\d")]
    private static partial Regex KeyLike();
}
