using MailKit.Security;

namespace PlanWorkflows.Core.Mail;

/// <summary>How queued mail leaves: SMTP when a host is configured, else a pickup folder of .eml files.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Where mails go when no SMTP host is configured (the embedded default).</summary>
    public string PickupFolder { get; set; } = "data/outbox";

    /// <summary>Government relays throttle senders; stay under their limit.</summary>
    public int MessagesPerMinute { get; set; } = 60;

    public int MaxAttempts { get; set; } = 8;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(6);

    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// How long rows claimed by one worker are kept from the others while it sends them; a worker
    /// that dies leaves them to the others after this. Longer than a batch takes to send.
    /// </summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>No contact gets more mails than this from the service in one day; the rest wait for the next working day.</summary>
    public int MaxMailsPerContactPerDay { get; set; } = 10;

    /// <summary>Mail leaves only on working days between these local hours, when someone can read it.</summary>
    public int WindowStartHour { get; set; } = 8;

    public int WindowEndHour { get; set; } = 16;

    public string TimeZone { get; set; } = "Europe/Podgorica";

    /// <summary>How long after a round's due date its form link and reply address still work.</summary>
    public int ReplyTokenGraceDays { get; set; } = 60;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Smtp.Host is { Length: > 0 } && Smtp.Port is < 1 or > 65535)
        {
            errors.Add($"{SectionName}:Smtp:Port must be 1–65535 (is {Smtp.Port})");
        }

        if (Smtp.UserName is { Length: > 0 } && string.IsNullOrEmpty(Smtp.Password))
        {
            errors.Add($"{SectionName}:Smtp:Password is required when {SectionName}:Smtp:UserName is set");
        }

        if (MessagesPerMinute < 1)
        {
            errors.Add($"{SectionName}:MessagesPerMinute must be at least 1 (is {MessagesPerMinute})");
        }

        if (MaxMailsPerContactPerDay < 1)
        {
            errors.Add($"{SectionName}:MaxMailsPerContactPerDay must be at least 1 (is {MaxMailsPerContactPerDay})");
        }

        if (ClaimDuration <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:ClaimDuration must be positive (is {ClaimDuration})");
        }

        if (MaxAttempts < 1)
        {
            errors.Add($"{SectionName}:MaxAttempts must be at least 1 (is {MaxAttempts})");
        }

        if (WindowStartHour is < 0 or > 23 || WindowEndHour is < 1 or > 24 || WindowEndHour <= WindowStartHour)
        {
            errors.Add($"{SectionName}:WindowStartHour/WindowEndHour must be 0–24 with start before end (are {WindowStartHour}, {WindowEndHour})");
        }

        if (string.IsNullOrWhiteSpace(Smtp.Host) && string.IsNullOrWhiteSpace(PickupFolder))
        {
            errors.Add($"{SectionName}:PickupFolder is required when {SectionName}:Smtp:Host is not set");
        }

        return errors;
    }
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
