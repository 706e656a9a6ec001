using System.Text;
using ClosedXML.Excel;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Packs;

namespace PlanWorkflows.Core.Tests.Packs;

/// <summary>Packs of the plan in <see cref="PackPlanFixture"/>, opened again the way the secretary's tools open them.</summary>
public sealed class PackWriterTests(PackPlanFixture plan) : IClassFixture<PackPlanFixture>
{
    private static readonly DateOnly Meeting = new(2013, 1, 20);
    private static readonly DateOnly Previous = new(2013, 1, 10);

    [Fact]
    public void Summary_counts_activities_by_the_government_vocabulary_and_says_no_report_received()
    {
        var pack = plan.Load(Meeting, Previous);

        // 1.1.1: the Police say implemented, the Ministry of Health partially: one activity partially implemented, none implemented.
        Assert.Equal(0, pack.Summary.Single(s => s.Status == ImplementationStatus.Implemented).Activities);
        Assert.Equal(1, pack.Summary.Single(s => s.Status == ImplementationStatus.PartiallyImplemented).Activities);
        Assert.Equal("Partially implemented", Assert.Single(pack.Activities, a => a.Code == "1.1.1").Implementation);
        // 1.1.2, 1.1.3 (no implementer) and 2.1.1 have nothing.
        var none = pack.Summary.Single(s => s.Status is null);
        Assert.Equal("No report received", none.Label);
        Assert.Equal(3, none.Activities);
        Assert.Equal(pack.Activities.Count, pack.Summary.Sum(s => s.Activities));
        var area = Assert.Single(pack.Areas, a => a.AreaId == "test-area");
        Assert.Equal(3, area.Total);
    }

    [Fact]
    public void Activities_carry_reports_per_institution_changes_indicators_and_decisions()
    {
        var pack = plan.Load(Meeting, Previous);

        var reported = Assert.Single(pack.Activities, a => a.Code == "1.1.1");
        Assert.Equal(2, reported.Reports.Count);
        var health = Assert.Single(reported.Reports, r => r.StatusLabel == "Partially implemented");
        Assert.Equal((new DateOnly(2012, 12, 20), false), (health.SubmittedOn, health.Late));
        // Due on 31 December 2012, sent on 15 January 2013: marked late.
        var police = Assert.Single(reported.Reports, r => r.StatusLabel == "Implemented");
        Assert.Equal(("Police Directorate", new DateOnly(2013, 1, 15), true), (police.Institution, police.SubmittedOn, police.Late));
        // The Ministry of Health owes 1.1.2 and sent nothing: the pack says so in its row.
        var silent = Assert.Single(Assert.Single(pack.Activities, a => a.Code == "1.1.2").Reports);
        Assert.Equal(("Ministry of Health", "No report received", (DateOnly?)null), (silent.Institution, silent.StatusLabel, silent.SubmittedOn));
        Assert.Equal(["https://example.org/report.pdf", "javascript:alert(1)"], health.EvidenceLinks);
        Assert.DoesNotContain('\u0007', health.Narrative);
        Assert.DoesNotContain('\0', health.Narrative);
        // Only the Police report came after the previous meeting.
        var change = Assert.Single(reported.Changes);
        Assert.Contains("No report received → Implemented", change, StringComparison.Ordinal);

        // The catalogue's counts, summed over both implementers whatever spelling of the field name the reply used: 3 + 4,
        // beside the target the plan states; a count answered in words is left out, and so are text indicators.
        var trainings = Assert.Single(pack.Indicators, i => i.Indicator == "Number of trainings held (at least 10)");
        Assert.Equal((7m, 2, 2, (decimal?)10), (trainings.Total, trainings.Institutions, trainings.Reports, trainings.Target));
        var officers = Assert.Single(pack.Indicators, i => i.Indicator == "Number of officers trained");
        Assert.Equal((12m, 1, (decimal?)null), (officers.Total, officers.Institutions, officers.Target));
        Assert.DoesNotContain(pack.Indicators, i => i.Indicator is "Comment" or "Curriculum adopted");

        Assert.Empty(Assert.Single(pack.Activities, a => a.Code == "1.1.3").Implementers);
        Assert.Contains(pack.Decisions, d => d.Kind == pack.Labels.ExtensionRequest && d.ActivityCode == "1.1.2" && d.Text.Contains("2013-03-31", StringComparison.Ordinal));
        Assert.Contains(pack.Decisions, d => d.Kind == pack.Labels.UnparsedTimeframe && d.ActivityCode == "2.1.1");

        var overdue = Assert.Single(pack.Overdue, o => o.ActivityCode == "1.1.2");
        Assert.Equal(1, overdue.EscalationLevel);
        Assert.NotEmpty(overdue.History);
    }

    [Fact]
    public void Docx_passes_the_validator_and_reads_back_headings_overdue_activity_and_repeating_headers()
    {
        var pack = plan.Load(Meeting, Previous);
        var bytes = DocxPackWriter.Write(pack, PackChart.SummaryPng(pack));

        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.Empty(errors);

        var body = document.MainDocumentPart!.Document.Body!;
        string StyleOf(Paragraph p) => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? string.Empty;
        var headings1 = body.Elements<Paragraph>().Where(p => StyleOf(p) == "Heading1").Select(p => p.InnerText).ToList();
        Assert.Equal(["Agenda", "Summary", "Overdue reports", "Activities", "Indicator table", "Items for decision"], headings1);
        Assert.Contains(body.Elements<Paragraph>(), p => StyleOf(p) == "Heading2" && p.InnerText == "1.1.2 Activity 1.1.2");
        Assert.NotNull(document.MainDocumentPart.StyleDefinitionsPart!.Styles!.Elements<Style>().SingleOrDefault(s => s.StyleId == "Heading1"));

        // The overdue table is the one after the "Overdue reports" heading.
        var overdueTable = body.Elements<Paragraph>().First(p => p.InnerText == "Overdue reports").ElementsAfter().OfType<Table>().First();
        Assert.Contains(overdueTable.Elements<TableRow>().Skip(1), r => r.InnerText.Contains("1.1.2 Activity 1.1.2", StringComparison.Ordinal));

        var tables = body.Descendants<Table>().ToList();
        Assert.True(tables.Count >= 5);
        Assert.All(tables, t => Assert.NotNull(t.Elements<TableRow>().First().TableRowProperties?.GetFirstChild<TableHeader>()));
        Assert.All(tables, t => Assert.All(t.Elements<TableRow>().Skip(1), r => Assert.Null(r.TableRowProperties?.GetFirstChild<TableHeader>())));

        var footer = Assert.Single(document.MainDocumentPart.FooterParts);
        Assert.Contains(footer.Footer!.Descendants<SimpleField>(), f => f.Instruction!.Value!.Trim() == "PAGE");
        Assert.Single(document.MainDocumentPart.ImageParts);
        Assert.Contains(PackPlanFixture.LongNarrative, body.InnerText, StringComparison.Ordinal);
    }

    [Fact]
    public void Xlsx_annex_has_one_row_per_obligation_frozen_header_filter_and_typed_cells()
    {
        var pack = plan.Load(Meeting, Previous);
        using var workbook = new XLWorkbook(new MemoryStream(XlsxAnnexWriter.Write(pack)));
        var sheet = workbook.Worksheet(1);

        Assert.Equal(1, sheet.SheetView.SplitRow);
        Assert.True(sheet.AutoFilter.IsEnabled);
        Assert.Equal(pack.Obligations.Count + 1, sheet.LastRowUsed().RowNumber());
        // 2.1.1's unreadable timeframe falls back to half-yearly reports: four of them.
        Assert.Equal(7, pack.Obligations.Count);

        var row = sheet.RowsUsed().Skip(1).First(r => r.Cell(2).GetString() == "1.1.2");
        Assert.Equal(XLDataType.DateTime, row.Cell(6).DataType);
        Assert.Equal(new DateTime(2012, 12, 31), row.Cell(6).GetDateTime());
        Assert.Equal(XLDataType.Number, row.Cell(8).DataType);
        Assert.Equal(1, row.Cell(8).GetValue<int>());
        Assert.Equal(XLDataType.Number, row.Cell(9).DataType);
        Assert.Equal(XLDataType.Text, row.Cell(2).DataType);
    }

    [Fact]
    public void Xlsx_annex_keeps_titles_and_names_that_look_like_numbers_as_text()
    {
        var pack = plan.Load(Meeting, Previous);
        var first = pack.Obligations[0];
        pack = pack with { Obligations = [first with { AreaTitle = "2013", ActivityTitle = "1.5", Institution = "112", Status = "TRUE", LatestReport = "3" }] };

        using var workbook = new XLWorkbook(new MemoryStream(XlsxAnnexWriter.Write(pack)));
        var row = workbook.Worksheet(1).Row(2);

        Assert.All(new[] { 1, 3, 4, 7, 10 }, c => Assert.Equal(XLDataType.Text, row.Cell(c).DataType));
        Assert.Equal(["2013", "1.5", "112", "TRUE", "3"], new[] { 1, 3, 4, 7, 10 }.Select(c => row.Cell(c).GetString()));
    }

    [Fact]
    public void Html_is_self_contained_and_escapes_markup_from_replies()
    {
        var pack = plan.Load(Meeting, Previous);
        var html = HtmlPackWriter.Write(pack, PackChart.SummaryPng(pack));

        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>bold</b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Staff &lt;away&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0007", html, StringComparison.Ordinal);
        Assert.Contains("data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        // A web link becomes a link; a script link from a reply stays text.
        Assert.Contains("<a href=\"https://example.org/report.pdf\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"javascript:", html, StringComparison.Ordinal);
        Assert.Contains("No implementer named", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_data_gives_byte_identical_files()
    {
        var first = Files(plan.Load(Meeting, Previous));
        var second = Files(plan.Load(Meeting, Previous));

        Assert.Equal(first.Docx, second.Docx);
        Assert.Equal(first.Xlsx, second.Xlsx);
        Assert.Equal(first.Html, second.Html);
        Assert.Equal(first.Png, second.Png);
    }

    [Fact]
    public void A_meeting_before_any_report_gives_a_valid_pack()
    {
        var pack = plan.Load(new DateOnly(2012, 11, 15), null, "cnr");

        var none = pack.Summary.Single(s => s.Status is null);
        Assert.Equal("Nije dostavljen izvještaj", none.Label);
        Assert.Equal(pack.Activities.Count, none.Activities);
        // Only what was already late when the plan was loaded: nothing of the fourth quarter yet.
        Assert.DoesNotContain(pack.Overdue, o => o.ActivityCode.StartsWith("1.1.", StringComparison.Ordinal));
        // Every implementer has its row: not yet due in the fourth quarter; 2.1.1's first half-year was due in June.
        Assert.All(pack.Activities.SelectMany(a => a.Reports), r => Assert.Null(r.SubmittedOn));
        Assert.Equal(["Izvještaj još nije dospio", "Izvještaj još nije dospio", "Izvještaj još nije dospio"],
            pack.Activities.Where(a => a.Key.Contains("/1.1.", StringComparison.Ordinal)).SelectMany(a => a.Reports).Select(r => r.StatusLabel));
        Assert.Equal("Nije dostavljen izvještaj", Assert.Single(Assert.Single(pack.Activities, a => a.Key.EndsWith("/2.1.1", StringComparison.Ordinal)).Reports).StatusLabel);
        // A count the plan sets a target for is listed from the start, with nothing reported against it yet.
        Assert.Equal([("Number of trainings held (at least 10)", 0m, 0)], pack.Indicators.Select(i => (i.Indicator, i.Total, i.Institutions)));

        var files = Files(pack);
        using var document = WordprocessingDocument.Open(new MemoryStream(files.Docx), false);
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document));
        Assert.Contains("Dnevni red", document.MainDocumentPart!.Document.Body!.InnerText, StringComparison.Ordinal);
        using var workbook = new XLWorkbook(new MemoryStream(files.Xlsx));
        Assert.Equal("Obaveze", workbook.Worksheet(1).Name);
        Assert.Contains("Izvještaji u kašnjenju", Encoding.UTF8.GetString(files.Html), StringComparison.Ordinal);
    }

    [Fact]
    public void PackFiles_writes_the_four_files_named_by_meeting_and_language()
    {
        var folder = Directory.CreateTempSubdirectory("pack-").FullName;
        try
        {
            var pack = plan.Load(Meeting);
            var files = PackFiles.Write(pack, folder);
            Assert.Equal(["pack-2013-01-20-en.docx", "pack-2013-01-20-en.xlsx", "pack-2013-01-20-en.html", "pack-2013-01-20-en.png"], files.Select(Path.GetFileName));
            Assert.All(files, f => Assert.True(new FileInfo(f).Length > 0));
            // The page streamed into its file is the page the writer returns as a string, as UTF-8 without a byte-order mark.
            Assert.Equal(Encoding.UTF8.GetBytes(HtmlPackWriter.Write(pack, PackChart.SummaryPng(pack))), File.ReadAllBytes(files[2]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (byte[] Docx, byte[] Xlsx, byte[] Html, byte[] Png) Files(PackData pack)
    {
        var chart = PackChart.SummaryPng(pack);
        return (DocxPackWriter.Write(pack, chart), XlsxAnnexWriter.Write(pack), Encoding.UTF8.GetBytes(HtmlPackWriter.Write(pack, chart)), chart);
    }
}
