using ClosedXML.Excel;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Data.Sqlite;
using PlanWorkflows.Core.Packs;

namespace PlanWorkflows.Server.Tests.Packs;

/// <summary>A database the engine made (a simulated run of the shipped plan), shared by the <c>pack build</c> tests.</summary>
public sealed class SimulatedDatabase : IDisposable
{
    private readonly TempFolder _folder = new();

    public SimulatedDatabase()
    {
        var result = CliRunner.Run("simulate", "--plan", CliRunner.Repo("workflows", "plans", "action-plan-2012-2013.yaml"),
            "--from", "2012-10-01", "--to", "2013-01-31", "--replies", "realistic", "--seed", "3", "--out", _folder.Path);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.Error);
        }
    }

    public string Path => _folder.File("planworkflows.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}

public sealed class PackCommandTests(SimulatedDatabase database) : IClassFixture<SimulatedDatabase>
{
    private static List<Paragraph> Docx(string path)
    {
        using var document = WordprocessingDocument.Open(path, false);
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        return [.. document.MainDocumentPart!.Document.Body!.Elements<Paragraph>().Select(p => (Paragraph)p.CloneNode(true))];
    }

    [Fact]
    public void Pack_build_writes_a_meeting_pack_from_the_engines_database()
    {
        using var output = new TempFolder();
        var result = CliRunner.Run("pack", "build", "--meeting", "2012-12-13", "--previous", "2012-10-11", "--database", database.Path, "--out", output.Path);

        Assert.Equal(0, result.ExitCode);
        var files = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["pack-2012-12-13-en.docx", "pack-2012-12-13-en.xlsx", "pack-2012-12-13-en.html", "pack-2012-12-13-en.png"], files.Select(Path.GetFileName));
        var paragraphs = Docx(files[0]);
        Assert.Equal(PackLabels.English.Title, paragraphs[0].InnerText);
        Assert.Equal("Meeting of 2012-12-13", paragraphs[1].InnerText);
        // The shipped plan's activities, with what the simulated institutions reported by then.
        Assert.Contains(paragraphs, p => p.InnerText.Contains("1.1.1 ", StringComparison.Ordinal));
        using var workbook = new XLWorkbook(files[1]);
        Assert.True(workbook.Worksheet(1).LastRowUsed()!.RowNumber() > 100);
    }

    [Fact]
    public void Pack_build_report_writes_the_semiannual_report_for_a_half_year()
    {
        using var output = new TempFolder();
        var result = CliRunner.Run("pack", "build", "--report", "semiannual", "--period", "2012-H2", "--lang", "cnr", "--database", database.Path, "--out", output.Path);

        Assert.Equal(0, result.ExitCode);
        var docx = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        Assert.Equal("government-report-2012-H2-cnr.docx", Path.GetFileName(docx));
        var paragraphs = Docx(docx);
        Assert.Equal(PackLabels.MontenegrinReport.Title, paragraphs[0].InnerText);
        Assert.Equal("Izvještajni period: 2012-07-01 – 2012-12-31 (2012-H2)", paragraphs[1].InnerText);
    }

    [Theory]
    [InlineData(new[] { "--meeting", "2012-02-30" }, "error: --meeting '2012-02-30': expected a date as yyyy-MM-dd")]
    [InlineData(new string[0], "error: give --meeting yyyy-MM-dd, or --report semiannual --period yyyy-H1|H2")]
    [InlineData(new[] { "--report", "semiannual" }, "error: --report semiannual needs --period yyyy-H1 or yyyy-H2")]
    [InlineData(new[] { "--report", "semiannual", "--period", "2012-Q3" }, "error: --period '2012-Q3' is not a half-year as yyyy-H1 or yyyy-H2")]
    [InlineData(new[] { "--report", "semiannual", "--period", "2012-H2", "--meeting", "2012-12-13" }, "error: --report builds a report, not a meeting pack: leave out --meeting and --previous")]
    [InlineData(new[] { "--meeting", "2012-12-13", "--period", "2012-H2" }, "error: --period belongs to --report")]
    public void Pack_build_refuses_bad_options_with_one_line_and_writes_nothing(string[] options, string error)
    {
        using var output = new TempFolder();
        var result = CliRunner.Run(["pack", "build", .. options, "--database", database.Path, "--out", output.Path]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(error, result.Error.Trim());
        Assert.Empty(Directory.GetFiles(output.Path));
    }
}
