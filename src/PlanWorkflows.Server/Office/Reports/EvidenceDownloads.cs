using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Replies;

namespace PlanWorkflows.Server.Office.Reports;

/// <summary>
/// Evidence files of reports, for the Office and the Working Group secretary only. A file is always a download
/// (<c>Content-Disposition: attachment</c>, <c>nosniff</c>, a sandboxing CSP), never rendered by the browser as a page
/// of this site: its type is one of a short list of document and image types when both the stored type and the
/// name's extension say so, and plain bytes otherwise, so an uploaded HTML or SVG file cannot run as script here.
/// Files are rows found by their number, so no path of the server's disk is ever built from a request.
/// </summary>
public static class EvidenceDownloads
{
    public const string Path = OfficePaths.Root + "/evidence";
    public const string Bytes = "application/octet-stream";

    private static readonly Dictionary<string, string> SafeTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".doc"] = "application/msword",
        [".xls"] = "application/vnd.ms-excel",
        [".odt"] = "application/vnd.oasis.opendocument.text",
        [".ods"] = "application/vnd.oasis.opendocument.spreadsheet",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".png"] = "image/png",
        [".txt"] = "text/plain",
        [".csv"] = "text/csv",
    };

    public static string Link(long evidenceId) => $"{Path}/{evidenceId.ToString(CultureInfo.InvariantCulture)}";

    public static void Map(RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/evidence/{id:long}", DownloadAsync).RequireAuthorization(OfficePolicies.Secretary);
    }

    /// <summary>
    /// The type a file is served with: the listed type of its extension when the stored type (what the sender said) is
    /// that type too, else plain bytes. Text gets a charset, so no browser guesses one.
    /// </summary>
    public static string SafeContentType(string? fileName, string? storedType)
    {
        var extension = System.IO.Path.GetExtension(fileName ?? string.Empty);
        if (!SafeTypes.TryGetValue(extension, out var type))
        {
            return Bytes;
        }

        var stored = (storedType ?? string.Empty).Split(';')[0].Trim();
        var agrees = string.Equals(stored, type, StringComparison.OrdinalIgnoreCase)
            // Form uploads of these are checked by their first bytes and stored with the listed type; mail clients
            // often send documents as bytes, which is no reason to refuse the listed (inert) type.
            || (string.Equals(stored, Bytes, StringComparison.OrdinalIgnoreCase) && !type.StartsWith("text/", StringComparison.Ordinal));
        return !agrees ? Bytes : type.StartsWith("text/", StringComparison.Ordinal) ? type + "; charset=utf-8" : type;
    }

    /// <summary>The name a download is saved under: the last part of the stored name, without control characters; <c>evidence</c> when nothing is left.</summary>
    public static string SafeFileName(string? fileName)
    {
        var name = (fileName ?? string.Empty).Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var clean = new StringBuilder(name.Length);
        foreach (var c in name.Where(c => !char.IsControl(c) && c != '"'))
        {
            clean.Append(c);
        }

        var result = clean.ToString().Trim().TrimStart('.');
        return result.Length == 0 ? "evidence" : result;
    }

    private static async Task<IResult> DownloadAsync(long id, HttpContext http, Func<PlanDbContext> createContext)
    {
        await using var db = createContext();
        var file = await ReportInbox.EvidenceAsync(db, id, http.RequestAborted).ConfigureAwait(false);
        if (file is null)
        {
            return Results.NotFound();
        }

        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        // Should a browser render it anyway, it renders with no script, no plugins and no origin.
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        var name = SafeFileName(file.FileName);
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(name);
        headers.ContentDisposition = disposition.ToString();
        return Results.Bytes(file.Content, SafeContentType(name, file.ContentType));
    }
}
