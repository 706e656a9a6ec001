using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Server.Office;

/// <summary>Authentication (local accounts in a cookie, OpenID Connect when configured) and the three policies.</summary>
public static class OfficeAccess
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;
    public const string CookieName = "pw-office";
    public const string LocalMethod = "local";

    public static IServiceCollection AddOfficeAccess(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new OfficeOptions();
        configuration.GetSection(OfficeOptions.SectionName).Bind(options);
        var oidc = new OfficeOidcOptions();
        configuration.GetSection(OfficeOidcOptions.SectionName).Bind(oidc);
        services.AddSingleton(options).AddSingleton(oidc);
        services.AddSingleton(sp => new OfficeUsers(options, sp.GetRequiredService<TimeProvider>()));
        services.AddAntiforgery();

        var authentication = services.AddAuthentication(o =>
        {
            o.DefaultScheme = CookieScheme;
            o.DefaultChallengeScheme = CookieScheme;
        });
        authentication.AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // The provider's sign-in ends with a cross-site POST back here; a Strict cookie set then would not
            // come along on the redirect that follows it, so with single sign-on the cookie is Lax.
            o.Cookie.SameSite = oidc.Enabled ? SameSiteMode.Lax : SameSiteMode.Strict;
            o.Cookie.Path = OfficePaths.Root;
            o.ExpireTimeSpan = options.SessionLifetime;
            o.SlidingExpiration = true;
            // Session lifetimes are wall-clock time, whatever speed a demo clock runs at.
            o.TimeProvider = TimeProvider.System;
            o.LoginPath = OfficePaths.SignIn;
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnRedirectToLogin = context =>
            {
                if (HttpMethods.IsGet(context.Request.Method) && !context.Request.Path.StartsWithSegments(OfficePaths.Api, StringComparison.OrdinalIgnoreCase)
                    && !context.Request.Path.StartsWithSegments(Studio.ElsaApi.Path, StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.Redirect(context.RedirectUri);
                }
                else
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }

                return Task.CompletedTask;
            };
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return OfficeLayout.WriteDeniedAsync(context.HttpContext);
            };
            o.Events.OnValidatePrincipal = ValidateLocalAccountAsync;
        });
        if (oidc.Enabled)
        {
            authentication.AddOpenIdConnect(OidcScheme, o => ConfigureOidc(o, oidc));
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(OfficePolicies.Office, p => p.RequireAuthenticatedUser().RequireRole(OfficeRoles.Office))
            .AddPolicy(OfficePolicies.Secretary, p => p.RequireAuthenticatedUser().RequireRole(OfficeRoles.Office, OfficeRoles.Secretary))
            .AddPolicy(OfficePolicies.Viewer, p => p.RequireAuthenticatedUser().RequireRole(OfficeRoles.Office, OfficeRoles.Secretary, OfficeRoles.Viewer));
        return services;
    }

    internal static void ConfigureOidc(OpenIdConnectOptions o, OfficeOidcOptions oidc)
    {
        o.SignInScheme = CookieScheme;
        o.Authority = oidc.Authority;
        o.ClientId = oidc.ClientId;
        o.ClientSecret = oidc.ClientSecret;
        o.ResponseType = "code";
        o.UsePkce = true;
        o.CallbackPath = OfficePaths.Root + "/signin-oidc";
        o.SignedOutCallbackPath = OfficePaths.Root + "/signout-oidc";
        o.SaveTokens = false;
        // Claims keep the provider's names, so the configured role claim is found as written.
        o.MapInboundClaims = false;
        o.Scope.Clear();
        o.Scope.Add("openid");
        o.Scope.Add("profile");
        o.Scope.Add("email");
        o.TokenValidationParameters.NameClaimType = "name";
        o.TokenValidationParameters.RoleClaimType = ClaimTypes.Role;
        o.Events.OnTokenValidated = context =>
        {
            var identity = (ClaimsIdentity)context.Principal!.Identity!;
            var role = MapRole(identity.FindAll(oidc.RoleClaim).Select(c => c.Value), oidc.RoleMap);
            if (role is null)
            {
                context.Fail($"the provider gave no role this service knows in claim '{oidc.RoleClaim}'");
                return Task.CompletedTask;
            }

            identity.AddClaim(new Claim(ClaimTypes.Role, role));
            var email = identity.FindFirst("email")?.Value ?? identity.FindFirst("preferred_username")?.Value ?? identity.FindFirst("sub")?.Value ?? "unknown";
            identity.AddClaim(new Claim(ClaimTypes.Email, email));
            return Task.CompletedTask;
        };
    }

    /// <summary>The strongest Office role among a provider's values: mapped ones first, then values that are role names.</summary>
    public static string? MapRole(IEnumerable<string> values, IReadOnlyDictionary<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var roles = values.Select(v => OfficeRoles.Normalize(map.TryGetValue(v, out var mapped) ? mapped : v)).OfType<string>().ToHashSet();
        return OfficeRoles.All.FirstOrDefault(roles.Contains);
    }

    public static ClaimsPrincipal Principal(OfficeUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, user.Name),
            new Claim(ClaimTypes.Email, user.Email),
            new Claim(ClaimTypes.Role, user.Role),
            new Claim(ClaimTypes.AuthenticationMethod, LocalMethod),
        ], CookieScheme);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>Who made a change, as the audit log names them.</summary>
    public static string Who(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name ?? "unknown";
    }

    /// <summary>A disabled account, or one whose role changed, loses its open sessions at the next request.</summary>
    private static async Task ValidateLocalAccountAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.FindFirstValue(ClaimTypes.AuthenticationMethod) != LocalMethod
            || !long.TryParse(context.Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            return;
        }

        var createContext = context.HttpContext.RequestServices.GetRequiredService<Func<PlanDbContext>>();
        await using var db = createContext();
        var current = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.Role, u.Disabled })
            .FirstOrDefaultAsync(context.HttpContext.RequestAborted).ConfigureAwait(false);
        if (current is null || current.Disabled || !context.Principal.IsInRole(current.Role))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme).ConfigureAwait(false);
        }
    }
}
