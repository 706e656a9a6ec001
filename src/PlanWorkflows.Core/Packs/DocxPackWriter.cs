using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using PlanWorkflows.Core.Mail;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace PlanWorkflows.Core.Packs;

/// <summary>
/// The pack as a Word document the secretary edits and forwards. Formatting lives in named styles
/// (Title, Heading 1/2, Table Grid, Normal), never on runs, so changing a style restyles the pack.
/// </summary>
public static class DocxPackWriter
{
    public const string TableStyle = "PackTable";

    public static byte[] Write(PackData pack, byte[]? chartPng = null)
    {
        ArgumentNullException.ThrowIfNull(pack);
        var l = pack.Labels;
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            // The packaging layer would stamp the current time; the meeting day keeps archives comparable.
            var stamp = pack.Meeting.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
            document.PackageProperties.Created = stamp;
            document.PackageProperties.Modified = stamp;
            document.PackageProperties.Title = pack.DocumentTitle;
            document.PackageProperties.Creator = "PlanWorkflows";

            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = Styles(pack.Language);
            var footerPart = main.AddNewPart<FooterPart>();
            footerPart.Footer = Footer(l);
            var footerId = main.GetIdOfPart(footerPart);

            // Written element by element: a plan of a thousand activities never sits in memory as one document tree.
            using var writer = OpenXmlWriter.Create(main);
            writer.WriteStartElement(new Document(), [], Namespaces);
            writer.WriteStartElement(new Body());
            var body = new BodyWriter(writer);
            body.Append(P(l.Title, "Title"));
            body.Append(P(pack.Heading));
            if (pack.PreviousMeeting is { } previous && pack.Report is null)
            {
                body.Append(P($"{l.PreviousMeeting}: {PackBuilder.Date(previous)}"));
            }

            if (pack.Introduction is { } introduction)
            {
                body.Append(P(introduction));
            }

            body.Append(P(l.Agenda, "Heading1"));
            foreach (var (item, i) in pack.Agenda.Select((item, i) => (item, i)))
            {
                body.Append(P($"{i + 1}. {item}"));
            }

            body.Append(P(l.Summary, "Heading1"));
            body.Append(P(l.ByStatus, "Heading2"));
            body.Append(Table([l.Status, l.Activities], pack.Summary.Select(s => new[] { s.Label, N(s.Activities) })));
            if (chartPng is not null)
            {
                var image = main.AddImagePart(ImagePartType.Png);
                using (var png = new MemoryStream(chartPng))
                {
                    image.FeedData(png);
                }

                body.Append(new Paragraph(new Run(Picture(main.GetIdOfPart(image), l.Chart))));
            }

            body.Append(P(l.ByArea, "Heading2"));
            body.Append(Table([l.Area, .. pack.Summary.Select(s => s.Label), l.Total], pack.Areas.Select(a => (string[])[a.Title, .. a.Counts.Select(N), N(a.Total)])));

            body.Append(P(l.Overdue, "Heading1"));
            if (pack.Overdue.Count == 0)
            {
                body.Append(P(l.NothingOverdue));
            }
            else
            {
                body.Append(Table([l.Activity, l.Institution, l.Period, l.DueDate, l.WorkingDaysOverdue, l.EscalationLevel, l.LastMail, l.EscalationHistory],
                    pack.Overdue.Select(o => new[]
                    {
                        $"{o.ActivityCode} {o.ActivityTitle}", o.Institution, o.Period, PackBuilder.Date(o.DueDate), N(o.WorkingDaysOverdue), N(o.EscalationLevel), o.LastMail ?? "–",
                        string.Join("\n", o.History.Select(h => h.Text)),
                    })));
            }

            body.Append(P(l.Activities, "Heading1"));
            foreach (var a in pack.Activities)
            {
                body.Append(P($"{a.Code} {a.Title}", "Heading2"));
                body.Append(P($"{l.Area}: {a.AreaTitle}"));
                body.Append(P($"{l.Timeframe}: {a.Timeframe}"));
                body.Append(P($"{l.Status}: {a.Implementation}"));
                body.Append(P($"{l.Implementers}: {(a.Implementers.Count == 0 ? l.NoImplementer : string.Join(", ", a.Implementers))}"));
                if (a.Reports.Count == 0)
                {
                    body.Append(P(l.NoReports));
                }
                else
                {
                    body.Append(Table([l.Institution, l.Status, l.Submitted, l.IndicatorValues, l.Narrative, l.Evidence],
                        a.Reports.Select(r => new[]
                        {
                            r.Institution, r.StatusLabel, r.SubmittedOn is { } d ? l.Received(d, r.Late) : string.Empty,
                            string.Join("\n", r.Indicators.Select(i => $"{i.Name}: {i.Value}")), r.Narrative, string.Join("\n", r.EvidenceLinks),
                        })));
                }

                if (pack.PreviousMeeting is not null)
                {
                    body.Append(P($"{l.ChangesSince}: {(a.Changes.Count == 0 ? l.NoChanges : string.Join("; ", a.Changes))}"));
                }
            }

            body.Append(P(l.IndicatorTable, "Heading1"));
            body.Append(Table([l.Activity, l.Indicator, l.Sum, l.Target, l.Reporting],
                pack.Indicators.Select(i => new[] { i.ActivityCode, i.Indicator, MailFormat.Number(i.Total, pack.Language), i.Target is { } t ? MailFormat.Number(t, pack.Language) : string.Empty, N(i.Institutions) })));

            // The Government's report states where the plan stands; the Working Group's decisions stay in the meeting packs.
            if (pack.Report is null)
            {
                body.Append(P(l.ItemsForDecision, "Heading1"));
                body.Append(pack.Decisions.Count == 0
                    ? P(l.NoDecisions)
                    : Table([l.ItemsForDecision, l.Activity, l.Institution, string.Empty], pack.Decisions.Select(d => new[] { d.Kind, d.ActivityCode, d.Institution, d.Text })));
            }

            // A4 portrait, with the page-number footer on every page.
            body.Append(new SectionProperties(
                new FooterReference { Type = HeaderFooterValues.Default, Id = footerId },
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1134, Right = 1134U, Bottom = 1134, Left = 1134U, Header = 567U, Footer = 567U, Gutter = 0U }));
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.Close();
        }

        return StableZip.Normalize(stream, pack.Meeting);
    }

    // Declared once on the document, as Word itself does, rather than on each picture.
    private static readonly KeyValuePair<string, string>[] Namespaces =
    [
        new("w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
        new("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
        new("wp", "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
        new("a", "http://schemas.openxmlformats.org/drawingml/2006/main"),
        new("pic", "http://schemas.openxmlformats.org/drawingml/2006/picture"),
    ];

    /// <summary>The body as it is written: each appended block goes straight to the part.</summary>
    private sealed class BodyWriter(OpenXmlWriter writer)
    {
        public void Append(OpenXmlElement element) => writer.WriteElement(element);
    }

    private static Paragraph P(string text, string? style = null)
    {
        var paragraph = new Paragraph();
        if (style is not null)
        {
            paragraph.Append(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        }

        paragraph.Append(Run(text));
        return paragraph;
    }

    // Line breaks in the text become Word line breaks rather than being lost.
    private static Run Run(string text)
    {
        var run = new Run();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                run.Append(new Break());
            }

            run.Append(new Text(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
        }

        return run;
    }

    private static Table Table(IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        var table = new Table(new TableProperties(
            new TableStyle { Val = TableStyle },
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableLook { Val = "04A0", FirstRow = true, LastRow = false, FirstColumn = false, LastColumn = false, NoHorizontalBand = false, NoVerticalBand = true }));
        table.Append(new TableGrid(header.Select(_ => new GridColumn { Width = (9638 / header.Count).ToString(CultureInfo.InvariantCulture) })));
        // The header row repeats on every page the table runs over.
        table.Append(Row(header, new TableRowProperties(new TableHeader(), new CantSplit())));
        foreach (var row in rows)
        {
            table.Append(Row(row, null));
        }

        return table;
    }

    private static TableRow Row(IEnumerable<string> cells, TableRowProperties? properties)
    {
        var row = new TableRow();
        if (properties is not null)
        {
            row.Append(properties);
        }

        foreach (var cell in cells)
        {
            row.Append(new TableCell(new Paragraph(Run(cell))));
        }

        return row;
    }

    private static Footer Footer(PackLabels l) => new(new Paragraph(
        new ParagraphProperties(new ParagraphStyleId { Val = "Footer" }, new Justification { Val = JustificationValues.Center }),
        new Run(new Text($"{l.Page} ") { Space = SpaceProcessingModeValues.Preserve }),
        new SimpleField(new Run(new Text("1"))) { Instruction = " PAGE " },
        new Run(new Text($" {l.Of} ") { Space = SpaceProcessingModeValues.Preserve }),
        new SimpleField(new Run(new Text("1"))) { Instruction = " NUMPAGES " }));

    private static Styles Styles(string language)
    {
        var lang = language == MailLanguages.MontenegrinCyrillic ? "sr-Cyrl-ME" : language == MailLanguages.Montenegrin ? "sr-Latn-ME" : "en-GB";
        Style Paragraph(string id, string name, string? basedOn, StyleRunProperties run, StyleParagraphProperties? paragraph = null, bool primary = true)
        {
            var style = new Style { Type = StyleValues.Paragraph, StyleId = id };
            style.Append(new StyleName { Val = name });
            if (basedOn is not null)
            {
                style.Append(new BasedOn { Val = basedOn });
            }

            style.Append(new NextParagraphStyle { Val = "Normal" });
            if (primary)
            {
                style.Append(new PrimaryStyle());
            }

            if (paragraph is not null)
            {
                style.Append(paragraph);
            }

            style.Append(run);
            return style;
        }

        var normal = Paragraph("Normal", "Normal", null, new StyleRunProperties(new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri", ComplexScript = "Calibri" }, new FontSize { Val = "22" }),
            new StyleParagraphProperties(new SpacingBetweenLines { After = "120" }));
        normal.Default = true;
        var table = new Style { Type = StyleValues.Table, StyleId = TableStyle };
        table.Append(
            new StyleName { Val = "Pack Table" },
            new BasedOn { Val = "TableNormal" },
            new PrimaryStyle(),
            new StyleParagraphProperties(new SpacingBetweenLines { After = "0" }),
            new StyleRunProperties(new FontSize { Val = "18" }),
            new StyleTableProperties(
                new TableBorders(
                    new TopBorder { Val = BorderValues.Single, Size = 4U, Color = "808080" },
                    new LeftBorder { Val = BorderValues.Single, Size = 4U, Color = "808080" },
                    new BottomBorder { Val = BorderValues.Single, Size = 4U, Color = "808080" },
                    new RightBorder { Val = BorderValues.Single, Size = 4U, Color = "808080" },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4U, Color = "808080" },
                    new InsideVerticalBorder { Val = BorderValues.Single, Size = 4U, Color = "808080" }),
                new TableCellMarginDefault(new TopMargin { Width = "40", Type = TableWidthUnitValues.Dxa }, new TableCellLeftMargin { Width = 80, Type = TableWidthValues.Dxa },
                    new BottomMargin { Width = "40", Type = TableWidthUnitValues.Dxa }, new TableCellRightMargin { Width = 80, Type = TableWidthValues.Dxa })),
            new TableStyleProperties(
                new StyleRunProperties(new Bold()),
                new TableStyleConditionalFormattingTableCellProperties(new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = "E8EEF4" }))
            { Type = TableStyleOverrideValues.FirstRow });
        var tableNormal = new Style { Type = StyleValues.Table, StyleId = "TableNormal", Default = true };
        tableNormal.Append(new StyleName { Val = "Normal Table" }, new UIPriority { Val = 99 }, new SemiHidden(), new UnhideWhenUsed(),
            new StyleTableProperties(new TableIndentation { Width = 0, Type = TableWidthUnitValues.Dxa },
                new TableCellMarginDefault(new TopMargin { Width = "0", Type = TableWidthUnitValues.Dxa }, new TableCellLeftMargin { Width = 108, Type = TableWidthValues.Dxa },
                    new BottomMargin { Width = "0", Type = TableWidthUnitValues.Dxa }, new TableCellRightMargin { Width = 108, Type = TableWidthValues.Dxa })));

        return new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(new Languages { Val = lang })),
                new ParagraphPropertiesDefault()),
            normal,
            Paragraph("Title", "Title", "Normal", new StyleRunProperties(new Bold(), new FontSize { Val = "40" }), new StyleParagraphProperties(new SpacingBetweenLines { After = "240" })),
            Paragraph("Heading1", "heading 1", "Normal", new StyleRunProperties(new Bold(), new Color { Val = "1F3864" }, new FontSize { Val = "32" }),
                new StyleParagraphProperties(new KeepNext(), new KeepLines(), new SpacingBetweenLines { Before = "360", After = "120" }, new OutlineLevel { Val = 0 })),
            Paragraph("Heading2", "heading 2", "Normal", new StyleRunProperties(new Bold(), new Color { Val = "2F5496" }, new FontSize { Val = "26" }),
                new StyleParagraphProperties(new KeepNext(), new KeepLines(), new SpacingBetweenLines { Before = "240", After = "80" }, new OutlineLevel { Val = 1 })),
            Paragraph("Footer", "footer", "Normal", new StyleRunProperties(new FontSize { Val = "18" }), primary: false),
            tableNormal,
            table);
    }

    private static Drawing Picture(string relationshipId, string description)
    {
        // 16 cm wide, at the chart's aspect ratio (EMU: 360,000 per cm).
        const long cx = 5_760_000L;
        const long cy = cx * PackChart.Height / PackChart.Width;
        return new Drawing(new DW.Inline(
            new DW.Extent { Cx = cx, Cy = cy },
            new DW.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
            new DW.DocProperties { Id = 1U, Name = "Summary chart", Description = description },
            new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            new A.Graphic(new A.GraphicData(
                new PIC.Picture(
                    new PIC.NonVisualPictureProperties(new PIC.NonVisualDrawingProperties { Id = 0U, Name = "chart.png" }, new PIC.NonVisualPictureDrawingProperties()),
                    new PIC.BlipFill(new A.Blip { Embed = relationshipId }, new A.Stretch(new A.FillRectangle())),
                    new PIC.ShapeProperties(
                        new A.Transform2D(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = cx, Cy = cy }),
                        new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        { DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U });
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
