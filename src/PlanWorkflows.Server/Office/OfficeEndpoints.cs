using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components.Endpoints;
using PlanWorkflows.Server.Office.Components;
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

    /// <summary>
    /// The framework's files (blazor.web.js) as the build lists them beside the program. Named by the program's assembly,
    /// not the host's application name, so a host that is not this program (a test) serves them too.
    /// </summary>
    private static string StaticAssetsManifest(string kind) =>
        Path.Combine(AppContext.BaseDirectory, $"{typeof(OfficeEndpoints).Assembly.GetName().Name}.staticwebassets.{kind}.json");

    /// <summary>
    /// Run from a build (not a publish), the framework's files are still in the package cache, listed in the runtime
    /// manifest; ASP.NET Core reads that by itself in Development only. A publish copies them to wwwroot and has no such manifest.
    /// </summary>
    private static void ServeBuildOutputAssets(WebApplication app)
    {
        var manifest = StaticAssetsManifest("runtime");
        if (File.Exists(manifest))
        {
            var settings = new ConfigurationBuilder().AddInMemoryCollection([new(WebHostDefaults.StaticWebAssetsKey, manifest)]).Build();
            Microsoft.AspNetCore.Hosting.StaticWebAssets.StaticWebAssetsLoader.UseStaticWebAssets(app.Environment, settings);
        }
    }

    public static IServiceCollection AddOffice(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOfficeAccess(configuration);
        services.AddOfficeLocalization();
        services.AddRazorComponents();
        // Montenegrin letters (š, ž, Cyrillic) written as themselves, not as character references: pages stay readable
        // as sent, and their size does not double in Cyrillic.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        return services;
    }

    public static WebApplication MapOffice(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseOfficeLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        // The Razor pages, as the string-built ones: never cached, never sniffed.
        app.Use((http, next) =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            {
                http.Response.Headers.CacheControl = "no-store";
                http.Response.Headers.XContentTypeOptions = "nosniff";
            }

            return next(http);
        });
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
        Reports.EvidenceDownloads.Map(office);
        Reports.ReportEndpoints.Map(office);
        ServeBuildOutputAssets(app);
        app.MapStaticAssets(StaticAssetsManifest("endpoints"));
        app.MapRazorComponents<App>();
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
