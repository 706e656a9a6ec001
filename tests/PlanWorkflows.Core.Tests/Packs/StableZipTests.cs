using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using PlanWorkflows.Core.Packs;

namespace PlanWorkflows.Core.Tests.Packs;

/// <summary>The rewrite that makes packs byte-stable reads parts in slices; ids cut by a slice's end must come out as if read whole.</summary>
public sealed class StableZipTests
{
    private static readonly DateOnly Stamp = new(2013, 1, 24);

    [Fact]
    public void Ids_and_part_names_across_slice_boundaries_are_renamed_as_in_the_whole_text()
    {
        // Ids and core-properties names at every offset around the 16 Ki-character slices, the same id several times.
        var random = new Random(7);
        string Hex(int n) => string.Concat(Enumerable.Range(0, n).Select(_ => "0123456789abcdef"[random.Next(16)]));
        var ids = Enumerable.Range(0, 40).Select(_ => "R" + Hex(16)).ToList();
        var text = new StringBuilder("<?xml version=\"1.0\"?><root>");
        while (text.Length < 120_000)
        {
            text.Append(random.Next(5) switch
            {
                0 => $"<a r:id=\"{ids[random.Next(ids.Count)]}\"/>",
                1 => $"<b Target=\"/package/services/metadata/core-properties/{Hex(32)}.psmdcp\"/>",
                // Look-alikes that must stay: an id not as a whole attribute value, uppercase hex.
                2 => $"<c>R{Hex(16)}</c><d v=\"R{Hex(16).ToUpperInvariant()}\"/>",
                3 => "<p>Čemu služi izvještaj – „pregled“ 🙂</p>",
                _ => new string('x', random.Next(1, 300)),
            });
        }

        text.Append("</root>");
        var package = new MemoryStream();
        using (var zip = new ZipArchive(package, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var part = new StreamWriter(zip.CreateEntry("word/document.xml").Open(), new UTF8Encoding(false));
            part.Write(text.ToString());
        }

        using var normalized = new ZipArchive(new MemoryStream(StableZip.Normalize(package, Stamp)), ZipArchiveMode.Read);
        using var reader = new StreamReader(normalized.GetEntry("word/document.xml")!.Open(), Encoding.UTF8);

        Assert.Equal(WholeText(text.ToString()), reader.ReadToEnd());
    }

    [Fact]
    public void The_same_package_gives_the_same_bytes_whatever_the_wall_clock()
    {
        static MemoryStream Package(DateTimeOffset written)
        {
            var package = new MemoryStream();
            using var zip = new ZipArchive(package, ZipArchiveMode.Create, leaveOpen: true);
            var entry = zip.CreateEntry("_rels/.rels");
            entry.LastWriteTime = written;
            using var part = new StreamWriter(entry.Open());
            part.Write("<Relationships><Relationship Id=\"R0123456789abcdef\" Target=\"/package/services/metadata/core-properties/0123456789abcdef0123456789abcdef.psmdcp\"/></Relationships>");
            return package;
        }

        var first = StableZip.Normalize(Package(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero)), Stamp);
        var second = StableZip.Normalize(Package(new DateTimeOffset(2026, 6, 30, 17, 30, 0, TimeSpan.Zero)), Stamp);

        Assert.Equal(first, second);
        using var zip = new ZipArchive(new MemoryStream(first), ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.Entries.Single().Open());
        Assert.Equal("<Relationships><Relationship Id=\"rIdPw1\" Target=\"/package/services/metadata/core-properties/core.psmdcp\"/></Relationships>", reader.ReadToEnd());
    }

    // What the rewrite means, on the whole text at once.
    private static string WholeText(string text)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var renamed = Regex.Replace(text, "=\"(R[0-9a-f]{16})\"", m => "=\"" + (ids.TryGetValue(m.Groups[1].Value, out var id) ? id : ids[m.Groups[1].Value] = $"rIdPw{ids.Count + 1}") + "\"");
        return Regex.Replace(renamed, "core-properties/[0-9a-f]{32}\\.psmdcp", "core-properties/core.psmdcp");
    }
}
