using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace PlanWorkflows.Core.Catalogue.Reading;

/// <summary>
/// Reads an adopted Action Plan as a Word document (.docx): the body's paragraphs and tables, in
/// order, become the lines of the document's text form (a table row is one line of tab-separated
/// cells; a cell merged across columns fills the columns it spans, a cell merged down from the row
/// above is empty), and <see cref="PlanDocumentReader"/> reads those lines with the same recovery and
/// warnings as a converted text document: rows split across pages, cells in the wrong column,
/// codes without a number. A warning's line is the paragraph or table row it came from, counted
/// from the start of the body; <see cref="PlanDocument.Locate"/> names it ("table 3, row 12").
/// </summary>
public static class PlanDocxReader
{
    /// <summary>A .docx is a zip package; a text document never starts with a zip header.</summary>
    public static bool LooksLikeDocx(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 4 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K' && bytes[2] == 3 && bytes[3] == 4;

    public static PlanDocument Read(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var lines = new List<string>();
        var places = new List<string>();
        string? packageTitle;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var word = WordprocessingDocument.Open(stream, isEditable: false);
            var body = word.MainDocumentPart?.Document?.Body
                ?? throw new ImportException(source, 0, "not a Word document: the package has no document body (word/document.xml)");
            new BodyReader(lines, places).Read(body);
            packageTitle = word.PackageProperties.Title;
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FileFormatException or XmlException)
        {
            throw new ImportException(source, 0, $"not a readable Word document (.docx): {ex.Message}", ex);
        }

        var document = PlanDocumentReader.Read(string.Join('\n', lines), source);
        if (document.Title is null && !string.IsNullOrWhiteSpace(packageTitle))
        {
            // A document whose title page is not set in bold may still name itself in its properties.
            document.Title = TextCleaner.Clean(packageTitle);
        }

        document.Places = places;
        return document;
    }

    private sealed class BodyReader(List<string> lines, List<string> places)
    {
        private int _paragraphs;
        private int _tables;
        private bool _tableSeen;
        private readonly List<int> _boldRun = [];

        public void Read(OpenXmlElement container)
        {
            foreach (var element in container.Elements())
            {
                switch (element)
                {
                    case Paragraph paragraph:
                        ReadParagraph(paragraph);
                        break;
                    case Table table:
                        EndBoldRun();
                        _tableSeen = true;
                        ReadTable(table);
                        break;
                    case SdtBlock block when block.SdtContentBlock is { } content:
                        // Content controls (a table of contents, a cover page) hold ordinary paragraphs and tables.
                        Read(content);
                        break;
                    default:
                        break;
                }
            }

            EndBoldRun();
        }

        private void ReadParagraph(Paragraph paragraph)
        {
            _paragraphs++;
            var text = ParagraphText(paragraph, tabs: true);
            // Before the first table, bold paragraphs in a row form the title page, which the text
            // form marks as one **…** block.
            if (!_tableSeen && text.Trim().Length > 0 && IsBold(paragraph))
            {
                _boldRun.Add(lines.Count);
            }
            else
            {
                EndBoldRun();
            }

            lines.Add(text);
            places.Add($"paragraph {_paragraphs}");
        }

        private void EndBoldRun()
        {
            if (_boldRun.Count == 0)
            {
                return;
            }

            lines[_boldRun[0]] = "**" + lines[_boldRun[0]];
            lines[_boldRun[^1]] += "**";
            _boldRun.Clear();
        }

        private void ReadTable(Table table)
        {
            _tables++;
            var rowNumber = 0;
            foreach (var row in table.Elements<TableRow>())
            {
                rowNumber++;
                var cells = new List<string>();
                var before = row.TableRowProperties?.GetFirstChild<GridBefore>()?.Val?.Value ?? 0;
                cells.AddRange(Enumerable.Repeat(string.Empty, before));
                foreach (var cell in row.Elements<TableCell>())
                {
                    var properties = cell.TableCellProperties;
                    var mergedFromAbove = properties?.VerticalMerge is { } merge && (merge.Val is null || merge.Val.Value == MergedCellValues.Continue);
                    cells.Add(mergedFromAbove ? string.Empty : CellText(cell));
                    var span = properties?.GridSpan?.Val?.Value ?? 1;
                    cells.AddRange(Enumerable.Repeat(string.Empty, Math.Max(0, span - 1)));
                }

                lines.Add(string.Join('\t', cells));
                places.Add($"table {_tables}, row {rowNumber}");
            }
        }

        private static string CellText(TableCell cell)
        {
            // A cell's paragraphs are one text; a tab or line break inside it is a space, never a new cell.
            var parts = cell.Elements<Paragraph>().Select(p => ParagraphText(p, tabs: false)).Where(p => p.Trim().Length > 0);
            var nested = cell.Elements<Table>().SelectMany(t => t.Descendants<Paragraph>()).Select(p => ParagraphText(p, tabs: false));
            return string.Join(' ', parts.Concat(nested).Select(p => p.Trim())).Trim();
        }

        private static string ParagraphText(Paragraph paragraph, bool tabs)
        {
            var text = new StringBuilder();
            foreach (var element in paragraph.Descendants())
            {
                switch (element)
                {
                    case Text t:
                        text.Append(t.Text);
                        break;
                    case TabChar:
                        text.Append(tabs ? '\t' : ' ');
                        break;
                    case Break or CarriageReturn:
                        text.Append(' ');
                        break;
                    case NoBreakHyphen:
                        text.Append('-');
                        break;
                    default:
                        break;
                }
            }

            return text.ToString();
        }

        private static bool IsBold(Paragraph paragraph)
        {
            var runs = paragraph.Descendants<Run>().Where(r => r.Descendants<Text>().Any(t => t.Text.Trim().Length > 0)).ToList();
            var paragraphBold = IsOn(paragraph.ParagraphProperties?.ParagraphMarkRunProperties?.GetFirstChild<Bold>());
            return runs.Count > 0 && runs.All(r => r.RunProperties?.Bold is { } bold ? IsOn(bold) : paragraphBold);
        }

        private static bool IsOn(Bold? bold) => bold is not null && (bold.Val is null || bold.Val.Value);
    }
}
