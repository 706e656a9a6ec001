namespace PlanWorkflows.Core.Workflows.Runtime;

public sealed class EngineOptions
{
    public const string SectionName = "Engine";

    /// <summary>Timers claimed and run in one transaction.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>How long a claimed timer belongs to one host before another may take it over.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxAttempts { get; set; } = 5;

    /// <summary>First retry delay after a fault; doubles with each attempt.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A guard against a definition that loops without waiting.</summary>
    public int MaxStepsPerTransition { get; set; } = 1000;

    public string TimeZone { get; set; } = "Europe/Podgorica";

    public string OfficeInstitutionId { get; set; } = "moi-office";

    public string WorkingGroupInstitutionId { get; set; } = "working-group";

    public string MembersInstitutionId { get; set; } = "working-group-members";

    public string MessageIdDomain { get; set; } = "planworkflows.local";

    /// <summary>
    /// On SQLite, write a batch's appended rows and instance updates with prepared statements
    /// instead of EF Core's change tracker (several times faster; see bench/README.md). Other
    /// providers always use the change tracker.
    /// </summary>
    public bool DirectWrites { get; set; } = true;

    /// <summary>Write a journal row for every step executed (the Office's audit trail).</summary>
    public bool JournalSteps { get; set; } = true;
}
