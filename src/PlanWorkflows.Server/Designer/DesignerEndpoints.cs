using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using PlanWorkflows.Server.Office;

namespace PlanWorkflows.Server.Designer;

/// <summary>
/// The workflow designer: its page and bundle under <c>/office/designer</c>, its JSON API under
/// <c>/office/api/designer</c>. Both hang off one group so the Office's sign-in guards them with one call.
/// </summary>
public static class DesignerEndpoints
{
    public const string PagePath = "/office/designer";
    public const string ApiPath = "/office/api/designer";

    /// <summary>Double-submit token: the page carries the cookie's value, which the script puts in this header; another site can neither read nor send it.</summary>
    public const string CsrfCookie = "pw-designer-csrf";
    public const string CsrfHeader = "X-Designer-Csrf";

    public static RouteGroupBuilder Map(IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var office = routes.MapGroup("/office");
        office.MapGet("/designer", Page);
        office.MapGet("/designer/assets/{file}", Asset);
        DesignerApi.Map(office.MapGroup("/api/designer").AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            http.Response.Headers.CacheControl = "no-store";
            if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !CsrfTokenMatches(http.Request))
            {
                return DesignerApi.Problem(StatusCodes.Status403Forbidden, new("missing or wrong anti-forgery token; reload the designer page", "nedostaje ili je pogrešan zaštitni token; ponovo učitajte stranicu dizajnera"));
            }

            return await next(context).ConfigureAwait(false);
        }));
        return office;
    }

    private static bool CsrfTokenMatches(HttpRequest request)
    {
        var cookie = request.Cookies[CsrfCookie];
        var header = request.Headers[CsrfHeader].ToString();
        return !string.IsNullOrEmpty(cookie) && cookie.Length == header.Length
            && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(cookie), System.Text.Encoding.ASCII.GetBytes(header));
    }

    private static IResult Page(HttpContext http)
    {
        if (!DesignerAssets.Embedded)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "the designer's front-end was not built into this program: run `npm ci && npm run build` in src/PlanWorkflows.Designer, then build the Server again");
        }

        var token = http.Request.Cookies[CsrfCookie];
        if (string.IsNullOrEmpty(token) || token.Length != 43)
        {
            token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
            http.Response.Cookies.Append(CsrfCookie, token, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = http.Request.IsHttps,
                Path = "/office",
            });
        }

        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.XFrameOptions = "DENY";
        // Inside the Office's frame: the same navigation, language switch and sign-out as every Office page.
        var r = OfficeRequest.For(http);
        return OfficeLayout.Page(r, r.T("Workflow designer", "Dizajner tokova rada"), DesignerAssets.Body(token, r), new PageFrame(DesignerAssets.Head, Wide: true));
    }

    private static IResult Asset(string file, HttpContext http)
    {
        if (DesignerAssets.Find(file) is not { } asset)
        {
            return Results.NotFound();
        }

        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Bytes(asset.Content, asset.ContentType, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue(asset.ETag));
    }
}
