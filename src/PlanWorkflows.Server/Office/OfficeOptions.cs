namespace PlanWorkflows.Server.Office;

/// <summary>Sign-in rules of the Office web app (section <c>Office</c>).</summary>
public sealed class OfficeOptions
{
    public const string SectionName = "Office";

    /// <summary>Failed sign-ins in a row after which an account is locked.</summary>
    public int LockoutThreshold { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a session lasts without activity (sliding).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    public int MinPasswordLength { get; set; } = 12;
}

/// <summary>Single sign-on through an OpenID Connect provider (section <c>Authentication:OpenIdConnect</c>); off while Authority is empty.</summary>
public sealed class OfficeOidcOptions
{
    public const string SectionName = "Authentication:OpenIdConnect";

    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>The claim carrying the provider's roles or groups.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Provider values to Office roles, e.g. <c>"trafficking-office": "Office"</c>; a value that is itself a role name maps to it.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
