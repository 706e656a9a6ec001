using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace PlanWorkflows.Core.Tests.Catalogue;

/// <summary>
/// Builds a Word document (.docx) of a plan from its text form, laid out as adopted plans are: the
/// title page in bold paragraphs, the contents as paragraphs with tabs, each area's table with its
/// objective rows merged across all columns, the objective and measure cells merged down over the
/// rows they cover, and a table broken at every page break (an empty paragraph with a page break),
/// its split row continuing in the next table. One paragraph or table row per line of the text, so
/// the two forms can be compared line for line.
/// </summary>
internal static class PlanDocx
{
    private const int Columns = 8;

    public static byte[] FromText(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var body = new Body();
            word.AddMainDocumentPart().Document = new Document(body);
            Table? table = null;
            bool[]? above = null;
            var bold = false;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (IsRow(line))
                {
                    if (table is null)
                    {
                        table = NewTable();
                        body.Append(table);
                        above = null;
                    }

                    table.Append(Row(line, ref above));
                    continue;
                }

                if (table is not null && line.Trim().Length == 0 && lines.Skip(i + 1).FirstOrDefault(l => l.Trim().Length > 0) is { } next && IsRow(next))
                {
                    body.Append(new Paragraph(new Run(new Break { Type = BreakValues.Page })));
                    table = null;
                    continue;
                }

                table = null;
                var opens = line.StartsWith("**", StringComparison.Ordinal);
                var closes = line.TrimEnd().EndsWith("**", StringComparison.Ordinal) && (bold || line.Trim().Length > 2);
                bold |= opens;
                body.Append(ParagraphOf(line.Replace("**", string.Empty, StringComparison.Ordinal), bold));
                if (closes)
                {
                    bold = false;
                }
            }
        }

        return stream.ToArray();
    }

    /// <summary>Table rows of the text form are full rows of tab-separated cells; the contents has one tab before a page number.</summary>
    private static bool IsRow(string line) => line.Count(c => c == '\t') >= 3;

    private static Table NewTable() => new(
        new TableProperties(new TableBorders(new InsideHorizontalBorder { Val = BorderValues.Single }, new InsideVerticalBorder { Val = BorderValues.Single })),
        new TableGrid(Enumerable.Range(0, Columns).Select(_ => new GridColumn { Width = "1200" })));

    private static TableRow Row(string line, ref bool[]? above)
    {
        var cells = line.Split('\t');
        var filled = cells.Select(c => c.Trim().Length > 0).ToArray();
        var row = new TableRow();
        if (cells.Length == Columns && filled[0] && filled.Skip(1).All(f => !f))
        {
            // An objective heading spans the whole table.
            row.Append(Cell(cells[0], new TableCellProperties(new GridSpan { Val = Columns })));
            above = null;
            return row;
        }

        var isHeader = cells.Any(c => c.Trim() is "Activity" or "Aktivnost");
        var merged = new bool[cells.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            var properties = new TableCellProperties();
            if (!isHeader && i < 2)
            {
                // The objective and the measure stand once, merged down over the activities they cover.
                if (filled[i])
                {
                    properties.Append(new VerticalMerge { Val = MergedCellValues.Restart });
                    merged[i] = true;
                }
                else if (above is not null && i < above.Length && above[i])
                {
                    properties.Append(new VerticalMerge());
                    merged[i] = true;
                }
            }

            row.Append(Cell(filled[i] ? cells[i] : string.Empty, properties));
        }

        above = isHeader ? null : merged;
        return row;
    }

    private static TableCell Cell(string text, TableCellProperties properties) =>
        new(properties, new Paragraph(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve })));

    private static Paragraph ParagraphOf(string line, bool bold)
    {
        var paragraph = new Paragraph();
        var parts = line.Split('\t');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                paragraph.Append(new Run(new TabChar()));
            }

            if (parts[i].Length > 0)
            {
                var run = new Run(new Text(parts[i]) { Space = SpaceProcessingModeValues.Preserve });
                if (bold)
                {
                    run.PrependChild(new RunProperties(new Bold()));
                }

                paragraph.Append(run);
            }
        }

        return paragraph;
    }
}
