using Microsoft.AspNetCore.Antiforgery;
using PlanWorkflows.Server.Office.Pages;

namespace PlanWorkflows.Server.Office;

/// <summary>The Office web app under <c>/office</c>: sign-in, then one page per area, each refusing what the role may not do.</summary>
public static partial class OfficeEndpoints
{
    private static readonly Lazy<string> Stylesheet = new(() =>
    {
        using var stream = typeof(OfficeEndpoints).Assembly.GetManifestResourceStream("PlanWorkflows.Server.Office.office.css")
            ?? throw new InvalidOperationException("office.css is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static IServiceCollection AddOffice(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOfficeAccess(configuration);
        return services;
    }

    public static WebApplication MapOffice(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet(OfficePaths.Stylesheet, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Text(Stylesheet.Value, "text/css; charset=utf-8");
        });

        var open = app.MapGroup(OfficePaths.Root).AddEndpointFilter(GuardAsync);
        SignInPage.Map(open);

        var office = app.MapGroup(OfficePaths.Root).RequireAuthorization(OfficePolicies.Viewer).AddEndpointFilter(GuardAsync);
        DashboardPage.Map(office);
        CataloguePage.Map(office);
        InstitutionsPage.Map(office);
        InstancesPage.Map(office);
        ReviewPage.Map(office);
        ExtensionsPage.Map(office);
        PacksPage.Map(office);
        OutboxPage.Map(office);
        AuditPage.Map(office);
        Reports.EvidenceDownloads.Map(office);
        return app;
    }

    /// <summary>No page is cached, and no POST is taken without the antiforgery token of a page this app served.</summary>
    private static async ValueTask<object?> GuardAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (HttpMethods.IsPost(http.Request.Method))
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
            {
                var r = OfficeRequest.For(http);
                LogNotVerified(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("PlanWorkflows.Server.Office"), http.Request.Path.Value ?? string.Empty);
                return OfficeLayout.Bare(r, r.T("Not verified", "Nije provjereno"),
                    $"<p class=\"error\">{OfficeRequest.E(r.T("The form could not be verified. Open the page again and repeat.", "Obrazac nije moguće provjeriti. Otvorite stranicu ponovo i ponovite."))}</p>",
                    StatusCodes.Status400BadRequest);
            }
        }

        return await next(context).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 80, Level = LogLevel.Warning, Message = "Office post without a valid antiforgery token to {Path}")]
    private static partial void LogNotVerified(ILogger logger, string path);
}
