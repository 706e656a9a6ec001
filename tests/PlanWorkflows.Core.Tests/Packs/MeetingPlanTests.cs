using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Core.Tests.Packs;

public sealed class MeetingPlanTests : IDisposable
{
    private static readonly PlanWindow Year2013 = new(new PlanPeriod(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31)), new DateOnly(2013, 1, 1));

    private readonly string _folder = Directory.CreateTempSubdirectory("meetings-").FullName;

    private string File(string yaml)
    {
        var path = Path.Combine(_folder, MeetingPlan.FileName);
        System.IO.File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void Ad_hoc_meetings_merge_with_the_configured_dates_and_win_for_their_date()
    {
        var options = new MeetingOptions { Language = "en", Location = "Podgorica" };
        options.Dates.Add("2013-03-14");
        options.Dates.Add("2013-06-13");
        var path = File("""
            # Ad-hoc meetings added by the Office.
            meetings:
              - date: 2013-06-13
                language: cnr
                time: "09:30"
                duration: 90
                location: Ministry of Interior
              - date: 2013-04-25
            """);

        var plan = MeetingPlan.Build(options, path, Year2013);

        Assert.Equal([new DateOnly(2013, 3, 14), new DateOnly(2013, 4, 25), new DateOnly(2013, 6, 13)], plan.Dates);
        var june = plan.Meeting(new DateOnly(2013, 6, 13))!;
        Assert.Equal(("cnr", new TimeOnly(9, 30), 90, "Ministry of Interior"), (june.Language, june.Start, june.DurationMinutes, june.Location));
        Assert.StartsWith(path + ":", june.Source, StringComparison.Ordinal);
        var april = plan.Meeting(new DateOnly(2013, 4, 25))!;
        Assert.Equal(("en", new TimeOnly(10, 0), 120, "Podgorica"), (april.Language, april.Start, april.DurationMinutes, april.Location));
        Assert.Equal(["2013-H1", "2013-H2"], plan.Reports.Select(r => r.Label));
    }

    [Fact]
    public void Without_a_meetings_file_only_the_configured_dates_count()
    {
        var options = new MeetingOptions();
        options.Dates.Add("2013-03-14");
        var plan = MeetingPlan.Build(options, Path.Combine(_folder, "absent.yaml"), Year2013, new GovernmentReportOptions { Enabled = false });
        Assert.Equal([new DateOnly(2013, 3, 14)], plan.Dates);
        Assert.Empty(plan.Reports);
    }

    [Theory]
    [InlineData("meetings:\n  - date: 2013-02-30\n", 2, "date: '2013-02-30' is not a date as yyyy-MM-dd")]
    [InlineData("meetings:\n  - date: 2013-03-14\n    language: de\n", 3, "language: 'de' must be one of en, cnr, cnr-Cyrl")]
    [InlineData("meetings:\n  - date: 2013-03-14\n    time: 25:00\n", 3, "time: '25:00' is not a time as HH:mm")]
    [InlineData("meetings:\n  - date: 2013-03-14\n    duration: 0\n", 3, "duration: '0' must be minutes between 1 and 1440")]
    [InlineData("meetings:\n  - date: 2013-03-14\n    room: 12\n", 3, "unknown key 'room'")]
    [InlineData("meetings:\n  - location: Podgorica\n", 2, "a meeting needs a 'date'")]
    [InlineData("meetings:\n  - date: 2013-03-14\n  - date: 2013-03-14\n", 3, "meeting 2013-03-14 is listed twice (first at line 2)")]
    [InlineData("meeting:\n  - date: 2013-03-14\n", 1, "unknown key 'meeting'; expected 'meetings'")]
    [InlineData("meetings: 2013-03-14\n", 1, "'meetings' must be a list")]
    [InlineData("meetings:\n  - [2013-03-14\n", 3, "")]
    public void A_bad_meetings_file_names_the_file_and_line(string yaml, int line, string message)
    {
        var path = File(yaml);
        var error = Assert.Throws<ImportException>(() => MeetingPlan.Build(new MeetingOptions(), path, Year2013));
        Assert.Equal(path, error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{path}:{line}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_meeting_settings_in_configuration_are_refused_by_name()
    {
        var options = new MeetingOptions { StartTime = "ten" };
        Assert.Contains("Meetings:StartTime: 'ten'", Assert.Throws<FormatException>(() => MeetingPlan.Build(options, null, Year2013)).Message, StringComparison.Ordinal);
        var language = new MeetingOptions { Language = "fr" };
        Assert.Contains("Meetings:Language: 'fr'", Assert.Throws<FormatException>(() => language.Parse()).Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
