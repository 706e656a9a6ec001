using System.IO.Compression;

namespace PlanWorkflows.Core.Packs;

/// <summary>
/// Rewrites a package with every entry stamped with one given time. The packaging libraries stamp
/// entries with the wall clock, which would make two builds of the same pack differ.
/// </summary>
internal static class StableZip
{
    public static byte[] Normalize(byte[] package, DateOnly stamp)
    {
        var time = new DateTimeOffset(stamp.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        using var input = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries)
            {
                var copy = zip.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = time;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }

        return output.ToArray();
    }
}
