using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Core.Tests.Schedules;

public sealed class ScheduleExpanderTests
{
    private static readonly PlanPeriod Plan = new(new DateOnly(2012, 1, 1), new DateOnly(2013, 12, 31));
    private static readonly PlanPeriod Adopted = new(new DateOnly(2012, 9, 13), new DateOnly(2013, 12, 31));
    private static readonly PlanPeriod Later = new(new DateOnly(2016, 1, 1), new DateOnly(2018, 12, 31));

    private static WorkingDayCalendar Montenegro => RepositoryFiles.Montenegro;

    private static DateOnly D(string iso) => DateOnly.Parse(iso);

    private static IReadOnlyList<ReportingPeriod> Expand(string timeframe, PlanPeriod period, DateOnly? prerequisiteDue = null, ScheduleOptions? options = null) =>
        ScheduleExpander.Expand(TimeframeParser.Parse(timeframe, period), period, Montenegro, prerequisiteDue, options);

    [Fact]
    public void Quarter_deadline_on_a_Sunday_is_due_the_next_Monday()
    {
        var period = Assert.Single(Expand("III Quarter of 2012", Plan));

        Assert.Equal("by 2012-Q3", period.Label);
        Assert.Equal(Plan.Start, period.PeriodStart);
        Assert.Equal(D("2012-09-30"), period.PeriodEnd);
        Assert.Equal(D("2012-09-30"), period.NominalDue);
        Assert.Equal(D("2012-10-01"), period.DueDate);
    }

    [Theory]
    [InlineData("IV Quarter of 2012", "by 2012-Q4", "2012-12-31", "2012-12-31")]
    [InlineData("I Quarter of 2013.", "by 2013-Q1", "2013-03-31", "2013-04-01")]
    [InlineData("2012", "by 2012", "2012-12-31", "2012-12-31")]
    [InlineData("Do kraja 2013. godine", "by 2013", "2013-12-31", "2013-12-31")]
    public void Deadline_gives_one_period_from_plan_start(string timeframe, string label, string nominal, string due)
    {
        var period = Assert.Single(Expand(timeframe, Plan));

        Assert.Equal(label, period.Label);
        Assert.Equal(Plan.Start, period.PeriodStart);
        Assert.Equal(D(nominal), period.NominalDue);
        Assert.Equal(D(due), period.DueDate);
    }

    [Fact]
    public void Deadline_landing_on_weekend_followed_by_holidays_moves_past_all_of_them()
    {
        // 31 Dec 2016 is a Saturday; 1 Jan 2017 (Sunday) and 2 Jan are New Year, and the Sunday one moves to 3 Jan.
        var period = Assert.Single(Expand("2016", Later));

        Assert.Equal(D("2016-12-31"), period.NominalDue);
        Assert.Equal(D("2017-01-04"), period.DueDate);
        Assert.Equal(D("2017-01-02"), ScheduleExpander.Expand(TimeframeParser.Parse("2016", Later), Later, WorkingDayCalendar.WeekendsOnly)[0].DueDate);
    }

    [Fact]
    public void Recurring_date_on_a_holiday_moves_to_the_next_working_day()
    {
        var schedule = new Schedule(ScheduleKind.Recurring, "every 1 May") { Cron = "0 9 1 5 *" };

        var periods = ScheduleExpander.Expand(schedule, Plan, Montenegro);

        Assert.Equal(["2012", "2013"], periods.Select(p => p.Label));
        // 2012: 1–2 May holidays (Tue, Wed). 2013: Labour Day, Good Friday, weekend, Easter Monday.
        Assert.Equal([D("2012-05-03"), D("2013-05-07")], periods.Select(p => p.DueDate));
        Assert.Equal([D("2012-05-01"), D("2013-05-01")], periods.Select(p => p.NominalDue));
    }

    [Fact]
    public void Yearly_gives_the_end_of_each_year()
    {
        var periods = Expand("once a year", Plan);

        Assert.Equal(["2012", "2013"], periods.Select(p => p.Label));
        Assert.Equal([D("2012-12-31"), D("2013-12-31")], periods.Select(p => p.NominalDue));
        Assert.Equal([D("2012-01-01"), D("2013-01-01")], periods.Select(p => p.PeriodStart));
    }

    [Fact]
    public void Semiannual_rounds_move_off_weekends()
    {
        var periods = Expand("twice a year", Plan);

        Assert.Equal(["2012-H1", "2012-H2", "2013-H1", "2013-H2"], periods.Select(p => p.Label));
        Assert.Equal([D("2012-07-02"), D("2012-12-31"), D("2013-07-01"), D("2013-12-31")], periods.Select(p => p.DueDate));
        Assert.Equal([D("2012-06-30"), D("2012-12-31"), D("2013-06-30"), D("2013-12-31")], periods.Select(p => p.NominalDue));
        Assert.Equal(D("2012-07-01"), periods[1].PeriodStart);
    }

    [Fact]
    public void Quarterly_labels_quarters()
    {
        var periods = Expand("Quarterly", Plan);

        Assert.Equal(8, periods.Count);
        Assert.Equal("2012-Q1", periods[0].Label);
        Assert.Equal("2013-Q4", periods[^1].Label);
        Assert.Equal(D("2012-03-31"), periods[0].NominalDue);
        Assert.Equal(D("2012-04-02"), periods[0].DueDate);
    }

    [Theory]
    [InlineData("once a year", 2)]
    [InlineData("twice a year", 4)]
    [InlineData("Twice a year, even more if needed", 4)]
    [InlineData("Quarterly", 8)]
    [InlineData("continuously", 4)]
    [InlineData("Continuously in accordance with the annual plan and work programme for the Work Group", 4)]
    [InlineData("2013- continuously", 2)]
    [InlineData("As needed", 4)]
    [InlineData("Right before and during tourist season", 2)]
    [InlineData("After development of the Rules of Processing and Protection of personal Data in continuity", 4)]
    [InlineData("IV Quarter of 2013", 1)]
    [InlineData("something nobody wrote", 4)]
    public void Counts_over_the_2012_2013_plan(string timeframe, int count)
    {
        Assert.Equal(count, Expand(timeframe, Plan).Count);
    }

    [Theory]
    [InlineData("once a year", 3)]
    [InlineData("semiannual", 6)]
    [InlineData("Quarterly", 12)]
    [InlineData("Continuously", 6)]
    [InlineData("2017- continuously", 4)]
    [InlineData("As needed", 6)]
    [InlineData("Right before and during tourist season", 3)]
    [InlineData("From the beginning of implementation of the Law in continuity", 6)]
    [InlineData("II Quarter of 2017", 1)]
    [InlineData("2013", 6)]
    public void Counts_over_a_later_plan_prove_nothing_is_tied_to_2012(string timeframe, int count)
    {
        var periods = Expand(timeframe, Later);

        Assert.Equal(count, periods.Count);
        Assert.All(periods, p => Assert.True(Later.Contains(p.NominalDue), $"{p.Label} {p.NominalDue} outside {Later}"));
    }

    [Theory]
    [InlineData("once a year", new[] { "2012", "2013" })]
    [InlineData("twice a year", new[] { "2012-H2", "2013-H1", "2013-H2" })]
    [InlineData("Quarterly", new[] { "2012-Q3", "2012-Q4", "2013-Q1", "2013-Q2", "2013-Q3", "2013-Q4" })]
    [InlineData("continuously", new[] { "2012-H2", "2013-H1", "2013-H2" })]
    [InlineData("Right before and during tourist season", new[] { "season 2013" })]
    public void Plan_adopted_mid_year_only_has_rounds_from_adoption(string timeframe, string[] labels)
    {
        var periods = Expand(timeframe, Adopted);

        Assert.Equal(labels, periods.Select(p => p.Label));
        Assert.All(periods, p => Assert.True(p.PeriodStart >= Adopted.Start));
    }

    [Theory]
    [InlineData("once a year")]
    [InlineData("twice a year")]
    [InlineData("continuously")]
    [InlineData("As needed")]
    public void First_period_of_a_mid_year_plan_starts_at_adoption(string timeframe)
    {
        Assert.Equal(Adopted.Start, Expand(timeframe, Adopted)[0].PeriodStart);
    }

    [Fact]
    public void Continuous_from_a_year_starts_its_first_period_then()
    {
        var periods = Expand("2013- continuously", Plan);

        Assert.Equal(["2013-H1", "2013-H2"], periods.Select(p => p.Label));
        Assert.Equal(D("2013-01-01"), periods[0].PeriodStart);
    }

    [Fact]
    public void Season_report_is_due_at_the_end_of_the_following_month()
    {
        var periods = Expand("Right before and during tourist season", Plan);

        Assert.Equal(["season 2012", "season 2013"], periods.Select(p => p.Label));
        Assert.Equal(D("2012-06-01"), periods[0].PeriodStart);
        Assert.Equal(D("2012-09-30"), periods[0].PeriodEnd);
        Assert.Equal(D("2012-10-31"), periods[0].NominalDue);
        Assert.Equal(D("2013-10-31"), periods[1].DueDate);
    }

    [Fact]
    public void Season_lag_and_window_are_configurable()
    {
        var options = new ScheduleOptions { SeasonReportLagMonths = 0 };
        var schedule = new Schedule(ScheduleKind.Seasonal, "summer");

        var periods = ScheduleExpander.Expand(schedule, Plan, Montenegro, options: options);

        Assert.Equal(D("2012-09-30"), periods[0].NominalDue);
        Assert.Equal(D("2012-10-01"), periods[0].DueDate);

        var winter = schedule with { SeasonStartMonth = 12, SeasonEndMonth = 2 };
        var winters = ScheduleExpander.Expand(winter, Plan, Montenegro);
        // Only the 2012/13 winter lies wholly inside the plan.
        var only = Assert.Single(winters);
        Assert.Equal(D("2013-02-28"), only.PeriodEnd);
        Assert.Equal(D("2013-03-31"), only.NominalDue);
        Assert.Equal(D("2013-04-01"), only.DueDate);
    }

    [Theory]
    [InlineData(null, 4, "2012-01-01")]
    [InlineData("2012-06-30", 3, "2012-07-01")]
    [InlineData("2012-12-31", 2, "2013-01-01")]
    [InlineData("2013-03-31", 2, "2013-04-01")]
    [InlineData("2013-12-31", 0, null)]
    public void After_activity_reports_in_rounds_strictly_after_the_prerequisite(string? prerequisite, int count, string? firstStart)
    {
        var periods = Expand("After development of the Rules of Processing and Protection of personal Data in continuity",
            Plan, prerequisite is null ? null : D(prerequisite));

        Assert.Equal(count, periods.Count);
        if (firstStart is not null)
        {
            Assert.Equal(D(firstStart), periods[0].PeriodStart);
        }
    }

    [Fact]
    public void Round_months_are_configurable()
    {
        var options = new ScheduleOptions { SemiannualRoundMonths = [12] };

        var periods = Expand("continuously", Plan, options: options);

        Assert.Equal(["2012", "2013"], periods.Select(p => p.Label));
    }

    [Fact]
    public void Broken_schedules_fall_back_to_the_rounds_instead_of_throwing()
    {
        var badCron = new Schedule(ScheduleKind.Recurring, "x") { Cron = "not a cron" };
        var noDeadline = new Schedule(ScheduleKind.Deadline, "x");
        var badOptions = new ScheduleOptions { SemiannualRoundMonths = [0, 13], SeasonReportLagMonths = -5 };

        Assert.Equal(4, ScheduleExpander.Expand(badCron, Plan, Montenegro).Count);
        Assert.Equal(4, ScheduleExpander.Expand(noDeadline, Plan, Montenegro).Count);
        Assert.Equal(4, ScheduleExpander.Expand(new Schedule(ScheduleKind.Continuous, "x"), Plan, Montenegro, options: badOptions).Count);
    }

    [Fact]
    public void Hand_set_deadline_outside_the_plan_is_pulled_to_its_end()
    {
        var schedule = new Schedule(ScheduleKind.Deadline, "x") { Deadline = D("2015-06-30") };

        var period = Assert.Single(ScheduleExpander.Expand(schedule, Plan, Montenegro));

        Assert.Equal(Plan.End, period.NominalDue);
    }

    [Theory]
    [InlineData("once a year")]
    [InlineData("Quarterly")]
    [InlineData("continuously")]
    [InlineData("As needed")]
    [InlineData("Right before and during tourist season")]
    [InlineData("III Quarter of 2012")]
    public void Due_dates_are_working_days_on_or_after_nominal_dates_inside_the_plan(string timeframe)
    {
        foreach (var period in new[] { Plan, Adopted, Later })
        {
            foreach (var p in Expand(timeframe, period))
            {
                Assert.True(period.Contains(p.NominalDue));
                Assert.True(p.DueDate >= p.NominalDue);
                Assert.True(Montenegro.IsWorkingDay(p.DueDate), $"{p.Label}: {p.DueDate} is not a working day");
                Assert.True(p.PeriodStart <= p.PeriodEnd);
            }
        }
    }
}
