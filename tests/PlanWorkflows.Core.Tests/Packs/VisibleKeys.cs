using System.Net;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace PlanWorkflows.Core.Tests.Packs;

/// <summary>
/// Finds catalogue keys (area ids, institution ids) in what a person reads of a page or document. A key with a
/// hyphen (<c>prevention-and-education</c>, <c>moi-office</c>) is a slug nobody writes: it must not appear anywhere in
/// the text. A one-word key (<c>education</c>, <c>ombudsman</c>) is also an ordinary word of titles and narratives, so
/// it counts only where it stands alone as the whole of a table cell, a list item or a line.
/// </summary>
public static partial class VisibleKeys
{
    /// <summary>The pieces of text a person reads on an HTML page: cells, list items and lines, tags and styles left out.</summary>
    public static IReadOnlyList<string> OfHtml(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var body = Hidden().Replace(html, " ");
        // Each cell, item, heading or line break ends a piece.
        body = Breaks().Replace(body, "\n");
        var text = WebUtility.HtmlDecode(Tag().Replace(body, " "));
        return [.. text.Split('\n').Select(t => Spaces().Replace(t, " ").Trim()).Where(t => t.Length > 0)];
    }

    /// <summary>The paragraphs (in and out of tables) of a DOCX as a person reads them.</summary>
    public static IReadOnlyList<string> OfDocx(byte[] docx)
    {
        ArgumentNullException.ThrowIfNull(docx);
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return [.. document.MainDocumentPart!.Document.Body!.Descendants<Paragraph>()
            .SelectMany(p => string.Concat(p.Descendants().Select(e => e switch { Text t => t.Text, Break => "\n", _ => string.Empty })).Split('\n'))
            .Select(t => t.Trim()).Where(t => t.Length > 0)];
    }

    /// <summary>Each key found, with the piece of text it was found in.</summary>
    public static IReadOnlyList<string> Find(IEnumerable<string> pieces, IEnumerable<string> keys)
    {
        var list = pieces.ToList();
        var found = new List<string>();
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            var slug = key.Contains('-', StringComparison.Ordinal);
            var pattern = new Regex($@"(?<![\w-]){Regex.Escape(key)}(?![\w-])", RegexOptions.CultureInvariant);
            found.AddRange(list.Where(p => slug ? pattern.IsMatch(p) : p == key).Select(p => $"'{key}' in \"{(p.Length > 120 ? p[..120] + "…" : p)}\""));
        }

        return found;
    }

    [GeneratedRegex(@"<(style|script|title)\b[^>]*>.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"<br\s*/?>|</?(td|th|li|p|h\d|tr|div|section|option|caption)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Breaks();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
