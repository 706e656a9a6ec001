using System.Text;

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
        // Written as it is made (UTF-8 without a byte-order mark, as before) rather than held as one string and its bytes.
        using (var html = new StreamWriter(stem + ".html", append: false, new UTF8Encoding(false)))
        {
            HtmlPackWriter.Write(pack, html, chart);
        }

        files.Add(stem + ".html");
        Save(".png", chart);
        return files;
    }

    /// <summary>
    /// Gives the memory a build used back to the system. A pack is built once per meeting, and the collector would
    /// otherwise keep the build's heap committed for the weeks the service then idles, and start the next build on top of it.
    /// </summary>
    public static void ReleaseMemory() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
