namespace PlanWorkflows.Core.Data;

/// <summary>A local account of the Office web app. Accounts from an OpenID Connect provider are not stored.</summary>
public sealed class OfficeUser
{
    public long Id { get; set; }

    /// <summary>Stored lower-case, so sign-in does not depend on how the address was typed.</summary>
    public string Email { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>Office, Secretary or Viewer.</summary>
    public string Role { get; set; } = string.Empty;

    /// <summary>ASP.NET Core Identity's PBKDF2 format: algorithm, iteration count and salt travel with the hash.</summary>
    public string PasswordHash { get; set; } = string.Empty;

    public int FailedSignIns { get; set; }

    public DateTime? LockedUntil { get; set; }

    public bool Disabled { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastSignInAt { get; set; }
}

/// <summary>
/// One change made through the Office web app or its verbs: who, what, when, and the changed thing before and
/// after as JSON. Written in the same transaction as the change, so neither exists without the other.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string User { get; set; } = string.Empty;
    public string Action { get; set; } = string.Empty;
    public string Entity { get; set; } = string.Empty;
    public string EntityId { get; set; } = string.Empty;
    public string? BeforeJson { get; set; }
    public string? AfterJson { get; set; }
}

/// <summary>
/// An import warning of the catalogue that the Office has looked at and marked resolved. Warnings live in the
/// catalogue file; this remembers the decision by a hash of the warning, so an edited warning shows again.
/// </summary>
public sealed class WarningResolution
{
    public long Id { get; set; }
    public string WarningHash { get; set; } = string.Empty;
    public string ActivityKey { get; set; } = string.Empty;
    public string Warning { get; set; } = string.Empty;
    public string ResolvedBy { get; set; } = string.Empty;
    public DateTime ResolvedAt { get; set; }
    public string? Comment { get; set; }
}
