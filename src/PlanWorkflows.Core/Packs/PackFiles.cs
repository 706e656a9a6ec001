namespace PlanWorkflows.Core.Packs;

/// <summary>Writes one pack (DOCX, XLSX annex, HTML, chart) into a folder, named by meeting (or report period) and language.</summary>
public static class PackFiles
{
    public static IReadOnlyList<string> Write(PackData pack, string folder)
    {
        ArgumentNullException.ThrowIfNull(pack);
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(folder, pack.FileStem);
        var chart = PackChart.SummaryPng(pack);
        var files = new List<string>();
        void Save(string extension, byte[] content)
        {
            File.WriteAllBytes(stem + extension, content);
            files.Add(stem + extension);
        }

        Save(".docx", DocxPackWriter.Write(pack, chart));
        Save(".xlsx", XlsxAnnexWriter.Write(pack));
        Save(".html", System.Text.Encoding.UTF8.GetBytes(HtmlPackWriter.Write(pack, chart)));
        Save(".png", chart);
        return files;
    }
}
