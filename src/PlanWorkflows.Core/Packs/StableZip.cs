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
    // Parts are rewritten slice by slice, never read whole: a plan's document part runs to megabytes, and a string of
    // it (plus its bytes) would land on the large-object heap for every pack built. A slice stays under that threshold.
    private const int Slice = 16 * 1024;

    // Longer than any match (a core-properties name is 55 characters), so a match cut by a slice's end is found whole in the next.
    private const int Overlap = 64;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The package read from <paramref name="package"/>'s start, rewritten.</summary>
    public static byte[] Normalize(Stream package, DateOnly stamp)
    {
        ArgumentNullException.ThrowIfNull(package);
        var time = new DateTimeOffset(stamp.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        string Rename(string id) => ids.TryGetValue(id, out var renamed) ? renamed : ids[id] = $"rIdPw{ids.Count + 1}";

        package.Position = 0;
        using var input = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true);
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries)
            {
                var copy = zip.CreateEntry(CoreProperties().Replace(entry.FullName, CorePropertiesName), CompressionLevel.Optimal);
                copy.LastWriteTime = time;
                using var from = entry.Open();
                using var to = copy.Open();
                if (IsXml(entry.FullName))
                {
                    Rewrite(from, to, Rename);
                }
                else
                {
                    from.CopyTo(to);
                }
            }
        }

        return output.ToArray();
    }

    private const string CorePropertiesName = "core-properties/core.psmdcp";

    /// <summary>Copies the text with random ids and the core-properties name replaced, a slice at a time.</summary>
    private static void Rewrite(Stream from, Stream to, Func<string, string> rename)
    {
        using var reader = new StreamReader(from, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, Slice);
        using var writer = new StreamWriter(to, Utf8, Slice);
        var buffer = new char[Slice + Overlap];
        var matches = new List<(int Index, int Length, bool Id)>();
        var kept = 0;
        while (true)
        {
            var read = reader.ReadBlock(buffer, kept, Slice);
            var length = kept + read;
            var last = read < Slice;
            // Text before `safe` is final; a match starting there ends inside the buffer (it is shorter than the overlap).
            var safe = last ? length : length - Overlap;
            var text = buffer.AsSpan(0, length);
            matches.Clear();
            foreach (var m in RandomId().EnumerateMatches(text))
            {
                if (m.Index < safe)
                {
                    matches.Add((m.Index, m.Length, true));
                }
            }

            foreach (var m in CoreProperties().EnumerateMatches(text))
            {
                if (m.Index < safe)
                {
                    matches.Add((m.Index, m.Length, false));
                }
            }

            // The two patterns never overlap (an id is quoted, a part name holds no quote), so order by position is enough.
            matches.Sort((a, b) => a.Index.CompareTo(b.Index));
            var at = 0;
            foreach (var (index, matchLength, id) in matches)
            {
                writer.Write(buffer, at, index - at);
                // `="R0123456789abcdef"`: the id sits between the two quotes.
                writer.Write(id ? "=\"" + rename(new string(buffer, index + 2, matchLength - 3)) + "\"" : CorePropertiesName);
                at = index + matchLength;
            }

            var cut = Math.Max(at, safe);
            writer.Write(buffer, at, cut - at);
            if (last)
            {
                return;
            }

            kept = length - cut;
            Array.Copy(buffer, cut, buffer, 0, kept);
        }
    }

    private static bool IsXml(string name) =>
        name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".psmdcp", StringComparison.OrdinalIgnoreCase);

    // Only as a whole attribute value, so text that happens to look like an id is left alone.
    [GeneratedRegex("=\"(R[0-9a-f]{16})\"")]
    private static partial Regex RandomId();

    [GeneratedRegex("core-properties/[0-9a-f]{32}\\.psmdcp")]
    private static partial Regex CoreProperties();
}
