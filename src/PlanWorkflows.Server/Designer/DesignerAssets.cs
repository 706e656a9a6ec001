using System.Security.Cryptography;
using PlanWorkflows.Server.Office;

namespace PlanWorkflows.Server.Designer;

/// <summary>
/// The built front-end (src/PlanWorkflows.Designer/dist), embedded in the program by the Server's build:
/// no static-file folder to deploy, and a program built without it says so instead of serving a blank page.
/// </summary>
internal static class DesignerAssets
{
    public const string Script = "designer.js";
    public const string Stylesheet = "designer.css";

    private static readonly Dictionary<string, Lazy<Asset?>> Assets = new(StringComparer.Ordinal)
    {
        [Script] = new(() => Load(Script, "text/javascript; charset=utf-8")),
        [Stylesheet] = new(() => Load(Stylesheet, "text/css; charset=utf-8")),
    };

    // No inline script or style: the page works under a Content-Security-Policy of 'self'.
    public static string Head { get; } =
        $"<link rel=\"stylesheet\" href=\"{DesignerEndpoints.PagePath}/assets/{Stylesheet}\"><script src=\"{DesignerEndpoints.PagePath}/assets/{Script}\" defer></script>";

    /// <summary>
    /// The element the script fills, inside the Office's frame. The anti-forgery token travels in the page, not in a
    /// cookie the script reads, so every cookie stays HttpOnly; the token is URL-safe base64 and needs no escaping.
    /// The script speaks the page's language (<c>en</c> or <c>cnr</c>, as the Office chose it), never its own guess.
    /// </summary>
    public static string Body(string csrfToken, OfficeRequest r) => $$"""
        <div id="designer-app" data-api="{{DesignerEndpoints.ApiPath}}" data-csrf-token="{{csrfToken}}" data-csrf-header="{{DesignerEndpoints.CsrfHeader}}" data-lang="{{r.Lang}}">
        <noscript>{{r.T("The workflow designer needs JavaScript.", "Dizajner tokova rada zahtijeva JavaScript.")}}</noscript>
        </div>
        """;

    public static bool Embedded => Assets.Values.All(a => a.Value is not null);

    public static Asset? Find(string name) => Assets.TryGetValue(name, out var asset) ? asset.Value : null;

    private static Asset? Load(string name, string contentType)
    {
        using var stream = typeof(DesignerAssets).Assembly.GetManifestResourceStream($"PlanWorkflows.Server.Designer.{name}");
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Create(buffer.ToArray(), contentType);
    }

    private static Asset Create(byte[] bytes, string contentType) =>
        new(bytes, contentType, $"\"{Convert.ToHexString(SHA256.HashData(bytes))[..16]}\"");

    internal sealed record Asset(byte[] Content, string ContentType, string ETag);
}
