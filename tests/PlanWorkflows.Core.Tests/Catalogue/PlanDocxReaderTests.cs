using System.IO.Compression;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Catalogue.Reading;
using PlanWorkflows.Core.Tests.Institutions;

namespace PlanWorkflows.Core.Tests.Catalogue;

public sealed class PlanDocxReaderTests
{
    private const string Header = "Objective\tMeasure\tActivity\tImplementers\tTimeframe\tIndicators of success\tRequired funds\tPartners";

    private static readonly Lazy<string> ShippedText = new(() => File.ReadAllText(RepoPaths.PlanDocument));

    private static readonly Lazy<byte[]> ShippedDocx = new(() => PlanDocx.FromText(ShippedText.Value));

    private static PlanCatalogue Import(PlanDocument document) => new CatalogueImporter(RealCatalogue.Directory).Import(document);

    private static string Yaml(PlanCatalogue catalogue)
    {
        catalogue.Plan.Source = "action-plan-2012-2013";
        return CatalogueYaml.Serialize(catalogue);
    }

    [Fact]
    public void The_shipped_plan_as_a_Word_document_gives_the_same_catalogue_as_its_text_form()
    {
        var fromText = Import(PlanDocumentReader.Read(ShippedText.Value, "action-plan-2012-2013.txt"));
        var fromWord = Import(PlanDocumentReader.Read(ShippedDocx.Value, "action-plan-2012-2013.docx"));

        Assert.Equal(87, fromWord.Activities.Count());
        Assert.Equal(fromText.Plan.Title, fromWord.Plan.Title);
        Assert.Equal(new DateOnly(2012, 9, 13), fromWord.Plan.Adopted);
        // Every field, every warning and its line: the Word document has one paragraph or row per line of the text.
        Assert.Equal(Yaml(fromText), Yaml(fromWord));
    }

    [Fact]
    public void The_test_document_has_the_merged_cells_and_page_breaks_of_an_adopted_plan()
    {
        // Without these the comparison above would prove nothing about merged cells or split rows.
        using var word = WordprocessingDocument.Open(new MemoryStream(ShippedDocx.Value), false);
        var body = word.MainDocumentPart!.Document.Body!;
        Assert.True(body.Descendants<GridSpan>().Count(g => g.Val?.Value == 8) >= 8, "objective rows merged across the table");
        var mergedDown = body.Descendants<VerticalMerge>().Count(v => v.Val is null);
        Assert.True(mergedDown > 20, $"objective and measure cells merged down: {mergedDown}");
        Assert.True(body.Elements<Table>().Count() > 8, "tables broken at page breaks");
        Assert.Contains(body.Descendants<Break>(), b => b.Type?.Value == BreakValues.Page);

        var document = PlanDocumentReader.Read(ShippedDocx.Value, "plan.docx");
        var continued = document.Areas.SelectMany(a => a.Rows).Where(r => r.ContinuationLines.Count > 0).ToList();
        Assert.NotEmpty(continued);
        Assert.All(continued, r => Assert.Contains(r.Warnings, w => w.Code == "continuation"));
    }

    [Fact]
    public void Split_rows_cells_in_the_wrong_column_and_codes_without_number_are_recovered_and_located_by_table_and_row()
    {
        var text = string.Join('\n',
            "**ACTION PLAN FOR TESTING 2020-2021**", string.Empty, "PREVENTION", string.Empty, "OBJECTIVE:\t\t\t\t\t\t\t", "1. To test\t\t\t\t\t\t\t",
            Header,
            "1. To test\t1.1. Measure\t1.1.1. Training of police officers on the\tPolice Directorate\tannually\tNumber of trained\t\t",
            string.Empty,
            "\t\tindicators of trafficking\t\t\tofficers\t\t",
            "\t\tOrganizing public lectures\tPolice Directorate\tonce a year\tNumber of lectures\t\t",
            "\t\t1.1.3. Printing leaflets\tPolice Directorate\tIV Quarter of 2020\tLeaflets printed\tRegular funds\tNGOs\tIOM");
        var document = PlanDocumentReader.Read(PlanDocx.FromText(text), "test.docx");
        var catalogue = Import(document);

        var textCatalogue = Import(PlanDocumentReader.Read(text, "test.txt"));
        Assert.Equal(Yaml(textCatalogue), Yaml(catalogue));

        var split = catalogue.FindActivity("prevention/1.1.1")!;
        Assert.Equal("Training of police officers on the indicators of trafficking", split.Title);
        Assert.Contains(split.Warnings, w => w.Code == "continuation" && document.Locate(w.Line) == "10 (table 2, row 1)");

        var uncoded = Assert.Single(catalogue.Activities, a => a.Title == "Organizing public lectures");
        Assert.Equal("prevention/1.1.4", uncoded.Key);
        Assert.Contains(uncoded.Warnings, w => w.Code == "code-missing" && document.Locate(w.Line) == "11 (table 2, row 2)");

        var shifted = catalogue.FindActivity("prevention/1.1.3")!;
        var extra = Assert.Single(shifted.Warnings, w => w.Code == "too-many-cells");
        Assert.Equal("12 (table 2, row 3)", document.Locate(extra.Line));
    }

    [Fact]
    public void A_Word_document_without_a_plan_table_says_what_was_expected()
    {
        var error = Assert.Throws<ImportException>(() => PlanDocumentReader.Read(PlanDocx.FromText("Minutes of the meeting\nNothing else\n"), "minutes.docx"));
        Assert.Contains("no activity table found", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("minutes.docx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_that_is_not_a_Word_document_is_refused_with_the_file_named()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            writer.Write("not a plan");
        }

        var error = Assert.Throws<ImportException>(() => PlanDocumentReader.Read(stream.ToArray(), "archive.docx"));
        Assert.Equal("archive.docx", error.File);
        Assert.Contains("Word document", error.Message, StringComparison.Ordinal);

        var truncated = PlanDocx.FromText(ShippedText.Value)[..4096];
        var broken = Assert.Throws<ImportException>(() => PlanDocumentReader.Read(truncated, "broken.docx"));
        Assert.Contains("not a readable Word document", broken.Message, StringComparison.Ordinal);
    }
}
