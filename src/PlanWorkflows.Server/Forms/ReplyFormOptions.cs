namespace PlanWorkflows.Server.Forms;

/// <summary>Limits of the reply form (section <c>Forms</c>).</summary>
public sealed class ReplyFormOptions
{
    public const string SectionName = "Forms";

    /// <summary>The whole POST, attachments included; Kestrel refuses more before the form is parsed.</summary>
    public long MaxRequestBytes { get; set; } = 15 * 1024 * 1024;

    public long MaxFileBytes { get; set; } = 5 * 1024 * 1024;

    public long MaxTotalFileBytes { get; set; } = 12 * 1024 * 1024;

    public int MaxNarrativeChars { get; set; } = 20_000;

    public int MaxReasonChars { get; set; } = 4_000;

    public int MaxIndicatorTextChars { get; set; } = 2_000;

    public int MaxLinks { get; set; } = 30;

    /// <summary>Counts above this are typing mistakes, not reports (no activity trains a billion people).</summary>
    public decimal MaxCount { get; set; } = 1_000_000_000m;

    /// <summary>Per client address and minute, over all form pages: enough for a person, not for guessing tokens.</summary>
    public int RequestsPerMinute { get; set; } = 120;
}
