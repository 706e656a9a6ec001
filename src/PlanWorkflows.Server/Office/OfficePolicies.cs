namespace PlanWorkflows.Server.Office;

/// <summary>Authorization policy names for the Office web app; endpoints use them with RequireAuthorization.</summary>
public static class OfficePolicies
{
    /// <summary>Office staff only: everything, including workflow design and catalogue changes.</summary>
    public const string Office = "Office";

    /// <summary>Office or the Working Group secretary: packs, status, reading.</summary>
    public const string Secretary = "Secretary";

    /// <summary>Any signed-in role: read-only pages.</summary>
    public const string Viewer = "Viewer";
}

/// <summary>The role names carried in the role claim.</summary>
public static class OfficeRoles
{
    public const string Office = "Office";
    public const string Secretary = "Secretary";
    public const string Viewer = "Viewer";

    public static IReadOnlyList<string> All { get; } = [Office, Secretary, Viewer];

    /// <summary>The canonical spelling of a role name, or null when it is not one of the three.</summary>
    public static string? Normalize(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
}
