using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace PlanWorkflows.Core.Packs;

/// <summary>
/// Rewrites a package so the same content gives the same bytes. The packaging libraries stamp entries
/// with the wall clock, name relationships with random ids ("R3f2a…") and the core-properties part with
/// a random GUID; those become one given time and ids numbered in order of first use.
/// </summary>
internal static partial class StableZip
{
    public static byte[] Normalize(byte[] package, DateOnly stamp)
    {
        var time = new DateTimeOffset(stamp.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        string Rename(Match m) => "=\"" + (ids.TryGetValue(m.Groups[1].Value, out var id) ? id : ids[m.Groups[1].Value] = $"rIdPw{ids.Count + 1}") + "\"";

        using var input = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries)
            {
                var copy = zip.CreateEntry(CoreProperties().Replace(entry.FullName, "core-properties/core.psmdcp"), CompressionLevel.Optimal);
                copy.LastWriteTime = time;
                using var from = entry.Open();
                using var to = copy.Open();
                if (IsXml(entry.FullName))
                {
                    using var reader = new StreamReader(from, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
                    var text = reader.ReadToEnd();
                    text = CoreProperties().Replace(RandomId().Replace(text, Rename), "core-properties/core.psmdcp");
                    var bytes = Encoding.UTF8.GetBytes(text);
                    to.Write(bytes);
                }
                else
                {
                    from.CopyTo(to);
                }
            }
        }

        return output.ToArray();
    }

    private static bool IsXml(string name) =>
        name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".psmdcp", StringComparison.OrdinalIgnoreCase);

    // Only as a whole attribute value, so text that happens to look like an id is left alone.
    [GeneratedRegex("=\"(R[0-9a-f]{16})\"")]
    private static partial Regex RandomId();

    [GeneratedRegex("core-properties/[0-9a-f]{32}\\.psmdcp")]
    private static partial Regex CoreProperties();
}
