using System.Net;
using System.Text;
using Microsoft.AspNetCore.StaticFiles;
using PlanWorkflows.Core.Packs;

namespace PlanWorkflows.Server.Hosting;

/// <summary>
/// The pack archive over HTTP: <c>/packs/{folder}/?sig=…</c> lists a meeting's files with their own signed links,
/// <c>/packs/{folder}/{file}?sig=…</c> returns the file exactly as archived. Without a valid signature, or with a
/// name that is not a plain archive name, the answer is 404, so a refused link tells nothing about what exists.
/// </summary>
public static class PackEndpoints
{
    public const string Prefix = "/packs";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<PackOptions>();
        var links = new Lazy<PackLinks>(() => PackLinks.For(options), LazyThreadSafetyMode.PublicationOnly);
        endpoints.MapGet(Prefix + "/{folder}/", (string folder, HttpContext context) =>
        {
            if (!links.Value.Verify(folder, null, context.Request.Query[PackLinks.SignatureParameter]) || Resolve(options, folder, null) is not { } path || !Directory.Exists(path))
            {
                return Results.NotFound();
            }

            var html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(folder)).Append("</title></head><body>\n<h1>")
                .Append(WebUtility.HtmlEncode(folder)).Append("</h1>\n<ul>\n");
            foreach (var file in Directory.GetFiles(path).Select(Path.GetFileName).OfType<string>().Where(PackLinks.IsSafeName).Order(StringComparer.Ordinal))
            {
                html.Append("<li><a href=\"").Append(WebUtility.HtmlEncode(links.Value.Url(Prefix, folder, file))).Append("\">").Append(WebUtility.HtmlEncode(file)).Append("</a></li>\n");
            }

            html.Append("</ul>\n</body></html>\n");
            return Results.Content(html.ToString(), "text/html; charset=utf-8");
        });
        endpoints.MapGet(Prefix + "/{folder}/{file}", (string folder, string file, HttpContext context) =>
        {
            if (!links.Value.Verify(folder, file, context.Request.Query[PackLinks.SignatureParameter]) || Resolve(options, folder, file) is not { } path || !File.Exists(path))
            {
                return Results.NotFound();
            }

            // Archived packs never change: the bytes on disk are the bytes the secretary received.
            context.Response.Headers.CacheControl = "private, max-age=86400";
            var type = ContentTypes.TryGetContentType(file, out var known) ? known : "application/octet-stream";
            if (type is "text/html" or "image/png")
            {
                // Opened in the browser; the pack's page needs nothing but its inline styles and chart.
                context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";
                return Results.File(path, type);
            }

            return Results.File(path, type, file);
        });
    }

    /// <summary>The full path of an archive entry, or null when the names could leave the archive folder.</summary>
    private static string? Resolve(PackOptions options, string folder, string? file)
    {
        if (!PackLinks.IsSafeName(folder) || (file is not null && !PackLinks.IsSafeName(file)))
        {
            return null;
        }

        var root = Path.GetFullPath(options.ArchiveFolder);
        var path = Path.GetFullPath(file is null ? Path.Combine(root, folder) : Path.Combine(root, folder, file));
        return path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? path : null;
    }
}
