using System.Net;
using Microsoft.AspNetCore.StaticFiles;
using PlanWorkflows.Server.Office;

namespace PlanWorkflows.Server.Studio;

/// <summary>
/// Elsa Studio (npm <c>@elsa-workflows/elsa-studio-wasm</c>, Blazor WebAssembly custom elements) in the Office app: its files
/// under <c>/office/studio/</c> and a page per definition with the workflow editor pointed at <see cref="ElsaApi"/>.
/// The package is installed by the build (<c>npm ci</c> in src/PlanWorkflows.Studio), never committed; nothing is loaded
/// from another site (the package's web-font links are dropped).
/// </summary>
public static class StudioEndpoints
{
    public const string PathBase = "/office/studio";
    public const string PackageFolder = "node_modules/@elsa-workflows/elsa-studio-wasm";

    /// <summary>
    /// Blazor WebAssembly compiles .NET's runtime (<c>wasm-unsafe-eval</c>); MudBlazor and Radzen set inline styles; Monaco
    /// starts workers from blob URLs; the one inline script Studio adds (its editor's hotkeys) is allowed by its hash, for
    /// package 3.8.2. Only these pages get this policy; every other page keeps the service's strict one.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-snlP1jz0gjwc5cTz9ErZcliXuCK63+Mmf68RRCeptgc='; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static readonly FileExtensionContentTypeProvider ContentTypes = NewContentTypes();

    public static void Map(IEndpointRouteBuilder routes, string? folder)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var root = folder is null ? null : Path.GetFullPath(folder);
        var page = routes.MapGroup(PathBase).RequireAuthorization(OfficePolicies.Viewer);
        page.MapGet("/definitions/{definitionId}", (string definitionId, HttpContext http) => Page(root, definitionId, http));
        // The package's files are public (npm); no sign-in is needed for them, only for the page and the API.
        routes.MapGet(PathBase + "/{**file}", (string file, HttpContext http) => Asset(root, file, http));
    }

    /// <summary>The package folder: configured (<c>Studio:Folder</c>), else src/PlanWorkflows.Studio above the program.</summary>
    public static string? Locate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration["Studio:Folder"] is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "PlanWorkflows.Studio", PackageFolder);
            if (File.Exists(Path.Combine(candidate, "index.html")))
            {
                return candidate;
            }
        }

        return null;
    }

    private static IResult Page(string? root, string definitionId, HttpContext http)
    {
        var r = OfficeRequest.For(http);
        if (root is null || !File.Exists(Path.Combine(root, "index.html")))
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                title: r.T("Elsa Studio is not installed: run `npm ci` in src/PlanWorkflows.Studio", "Elsa Studio nije instaliran: pokrenite `npm ci` u src/PlanWorkflows.Studio"));
        }

        // Studio takes the endpoint as an absolute address (a bare path becomes file:///…).
        var endpoint = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{ElsaApi.Path}";
        var html = Rewrite(File.ReadAllText(Path.Combine(root, "index.html")), definitionId, endpoint, r);
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>The package's index.html under our path: base href, no internet fonts, the editor element for the definition.</summary>
    internal static string Rewrite(string index, string definitionId, string endpoint, OfficeRequest r)
    {
        var lines = index.Split('\n')
            .Where(l => !l.Contains("fonts.googleapis.com", StringComparison.Ordinal) && !l.Contains("fonts.gstatic.com", StringComparison.Ordinal))
            .Select(l => l.Contains("<base ", StringComparison.Ordinal) ? $"    <base href=\"{PathBase}/\"/>" : l)
            .Select(l => l.Contains("<title>", StringComparison.Ordinal) ? $"    <title>{WebUtility.HtmlEncode(r.T("Elsa Studio", "Elsa Studio"))}: {WebUtility.HtmlEncode(definitionId)}</title>" : l)
            .Select(l => l.TrimStart().StartsWith("<elsa-studio-workflow-definition-editor", StringComparison.Ordinal)
                ? $"<nav class=\"studio-bar\"><a href=\"/office\">{WebUtility.HtmlEncode(r.T("Back to the Office", "Nazad u Kancelariju"))}</a></nav>\n" +
                  $"<elsa-workflow-definition-editor definition-id=\"{WebUtility.HtmlEncode(definitionId)}\" remote-endpoint=\"{WebUtility.HtmlEncode(endpoint)}\"></elsa-workflow-definition-editor>"
                : l);
        var html = string.Join('\n', lines);
        return html.Replace("<html lang=\"en\">", $"<html lang=\"{(r.T("en", "cnr") == "en" ? "en" : "sr-Latn-ME")}\">", StringComparison.Ordinal);
    }

    private static IResult Asset(string? root, string file, HttpContext http)
    {
        if (root is null || string.IsNullOrEmpty(file))
        {
            return Results.NotFound();
        }

        var path = Path.GetFullPath(Path.Combine(root, file));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path)
            || string.Equals(Path.GetFileName(path), "index.html", StringComparison.OrdinalIgnoreCase))
        {
            return Results.NotFound();
        }

        if (!ContentTypes.TryGetContentType(path, out var contentType))
        {
            contentType = "application/octet-stream";
        }

        http.Response.Headers.Vary = "Accept-Encoding";
        http.Response.Headers.CacheControl = "no-cache";
        // The package ships Brotli copies beside its files: 9 MB on the wire instead of 30.
        if (http.Request.Headers.AcceptEncoding.ToString().Contains("br", StringComparison.Ordinal) && File.Exists(path + ".br"))
        {
            http.Response.Headers.ContentEncoding = "br";
            path += ".br";
        }

        var info = new FileInfo(path);
        var tag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}\"");
        return Results.File(path, contentType, lastModified: info.LastWriteTimeUtc, entityTag: tag);
    }

    private static FileExtensionContentTypeProvider NewContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".wasm"] = "application/wasm";
        provider.Mappings[".dat"] = "application/octet-stream";
        provider.Mappings[".blat"] = "application/octet-stream";
        provider.Mappings[".webmanifest"] = "application/manifest+json";
        return provider;
    }
}
