using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Core.Tests.Packs;

/// <summary>The semiannual report to the Government and packs of past dates, from the plan in <see cref="PackPlanFixture"/>.</summary>
public sealed class ReportPackTests(PackPlanFixture plan) : IClassFixture<PackPlanFixture>
{
    private static List<Paragraph> Paragraphs(byte[] docx, out List<string> errors)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        errors = [.. new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}")];
        return [.. document.MainDocumentPart!.Document.Body!.Elements<Paragraph>().Select(p => (Paragraph)p.CloneNode(true))];
    }

    private static string StyleOf(Paragraph p) => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? string.Empty;

    [Theory]
    [InlineData("en")]
    [InlineData("cnr")]
    public void The_report_docx_validates_and_reads_back_its_title_period_and_report_sections(string language)
    {
        var report = plan.LoadReport(GovernmentReport.Parse("2012-H2"), language);
        var labels = PackLabels.ReportFor(language);
        var paragraphs = Paragraphs(DocxPackWriter.Write(report, PackChart.SummaryPng(report)), out var errors);

        Assert.Empty(errors);
        Assert.Equal(labels.Title, Assert.Single(paragraphs, p => StyleOf(p) == "Title").InnerText);
        Assert.Equal($"{labels.MeetingOn}: 2012-07-01 – 2012-12-31 (2012-H2)", paragraphs[1].InnerText);
        Assert.Equal(labels.ReportIntroduction(report.Report!, new DateOnly(2012, 12, 31)), paragraphs[2].InnerText);
        // A report, not an agenda: its contents, and no items for the Working Group to decide.
        Assert.Equal([labels.Agenda, labels.Summary, labels.Overdue, labels.Activities, labels.IndicatorTable],
            paragraphs.Where(p => StyleOf(p) == "Heading1").Select(p => p.InnerText));
        Assert.Equal($"government-report-2012-H2-{language}", report.FileStem);
    }

    [Fact]
    public void The_report_shows_the_plan_as_of_the_periods_last_day()
    {
        var report = plan.LoadReport(GovernmentReport.Parse("2012-H2"));

        // 1.1.1: the Ministry of Health reported on 20 December 2012; the Police only in January 2013.
        var activity = Assert.Single(report.Activities, a => a.Code == "1.1.1");
        Assert.Equal(["Partially implemented", "No report received"], activity.Reports.OrderBy(r => r.Institution, StringComparer.Ordinal).Select(r => r.StatusLabel));
        Assert.Equal(new DateOnly(2012, 12, 31), report.Meeting);
        Assert.Equal(new DateOnly(2012, 6, 30), report.PreviousMeeting);
    }

    [Fact]
    public void Reports_on_the_period_that_arrive_until_the_report_is_assembled_are_in_it_marked_late()
    {
        // Assembled on 20 January 2013: the Police report of 15 January on the fourth quarter of 2012 is in, and late.
        var period = GovernmentReport.Parse("2012-H2");
        var assembled = new DateTime(2013, 1, 20, 9, 0, 0, DateTimeKind.Utc);
        var report = plan.LoadReport(period, "en", assembled);

        var activity = Assert.Single(report.Activities, a => a.Code == "1.1.1");
        var police = Assert.Single(activity.Reports, r => r.Institution == "Police Directorate");
        Assert.Equal(("Implemented", new DateOnly(2013, 1, 15), true), (police.StatusLabel, police.SubmittedOn, police.Late));
        Assert.False(Assert.Single(activity.Reports, r => r.Institution == "Ministry of Health").Late);
        // Implemented by one, partially by the other.
        Assert.Equal("Partially implemented", activity.Implementation);
        var annex = Assert.Single(report.Obligations, o => o.ActivityCode == "1.1.1" && o.Institution == "Police Directorate");
        Assert.True(annex.LatestReportLate);
        Assert.Contains("report received late 15 January 2013", annex.History, StringComparison.Ordinal);

        // Still missing when it was assembled: overdue, counted to that day (3, 4, 10, 11, 14–18 January: 9 working days).
        // (2.1.1's unreadable timeframe fell back to half-yearly rounds, also overdue.)
        Assert.Equal(["1.1.2", "2.1.1", "2.1.1"], report.Overdue.Select(o => o.ActivityCode).Order(StringComparer.Ordinal));
        var missing = Assert.Single(report.Overdue, o => o.ActivityCode == "1.1.2");
        Assert.Equal(("1.1.2", "Ministry of Health", 9), (missing.ActivityCode, missing.Institution, missing.WorkingDaysOverdue));
        Assert.Contains(missing.History, h => h.Text.StartsWith("escalated to the head of the institution ", StringComparison.Ordinal));
        Assert.Equal(labels(report).ReportIntroduction(period, new DateOnly(2013, 1, 20)), report.Introduction);
        Assert.Contains("sent by 2013-01-20", report.Introduction, StringComparison.Ordinal);

        // As of the period's last day only, the Police report is not there and nothing was overdue yet.
        var atEnd = plan.LoadReport(period);
        Assert.Equal("No report received", Assert.Single(Assert.Single(atEnd.Activities, a => a.Code == "1.1.1").Reports, r => r.Institution == "Police Directorate").StatusLabel);
        Assert.DoesNotContain(atEnd.Overdue, o => o.ActivityCode.StartsWith("1.1.", StringComparison.Ordinal));

        // The HTML and DOCX say it too.
        Assert.Contains("2013-01-15 (late)", HtmlPackWriter.Write(report), StringComparison.Ordinal);
        Assert.Contains("2013-01-15 (late)", string.Concat(Paragraphs(DocxPackWriter.Write(report), out _).Select(p => p.InnerText))
            + string.Concat(TablesText(DocxPackWriter.Write(report))), StringComparison.Ordinal);
        static PackLabels labels(PackData p) => p.Labels;
    }

    private static IEnumerable<string> TablesText(byte[] docx)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return [.. document.MainDocumentPart!.Document.Body!.Descendants<TableCell>().Select(c => c.InnerText)];
    }

    [Fact]
    public void A_past_meetings_annex_replays_each_obligations_status_as_of_that_day()
    {
        // Health reported on 20 December 2012, the Police on 15 January 2013; both were due at the end of 2012.
        var early = plan.Load(new DateOnly(2012, 12, 10));
        var between = plan.Load(new DateOnly(2013, 1, 10));
        var late = plan.Load(new DateOnly(2013, 1, 20));
        AnnexRow Row(PackData pack, string institution) => Assert.Single(pack.Obligations, o => o.ActivityCode == "1.1.1" && o.Institution == institution);
        var health = "Ministry of Health";
        var police = "Police Directorate";

        Assert.NotEqual(nameof(ObligationStatus.Reported), Row(early, health).Status);
        Assert.Null(Row(early, health).LatestReport);
        Assert.Null(Row(early, police).LatestReport);

        Assert.Contains(Row(between, health).Status, new[] { nameof(ObligationStatus.Reported), nameof(ObligationStatus.Accepted) });
        Assert.Equal(new DateOnly(2012, 12, 20), Row(between, health).LatestReportOn);
        Assert.Contains(Row(between, police).Status, new[] { nameof(ObligationStatus.Overdue), nameof(ObligationStatus.Escalated) });
        Assert.Null(Row(between, police).LatestReport);

        Assert.Contains(Row(late, police).Status, new[] { nameof(ObligationStatus.Reported), nameof(ObligationStatus.Accepted) });
        Assert.Equal(new DateOnly(2013, 1, 15), Row(late, police).LatestReportOn);
    }

    [Theory]
    [InlineData("2012-H1", "2012-01-01", "2012-06-30")]
    [InlineData("2012-h2", "2012-07-01", "2012-12-31")]
    public void Half_year_labels_name_their_periods(string label, string start, string end)
    {
        var period = GovernmentReport.Parse(label);
        Assert.Equal((DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture)), (period.Start, period.End));
        Assert.Equal(label.ToUpperInvariant(), period.Label);
    }

    [Fact]
    public void Report_periods_cover_the_plan_and_configured_period_ends_move_them()
    {
        var periods = GovernmentReport.Periods(new PlanWindow(new PlanPeriod(new DateOnly(2012, 3, 1), new DateOnly(2013, 12, 31)), new DateOnly(2012, 3, 1)), new GovernmentReportOptions());
        Assert.Equal(["2012-H1", "2012-H2", "2013-H1", "2013-H2"], periods.Select(p => p.Label));
        Assert.Equal(new DateOnly(2012, 3, 1), periods[0].Start);

        var options = new GovernmentReportOptions();
        options.PeriodEnds.Add("05-31");
        options.PeriodEnds.Add("11-30");
        Assert.Equal((new DateOnly(2012, 12, 1), new DateOnly(2013, 5, 31)), (GovernmentReport.Parse("2013-H1", options).Start, GovernmentReport.Parse("2013-H1", options).End));

        var bad = new GovernmentReportOptions();
        bad.PeriodEnds.Add("02-30");
        bad.PeriodEnds.Add("12-31");
        Assert.Contains("'02-30' is not a day as MM-dd", Assert.Throws<FormatException>(() => GovernmentReport.Parse("2013-H1", bad)).Message, StringComparison.Ordinal);
        Assert.Contains("yyyy-H1 or yyyy-H2", Assert.Throws<FormatException>(() => GovernmentReport.Parse("2013-Q1")).Message, StringComparison.Ordinal);
    }
}
