using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Core.Tests.Schedules;

public sealed class WorkingDayCalendarTests
{
    private static WorkingDayCalendar Montenegro => RepositoryFiles.Montenegro;

    private static DateOnly D(string iso) => DateOnly.Parse(iso);

    [Theory]
    [InlineData(2010, "2010-04-04")]
    [InlineData(2012, "2012-04-15")]
    [InlineData(2013, "2013-05-05")]
    [InlineData(2016, "2016-05-01")]
    [InlineData(2017, "2017-04-16")]
    [InlineData(2018, "2018-04-08")]
    [InlineData(2021, "2021-05-02")]
    [InlineData(2024, "2024-05-05")]
    [InlineData(2025, "2025-04-20")]
    public void Orthodox_Easter_follows_the_Julian_computus(int year, string easter)
    {
        Assert.Equal(D(easter), WorkingDayCalendar.OrthodoxEaster(year));
    }

    [Theory]
    [InlineData("2013-05-03")] // Good Friday
    [InlineData("2013-05-06")] // Easter Monday
    [InlineData("2012-04-13")]
    [InlineData("2012-04-16")]
    [InlineData("2013-05-01")]
    [InlineData("2013-05-21")]
    [InlineData("2012-07-13")]
    public void Movable_and_fixed_holidays_are_not_working_days(string date)
    {
        Assert.True(Montenegro.IsHoliday(D(date)));
        Assert.False(Montenegro.IsWorkingDay(D(date)));
    }

    [Fact]
    public void Ordinary_days_around_holidays_are_working_days()
    {
        Assert.True(Montenegro.IsWorkingDay(D("2013-05-07")));
        Assert.True(Montenegro.IsWorkingDay(D("2013-04-30")));
        Assert.False(Montenegro.IsHoliday(D("2013-05-04")));
        Assert.False(Montenegro.IsWorkingDay(D("2013-05-04"))); // Saturday
    }

    [Fact]
    public void Sunday_holiday_moves_to_Monday()
    {
        // Statehood Day 2013: 13 July is a Saturday (not moved), 14 July a Sunday.
        Assert.True(Montenegro.IsHoliday(D("2013-07-15")));
        Assert.False(Montenegro.IsWorkingDay(D("2013-07-15")));
        Assert.True(Montenegro.IsWorkingDay(D("2013-07-16")));
        Assert.Contains(Montenegro.Holidays(2013), h => h.Date == D("2013-07-15") && h.Name.Contains("moved from Sunday", StringComparison.Ordinal));
    }

    [Fact]
    public void Sunday_holiday_skips_a_Monday_that_is_already_a_holiday()
    {
        // 1 January 2017 is a Sunday and 2 January is itself a holiday, so the substitute is Tuesday.
        Assert.True(Montenegro.IsHoliday(D("2017-01-03")));
        Assert.True(Montenegro.IsWorkingDay(D("2017-01-04")));
    }

    [Fact]
    public void Saturday_holidays_are_not_moved()
    {
        // Statehood Day 2012: 14 July is a Saturday.
        Assert.True(Montenegro.IsWorkingDay(D("2012-07-16")));
    }

    [Fact]
    public void Holidays_of_2013_are_listed_in_order_with_substitutes()
    {
        var dates = Montenegro.Holidays(2013).Select(h => h.Date).ToArray();

        DateOnly[] expected =
        [
            D("2013-01-01"), D("2013-01-02"), D("2013-01-06"), D("2013-01-07"), D("2013-01-08"), D("2013-01-09"),
            D("2013-05-01"), D("2013-05-02"), D("2013-05-03"), D("2013-05-06"),
            D("2013-05-21"), D("2013-05-22"), D("2013-07-13"), D("2013-07-14"), D("2013-07-15"),
        ];
        Assert.Equal(expected, dates);
    }

    [Fact]
    public void Sunday_rule_can_be_switched_off()
    {
        var calendar = WorkingDayCalendar.Parse("""
            sunday-moves-to-monday: false
            holidays:
              - name: Statehood Day (second day)
                month-day: 07-14
            """, "inline.yaml");

        Assert.True(calendar.IsHoliday(D("2013-07-14")));
        Assert.True(calendar.IsWorkingDay(D("2013-07-15")));
    }

    [Fact]
    public void Per_holiday_flag_overrides_the_default()
    {
        var calendar = WorkingDayCalendar.Parse("""
            sunday-moves-to-monday: false
            holidays:
              - name: Statehood Day (second day)
                month-day: 07-14
                sunday-moves-to-monday: true
            """, "inline.yaml");

        Assert.False(calendar.IsWorkingDay(D("2013-07-15")));
    }

    [Fact]
    public void One_off_dates_and_year_limits_are_honoured()
    {
        var calendar = WorkingDayCalendar.Parse("""
            holidays:
              - name: New holiday
                month-day: 11-13
                from: 2022
            dates:
              - date: 2013-06-28
                name: Closure by Government decision
            """, "inline.yaml");

        Assert.True(calendar.IsHoliday(D("2013-06-28")));
        Assert.False(calendar.IsHoliday(D("2014-06-28")));
        Assert.False(calendar.IsHoliday(D("2021-11-13")));
        Assert.True(calendar.IsHoliday(D("2023-11-13")));
        Assert.Contains(calendar.Holidays(2013), h => h.Name == "Closure by Government decision");
    }

    [Theory]
    [InlineData("2013-05-10", 1, "2013-05-13")]  // Friday over the weekend
    [InlineData("2013-05-13", -1, "2013-05-10")] // Monday back over the weekend
    [InlineData("2013-04-30", 1, "2013-05-07")]  // over Labour Day, Good Friday, weekend and Easter Monday
    [InlineData("2013-05-07", -1, "2013-04-30")]
    [InlineData("2013-04-29", 3, "2013-05-08")]
    [InlineData("2013-05-08", -3, "2013-04-29")]
    [InlineData("2013-05-04", 0, "2013-05-04")]
    public void AddWorkingDays_skips_weekends_and_holidays(string from, int n, string expected)
    {
        Assert.Equal(D(expected), Montenegro.AddWorkingDays(D(from), n));
    }

    [Theory]
    [InlineData("2013-04-30", "2013-05-07", 1)]
    [InlineData("2013-05-07", "2013-04-30", -1)]
    [InlineData("2013-07-12", "2013-07-19", 4)]
    [InlineData("2013-07-12", "2013-07-12", 0)]
    public void WorkingDaysBetween_counts_working_days_after_the_start(string from, string to, int expected)
    {
        Assert.Equal(expected, Montenegro.WorkingDaysBetween(D(from), D(to)));
        // Every "to" here is a working day, so adding the count back must land on it.
        Assert.Equal(D(to), Montenegro.AddWorkingDays(D(from), expected));
    }

    [Fact]
    public void OnOrAfter_and_OnOrBefore_find_the_nearest_working_day()
    {
        Assert.Equal(D("2013-05-07"), Montenegro.OnOrAfter(D("2013-05-01")));
        Assert.Equal(D("2013-04-30"), Montenegro.OnOrBefore(D("2013-05-06")));
        Assert.Equal(D("2013-05-07"), Montenegro.OnOrAfter(D("2013-05-07")));
        Assert.Equal(D("2012-10-01"), Montenegro.OnOrAfter(D("2012-09-30")));
    }

    [Fact]
    public void WeekendsOnly_knows_no_holidays()
    {
        var calendar = WorkingDayCalendar.WeekendsOnly;

        Assert.True(calendar.IsWorkingDay(D("2013-05-01")));
        Assert.Empty(calendar.Holidays(2013));
        Assert.Equal(D("2013-05-06"), calendar.OnOrAfter(D("2013-05-04")));
    }

    [Theory]
    [InlineData("holidays:\n  - name: Bad\n    month-day: 13-45\n", 3)]
    [InlineData("holidays:\n  - name: Typo\n    orthodox-eastr: -2\n", 3)]
    [InlineData("holidays:\n  - name: Ok\n    month-day: 01-01\n  - name: Both\n    month-day: 01-02\n    orthodox-easter: 1\n", 4)]
    [InlineData("holidays:\n  - name: NoRule\n", 2)]
    [InlineData("sunday-moves-to-monday: maybe\n", 1)]
    [InlineData("holidays:\n  - name: Ok\n    month-day: 01-01\nbogus: 1\n", 4)]
    [InlineData("dates:\n  - date: 2013-02-30\n    name: Impossible\n", 2)]
    public void Invalid_calendar_names_file_and_line(string yaml, int line)
    {
        var ex = Assert.Throws<ImportException>(() => WorkingDayCalendar.Parse(yaml, "holidays-test.yaml"));

        Assert.Equal("holidays-test.yaml", ex.File);
        Assert.Equal(line, ex.Line);
        Assert.StartsWith($"holidays-test.yaml:{line}:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_yaml_syntax_names_the_line()
    {
        const string yaml = "holidays:\n  - name: A\n    month-day: 01-01\n  - name: [unclosed\n    month-day: 01-02\n";

        var ex = Assert.Throws<ImportException>(() => WorkingDayCalendar.Parse(yaml, "broken.yaml"));

        Assert.Equal("broken.yaml", ex.File);
        Assert.InRange(ex.Line, 4, 6);
        Assert.Contains("invalid YAML", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_an_import_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.yaml");

        var ex = Assert.Throws<ImportException>(() => WorkingDayCalendar.Load(path));

        Assert.Equal(path, ex.File);
    }

    [Fact]
    public void Shipped_calendar_has_every_statutory_holiday()
    {
        var names = Montenegro.Holidays(2012).Select(h => h.Name).ToList();

        Assert.Contains("Independence Day", names);
        Assert.Contains("Statehood Day", names);
        Assert.Contains("Labour Day", names);
        Assert.Contains("Orthodox Christmas", names);
        Assert.Contains("Orthodox Good Friday", names);
        Assert.Contains("Orthodox Easter Monday", names);
        Assert.Contains("New Year's Day", names);
    }
}
