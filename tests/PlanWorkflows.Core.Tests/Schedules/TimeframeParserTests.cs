using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Core.Tests.Schedules;

public sealed class TimeframeParserTests
{
    private static readonly PlanPeriod Plan = new(new DateOnly(2012, 1, 1), new DateOnly(2013, 12, 31));

    private const string Yearly = "0 9 L 12 *";
    private const string Semiannual = "0 9 L 6,12 *";
    private const string Quarterly = "0 9 L 3,6,9,12 *";

    [Theory]
    [InlineData("once a year", Yearly, false)]
    [InlineData("Once a year", Yearly, false)]
    [InlineData("annually", Yearly, false)]
    [InlineData("<p>annually</p>", Yearly, false)]
    [InlineData("twice a year", Semiannual, false)]
    [InlineData("Twice a year", Semiannual, false)]
    [InlineData("semiannual", Semiannual, false)]
    [InlineData("Semiannual", Semiannual, false)]
    [InlineData("Twice a year, even more if needed", Semiannual, true)]
    [InlineData("Quarterly", Quarterly, false)]
    [InlineData("  ONCE  A\u00A0YEAR. ", Yearly, false)]
    [InlineData("&nbsp;Quarterly&nbsp;", Quarterly, false)]
    [InlineData("jednom godišnje", Yearly, false)]
    [InlineData("Jednom godisnje.", Yearly, false)]
    [InlineData("dva puta godišnje", Semiannual, false)]
    [InlineData("polugodišnje", Semiannual, false)]
    [InlineData("kvartalno", Quarterly, false)]
    [InlineData("once a quarter", Quarterly, false)]
    [InlineData("once a month", "0 9 L * *", false)]
    [InlineData("Once a year, and more often if needed", Yearly, true)]
    public void Recurring_phrases_become_cron_expressions(string text, string cron, bool occasional)
    {
        var schedule = TimeframeParser.Parse(text, Plan);

        Assert.Equal(ScheduleKind.Recurring, schedule.Kind);
        Assert.Equal(cron, schedule.Cron);
        Assert.Equal(occasional, schedule.Occasional);
        Assert.Equal(text, schedule.Text);
    }

    [Theory]
    [InlineData("continuously", null)]
    [InlineData("Continuously", null)]
    [InlineData("<p>continuously</p>", null)]
    [InlineData("<p>Continuously</p>", null)]
    [InlineData("Continuously in accordance with the annual plan and work programme for the Work Group", null)]
    [InlineData("2013- continuously", "2013-01-01")]
    [InlineData("2013 \u2013 continuously.", "2013-01-01")]
    [InlineData("kontinuirano", null)]
    [InlineData("od 2013. kontinuirano", "2013-01-01")]
    public void Continuous_phrases_keep_their_start(string text, string? start)
    {
        var schedule = TimeframeParser.Parse(text, Plan);

        Assert.Equal(ScheduleKind.Continuous, schedule.Kind);
        Assert.Equal(start is null ? null : DateOnly.Parse(start), schedule.Start);
    }

    [Fact]
    public void Continuous_with_a_qualification_keeps_it_as_note()
    {
        var schedule = TimeframeParser.Parse("Continuously in accordance with the annual plan and work programme for the Work Group", Plan);

        Assert.Equal("in accordance with the annual plan and work programme for the Work Group", schedule.Note);
    }

    [Theory]
    [InlineData("IV Quarter of 2012", "2012-12-31", DeadlineUnit.Quarter)]
    [InlineData("IV Quarter of 2013", "2013-12-31", DeadlineUnit.Quarter)]
    [InlineData("III Quarter of 2012", "2012-09-30", DeadlineUnit.Quarter)]
    [InlineData("III Quarter of 2013", "2013-09-30", DeadlineUnit.Quarter)]
    [InlineData("III Quarter of 2013.", "2013-09-30", DeadlineUnit.Quarter)]
    [InlineData("II Quarter of 2013", "2013-06-30", DeadlineUnit.Quarter)]
    [InlineData("<p>II Quarter of 2013</p>", "2013-06-30", DeadlineUnit.Quarter)]
    [InlineData("I Quarter of 2013", "2013-03-31", DeadlineUnit.Quarter)]
    [InlineData("I Quarter of 2013.", "2013-03-31", DeadlineUnit.Quarter)]
    [InlineData("iv  quarter\u00A0of 2012..", "2012-12-31", DeadlineUnit.Quarter)]
    [InlineData("I kvartal 2013", "2013-03-31", DeadlineUnit.Quarter)]
    [InlineData("IV kvartal 2012. godine", "2012-12-31", DeadlineUnit.Quarter)]
    [InlineData("Q2 2013", "2013-06-30", DeadlineUnit.Quarter)]
    [InlineData("first half of 2013", "2013-06-30", DeadlineUnit.HalfYear)]
    [InlineData("2012", "2012-12-31", DeadlineUnit.Year)]
    [InlineData("2013", "2013-12-31", DeadlineUnit.Year)]
    [InlineData("2013.", "2013-12-31", DeadlineUnit.Year)]
    [InlineData("by the end of 2012", "2012-12-31", DeadlineUnit.Year)]
    [InlineData("Do kraja 2013. godine", "2013-12-31", DeadlineUnit.Year)]
    public void Deadline_phrases_give_the_end_of_their_quarter_or_year(string text, string deadline, DeadlineUnit unit)
    {
        var schedule = TimeframeParser.Parse(text, Plan);

        Assert.Equal(ScheduleKind.Deadline, schedule.Kind);
        Assert.Equal(DateOnly.Parse(deadline), schedule.Deadline);
        Assert.Equal(unit, schedule.DeadlineUnit);
    }

    [Fact]
    public void Montenegrin_deadline_is_noted_with_its_reading()
    {
        var schedule = TimeframeParser.Parse("Do kraja 2013. godine", Plan);

        Assert.NotNull(schedule.Note);
        Assert.Contains("Montenegrin phrase", schedule.Note);
        Assert.Contains("by the end of 2013", schedule.Note);
    }

    [Fact]
    public void English_deadline_has_no_note()
    {
        Assert.Null(TimeframeParser.Parse("2013", Plan).Note);
    }

    [Theory]
    [InlineData("As needed", ScheduleKind.AsNeeded)]
    [InlineData("as needed.", ScheduleKind.AsNeeded)]
    [InlineData("po potrebi", ScheduleKind.AsNeeded)]
    [InlineData("Right before and during tourist season", ScheduleKind.Seasonal)]
    public void As_needed_and_seasonal_phrases(string text, ScheduleKind kind)
    {
        Assert.Equal(kind, TimeframeParser.Parse(text, Plan).Kind);
    }

    [Fact]
    public void Tourist_season_defaults_to_June_through_September()
    {
        var schedule = TimeframeParser.Parse("Right before and during tourist season", Plan);

        Assert.Equal(6, schedule.SeasonStartMonth);
        Assert.Equal(9, schedule.SeasonEndMonth);
    }

    [Theory]
    [InlineData("After development of the Rules of Processing and Protection of personal Data in continuity",
        "development of the Rules of Processing and Protection of personal Data")]
    [InlineData("From the beginning of implementation of the Law in continuity", "implementation of the Law")]
    [InlineData("after the adoption of the Protocol", "adoption of the Protocol")]
    [InlineData("Nakon usvajanja Zakona kontinuirano", "usvajanja Zakona")]
    public void After_phrases_name_the_prerequisite(string text, string reference)
    {
        var schedule = TimeframeParser.Parse(text, Plan);

        Assert.Equal(ScheduleKind.AfterActivity, schedule.Kind);
        Assert.Equal(reference, schedule.AfterReference);
        Assert.Null(schedule.AfterActivityCode);
    }

    [Theory]
    [InlineData("2014", "2014")]
    [InlineData("2011.", "2011")]
    [InlineData("IV Quarter of 2011", "2011")]
    [InlineData("Do kraja 2015. godine", "2015")]
    [InlineData("2015- continuously", "2015")]
    public void Years_outside_the_plan_are_unparsed_with_a_note(string text, string year)
    {
        var schedule = TimeframeParser.Parse(text, Plan);

        Assert.Equal(ScheduleKind.Unparsed, schedule.Kind);
        Assert.Null(schedule.Deadline);
        Assert.Contains(year, schedule.Note);
        Assert.Contains("outside the plan period", schedule.Note);
    }

    [Fact]
    public void Quarter_ending_before_an_adopted_plan_starts_is_unparsed()
    {
        var adopted = new PlanPeriod(new DateOnly(2012, 9, 13), new DateOnly(2013, 12, 31));

        Assert.Equal(ScheduleKind.Unparsed, TimeframeParser.Parse("II Quarter of 2012", adopted).Kind);
        Assert.Equal(new DateOnly(2012, 9, 30), TimeframeParser.Parse("III Quarter of 2012", adopted).Deadline);
    }

    [Theory]
    [InlineData("Whenever the minister decides")]
    [InlineData("Nongovernmental organization, Red Cross, Employers' federation of Montenegro")]
    [InlineData("V Quarter of 2013")]
    [InlineData("After 2013")]
    public void Unknown_phrases_are_unparsed_with_a_note_naming_them(string text)
    {
        var schedule = TimeframeParser.Parse(text, Plan);

        Assert.Equal(ScheduleKind.Unparsed, schedule.Kind);
        Assert.NotNull(schedule.Note);
        Assert.Contains(text.TrimEnd('.'), schedule.Note, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(text, schedule.Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<p></p>")]
    [InlineData("--")]
    [InlineData("\u00A0")]
    public void Empty_timeframes_are_unparsed(string? text)
    {
        var schedule = TimeframeParser.Parse(text, Plan);

        Assert.Equal(ScheduleKind.Unparsed, schedule.Kind);
        Assert.Equal("no timeframe given", schedule.Note);
    }

    [Theory]
    [InlineData("IV Quarter of 2017", ScheduleKind.Deadline, "2017-12-31", null)]
    [InlineData("II Quarter of 2016.", ScheduleKind.Deadline, "2016-06-30", null)]
    [InlineData("2018.", ScheduleKind.Deadline, "2018-12-31", null)]
    [InlineData("Do kraja 2017. godine", ScheduleKind.Deadline, "2017-12-31", null)]
    [InlineData("2017- continuously", ScheduleKind.Continuous, null, "2017-01-01")]
    [InlineData("2013", ScheduleKind.Unparsed, null, null)]
    [InlineData("IV Quarter of 2012", ScheduleKind.Unparsed, null, null)]
    public void Years_are_read_relative_to_any_plan_period(string text, ScheduleKind kind, string? deadline, string? start)
    {
        var later = new PlanPeriod(new DateOnly(2016, 1, 1), new DateOnly(2018, 12, 31));

        var schedule = TimeframeParser.Parse(text, later);

        Assert.Equal(kind, schedule.Kind);
        Assert.Equal(deadline is null ? null : DateOnly.Parse(deadline), schedule.Deadline);
        Assert.Equal(start is null ? null : DateOnly.Parse(start), schedule.Start);
    }

    [Theory]
    [InlineData("0000")]
    [InlineData("9999.")]
    [InlineData("IV Quarter of 0000")]
    [InlineData("0000- continuously")]
    [InlineData("After")]
    [InlineData("<p")]
    [InlineData("Q9 2013")]
    [InlineData("\u200B\uFEFF")]
    public void Odd_input_never_throws(string text)
    {
        var schedule = TimeframeParser.Parse(text, Plan);

        Assert.Equal(ScheduleKind.Unparsed, schedule.Kind);
        Assert.False(string.IsNullOrWhiteSpace(schedule.Note));
    }

    [Fact]
    public void Very_long_text_is_handled_quickly()
    {
        var text = "After " + string.Concat(Enumerable.Repeat("x in continuity ", 5000)) + "!";

        var started = System.Diagnostics.Stopwatch.StartNew();
        var schedule = TimeframeParser.Parse(string.Concat(Enumerable.Repeat("continuously ", 5000)) + "2013", Plan);

        Assert.Equal(ScheduleKind.Unparsed, schedule.Kind);
        Assert.Equal(ScheduleKind.AfterActivity, TimeframeParser.Parse(text, Plan).Kind);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }

    [Fact]
    public void Every_timeframe_in_the_source_plan_is_understood()
    {
        // Rows of the plan's activity tables have seven columns; the fifth is the timeframe. Cells that
        // are not timeframes at all (table headers, a misplaced indicator) are the only ones allowed through.
        var path = Path.Combine(RepositoryFiles.Root, "workflows", "plans", "sources", "action-plan-2012-2013.txt");
        var notTimeframes = new HashSet<string>(StringComparer.Ordinal)
        {
            "Timeframe",
            "Nongovernmental organization, Red Cross, Employers' federation of Montenegro",
            "Composed and conducted training program contact persons for conducting training programs on how to implement commitments and obligations within the institutions that are signatories to the Agreement",
        };
        var cells = File.ReadLines(path)
            .Select(line => line.Split('\t'))
            .Where(cols => cols.Length >= 7)
            .Select(cols => cols[4].Trim())
            .Where(cell => TimeframeParser.Clean(cell).Length > 0 && !notTimeframes.Contains(cell))
            .Distinct()
            .ToList();

        Assert.True(cells.Count >= 30, $"only {cells.Count} distinct timeframe cells found");
        var unparsed = cells.Where(c => TimeframeParser.Parse(c, Plan).Kind == ScheduleKind.Unparsed).ToList();
        Assert.Empty(unparsed);
    }
}
