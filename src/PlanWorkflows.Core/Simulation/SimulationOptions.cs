namespace PlanWorkflows.Core.Simulation;

/// <summary>How the synthetic institutions answer.</summary>
public enum ReplyMode
{
    /// <summary>About 70% on time, 20% late (1–15 working days after the due date), 10% never.</summary>
    Realistic,

    /// <summary>Every obligation is reported between its first reminder and its due date.</summary>
    OnTime,

    /// <summary>Nobody ever replies: every ladder runs to its end.</summary>
    None,
}

public sealed record SimulationOptions
{
    public required string CataloguePath { get; init; }

    /// <summary>Receives <c>planworkflows.db</c>, <c>mail/</c> and <c>packs/</c>.</summary>
    public required string OutputFolder { get; init; }

    /// <summary>Folder with institutions, calendar and definitions; null: the one beside the catalogue.</summary>
    public string? WorkflowsFolder { get; init; }

    /// <summary>The mail templates; null: the ones the service would use (<see cref="Mail.EmailTemplatesFolder.Locate"/>).</summary>
    public string? TemplatesFolder { get; init; }

    /// <summary>First simulated day; null: the plan's adoption date, else its period start.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last simulated day; null: the period end plus <see cref="PlanSimulator.TailWorkingDays"/> working days.</summary>
    public DateOnly? To { get; init; }

    public ReplyMode Replies { get; init; } = ReplyMode.Realistic;

    /// <summary>Meetings and report periods whose packs are built under <c>packs/</c>; null: the workflows folder's meetings file and the default report periods.</summary>
    public Obligations.MeetingPlan? Meetings { get; init; }

    /// <summary>The plan's workspace, loaded as the service loads it; null: loaded from <see cref="WorkflowsFolder"/> and <see cref="CataloguePath"/>.</summary>
    public Obligations.PlanWorkspace? Workspace { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>When set, the run adds the wall time of each of its phases here (the bench's breakdown); null: nothing is measured.</summary>
    public SimulationTimings? Timings { get; init; }

    public static bool TryParseReplies(string text, out ReplyMode mode)
    {
        switch (text)
        {
            case "realistic":
                mode = ReplyMode.Realistic;
                return true;
            case "on-time":
                mode = ReplyMode.OnTime;
                return true;
            case "none":
                mode = ReplyMode.None;
                return true;
            default:
                mode = default;
                return false;
        }
    }
}

/// <summary>
/// What a simulation did. Deterministic for a seed, except <see cref="WallSeconds"/>. <see cref="EmailsQueued"/>
/// counts outbox rows, <see cref="MailsSent"/> the messages written for them: a digest carries several rows.
/// </summary>
public sealed record SimulationResult(
    int Obligations,
    int Instances,
    int StepsExecuted,
    int EmailsQueued,
    int MailsSent,
    int RepliesReceived,
    int Escalations,
    int OverdueAtEnd,
    int Packs,
    double WallSeconds);

/// <summary>Where a running simulation stands, reported at most once per virtual day.</summary>
public sealed record SimulationProgress(DateOnly From, DateOnly To, DateOnly Today, int StepsExecuted, int EmailsQueued, int RepliesReceived)
{
    public double Fraction => To.DayNumber <= From.DayNumber ? 1 : Math.Clamp((double)(Today.DayNumber - From.DayNumber) / (To.DayNumber - From.DayNumber), 0, 1);
}
