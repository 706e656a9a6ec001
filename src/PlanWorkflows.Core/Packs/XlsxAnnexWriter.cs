using ClosedXML.Excel;

namespace PlanWorkflows.Core.Packs;

/// <summary>The annex: one row per obligation, typed cells, so the secretary can sort, filter and sum.</summary>
public static class XlsxAnnexWriter
{
    // Excel refuses longer cells; titles beyond it are cut rather than the file refused.
    private const int MaxCell = 32_767;

    public static byte[] Write(PackData pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        var l = pack.Labels;
        using var workbook = new XLWorkbook();
        // ClosedXML stamps the workbook with the wall clock; the meeting date keeps archives comparable.
        var stamp = pack.Meeting.ToDateTime(new TimeOnly(12, 0));
        workbook.Properties.Created = stamp;
        workbook.Properties.Modified = stamp;
        workbook.Properties.Author = "PlanWorkflows";
        workbook.Properties.Title = pack.DocumentTitle;
        var sheet = workbook.Worksheets.Add(l.ObligationsSheet);
        string[] header = [l.Area, "#", l.Activity, l.Institution, l.Period, l.DueDate, l.Status, l.EscalationLevel, l.WorkingDaysOverdue, l.LatestReport, l.ReportedOn, l.Late, l.History];
        for (var c = 0; c < header.Length; c++)
        {
            sheet.Cell(1, c + 1).SetValue(header[c]);
        }

        // Text goes in with SetValue: the Value setter tries every string as a number, date and boolean first, which
        // costs 8 MB and a tenth of a second per 3,000 rows, and would turn a title such as "2013" into a number.
        var row = 2;
        foreach (var o in pack.Obligations)
        {
            sheet.Cell(row, 1).SetValue(Cut(o.AreaTitle));
            sheet.Cell(row, 2).SetValue(o.ActivityCode); // "1.1.10" is a code, not a number
            sheet.Cell(row, 3).SetValue(Cut(o.ActivityTitle));
            sheet.Cell(row, 4).SetValue(Cut(o.Institution));
            sheet.Cell(row, 5).SetValue(o.Period);
            sheet.Cell(row, 6).Value = o.DueDate.ToDateTime(TimeOnly.MinValue);
            sheet.Cell(row, 7).SetValue(o.Status);
            sheet.Cell(row, 8).Value = o.EscalationLevel;
            if (o.WorkingDaysOverdue is { } days)
            {
                sheet.Cell(row, 9).Value = days;
            }

            if (o.LatestReport is { } report)
            {
                sheet.Cell(row, 10).SetValue(report);
            }

            if (o.LatestReportOn is { } on)
            {
                sheet.Cell(row, 11).Value = on.ToDateTime(TimeOnly.MinValue);
            }

            if (o.LatestReportLate)
            {
                sheet.Cell(row, 12).SetValue(l.Late);
            }

            sheet.Cell(row, 13).SetValue(Cut(o.History));
            row++;
        }

        sheet.Column(6).Style.DateFormat.Format = "yyyy-mm-dd";
        sheet.Column(11).Style.DateFormat.Format = "yyyy-mm-dd";
        sheet.Row(1).Style.Font.Bold = true;
        sheet.SheetView.FreezeRows(1);
        sheet.Range(1, 1, Math.Max(1, row - 1), header.Length).SetAutoFilter();
        // Fixed widths: auto-fit measures text through GDI+, which the server does not have.
        double[] widths = [24, 10, 50, 36, 12, 12, 12, 10, 10, 24, 12, 14, 60];
        for (var c = 0; c < widths.Length; c++)
        {
            sheet.Column(c + 1).Width = widths[c];
        }

        IndicatorSheet(workbook, pack);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return StableZip.Normalize(stream, pack.Meeting);
    }

    /// <summary>The indicator table with numbers as numbers, so the secretary can add them up further.</summary>
    private static void IndicatorSheet(XLWorkbook workbook, PackData pack)
    {
        var l = pack.Labels;
        var sheet = workbook.Worksheets.Add(l.IndicatorTable.Length > 31 ? l.IndicatorTable[..31] : l.IndicatorTable);
        string[] header = [l.Activity, l.Indicator, l.Sum, l.Target, l.Reporting];
        for (var c = 0; c < header.Length; c++)
        {
            sheet.Cell(1, c + 1).SetValue(header[c]);
        }

        var row = 2;
        foreach (var total in pack.Indicators)
        {
            sheet.Cell(row, 1).SetValue(total.ActivityCode);
            sheet.Cell(row, 2).SetValue(Cut(total.Indicator));
            sheet.Cell(row, 3).Value = total.Total;
            if (total.Target is { } target)
            {
                sheet.Cell(row, 4).Value = target;
            }

            sheet.Cell(row, 5).Value = total.Institutions;
            row++;
        }

        sheet.Row(1).Style.Font.Bold = true;
        sheet.SheetView.FreezeRows(1);
        double[] widths = [14, 60, 10, 10, 14];
        for (var c = 0; c < widths.Length; c++)
        {
            sheet.Column(c + 1).Width = widths[c];
        }
    }

    private static string Cut(string text) => text.Length > MaxCell ? text[..MaxCell] : text;
}
