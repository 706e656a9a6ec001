using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using PlanWorkflows.Server.Forms;

namespace PlanWorkflows.Server.Hosting;

/// <summary>Browser-facing protections of the web role (section <c>Security</c>).</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>
    /// For every page that does not set its own (the reply form sets a stricter one): scripts and styles only
    /// from files this service serves, never inline; no framing.
    /// </summary>
    public string ContentSecurityPolicy { get; set; } =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Per client address and minute, over every page and API call (health probes excepted).</summary>
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Any request body; the reply form has its own limit (Forms:MaxRequestBytes).</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Behind a TLS-terminating reverse proxy: trust its X-Forwarded-For/-Proto, so HSTS, secure cookies and the
    /// per-address limits see the client's scheme and address. Only the proxies in <see cref="KnownProxies"/> are
    /// believed (loopback when empty).
    /// </summary>
    public bool ForwardedHeaders { get; set; }

    public string[] KnownProxies { get; set; } = [];

    /// <summary>
    /// Where the keys that sign antiforgery tokens are kept. Several web processes must share one folder, or a
    /// form served by one is refused by another; unset, each process keeps its own under the user's profile.
    /// </summary>
    public string? DataProtectionKeysFolder { get; set; }
}

/// <summary>Security headers, HSTS, cookie flags, a global rate limit and a request body limit.</summary>
public static class Security
{
    public static IServiceCollection AddPlanSecurity(this IServiceCollection services, IConfiguration configuration, ServiceOptions service)
    {
        var options = new SecurityOptions();
        configuration.GetSection(SecurityOptions.SectionName).Bind(options);
        if (options.RequestsPerMinute < 1)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(SecurityOptions.SectionName, typeof(SecurityOptions),
                [$"Security:RequestsPerMinute must be at least 1 (is {options.RequestsPerMinute})"]);
        }

        services.AddSingleton(options);
        if (!string.IsNullOrWhiteSpace(options.DataProtectionKeysFolder))
        {
            services.AddDataProtection().SetApplicationName("PlanWorkflows").PersistKeysToFileSystem(Directory.CreateDirectory(options.DataProtectionKeysFolder));
        }

        services.Configure<KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        services.Configure<ForwardedHeadersOptions>(f =>
        {
            f.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            foreach (var proxy in options.KnownProxies)
            {
                f.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        if (service.HasRole("web"))
        {
            // Applied by the rate-limiting middleware the web role already runs (the reply form's endpoints add it).
            services.AddRateLimiter(o => o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
                    ? RateLimitPartition.GetNoLimiter("health")
                    // Wall-clock windows: a fast demo clock must not loosen the limit.
                    : RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = options.RequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        }

        return services;
    }

    /// <summary>
    /// Request paths carry reply tokens (/form/TOKEN). The framework's entries that repeat the path — the request
    /// lines, the per-request scope (RequestPath) and the route matcher's debug lines — stay out of the logs whatever
    /// the configured level; entries still correlate by TraceId.
    /// </summary>
    public static ILoggingBuilder KeepReplyTokensOut(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        return logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None)
            .AddFilter("Microsoft.AspNetCore.Routing.Matching", LogLevel.Information);
    }

    public static void UsePlanSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<SecurityOptions>();
        if (options.ForwardedHeaders)
        {
            app.UseForwardedHeaders();
        }

        // The reply form refuses a post over its own limit with a page saying so; the server must then be able to
        // drain that body, or the browser sees a broken connection instead of the page. Twice the form's limit does.
        var formBodyLimit = app.Services.GetService<ReplyFormOptions>() is { } form ? Math.Max(options.MaxRequestBodyBytes, 2 * form.MaxRequestBytes) : (long?)null;
        var development = app.Environment.IsDevelopment();
        var hsts = $"max-age={(long)options.HstsMaxAge.TotalSeconds}; includeSubDomains";
        app.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = options.ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            // Reply links carry their token in the address; no page may hand it on to another site.
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
            // Only over HTTPS (a browser ignores it on plain HTTP) and never on a developer's machine, where it would stick to localhost.
            if (http.Request.IsHttps && !development)
            {
                headers.StrictTransportSecurity = hsts;
            }

            if (formBodyLimit is { } limit && http.Request.Path.StartsWithSegments("/form", StringComparison.OrdinalIgnoreCase)
                && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
            {
                body.MaxRequestBodySize = limit;
            }

            return next(http);
        });
        app.UseCookiePolicy(new CookiePolicyOptions
        {
            HttpOnly = HttpOnlyPolicy.Always,
            Secure = CookieSecurePolicy.SameAsRequest,
            // Every cookie of ours sets its own SameSite; a minimum here would raise OpenID Connect's correlation and
            // nonce cookies (SameSite=None) to Lax, and the provider's cross-site form post back would arrive without them.
            MinimumSameSitePolicy = SameSiteMode.Unspecified,
        });
    }
}
