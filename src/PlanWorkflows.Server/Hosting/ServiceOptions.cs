namespace PlanWorkflows.Server.Hosting;

/// <summary>What runs in this process (<c>Roles</c>) and where its data lives.</summary>
public sealed class ServiceOptions
{
    public const string SectionName = "Service";

    /// <summary>Workers run the engine; web serves pages and the API. Both by default.</summary>
    public string Roles { get; set; } = "web,worker";

    /// <summary>Apply pending migrations at start (the embedded SQLite default); production runs 'db migrate' instead.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Start workflows for obligations already long overdue at the first start.</summary>
    public bool CatchUp { get; set; }

    public int CatchUpMarginDays { get; set; } = 30;

    /// <summary>How often an idle worker looks for new due timers (other hosts may have added some).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public bool HasRole(string role) => Roles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(role, StringComparer.OrdinalIgnoreCase);
}
