using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Catalogue.Reading;
using PlanWorkflows.Core.Tests.Institutions;

namespace PlanWorkflows.Core.Tests.Catalogue;

public sealed class BadDocumentTests
{
    private const string Header = "Objective\tMeasure\tActivity\tImplementers\tTimeframe\tIndicators of success\tRequired funds\tPartners";

    private static string Document(params string[] rows) =>
        "**ACTION PLAN FOR TESTING 2020-2021**\n\nPREVENTION\n\nOBJECTIVE:\n1. To test\n" + Header + "\n" + string.Join("\n", rows) + "\n";

    private static PlanCatalogue Import(string text) =>
        new CatalogueImporter(RealCatalogue.Directory).Import(PlanDocumentReader.Read(text, "test.txt"));

    [Fact]
    public void Empty_file_is_a_clear_error()
    {
        var error = Assert.Throws<ImportException>(() => PlanDocumentReader.Read([], "empty.txt"));
        Assert.Equal("empty.txt: the document is empty", error.Message);
        Assert.Throws<ImportException>(() => PlanDocumentReader.Read("  \n\t\n", "blank.txt"));
    }

    [Fact]
    public void Binary_file_is_refused_with_its_line()
    {
        var bytes = "line one\nline two\n"u8.ToArray().Concat(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00, 0x14 }).ToArray();
        var error = Assert.Throws<ImportException>(() => PlanDocumentReader.Read(bytes, "plan.docx"));
        Assert.Equal(3, error.Line);
        Assert.Contains("not a text document", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Windows_1250_document_is_read_with_a_warning()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var text = Document("1. To test\t1.1. Measure\t1.1.1. Istraživanje\tUprava policije\t2021\tSprovedeno istraživanje\t\t");
        var document = PlanDocumentReader.Read(System.Text.Encoding.GetEncoding(1250).GetBytes(text), "cp1250.txt");
        Assert.Contains(document.Warnings, w => w.Code == "encoding");
        var catalogue = new CatalogueImporter(RealCatalogue.Directory).Import(document);
        var activity = Assert.Single(catalogue.Activities);
        Assert.Equal("Istraživanje", activity.Title);
        Assert.Equal(["police-directorate"], activity.Implementers);
    }

    [Fact]
    public void Document_without_a_table_names_what_was_expected()
    {
        var error = Assert.Throws<ImportException>(() => PlanDocumentReader.Read("Just some prose\nwith no tables at all\n", "prose.txt"));
        Assert.Contains("no activity table found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_table_keeps_the_rows_it_has_and_flags_the_short_one()
    {
        var catalogue = Import(Document(
            "1. To test\t1.1. Measure\t1.1.1. First activity\tPolice Directorate\tannually\tDone\t\t",
            "\t\t1.1.2. Second activity\tPolice Directorate"));
        Assert.Equal(2, catalogue.Activities.Count());
        var second = catalogue.FindActivity("prevention/1.1.2")!;
        Assert.Contains(second.Warnings, w => w.Code == "truncated-row" && w.Line == 9);
        Assert.Contains(second.Warnings, w => w.Code == "timeframe-unparsed");
    }

    [Fact]
    public void Unknown_header_in_the_place_of_a_missing_column_is_taken_by_position()
    {
        var text = Document("1. To test\t1.1. Measure\t1.1.1. First activity\tPolice Directorate\tannually\tDone\t\t")
            .Replace("\tTimeframe\t", "\tDue by\t", StringComparison.Ordinal);
        var catalogue = Import(text);
        var warning = Assert.Single(catalogue.Warnings, w => w.Code == "header-unknown");
        Assert.Equal(7, warning.Line);
        Assert.Contains("'Due by'", warning.Found, StringComparison.Ordinal);
        Assert.Equal("annually", Assert.Single(catalogue.Activities).Timeframe.Text);
    }

    [Fact]
    public void Unknown_extra_header_keeps_its_cells_in_warnings()
    {
        var text = Document("1. To test\t1.1. Measure\t1.1.1. First activity\tPolice Directorate\tannually\tDone\t\t\tline 12")
            .Replace("\tPartners", "\tPartners\tBudget line", StringComparison.Ordinal);
        var catalogue = Import(text);
        Assert.Contains(catalogue.Warnings, w => w.Code == "header-unknown" && w.Found.Contains("Budget line", StringComparison.Ordinal));
        Assert.Contains(Assert.Single(catalogue.Activities).Warnings, w => w.Code == "cell-unmapped" && w.Found.Contains("line 12", StringComparison.Ordinal));
    }

    [Fact]
    public void Row_with_too_many_cells_keeps_the_extra_text()
    {
        var catalogue = Import(Document("1. To test\t1.1. Measure\t1.1.1. First activity\tPolice Directorate\tannually\tDone\t\tNGOs\tIOM"));
        var activity = Assert.Single(catalogue.Activities);
        Assert.Equal("NGOs IOM", activity.PartnersText);
        Assert.Equal(["ngos", "iom"], activity.Partners);
        Assert.Contains(activity.Warnings, w => w.Code == "too-many-cells" && w.Line == 8);
    }

    [Fact]
    public void Code_used_twice_is_kept_under_a_new_code_with_a_warning()
    {
        var catalogue = Import(Document(
            "1. To test\t1.1. Measure\t1.1.1. First activity\tPolice Directorate\tannually\tDone\t\t",
            "\t\t1.1.1. Second activity\tPolice Directorate\tannually\tDone\t\t",
            "\t\t1.1.2. Third activity\tPolice Directorate\tannually\tDone\t\t"));
        Assert.Equal(["1.1.1", "1.1.3", "1.1.2"], catalogue.Activities.Select(a => a.Code));
        var warning = Assert.Single(catalogue.FindActivity("prevention/1.1.3")!.Warnings, w => w.Code == "code-duplicate");
        Assert.Contains("line 8", warning.Found, StringComparison.Ordinal);
    }

    [Fact]
    public void Activity_without_a_code_is_kept_and_numbered()
    {
        var catalogue = Import(Document(
            "1. To test\t1.1. Measure\t1.1.1. First activity\tPolice Directorate\tannually\tDone\t\t",
            "\t\tSecond activity without a code\tPolice Directorate\t2021\tDone\t\t"));
        var second = catalogue.FindActivity("prevention/1.1.2")!;
        Assert.Equal("Second activity without a code", second.Title);
        Assert.Contains(second.Warnings, w => w.Code == "code-missing");
    }

    [Fact]
    public void Unknown_institution_is_a_warning_not_a_failure()
    {
        var activity = Assert.Single(Import(Document("1. To test\t1.1. Measure\t1.1.1. First activity\tMinistry of Magic, Police Directorate\tannually\tDone\t\t")).Activities);
        Assert.Equal(["police-directorate"], activity.Implementers);
        Assert.Contains(activity.Warnings, w => w.Code == "institution-unknown" && w.Found.Contains("Ministry of Magic", StringComparison.Ordinal));
    }

    [Fact]
    public void Unreadable_row_is_kept_with_its_raw_cells()
    {
        var catalogue = Import(Document(
            "1. To test\t1.1. Measure\t1.1.1. First activity\tPolice Directorate\tannually\tDone\t\t",
            "1. To test\t1.2. Another measure\t\tPolice Directorate\t\t\t\t"));
        var unreadable = catalogue.Activities.Last();
        Assert.StartsWith("(unreadable row at line 9)", unreadable.Title, StringComparison.Ordinal);
        Assert.Contains(unreadable.Warnings, w => w.Code == "row-unreadable" && w.Found.Contains("Police Directorate", StringComparison.Ordinal));
    }
}
